"""The review queue: links waiting for an officer, and confirming or rejecting them (each audited)."""

from __future__ import annotations

import json

from complaints.errors import LinkReviewError, NotFoundError
from complaints.store import transaction, utc_now

__all__ = ["review_queue", "confirm_link", "reject_link"]

_QUEUE_SQL = """
SELECT l.id, l.score, l.method, l.status, l.agreements,
       c.complaint_ref, k.case_ref, d.ombudsman_ref, t.complaint_ref AS target_complaint_ref
FROM case_links l
LEFT JOIN complaints c ON c.id = l.complaint_id
LEFT JOIN cases k ON k.id = l.case_id
LEFT JOIN decisions d ON d.id = l.decision_id
LEFT JOIN complaints t ON t.id = l.target_complaint_id
WHERE l.status = 'review'
ORDER BY l.score DESC, l.id
"""


def review_queue(db, *, limit: int | None = None) -> list[dict]:
    """Links waiting for review, best score first, with the fields that agreed and disagreed (no text, no names)."""
    sql = _QUEUE_SQL + (" LIMIT ?" if limit else "")
    cursor = db.execute(sql, [limit] if limit else [])
    names = [d[0] for d in cursor.description]
    items = []
    for row in cursor:
        item = dict(zip(names, row))
        agreements = json.loads(item.pop("agreements") or "{}")
        items.append({
            "link_id": item["id"],
            "kind": "decision_to_complaint" if item["ombudsman_ref"] else "complaint_to_case",
            "complaint_ref": item["complaint_ref"] or item["target_complaint_ref"],
            "case_ref": item["case_ref"],
            "ombudsman_ref": item["ombudsman_ref"],
            "score": item["score"],
            "method": item["method"],
            "agreed": agreements.get("agreed", []),
            "disagreed": agreements.get("disagreed", []),
            "missing": agreements.get("missing", []),
            "reason": agreements.get("reason"),
        })
    return items


def _review(db, link_id: int, officer: str, status: str) -> dict:
    officer = (officer or "").strip()
    if not officer:
        raise LinkReviewError("an officer name is required to review a link (--officer NAME)")
    row = db.execute("SELECT id, complaint_id, decision_id, case_id, target_complaint_id, status, reviewed_by, "
                     "reviewed_at FROM case_links WHERE id = ?", [link_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no case link with id {link_id}; list the queue with `complaints links review`")
    _, complaint_id, decision_id, case_id, target_id, current, by, at = row
    if current in ("confirmed", "rejected"):
        raise LinkReviewError(f"link {link_id} was already {current} by {by} at {at}; it cannot be changed")
    if case_id is None and target_id is None:
        raise LinkReviewError(f"link {link_id} proposes no case (status {current}); there is nothing to {status[:-2]}")
    now = utc_now()
    with transaction(db):
        db.execute("UPDATE case_links SET status = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ?",
                   [status, officer, now, now, link_id])
        if status == "confirmed" and decision_id is None:
            # the confirmed case answers the question for this complaint: drop other machine proposals
            db.execute("DELETE FROM case_links WHERE complaint_id = ? AND decision_id IS NULL AND id != ? "
                       "AND status IN ('auto', 'review', 'none')", [complaint_id, link_id])
        if status == "confirmed" and decision_id is not None:
            db.execute("UPDATE decisions SET complaint_id = ?, updated_at = ? WHERE id = ?", [target_id, now, decision_id])
            db.execute("DELETE FROM case_links WHERE decision_id = ? AND id != ? AND status IN ('auto', 'review')",
                       [decision_id, link_id])
        db.execute("INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [now, officer, "officer", "review_link", "case_link", str(link_id), json.dumps({"status": status})])
    return {"link_id": link_id, "status": status, "reviewed_by": officer, "reviewed_at": now}


def confirm_link(db, link_id: int, *, officer: str) -> dict:
    """Confirm a proposed link; a later matching run never changes it."""
    return _review(db, link_id, officer, "confirmed")


def reject_link(db, link_id: int, *, officer: str) -> dict:
    """Reject a proposed link; a later matching run never proposes that case for that complaint again."""
    return _review(db, link_id, officer, "rejected")
