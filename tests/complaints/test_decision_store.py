"""store_decision / ingest_decisions: upsert by reference, replaced remedies and actions, complaint links, rejects."""

from __future__ import annotations

import copy
import json

import pytest

from complaints.compliance import mark_action_done
from complaints.decisions import ingest_decisions, store_decision
from complaints.errors import DecisionError
from complaints.store import utc_now

PARSED = {
    "ref": "23 004 512",
    "council": "Demo Borough Council",
    "category": "Education > Special educational needs",
    "outcome": "upheld",
    "decision_date": "2024-03-14",
    "summary": "We found fault.",
    "sections": {"agreed_action": "12. ..."},
    "text": "Reference: 23 004 512 ...",
    "remedies": {
        "remedy_total_gbp": 750.0,
        "items": [
            {"amount_gbp": 600.0, "purpose": "distress", "payee": "Mrs X", "basis": "£600", "span": [10, 14], "due": "2024-04-14"},
            {"amount_gbp": 150.0, "purpose": "time_and_trouble", "payee": None, "basis": "£150", "span": [30, 34], "due": "2024-04-14"},
        ],
        "non_money": [{"kind": "apology", "text": "apologise to Mrs X", "due": "2024-04-14", "span": [0, 5]},
                      {"kind": "staff_training", "text": "remind staff", "due": "2024-06-14", "span": [40, 52]}],
        "needs_review": False, "review_reason": None, "remedy_before_ombudsman": False,
    },
    "actions": [
        {"description": "apologise to Mrs X", "due": "2024-04-14", "kind": "remedy"},
        {"description": "pay Mrs X £600 and £150", "due": "2024-04-14", "kind": "remedy"},
        {"description": "remind staff", "due": "2024-06-14", "kind": "service_improvement"},
    ],
    "remedy_before_ombudsman": False,
}


def counts(db):
    return {t: db.table(t).count for t in ("decisions", "remedies", "actions")}


def add_complaint(db, ref, ombudsman_ref, stage="ombudsman"):
    now = utc_now()
    db.execute(
        "INSERT INTO complaints (complaint_ref, stage, ombudsman_ref, row_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [ref, stage, ombudsman_ref, ref, now, now],
    )
    return db.execute("SELECT id FROM complaints WHERE complaint_ref = ?", [ref]).fetchone()[0]


def test_store_writes_decision_remedies_and_actions(db):
    decision_id = store_decision(db, PARSED)
    row = db.execute("SELECT ombudsman_ref, outcome, remedy_total, needs_review, sections FROM decisions WHERE id = ?",
                     [decision_id]).fetchone()
    assert row[:4] == ("23 004 512", "upheld", 750.0, 0)
    assert json.loads(row[4]) == {"agreed_action": "12. ..."}
    kinds = [r[0] for r in db.execute("SELECT kind FROM remedies ORDER BY id").fetchall()]
    assert kinds == ["money", "money", "apology", "training"]
    assert counts(db) == {"decisions": 1, "remedies": 4, "actions": 3}


def test_store_is_idempotent_and_upserts_by_reference(db):
    first = store_decision(db, PARSED)
    assert store_decision(db, PARSED) == first
    assert counts(db) == {"decisions": 1, "remedies": 4, "actions": 3}
    changed = copy.deepcopy(PARSED)
    changed["ref"] = "23-004-512"  # same reference written with hyphens
    changed["remedies"]["items"] = changed["remedies"]["items"][:1]
    changed["remedies"]["remedy_total_gbp"] = 600.0
    changed["actions"] = changed["actions"][:2]
    assert store_decision(db, changed) == first
    assert counts(db) == {"decisions": 1, "remedies": 3, "actions": 2}
    assert db.execute("SELECT remedy_total FROM decisions").fetchone()[0] == 600.0
    assert db.execute("SELECT count(*) FROM changes WHERE table_name = 'decisions'").fetchone()[0] == 1


def test_completion_survives_a_reparse(db):
    store_decision(db, PARSED)
    action_id = db.execute("SELECT id FROM actions WHERE description = 'apologise to Mrs X'").fetchone()[0]
    mark_action_done(db, action_id, "2024-04-02", "apology letter sent")
    changed = copy.deepcopy(PARSED)
    changed["summary"] = "We found fault (re-published)."
    store_decision(db, changed)
    assert db.execute("SELECT done_on, evidence FROM actions WHERE description = 'apologise to Mrs X'").fetchone() == (
        "2024-04-02", "apology letter sent")


def test_links_the_councils_complaint_with_the_same_reference(db):
    add_complaint(db, "C-1", "23-004-512", stage="2")
    wanted = add_complaint(db, "C-2", "23004512", stage="ombudsman")
    add_complaint(db, "C-3", "22 111 222")
    decision_id = store_decision(db, PARSED)
    assert db.execute("SELECT complaint_id FROM decisions WHERE id = ?", [decision_id]).fetchone()[0] == wanted
    assert {r[0] for r in db.execute("SELECT complaint_id FROM remedies").fetchall()} == {wanted}


def test_complaint_arriving_later_is_linked_on_the_next_store(db):
    store_decision(db, PARSED)
    wanted = add_complaint(db, "C-9", "23 004 512")
    store_decision(db, PARSED)
    assert db.execute("SELECT complaint_id FROM decisions").fetchone()[0] == wanted


def test_over_threshold_and_prior_remedy_flags_are_stored(db):
    parsed = copy.deepcopy(PARSED)
    parsed["remedies"].update(remedy_total_gbp=26000.0, needs_review=True, review_reason="above £25,000")
    parsed["remedy_before_ombudsman"] = True
    store_decision(db, parsed)
    assert db.execute("SELECT needs_review, review_reason, remedy_before_ombudsman FROM decisions").fetchone() == (
        1, "above £25,000", 1)


@pytest.mark.parametrize("ref", [None, "", "not a ref", "23 004"])
def test_a_decision_without_a_reference_is_refused(db, ref):
    with pytest.raises(DecisionError, match="reference"):
        store_decision(db, {**PARSED, "ref": ref})
    assert counts(db)["decisions"] == 0


def test_ingest_keeps_bad_files_as_rejects_and_loads_the_rest(db, tmp_path):
    (tmp_path / "good.txt").write_text("good")
    (tmp_path / "bad.txt").write_text("bad")
    (tmp_path / "noref.txt").write_text("noref")
    (tmp_path / "notes.csv").write_text("ignored: not a decision file type")

    def parse(path):
        if path.name == "bad.txt":
            raise ValueError("bad.txt: corrupt file")
        if path.name == "noref.txt":
            return {**PARSED, "ref": None}
        return PARSED

    summary = ingest_decisions(db, [tmp_path], parse, reject_on=(ValueError,))
    assert (summary["files"], summary["inserted"], summary["rejected"]) == (3, 1, 2)
    reasons = {r["file"]: r["reason"] for r in summary["rejects"]}
    assert reasons["bad.txt"] == "bad.txt: corrupt file" and "reference" in reasons["noref.txt"]
    assert db.table("rejects").count == 2
    assert db.execute("SELECT count(*), sum(rejected), sum(inserted) FROM sources WHERE kind = 'decisions'").fetchone() == (3, 2, 1)
    again = ingest_decisions(db, [tmp_path / "good.txt"], parse)
    assert (again["inserted"], again["unchanged"]) == (0, 1)
    assert counts(db) == {"decisions": 1, "remedies": 4, "actions": 3}


def test_unexpected_errors_are_not_swallowed(db, tmp_path):
    (tmp_path / "x.txt").write_text("x")

    def parse(path):
        raise RuntimeError("a bug, not bad input")

    with pytest.raises(RuntimeError):
        ingest_decisions(db, [tmp_path], parse, reject_on=(ValueError,))
