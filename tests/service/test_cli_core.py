"""The CLI's housekeeping commands and the health endpoint."""

import json

from click.testing import CliRunner
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import main


def test_status_creates_and_describes_the_database(tmp_path):
    db_path = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["--db", str(db_path), "status"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["counts"]["complaints"] == 0
    assert summary["schema_version"] >= 1
    assert db_path.exists()


def test_db_path_can_come_from_the_environment(tmp_path, monkeypatch):
    db_path = tmp_path / "env.db"
    monkeypatch.setenv("COMPLAINTS_DB", str(db_path))
    result = CliRunner().invoke(main, ["status"])
    assert json.loads(result.output)["db"] == str(db_path)


def test_health_needs_no_key(settings):
    client = TestClient(create_app(settings))
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_starting_the_cli_loads_neither_spacy_nor_scikit_learn():
    import subprocess
    import sys

    code = "import sys, service.cli; print(sorted(m for m in ('spacy', 'sklearn') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"  # commands that need them import them when run
