"""Linkage quality against a ground truth: auto-link precision/recall/F1, review queue, no-link accuracy."""

from __future__ import annotations

import csv
from pathlib import Path

from complaints.errors import MissingColumnError
from complaints.matching.records import ref_key

__all__ = ["evaluate_links", "predictions_from_db", "read_truth_csv"]


def predictions_from_db(db) -> dict[str, dict]:
    """complaint_ref -> {"case_ref", "status"} for the current complaint-to-case links in the database."""
    out: dict[str, dict] = {}
    rank = {"confirmed": 0, "rejected": 4, "auto": 1, "review": 2, "none": 3}
    for ref, case_ref, status in db.execute(
            "SELECT c.complaint_ref, k.case_ref, l.status FROM case_links l "
            "JOIN complaints c ON c.id = l.complaint_id LEFT JOIN cases k ON k.id = l.case_id "
            "WHERE l.decision_id IS NULL"):
        if ref not in out or rank[status] < rank[out[ref]["status"]]:
            out[ref] = {"case_ref": case_ref, "status": status}
    return out


def _normalise(source) -> dict[str, dict]:
    if hasattr(source, "execute"):
        return predictions_from_db(source)
    rows = source.values() if isinstance(source, dict) else source
    out = {}
    for row in rows:
        row = dict(row)
        case_ref = (row.get("case_ref") or "").strip() or None
        status = row.get("status") or ("auto" if case_ref else "none")
        if status == "auto" and not case_ref:
            status = "none"
        out[str(row["complaint_ref"])] = {"case_ref": case_ref, "status": status}
    return out


def evaluate_links(source, truth: dict[str, str | None]) -> dict:
    """Score predictions (a database, or rows with complaint_ref, case_ref[, status]) against the truth.

    `truth` maps complaint_ref -> the true case_ref, or None when the child has no case record.
    Confirmed links count as links; recall is over every complaint whose child has a case.
    """
    predictions = _normalise(source)
    linked = correct = review = review_right = 0
    with_case = no_case = no_case_unlinked = no_case_auto = missing = 0
    for complaint_ref, true_ref in truth.items():
        true_key = ref_key(true_ref) if true_ref else ""
        pred = predictions.get(complaint_ref)
        if pred is None:
            missing += 1
            pred = {"case_ref": None, "status": "none"}
        pred_key = ref_key(pred["case_ref"]) if pred["case_ref"] else ""
        is_link = pred["status"] in ("auto", "confirmed")
        if true_key:
            with_case += 1
        else:
            no_case += 1
            no_case_unlinked += pred["status"] in ("none", "rejected")
            no_case_auto += is_link
        if is_link:
            linked += 1
            correct += bool(true_key) and pred_key == true_key
        elif pred["status"] == "review":
            review += 1
            review_right += bool(true_key) and pred_key == true_key
    precision = correct / linked if linked else 0.0
    recall = correct / with_case if with_case else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "complaints": len(truth),
        "with_case": with_case,
        "auto_links": linked,
        "auto_correct": correct,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "review_queue": review,
        "review_correct": review_right,
        "no_case": no_case,
        "no_link_accuracy": round(no_case_unlinked / no_case, 4) if no_case else None,
        "no_case_auto_linked": no_case_auto,
        "missing_predictions": missing,
    }


def read_truth_csv(path) -> dict[str, str | None]:
    """complaint_ref -> case_ref (None when blank) from a `complaint_ref,case_ref` file such as the demo's truth."""
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
        if "complaint_ref" not in header or "case_ref" not in header:
            raise MissingColumnError(f"{Path(path).name}: needs columns complaint_ref and case_ref "
                                     f"(found: {', '.join(header) or 'no header'})")
        return {row[header["complaint_ref"]].strip(): (row[header["case_ref"]] or "").strip() or None
                for row in reader if (row[header["complaint_ref"]] or "").strip()}
