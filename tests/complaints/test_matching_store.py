"""Linkage through the database: stored links, the review queue, officers' decisions kept across runs,
decision-to-complaint proposals, and the file mode."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from linkage_synth import load_into_db, make_council  # noqa: E402

from complaints.errors import LinkReviewError, MissingColumnError, NotFoundError  # noqa: E402
from complaints.matching import (  # noqa: E402
    confirm_link,
    evaluate_links,
    link_complaints,
    link_decisions,
    match_files,
    reject_link,
    review_queue,
)
from complaints.store import utc_now  # noqa: E402


@pytest.fixture
def council(db):
    cases, complaints, truth = make_council(600, 300, seed=5, text=False)
    load_into_db(db, cases, complaints)
    return db, truth


def _links(db, status=None):
    sql = ("SELECT l.id, c.complaint_ref, k.case_ref, l.status, l.method, l.score, l.agreements FROM case_links l "
           "JOIN complaints c ON c.id = l.complaint_id LEFT JOIN cases k ON k.id = l.case_id "
           "WHERE l.decision_id IS NULL")
    rows = db.execute(sql + (" AND l.status = ?" if status else ""), [status] if status else []).fetchall()
    return rows


def test_every_complaint_gets_one_row_with_score_method_and_agreements(council):
    db, truth = council
    summary = link_complaints(db)
    rows = _links(db)
    assert len(rows) == len(truth) == summary["complaints"]
    assert summary["auto"] + summary["review"] + summary["none"] == len(truth)
    assert summary["review_queue"] == summary["review"]
    for _, _, case_ref, status, method, score, agreements in rows:
        assert method in {"exact_ref", "text_ref", "fellegi_sunter", "stage_history", "none"}
        assert 0.0 <= score <= 1.0
        detail = json.loads(agreements)
        assert {"agreed", "disagreed", "missing"} <= detail.keys()
        assert (case_ref is None) == (status == "none")
    quality = evaluate_links(db, truth)
    assert quality["precision"] >= 0.98 and quality["recall"] >= 0.95


def test_rerunning_replaces_machine_links_without_duplicates(council):
    db, truth = council
    first = link_complaints(db)
    second = link_complaints(db)
    assert len(_links(db)) == len(truth)
    assert (first["auto"], first["review"]) == (second["auto"], second["review"])


def test_confirmed_and_rejected_links_survive_a_later_run(council):
    db, _ = council
    link_complaints(db)
    auto = _links(db, "auto")
    confirmed_id, confirmed_ref, confirmed_case = auto[0][:3]
    rejected_id, rejected_ref, rejected_case = auto[1][:3]
    confirm_link(db, confirmed_id, officer="A. Officer")
    reject_link(db, rejected_id, officer="B. Officer")

    summary = link_complaints(db)
    assert summary["kept_confirmed"] == 1 and summary["kept_rejected"] == 1
    row = db.execute("SELECT status, reviewed_by, case_id FROM case_links WHERE id = ?", [confirmed_id]).fetchone()
    assert row[:2] == ("confirmed", "A. Officer")
    row = db.execute("SELECT status, reviewed_by FROM case_links WHERE id = ?", [rejected_id]).fetchone()
    assert row == ("rejected", "B. Officer")
    # the confirmed complaint is left alone: exactly its one confirmed row
    assert [r[3] for r in _links(db) if r[1] == confirmed_ref] == ["confirmed"]
    # the rejected case is never proposed again for that complaint
    again = [r for r in _links(db) if r[1] == rejected_ref and r[3] != "rejected"]
    assert again and all(r[2] != rejected_case for r in again)


def test_review_writes_the_audit_log_and_refuses_a_second_review(council):
    db, _ = council
    link_complaints(db)
    link_id = _links(db, "auto")[0][0]
    result = confirm_link(db, link_id, officer="C. Officer")
    assert result["status"] == "confirmed"
    audit = db.execute("SELECT actor, action, entity, entity_id, detail FROM audit_log").fetchall()
    assert audit == [("C. Officer", "review_link", "case_link", str(link_id), '{"status": "confirmed"}')]
    with pytest.raises(LinkReviewError, match="already confirmed"):
        reject_link(db, link_id, officer="D. Officer")
    with pytest.raises(NotFoundError):
        confirm_link(db, 999999, officer="C. Officer")
    with pytest.raises(LinkReviewError, match="officer"):
        confirm_link(db, _links(db, "auto")[0][0], officer=" ")


def test_a_no_link_row_cannot_be_confirmed(council):
    db, _ = council
    link_complaints(db)
    none_id = _links(db, "none")[0][0]
    with pytest.raises(LinkReviewError, match="proposes no case"):
        confirm_link(db, none_id, officer="E. Officer")


def test_review_queue_lists_fields_without_text_or_names(council):
    db, _ = council
    link_complaints(db)
    items = review_queue(db, limit=5)
    assert 0 < len(items) <= 5
    names = {row[0] for row in db.execute("SELECT child_surname FROM cases")}
    for item in items:
        assert item["kind"] == "complaint_to_case" and item["case_ref"]
        assert set(item["agreed"]) | set(item["disagreed"]) | set(item["missing"])
        assert not any(str(value) in names for value in item.values())
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)


# --- ombudsman decisions -----------------------------------------------------------------------

def _decision(db, ref, decided, themes=()):
    now = utc_now()
    cursor = db.execute("INSERT INTO decisions (ombudsman_ref, decision_date, outcome, created_at, updated_at) "
                        "VALUES (?, ?, 'upheld', ?, ?)", [ref, decided, now, now])
    for theme in themes:
        db.execute("INSERT INTO themes (decision_id, theme, method, created_at) VALUES (?, ?, 'rules', ?)",
                   [cursor.lastrowid, theme, now])
    return cursor.lastrowid


def _stage_complaint(db, ref, stage, received, *, ombudsman_ref=None, decided=None, escalated_from=None,
                     themes=()):
    now = utc_now()
    cursor = db.execute(
        "INSERT INTO complaints (complaint_ref, stage, received_on, ombudsman_ref, decided_on, escalated_from, "
        "row_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [ref, stage, received, ombudsman_ref, decided, escalated_from, ref, now, now])
    for theme in themes:
        db.execute("INSERT INTO themes (complaint_id, theme, method, created_at) VALUES (?, ?, 'rules', ?)",
                   [cursor.lastrowid, theme, now])
    return cursor.lastrowid


def test_decisions_link_by_recorded_reference_into_review_only(db):
    target = _stage_complaint(db, "S1-1", "ombudsman", "2023-05-01", ombudsman_ref="23-004-512")
    _stage_complaint(db, "S1-2", "ombudsman", "2023-06-01", ombudsman_ref="23 009 999")
    decision = _decision(db, "23 004 512", "2024-03-14")
    counts = link_decisions(db)
    assert counts["by_reference"] == 1
    rows = db.execute("SELECT decision_id, target_complaint_id, status, method FROM case_links").fetchall()
    assert rows == [(decision, target, "review", "ombudsman_ref")]


def test_decisions_without_a_recorded_reference_get_review_candidates_by_circumstance(db):
    _stage_complaint(db, "A-1", "1", "2022-11-01")
    _stage_complaint(db, "A-2", "2", "2023-01-10", escalated_from="A-1")
    good = _stage_complaint(db, "A-3", "ombudsman", "2023-04-02", decided="2024-03-14", escalated_from="A-2",
                            themes=["transport"])
    _stage_complaint(db, "B-3", "ombudsman", "2019-04-02", themes=["payment_delay"])
    decision = _decision(db, "23 004 512", "2024-03-14", themes=["transport"])
    link_decisions(db)
    rows = db.execute("SELECT target_complaint_id, status, method, agreements FROM case_links "
                      "WHERE decision_id = ? ORDER BY score DESC", [decision]).fetchall()
    assert rows and rows[0][:3] == (good, "review", "decision_candidates")
    assert {"dates", "decision_date", "themes", "stage_history"} <= set(json.loads(rows[0][3])["agreed"])
    assert all(status == "review" for _, status, _, _ in rows)


def test_confirming_a_decision_link_sets_the_decisions_complaint_and_survives_reruns(db):
    target = _stage_complaint(db, "S1-1", "ombudsman", "2023-05-01", ombudsman_ref="23 004 512")
    decision = _decision(db, "23 004 512", "2024-03-14")
    link_decisions(db)
    link_id = db.execute("SELECT id FROM case_links WHERE decision_id = ?", [decision]).fetchone()[0]
    confirm_link(db, link_id, officer="Liaison Officer")
    assert db.execute("SELECT complaint_id FROM decisions WHERE id = ?", [decision]).fetchone()[0] == target
    link_decisions(db)
    assert db.execute("SELECT status FROM case_links WHERE decision_id = ?", [decision]).fetchall() == [("confirmed",)]


# --- file mode ------------------------------------------------------------------------------------

def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_match_files_writes_one_row_per_complaint(tmp_path):
    cases, complaints, truth = make_council(500, 200, seed=8, text=False)
    _write(tmp_path / "cases.csv", cases)
    _write(tmp_path / "complaints.csv", complaints)
    summary = match_files(tmp_path / "cases.csv", tmp_path / "complaints.csv", tmp_path / "out" / "matches.csv")
    with (tmp_path / "out" / "matches.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["complaint_ref", "case_ref", "score", "method"]
    assert [r["complaint_ref"] for r in rows] == [c["complaint_ref"] for c in complaints]
    assert summary["complaints"] == 200
    quality = evaluate_links(rows, truth)
    assert quality["precision"] >= 0.98 and quality["recall"] >= 0.9


def test_match_files_names_a_missing_column(tmp_path):
    (tmp_path / "cases.csv").write_text("case_ref,forename\nEHC-00001,Mia\n")
    (tmp_path / "complaints.csv").write_text("complaint_ref,received_on,text\nC1,01/01/2024,hello\n")
    with pytest.raises(MissingColumnError, match="child_forename"):
        match_files(tmp_path / "cases.csv", tmp_path / "complaints.csv", tmp_path / "m.csv")


def test_cases_csv_tolerates_duplicates_blank_cells_mixed_dates_and_windows_encoding(tmp_path):
    from complaints.matching import read_cases_csv

    text = ("Case_Ref,Child_Forename,Child_Surname,Date_of_Birth,Postcode,School\r\n"
            "EHC-00001,Zoë,Brontë,03/04/2015,db1 2xy,\r\n"
            "EHC-00001,Zoë,Brontë,03/04/2015,db1 2xy,\r\n"
            "EHC-00002,Sam,,2014-11-30,,Oakfield Academy\r\n"
            "EHC-00003,Ali,Khan,3rd May 2013,not known,\r\n"
            ",Nobody,Here,01/01/2010,,\r\n")
    (tmp_path / "cases.csv").write_bytes(text.encode("cp1252"))
    cases = {c.case_ref: c for c in read_cases_csv(tmp_path / "cases.csv")}
    assert sorted(cases) == ["EHC-00001", "EHC-00002", "EHC-00003"]
    assert (cases["EHC-00001"].forename, cases["EHC-00001"].surname) == ("zoe", "bronte")
    assert cases["EHC-00001"].postcode == "DB1 2XY" and cases["EHC-00003"].postcode == ""
    assert [cases[r].dob for r in sorted(cases)] == ["2015-04-03", "2014-11-30", "2013-05-03"]


def test_match_files_with_status_shows_review_candidates(tmp_path):
    cases, complaints, _ = make_council(300, 150, seed=14, text=False)
    _write(tmp_path / "cases.csv", cases)
    _write(tmp_path / "complaints.csv", complaints)
    summary = match_files(tmp_path / "cases.csv", tmp_path / "complaints.csv", tmp_path / "m.csv", with_status=True)
    with (tmp_path / "m.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["complaint_ref", "case_ref", "score", "method", "status", "candidate_case_ref"]
    review = [r for r in rows if r["status"] == "review"]
    assert len(review) == summary["review"] > 0
    assert all(r["case_ref"] == "" and r["candidate_case_ref"] for r in review)
    assert all(r["case_ref"] == r["candidate_case_ref"] for r in rows if r["status"] == "auto")


def test_complaint_cases_view_gives_each_complaint_its_current_case(council):
    db, truth = council
    link_complaints(db)
    rows = db.execute("SELECT complaint_id, case_id, status FROM complaint_cases").fetchall()
    auto = _links(db, "auto")
    assert len(rows) == len(auto) and len({r[0] for r in rows}) == len(rows)
    review_id = _links(db, "review")[0][0]
    confirm_link(db, review_id, officer="F. Officer")
    complaint_id = db.execute("SELECT complaint_id FROM case_links WHERE id = ?", [review_id]).fetchone()[0]
    assert db.execute("SELECT status FROM complaint_cases WHERE complaint_id = ?",
                      [complaint_id]).fetchall() == [("confirmed",)]
