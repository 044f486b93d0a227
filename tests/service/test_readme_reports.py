"""The README's "Reports and aggregates" commands run as written against the report fixture."""

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from complaints.store import open_db, run_script
from service.cli import main

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- reports-commands:", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("complaints ")]


def test_the_readme_lists_the_report_commands():
    commands = readme_commands()
    assert len(commands) >= 8
    assert {shlex.split(c)[1] for c in commands} == {"aggregate", "report"}


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, tmp_path, monkeypatch):
    db_path = tmp_path / "readme.db"
    db = open_db(db_path)
    run_script(db, (REPO / "tests" / "data" / "reports" / "fixture.sql").read_text())
    db.conn.commit()
    db.close()
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(main, ["--db", str(db_path)] + args)
    assert result.exit_code == 0, result.output
    if "--output" in args:
        assert (tmp_path / args[args.index("--output") + 1]).stat().st_size > 500
    else:
        assert result.output.strip()
