"""Storing themes on records, and officer corrections that override the classifier and survive re-runs."""

import json

import pytest

from complaints.enrich import add_correction, apply_themes, corrected_examples
from complaints.errors import ComplaintsError, NotFoundError
from complaints.store import utc_now

THEMES = ["payment_delay", "transport"]


def keyword_classify(texts):
    """A stand-in classifier: the core step must work with any function of this shape."""
    out = []
    for text in texts:
        found = [t for t, word in (("payment_delay", "payment"), ("transport", "taxi")) if word in text.lower()]
        out.append({"themes": found, "scores": {t: 0.9 if t in found else 0.1 for t in THEMES},
                    "evidence": {t: [t.split("_")[0]] for t in found}, "methods": {t: "rules" for t in found}})
    return out


def add_complaint(db, ref, text):
    now = utc_now()
    return db.table("complaints").insert({"complaint_ref": ref, "text": text, "row_hash": ref,
                                          "created_at": now, "updated_at": now}).last_pk


def effective(db, complaint_id):
    return sorted(r[0] for r in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = ?", [complaint_id]))


@pytest.fixture
def records(db):
    ids = {"taxi": add_complaint(db, "C-1", "The taxi never came."),
           "pay": add_complaint(db, "C-2", "The payment is late and the taxi is late."),
           "none": add_complaint(db, "C-3", "Thank you for your help.")}
    now = utc_now()
    ids["decision"] = db.table("decisions").insert({"ombudsman_ref": "23 000 001", "summary": "The council delayed a payment.",
                                                    "created_at": now, "updated_at": now}).last_pk
    return ids


def test_apply_themes_stores_a_row_per_theme_with_score_method_evidence_and_version(db, records):
    summary = apply_themes(db, keyword_classify, model_version="test-v1")
    assert summary["complaints"] == 3 and summary["decisions"] == 1 and summary["untagged"] == 1
    assert summary["assigned"] == {"payment_delay": 2, "transport": 2}
    rows = list(db.query("SELECT * FROM themes WHERE complaint_id = ? ORDER BY theme", [records["pay"]]))
    assert [(r["theme"], r["assigned"], r["method"], r["model_version"]) for r in rows] == [
        ("payment_delay", 1, "rules", "test-v1"), ("transport", 1, "rules", "test-v1")]
    assert json.loads(rows[0]["evidence"]) == ["payment"]
    assert effective(db, records["none"]) == []
    assert [r[0] for r in db.execute("SELECT theme FROM decision_themes")] == ["payment_delay"]


def test_reclassifying_replaces_rows_instead_of_adding(db, records):
    apply_themes(db, keyword_classify, model_version="v1")
    apply_themes(db, keyword_classify, model_version="v2")
    assert db.execute("SELECT count(*), min(model_version) FROM themes").fetchone() == (8, "v2")


def test_where_limits_which_records_are_classified(db, records):
    summary = apply_themes(db, keyword_classify, model_version="v1", where="complaint_ref = ?", params=["C-1"],
                           decision_where="0")
    assert summary["complaints"] == 1 and summary["decisions"] == 0


def test_a_correction_overrides_the_model_and_survives_reclassification(db, records):
    apply_themes(db, keyword_classify, model_version="v1")
    add_correction(db, complaint_id=records["pay"], theme="transport", action="remove", officer="A. Officer",
                   reason="the taxi remark is background")
    add_correction(db, complaint_id=records["none"], theme="payment_delay", action="add", officer="A. Officer",
                   reason="the attachment is about a late payment")
    assert effective(db, records["pay"]) == ["payment_delay"]
    assert effective(db, records["none"]) == ["payment_delay"]
    apply_themes(db, keyword_classify, model_version="v2")
    assert effective(db, records["pay"]) == ["payment_delay"]
    assert effective(db, records["none"]) == ["payment_delay"]
    audit = db.execute("SELECT actor, action, entity FROM audit_log").fetchall()
    assert audit == [("A. Officer", "correct_theme", "complaints")] * 2


def test_the_latest_correction_wins(db, records):
    apply_themes(db, keyword_classify, model_version="v1")
    add_correction(db, complaint_id=records["taxi"], theme="transport", action="remove", officer="A", reason="x")
    add_correction(db, complaint_id=records["taxi"], theme="transport", action="add", officer="B", reason="y")
    assert effective(db, records["taxi"]) == ["transport"]


def test_corrected_records_become_training_examples_with_their_effective_themes(db, records):
    apply_themes(db, keyword_classify, model_version="v1")
    add_correction(db, complaint_id=records["pay"], theme="transport", action="remove", officer="A", reason="x")
    add_correction(db, decision_id=records["decision"], theme="transport", action="add", officer="A", reason="x")
    examples = corrected_examples(db)
    assert {"id": f"complaint-{records['pay']}", "text": "The payment is late and the taxi is late.",
            "themes": ["payment_delay"]} in examples
    assert any(e["id"].startswith("decision-") and e["themes"] == ["payment_delay", "transport"] for e in examples)
    assert len(examples) == 2


@pytest.mark.parametrize("kwargs, error, message", [
    ({"theme": "transport", "action": "delete", "officer": "A"}, ComplaintsError, "not one of"),
    ({"theme": "transport", "action": "add", "officer": " "}, ComplaintsError, "officer"),
    ({"theme": "weather", "action": "add", "officer": "A", "known_themes": THEMES}, ComplaintsError, "unknown theme"),
])
def test_bad_corrections_are_refused_with_a_reason(db, records, kwargs, error, message):
    with pytest.raises(error, match=message):
        add_correction(db, complaint_id=records["taxi"], **kwargs)


def test_a_correction_on_a_missing_record_is_not_found(db):
    with pytest.raises(NotFoundError):
        add_correction(db, complaint_id=999, theme="transport", action="add", officer="A")
