"""`complaints demo` builds a working council database through the same paths real data takes."""

import csv
import json

from click.testing import CliRunner

from complaints.store import open_db
from service.cli import main


def test_demo_loads_every_generated_record(demo_council):
    settings, summary = demo_council
    folder = summary["folder"]
    with open(f"{folder}/complaints.csv", newline="", encoding="utf-8") as handle:
        complaint_rows = sum(1 for _ in csv.DictReader(handle))
    db = open_db(settings.db)
    assert db.table("complaints").count == complaint_rows >= 3000
    assert summary["complaints"]["rejected"] == 0 and summary["cases"]["rejected"] == 0
    assert db.table("cases").count >= 6000
    assert db.table("decisions").count == summary["generated"]["decisions"] >= 150
    # Decisions are linked to the council's own ombudsman-stage complaint by the reference it recorded.
    linked = db.execute("SELECT count(*) FROM decisions WHERE complaint_id IS NOT NULL").fetchone()[0]
    assert linked >= 0.85 * db.table("decisions").count


def test_demo_remedy_totals_match_the_ground_truth(demo_council):
    settings, summary = demo_council
    truth = [json.loads(line) for line in open(f"{summary['folder']}/truth/decisions.jsonl", encoding="utf-8")]
    db = open_db(settings.db)
    stored = dict(db.execute("SELECT ombudsman_ref, remedy_total FROM decisions").fetchall())
    exact = sum(1 for t in truth
                if (stored.get(t["ombudsman_ref"]) is None) == (t["remedy_total_gbp"] is None)
                and abs((stored.get(t["ombudsman_ref"]) or 0) - (t["remedy_total_gbp"] or 0)) < 0.005)
    assert exact / len(truth) >= 0.95


def test_demo_command_rebuilds_and_prints_a_key_per_role(tmp_path):
    db_path = tmp_path / "demo.db"
    runner = CliRunner()
    out = tmp_path / "elsewhere"
    first = runner.invoke(main, ["--db", str(db_path), "demo", "--out", str(out), "--seed", "5"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["folder"] == str(out) and summary["generated"]["seed"] == 5
    assert summary["complaints"]["inserted"] >= 3000 and (out / "truth" / "decisions.jsonl").exists()
    for role in ("viewer", "officer", "admin"):
        assert f"  {role}" in first.stderr
    again = runner.invoke(main, ["--db", str(db_path), "demo"])  # rebuilds rather than piling up
    assert again.exit_code == 0
    assert json.loads(again.stdout)["folder"] == str(tmp_path / "demo")  # default: beside the database
    db = open_db(db_path)
    assert db.table("complaints").count == json.loads(again.stdout)["complaints"]["inserted"]
    assert db.table("api_keys").count == 3


def test_demo_complaints_are_matched_to_their_cases(demo_council):
    from complaints.matching import evaluate_links, read_truth_csv

    settings, summary = demo_council
    db = open_db(settings.db)
    scores = evaluate_links(db, read_truth_csv(f"{summary['folder']}/truth/case_links.csv"))
    assert scores["precision"] >= 0.98 and scores["recall"] >= 0.95
    assert 0 < scores["review_queue"] <= summary["matching"]["review_queue"]  # the queue also holds decision links
