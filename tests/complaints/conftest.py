"""Fixtures for the report tests: the hand-checked council of tests/data/reports/fixture.sql."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaints.store import open_db, run_script

REPORTS_DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def _load(path, script: str):
    database = open_db(path)
    run_script(database, (REPORTS_DATA / script).read_text())
    database.conn.commit()
    return database


@pytest.fixture
def report_db(tmp_path):
    """A migrated database holding the small council every golden report figure is worked out from."""
    database = _load(tmp_path / "reports.db", "fixture.sql")
    yield database
    database.close()


@pytest.fixture
def week_db(tmp_path):
    """The week 2024-W42 of tests/data/reports/weekly.sql, for the weekly pack."""
    database = _load(tmp_path / "week.db", "weekly.sql")
    yield database
    database.close()
