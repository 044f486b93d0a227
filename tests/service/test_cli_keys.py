"""`complaints keys create` prints the key alone on its last line, and it works against the API."""

from click.testing import CliRunner
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import main


def test_created_key_is_last_line_and_authenticates(settings):
    result = CliRunner().invoke(main, ["--db", str(settings.db), "keys", "create", "--role", "officer", "--name", "ed"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("cmp_") and " " not in key
    client = TestClient(create_app(settings))
    assert client.get("/api/v1/complaints", headers={"X-API-Key": key}).status_code == 200
    listed = CliRunner().invoke(main, ["--db", str(settings.db), "keys", "list"])
    assert '"role": "officer"' in listed.output and key not in listed.output


def test_unknown_role_is_refused(settings):
    result = CliRunner().invoke(main, ["--db", str(settings.db), "keys", "create", "--role", "root"])
    assert result.exit_code != 0 and "root" in result.output
