"""The append-only audit log: who read or changed what, when. Ids only, never text or names."""

from __future__ import annotations

import json

from complaints.store import utc_now

__all__ = ["record_event", "list_events"]


def record_event(db, *, actor: str, action: str, role: str | None = None, entity: str | None = None,
                 entity_id: str | int | None = None, detail: dict | None = None) -> None:
    """Append one event to the audit log."""
    db.execute(
        "INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [utc_now(), actor, role, action, entity, None if entity_id is None else str(entity_id),
         json.dumps(detail, sort_keys=True) if detail else None],
    )


def list_events(db, *, limit: int = 100, offset: int = 0, action: str | None = None) -> tuple[list[dict], int]:
    """Audit events, newest first, with the total count."""
    where, params = ("WHERE action = ?", [action]) if action else ("", [])
    total = db.execute(f"SELECT count(*) FROM audit_log {where}", params).fetchone()[0]
    cursor = db.execute(
        f"SELECT id, at, actor, role, action, entity, entity_id, detail FROM audit_log {where} "
        "ORDER BY id DESC LIMIT ? OFFSET ?", params + [limit, offset])
    columns = [c[0] for c in cursor.description]
    events = []
    for row in cursor.fetchall():
        event = dict(zip(columns, row))
        event["detail"] = json.loads(event["detail"]) if event["detail"] else None
        events.append(event)
    return events, total
