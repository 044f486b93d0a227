"""The matching commands: file mode, database mode, and the review queue (the README's commands)."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from linkage_synth import load_into_db, make_council  # noqa: E402

from complaints.matching import evaluate_links  # noqa: E402
from complaints.store import open_db  # noqa: E402
from service.cli import main  # noqa: E402

README = Path(__file__).resolve().parents[2] / "README.md"


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _readme_commands():
    section = README.read_text().split("## Matching complaints to cases", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("complaints ")]


def test_readme_documents_each_matching_command():
    commands = " ".join(_readme_commands())
    for needed in ("match --cases", "complaints match", "links review", "links confirm", "links reject",
                   "links evaluate --truth"):
        assert needed in commands


def test_file_mode_with_text_only_complaints(tmp_path, monkeypatch):
    cases, complaints, truth = make_council(400, 120, seed=12)
    for row in complaints:  # only the text says who the child is, as a parent would write it
        name = row["child_name"]
        if "," in name:
            surname, forename = (part.strip() for part in name.split(","))
            name = f"{forename} {surname}"
        row["text"] = (f"I am writing about my son {name}" + (f", DOB {row['child_dob']}" if row["child_dob"] else "")
                       + (f". We live at {row['postcode']}." if row["postcode"] else ".")
                       + (f" His reference is {row['case_ref']}." if row["case_ref"] else ""))
    _write(tmp_path / "cases.csv", cases)
    _write(tmp_path / "complaints.csv", [{k: r[k] for k in ("complaint_ref", "received_on", "text")} for r in complaints])
    monkeypatch.chdir(tmp_path)
    command = _readme_commands()[0].split()[1:]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["complaints"] == 120
    with open(tmp_path / "matches.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    quality = evaluate_links(rows, truth)
    assert quality["precision"] >= 0.97
    assert quality["recall"] >= 0.85


def test_file_mode_needs_all_three_paths(tmp_path):
    result = CliRunner().invoke(main, ["match", "--cases", str(tmp_path / "c.csv")])
    assert result.exit_code != 0 and "--complaints" in result.output


@pytest.fixture
def loaded(tmp_path):
    db_path = tmp_path / "m.db"
    db = open_db(db_path)
    cases, complaints, truth = make_council(500, 200, seed=4)
    load_into_db(db, cases, complaints)
    db.close()
    return db_path, truth


def test_database_mode_then_review_confirm_reject(loaded):
    db_path, truth = loaded
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db_path), "match"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["complaints"] == len(truth) and summary["review_queue"] == summary["review"]
    assert summary["decisions"]["decisions"] == 0

    listed = runner.invoke(main, ["--db", str(db_path), "links", "review", "--limit", "3", "--format", "json"])
    items = json.loads(listed.output)
    assert 0 < len(items) <= 3
    text = runner.invoke(main, ["--db", str(db_path), "links", "review", "--limit", "3"]).output
    assert f"#{items[0]['link_id']}" in text and "agreed:" in text and "disagreed:" in text
    db = open_db(db_path)
    complaint_text = db.execute("SELECT text FROM complaints WHERE complaint_ref = ?",
                                [items[0]["complaint_ref"]]).fetchone()[0]
    assert complaint_text[:30] not in text

    first, second = items[0]["link_id"], items[-1]["link_id"]
    ok = runner.invoke(main, ["--db", str(db_path), "links", "confirm", str(first), "--officer", "A. Officer"])
    assert ok.exit_code == 0 and json.loads(ok.output)["status"] == "confirmed"
    if second != first:
        ok = runner.invoke(main, ["--db", str(db_path), "links", "reject", str(second), "--officer", "A. Officer"])
        assert json.loads(ok.output)["status"] == "rejected"
    again = runner.invoke(main, ["--db", str(db_path), "links", "confirm", str(first), "--officer", "B"])
    assert again.exit_code == 2 and "already confirmed" in again.output
    missing = runner.invoke(main, ["--db", str(db_path), "links", "reject", "999999", "--officer", "B"])
    assert missing.exit_code == 2 and "no case link with id 999999" in missing.output

    rerun = json.loads(runner.invoke(main, ["--db", str(db_path), "match"]).output)
    assert rerun["kept_confirmed"] == 1
    status = db.execute("SELECT status, reviewed_by FROM case_links WHERE id = ?", [first]).fetchone()
    assert status == ("confirmed", "A. Officer")
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'review_link'").fetchone()[0] >= 1


def test_review_queue_empty_message(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "e.db"), "links", "review"])
    assert result.exit_code == 0 and "empty" in result.output


def test_readme_confirm_and_reject_lines_parse():
    lines = [line for line in _readme_commands() if " links " in line]
    assert any(re.search(r"links confirm \d+ --officer", line) for line in lines)
    assert any(re.search(r"links reject \d+ --officer", line) for line in lines)


def test_links_evaluate_scores_the_database_and_a_matches_file(loaded, tmp_path):
    db_path, truth = loaded
    truth_csv = tmp_path / "case_links.csv"
    _write(truth_csv, [{"complaint_ref": k, "case_ref": v or ""} for k, v in truth.items()])
    runner = CliRunner()
    runner.invoke(main, ["--db", str(db_path), "match"])
    result = runner.invoke(main, ["--db", str(db_path), "links", "evaluate", "--truth", str(truth_csv)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["complaints"] == len(truth) and report["precision"] >= 0.98 and report["recall"] >= 0.95
    matches = tmp_path / "m.csv"
    _write(matches, [{"complaint_ref": k, "case_ref": v or "", "score": "1", "method": "x"} for k, v in truth.items()])
    perfect = json.loads(runner.invoke(main, ["links", "evaluate", "--truth", str(truth_csv),
                                              "--matches", str(matches)]).output)
    assert perfect["precision"] == 1.0 and perfect["recall"] == 1.0 and perfect["no_link_accuracy"] == 1.0


def test_case_reference_patterns_come_from_settings(tmp_path, monkeypatch):
    _write(tmp_path / "cases.csv", [
        {"case_ref": "CHI-123456", "child_forename": "Mia", "child_surname": "Cole", "date_of_birth": "01/02/2015"},
        {"case_ref": "CHI-654321", "child_forename": "Tom", "child_surname": "Hart", "date_of_birth": "03/04/2013"}])
    _write(tmp_path / "complaints.csv", [
        {"complaint_ref": "Q1", "received_on": "01/05/2024", "text": "About case CHI-654321: no reply since March."}])
    args = ["match", "--cases", str(tmp_path / "cases.csv"), "--complaints", str(tmp_path / "complaints.csv"),
            "--output", str(tmp_path / "m.csv")]
    CliRunner().invoke(main, args)
    with open(tmp_path / "m.csv", newline="") as handle:
        assert next(csv.DictReader(handle))["case_ref"] == ""
    monkeypatch.setenv("COMPLAINTS_CASE_REF_PATTERNS", '["\\\\bCHI-\\\\d{6}\\\\b"]')
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    with open(tmp_path / "m.csv", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert (row["case_ref"], row["method"]) == ("CHI-654321", "text_ref")
