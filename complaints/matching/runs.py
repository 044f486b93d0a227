"""Running linkage over the database (`link_complaints`) or over two CSV files (`match_files`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from complaints.matching.evidence import FindEntities
from complaints.matching.linker import LinkResult, Thresholds, match_records
from complaints.matching.records import read_cases_csv, read_cases_db, read_complaints_csv, read_complaints_db
from complaints.store import transaction, utc_now

__all__ = ["link_complaints", "match_files"]


def _summary(results: list[LinkResult], stats: dict) -> dict:
    out = {"complaints": len(results), "auto": 0, "review": 0, "none": 0, "by_method": {}}
    for r in results:
        out[r.status] += 1
        out["by_method"][r.method] = out["by_method"].get(r.method, 0) + 1
    out["candidate_pairs"] = stats.get("candidate_pairs", 0)
    out["labelled_sample"] = stats.get("labelled_sample", 0)
    out["cases"] = stats.get("cases", 0)
    return out


def link_complaints(db, *, find_entities: FindEntities | None = None, thresholds: Thresholds = Thresholds(),
                    em: bool = False) -> dict:
    """Link every complaint in the database to its case; returns a summary including the review queue size.

    Links an officer confirmed are kept and their complaints skipped; a rejected link stays rejected and
    that case is never proposed again for that complaint. Earlier auto/review/none rows are replaced.
    """
    reviewed = db.execute(
        "SELECT l.complaint_id, l.case_id, l.status, c.complaint_ref FROM case_links l "
        "JOIN complaints c ON c.id = l.complaint_id "
        "WHERE l.decision_id IS NULL AND l.status IN ('confirmed', 'rejected')").fetchall()
    confirmed = {row[0] for row in reviewed if row[2] == "confirmed"}
    exclude: dict[str, set] = {}
    for complaint_id, case_id, status, ref in reviewed:
        if status == "rejected":
            exclude.setdefault(ref, set()).add(case_id)
    cases = read_cases_db(db)
    complaints = [c for c in read_complaints_db(db) if c.id not in confirmed]
    stats: dict = {}
    results = match_records(cases, complaints, find_entities=find_entities, thresholds=thresholds,
                            exclude=exclude, em=em, stats=stats)
    now = utc_now()
    with transaction(db):
        db.execute("DELETE FROM case_links WHERE decision_id IS NULL AND complaint_id IS NOT NULL "
                   "AND status IN ('auto', 'review', 'none')")
        db.conn.executemany(
            "INSERT INTO case_links (complaint_id, case_id, score, method, status, agreements, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.complaint_id, r.case_id, r.score, r.method, r.status, json.dumps(r.agreements), now, now)
             for r in results])
    summary = _summary(results, stats)
    summary["kept_confirmed"] = len(confirmed)
    summary["kept_rejected"] = sum(1 for row in reviewed if row[2] == "rejected")
    summary["review_queue"] = db.execute(
        "SELECT count(*) FROM case_links WHERE status = 'review'").fetchone()[0]
    return summary


def match_files(cases_path, complaints_path, output_path, *, find_entities: FindEntities | None = None,
                thresholds: Thresholds = Thresholds(), with_status: bool = False) -> dict:
    """File mode: link a complaints CSV to a cases CSV and write complaint_ref,case_ref,score,method.

    `case_ref` is filled only for automatic links (a review-level candidate is not "good enough");
    `with_status` adds `status` and `candidate_case_ref` columns so review candidates are visible.
    """
    cases = read_cases_csv(cases_path)
    complaints = read_complaints_csv(complaints_path)
    stats: dict = {}
    results = match_records(cases, complaints, find_entities=find_entities, thresholds=thresholds, stats=stats)
    output_path = Path(output_path)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with output_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["complaint_ref", "case_ref", "score", "method"]
        writer.writerow(header + (["status", "candidate_case_ref"] if with_status else []))
        for r in results:
            row = [r.complaint_ref, r.case_ref if r.status == "auto" else "", f"{r.score:.4f}",
                   r.method if r.status == "auto" else "none"]
            if with_status:
                row += [r.status, r.case_ref or ""]
            writer.writerow(row)
    summary = _summary(results, stats)
    summary["output"] = str(output_path)
    return summary
