"""`complaints ingest` and `complaints rejects` as a user runs them."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from service.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_ingest_prints_the_json_summary_and_is_idempotent(tmp_path):
    db = tmp_path / "c.db"
    first = run("--db", db, "ingest", DATA / "complaints_generic.csv", DATA / "cases.csv")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert (summary["inserted"], summary["duplicates"], summary["rejected"], summary["updated"]) == (6, 0, 0, 0)
    assert [f["profile"] for f in summary["files"]] == ["generic", "cases"]
    again = json.loads(run("--db", db, "ingest", DATA / "complaints_generic.csv", DATA / "cases.csv").output)
    assert (again["inserted"], again["duplicates"]) == (0, 6)


def test_rejects_are_listed_as_json_lines(tmp_path):
    db = tmp_path / "c.db"
    summary = json.loads(run("--db", db, "ingest", DATA / "complaints_bad_rows.csv").output)
    assert summary["rejected"] == 6
    result = run("--db", db, "rejects", "--limit", 2)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["file"], r["line"]) for r in lines] == [("complaints_bad_rows.csv", 2), ("complaints_bad_rows.csv", 3)]
    assert "31/02/2024" in lines[0]["reason"]
    source = summary["files"][0]["source_id"]
    assert len(run("--db", db, "rejects", "--source", source).output.splitlines()) == 6
    assert run("--db", db, "rejects", "--source", source + 1).output == ""


def test_missing_column_is_a_one_line_error(tmp_path):
    result = run("--db", tmp_path / "c.db", "ingest", "--profile", "generic", DATA / "complaints_missing_text.csv")
    assert result.exit_code == 2
    assert "error:" in result.output and "'text'" in result.output and "'generic'" in result.output


def test_encoding_option_reads_a_windows_file(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("complaint_ref,received_on,text\n".encode() + b"A,01/01/2024,plain\n" * 5000  # beyond the sniffed first 64 KB
                     + "B,01/01/2024,£40 owed\n".encode("cp1252"))
    failed = run("--db", tmp_path / "c.db", "ingest", path)
    assert failed.exit_code == 2 and "--encoding cp1252" in failed.output
    fixed = run("--db", tmp_path / "c.db", "ingest", "--encoding", "cp1252", path)
    assert json.loads(fixed.output)["inserted"] == 2


def test_profiles_folder_comes_from_the_setting(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(DATA / "user_profile.toml", folder / "northshire.toml")
    result = run("--db", tmp_path / "c.db", "ingest", DATA / "northshire.csv",
                 env={"COMPLAINTS_PROFILES_DIR": str(folder)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["profile"] == "northshire"


def test_the_readme_profile_example_works(tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Ingesting exports", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "northshire.toml").write_text(example)
    result = run("--db", tmp_path / "c.db", "ingest", DATA / "northshire.csv",
                 env={"COMPLAINTS_PROFILES_DIR": str(folder)})
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["files"][0]["profile"], summary["inserted"]) == ("northshire", 2)


def test_a_failing_file_still_reports_the_files_loaded_before_it(tmp_path):
    db = tmp_path / "c.db"
    result = run("--db", db, "ingest", "--profile", "generic", DATA / "complaints_generic.csv",
                 DATA / "complaints_missing_text.csv")
    assert result.exit_code == 2
    summary = json.loads(result.output[: result.output.rindex("}") + 1])
    assert summary["inserted"] == 4 and "complaints_missing_text.csv" in summary["failed"]["file"]
    assert "error:" in result.output
    assert json.loads(run("--db", db, "status").output)["counts"]["complaints"] == 4
