"""Fixtures for the report tests: the hand-checked council of tests/data/reports/fixture.sql."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaints.store import open_db, run_script

REPORTS_DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


@pytest.fixture
def report_db(tmp_path):
    """A migrated database holding the small council every golden report figure is worked out from."""
    database = open_db(tmp_path / "reports.db")
    run_script(database, (REPORTS_DATA / "fixture.sql").read_text())
    database.conn.commit()
    yield database
    database.close()
