"""Ombudsman decisions in the store: upsert a parsed decision with its remedies and actions, and ingest files.

Parsing is not done here (complaints never imports nlp): callers pass the parsed dict, or for
`ingest_decisions` a `parse(path) -> dict` function, from the service layer.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Callable, Iterable

from complaints.errors import DecisionError
from complaints.store import Database, transaction, utc_now

__all__ = ["store_decision", "save_decision", "ingest_decisions", "find_complaint_for_ref", "DECISION_SUFFIXES"]

DECISION_SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".txt", ".text", ".md")
_REF = re.compile(r"^\s*(\d{2})[\s-]?(\d{3})[\s-]?(\d{3})\s*$")
# The store's remedies.kind vocabulary (m0001) for the parser's non-money kinds.
_KIND_NAMES = {"staff_training": "training"}


def _canonical_ref(ref: str | None) -> str:
    match = _REF.match(ref or "")
    if not match:
        raise DecisionError(f"decision reference {ref!r} is not an ombudsman reference like '23 004 512'")
    return " ".join(match.groups())


def find_complaint_for_ref(db: Database, ref: str) -> int | None:
    """The id of the council complaint recording this ombudsman reference (ombudsman stage first), or None."""
    digits = ref.replace(" ", "")
    row = db.execute(
        "SELECT id FROM complaints WHERE replace(replace(replace(ombudsman_ref, ' ', ''), '-', ''), '–', '') = ? "
        "ORDER BY (stage = 'ombudsman') DESC, received_on DESC, id DESC LIMIT 1",
        [digits],
    ).fetchone()
    return row[0] if row else None


def _row_hash(parsed: dict) -> str:
    keep = {k: parsed.get(k) for k in ("ref", "council", "category", "outcome", "decision_date", "summary",
                                        "sections", "remedies", "actions", "text", "remedy_before_ombudsman")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()


def store_decision(db: Database, parsed: dict, *, source_id: int | None = None) -> int:
    """Insert or update (by ombudsman_ref) one parsed decision with its remedies and actions; returns its id."""
    return save_decision(db, parsed, source_id=source_id)[0]


def save_decision(db: Database, parsed: dict, *, source_id: int | None = None) -> tuple[int, str]:
    """As `store_decision`, also saying what happened: 'inserted', 'updated' or 'unchanged'."""
    ref = _canonical_ref(parsed.get("ref"))
    remedies = parsed.get("remedies") or {}
    row_hash = _row_hash(parsed)
    now = utc_now()
    complaint_id = find_complaint_for_ref(db, ref)
    with transaction(db):
        existing = db.execute("SELECT id, row_hash, complaint_id FROM decisions WHERE ombudsman_ref = ?", [ref]).fetchone()
        if existing and existing[1] == row_hash and existing[2] == complaint_id:
            return existing[0], "unchanged"
        values = {
            "ombudsman_ref": ref,
            "council": parsed.get("council"),
            "category": parsed.get("category"),
            "outcome": parsed.get("outcome"),
            "decision_date": parsed.get("decision_date"),
            "summary": parsed.get("summary"),
            "text": parsed.get("text"),
            "sections": json.dumps(parsed.get("sections") or {}),
            "remedy_total": remedies.get("remedy_total_gbp"),
            "needs_review": int(bool(remedies.get("needs_review"))),
            "review_reason": remedies.get("review_reason"),
            "remedy_before_ombudsman": int(bool(parsed.get("remedy_before_ombudsman", remedies.get("remedy_before_ombudsman")))),
            "complaint_id": complaint_id,
            "row_hash": row_hash,
            "updated_at": now,
        }
        if existing:
            decision_id = existing[0]
            if existing[1] != row_hash:
                db.execute(
                    "INSERT INTO changes (table_name, record_key, source_id, before, after, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                    ["decisions", ref, source_id, json.dumps({"row_hash": existing[1]}), json.dumps({"row_hash": row_hash}), now],
                )
            if source_id is not None:
                values["source_id"] = source_id
            assignments = ", ".join(f"{column} = ?" for column in values)
            db.execute(f"UPDATE decisions SET {assignments} WHERE id = ?", [*values.values(), decision_id])
            status = "updated"
        else:
            values.update({"source_id": source_id, "created_at": now})
            columns = ", ".join(values)
            cursor = db.execute(f"INSERT INTO decisions ({columns}) VALUES ({', '.join('?' for _ in values)})", list(values.values()))
            decision_id = cursor.lastrowid
            status = "inserted"
        _replace_remedies(db, decision_id, complaint_id, remedies, now)
        _replace_actions(db, decision_id, parsed.get("actions") or [], now)
    return decision_id, status


def _replace_remedies(db: Database, decision_id: int, complaint_id: int | None, remedies: dict, now: str) -> None:
    db.execute("DELETE FROM remedies WHERE decision_id = ?", [decision_id])
    rows = []
    for item in remedies.get("items") or []:
        span = item.get("span") or [None, None]
        rows.append([decision_id, complaint_id, "money", item.get("amount_gbp"), item.get("purpose"), item.get("payee"),
                     item.get("basis"), span[0], span[1], item.get("due"), now])
    for item in remedies.get("non_money") or []:
        span = item.get("span") or [None, None]
        kind = _KIND_NAMES.get(item.get("kind"), item.get("kind") or "other")
        rows.append([decision_id, complaint_id, kind, None, None, None, item.get("text"), span[0], span[1], item.get("due"), now])
    for row in rows:
        db.execute(
            "INSERT INTO remedies (decision_id, complaint_id, kind, amount_gbp, purpose, payee, basis, span_start, span_end, due_on, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def _replace_actions(db: Database, decision_id: int, actions: Iterable[dict], now: str) -> None:
    # Completion recorded by officers survives a re-parse: it is carried over by the action's wording.
    done = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT description, done_on, evidence FROM actions WHERE decision_id = ? AND done_on IS NOT NULL", [decision_id]).fetchall()
    }
    db.execute("DELETE FROM actions WHERE decision_id = ?", [decision_id])
    for action in actions:
        description = (action.get("description") or "").strip()
        if not description:
            continue
        done_on, evidence = done.get(description, (None, None))
        db.execute(
            "INSERT INTO actions (decision_id, kind, description, due_on, done_on, evidence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [decision_id, action.get("kind") or "remedy", description, action.get("due"), done_on, evidence, now, now],
        )


def _files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DECISION_SUFFIXES))
        else:
            found.append(path)
    return found


def ingest_decisions(
    db: Database,
    paths: Iterable[str | Path],
    parse: Callable[[Path], dict],
    *,
    reject_on: tuple[type[BaseException], ...] = (),
) -> dict:
    """Parse and store every decision file under `paths`; files that fail are kept in rejects with the reason.

    `parse(path)` returns the parsed decision; exceptions of the types in `reject_on` (and DecisionError)
    reject that file only, the others still load. Each file gets a sources row.
    """
    summary = {"files": 0, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 0, "rejects": []}
    for path in _files(paths):
        summary["files"] += 1
        data = path.read_bytes() if path.is_file() else b""
        counts = {"inserted": 0, "updated": 0, "duplicates": 0, "rejected": 0}
        reason = None
        parsed = None
        try:
            parsed = parse(path)
            _canonical_ref(parsed.get("ref"))
        except (DecisionError, *reject_on) as exc:
            reason = str(exc)
        with transaction(db):
            source_id = db.execute(
                "INSERT INTO sources (file_name, sha256, profile, kind, rows_read, ingested_at) VALUES (?, ?, ?, ?, ?, ?)",
                [path.name, hashlib.sha256(data).hexdigest(), "ombudsman-decision", "decisions", 1, utc_now()],
            ).lastrowid
            if reason is None:
                _, status = save_decision(db, parsed, source_id=source_id)
                summary[status] += 1
                counts[{"unchanged": "duplicates"}.get(status, status)] = 1
            else:
                db.execute(
                    "INSERT INTO rejects (source_id, file_name, line_no, raw, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [source_id, path.name, None, json.dumps({"file": path.name}), reason, utc_now()],
                )
                summary["rejected"] += 1
                summary["rejects"].append({"file": path.name, "reason": reason})
                counts["rejected"] = 1
            db.execute(
                "UPDATE sources SET inserted = ?, updated = ?, duplicates = ?, rejected = ? WHERE id = ?",
                [counts["inserted"], counts["updated"], counts["duplicates"], counts["rejected"], source_id],
            )
    return summary
