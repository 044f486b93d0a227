"""CLI contracts: parse-decision, remedies, ingest-decisions, actions, compliance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from service.cli import main

DOCS = Path(__file__).resolve().parents[1] / "data" / "decisions" / "documents"
LABELLED = Path(__file__).resolve().parents[1] / "data" / "decisions"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_parse_decision_prints_one_object_per_file():
    result = run("parse-decision", DOCS / "22-019-330.txt", DOCS / "24-011-207.html")
    assert result.exit_code == 0, result.output
    first, second = [json.loads(line) for line in result.output.splitlines()]
    for key in ("ref", "council", "category", "outcome", "decision_date", "summary", "remedies", "service_improvements"):
        assert key in first
    assert (first["ref"], first["remedies"]["remedy_total_gbp"]) == ("22 019 330", 3950)
    assert (second["ref"], second["outcome"], second["remedies"]["remedy_total_gbp"]) == ("24 011 207", "not upheld", None)


def test_parse_decision_reports_a_bad_file_and_still_prints_the_good_one(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing else")
    result = CliRunner().invoke(main, ["parse-decision", str(bad), str(DOCS / "24-002-118.txt")])
    assert result.exit_code == 2
    assert "broken.pdf" in result.stderr
    assert json.loads(result.stdout)["ref"] == "24 002 118"


def test_remedies_batch_contract(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "The Council agreed to pay Mrs X £200 a month for 3 months for the tuition Y missed."},
        {"id": "b", "text": "Mrs X asked for £5,000. We found no fault."},
        {"id": "c", "text": "Within one month the Council will pay £300 for distress.", "decision_date": "2024-03-14"},
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    result = run("remedies", "--input", source, "--output", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["remedy_total_gbp"] == 600
    assert set(rows[0]["items"][0]) >= {"amount_gbp", "purpose", "basis", "due"}
    assert rows[0]["items"][0]["purpose"] == "lost_provision"
    assert rows[1] == {**rows[1], "remedy_total_gbp": None, "items": []}
    assert rows[2]["items"][0]["due"] == "2024-04-14"


def test_remedies_names_the_bad_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\nnot json\n')
    result = run("remedies", "--input", source, "--output", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "line 2" in result.output


def test_remedies_evaluate_prints_scores_per_file():
    result = run("remedies", "--evaluate", LABELLED / "remedies_heldout21.jsonl")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["records"] == 90 and scores["totals_accuracy"] >= 0.95 and scores["item_precision"] >= 0.98


def test_ingest_actions_and_compliance_end_to_end(tmp_path):
    folder = tmp_path / "decisions"
    folder.mkdir()
    for name in ("22-019-330.txt", "23-004-512.html", "24-002-118.txt"):
        shutil.copy(DOCS / name, folder / name)
    (folder / "corrupt.docx").write_bytes(b"not a zip")
    db = tmp_path / "c.db"
    summary = json.loads(run("--db", db, "ingest-decisions", folder).output)
    assert (summary["files"], summary["inserted"], summary["rejected"]) == (4, 3, 1)
    assert summary["rejects"][0]["file"] == "corrupt.docx"
    again = json.loads(run("--db", db, "ingest-decisions", folder).output)
    assert (again["inserted"], again["unchanged"]) == (0, 3)

    overdue = [json.loads(l) for l in run("--db", db, "actions", "--status", "overdue", "--today", "2024-01-15").output.splitlines()]
    # 22 019 330's three one-month actions (due 3 November 2023) are overdue; its 31 January ones are not yet
    assert [a["ombudsman_ref"] for a in overdue] == ["22 019 330"] * 3
    done = json.loads(run("--db", db, "actions", "done", overdue[0]["id"], "--on", "2023-11-01", "--evidence", "letter").output)
    assert done["status"] == "done" and done["on_time"] is True

    report = json.loads(run("--db", db, "compliance", "--today", "2024-01-15", "--by-decision").output)
    assert report["year_basis"] == "financial"
    row = {r["year"]: r for r in report["rows"]}["2023/24"]
    assert (row["due"], row["complied_on_time"], row["overdue"]) == (3, 1, 2)
    assert {d["ombudsman_ref"] for d in report["decisions"]} == {"22 019 330", "23 004 512"}


def test_actions_done_on_an_unknown_id_is_a_clear_error(tmp_path):
    result = run("--db", tmp_path / "c.db", "actions", "done", "42", "--on", "2024-01-01", "--evidence", "x")
    assert result.exit_code == 2 and "no action with id 42" in result.output


def test_remedies_rejects_a_record_without_text(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": 5}\n')
    result = run("remedies", "--input", source, "--output", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "must be a string" in result.output
    source.write_text('{"id": 1}\n')
    result = run("remedies", "--input", source, "--output", tmp_path / "o.jsonl")
    assert result.exit_code == 2 and "line 1" in result.output and "'text'" in result.output
