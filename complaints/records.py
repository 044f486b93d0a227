"""Reading records for people: complaint and case lists with filters, and their full detail."""

from __future__ import annotations

import json
import re

from complaints.errors import ComplaintsError, NotFoundError
from complaints.periods import year_bounds

__all__ = ["list_complaints", "count_complaints", "get_complaint", "list_cases", "get_case", "list_decisions", "get_decision",
           "list_remedies", "year_range", "fts_query"]

SORTS = {
    "received_on": "c.received_on", "-received_on": "c.received_on DESC",
    "complaint_ref": "c.complaint_ref", "-complaint_ref": "c.complaint_ref DESC",
    "stage": "c.stage", "-stage": "c.stage DESC",
    "decided_on": "c.decided_on", "-decided_on": "c.decided_on DESC",
}
LIST_COLUMNS = ("id", "complaint_ref", "received_on", "stage", "procedure", "status", "outcome", "responded_on",
                "decided_on", "team", "service_area", "category", "ombudsman_ref", "escalated_from", "remedy_amount")
PERSONAL_COLUMNS = ("complainant_name", "child_name", "child_dob", "postcode", "case_ref")


def year_range(label: str, basis: str = "financial") -> tuple[str, str]:
    """First and last ISO dates of a year label, for BETWEEN filters on ISO date columns."""
    first, last = year_bounds(label, basis)
    return first.isoformat(), last.isoformat()


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person typed: each word quoted, all words required."""
    words = re.findall(r"\w+", text)
    if not words:
        raise ComplaintsError("search text has no words to look for")
    return " ".join(f'"{word}"' for word in words[:20])


def _rows(cursor) -> list[dict]:
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _themes_by_complaint(db, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for complaint_id, theme in db.execute(
            f"SELECT complaint_id, theme FROM complaint_themes WHERE complaint_id IN ({marks}) ORDER BY theme", chunk
        ):
            found[complaint_id].append(theme)
    return found


def _complaint_filters(*, theme: str | None = None, year: str | None = None, year_basis: str = "financial",
                       stage: str | None = None, outcome: str | None = None, status: str | None = None,
                       team: str | None = None, q: str | None = None) -> tuple[str, list]:
    """The WHERE clause and parameters for the complaint list's filters."""
    where, params = [], []
    for column, value in (("stage", stage), ("outcome", outcome), ("status", status), ("team", team)):
        if value is not None:
            where.append(f"c.{column} = ?")
            params.append(value)
    if year:
        first, last = year_range(year, year_basis)
        where.append("c.received_on BETWEEN ? AND ?")
        params += [first, last]
    if theme:
        if theme == "other":
            where.append("c.id NOT IN (SELECT complaint_id FROM complaint_themes)")
        else:
            # The complaint_themes view's rule, row by row through the indexes: the latest correction for this
            # complaint and theme decides, else the classifier's assignment. Lets ORDER BY ... LIMIT stop early.
            where.append("CASE (SELECT k.action FROM corrections k WHERE k.complaint_id = c.id AND k.theme = ? "
                         "ORDER BY k.id DESC LIMIT 1) WHEN 'add' THEN 1 WHEN 'remove' THEN 0 "
                         "ELSE EXISTS (SELECT 1 FROM themes t WHERE t.complaint_id = c.id AND t.theme = ? "
                         "AND t.assigned = 1) END")
            params += [theme, theme]
    if q:
        where.append("c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)")
        params.append(fts_query(q))
    return (("WHERE " + " AND ".join(where)) if where else ""), params


def count_complaints(db, **filters) -> int:
    """How many complaints match the filters (the same filters as `list_complaints`)."""
    clause, params = _complaint_filters(**filters)
    return db.execute(f"SELECT count(*) FROM complaints c {clause}", params).fetchone()[0]


def list_complaints(db, *, sort: str = "-received_on", limit: int = 50, offset: int = 0, count: bool = True,
                    **filters) -> tuple[list[dict], int | None]:
    """One page of complaints matching the filters (theme, year + year_basis, stage, outcome, status, team, q),
    newest first by default, with the total count (None when `count` is False)."""
    if sort not in SORTS:
        raise ComplaintsError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    clause, params = _complaint_filters(**filters)
    total = count_complaints(db, **filters) if count else None
    items = _rows(db.execute(
        f"SELECT {', '.join('c.' + col for col in LIST_COLUMNS)} FROM complaints c {clause} "
        f"ORDER BY {SORTS[sort]}, c.id LIMIT ? OFFSET ?", params + [limit, offset]))
    themes = _themes_by_complaint(db, [item["id"] for item in items])
    for item in items:
        item["themes"] = themes[item["id"]] or ["other"]
    return items, total


def _complaint_row(db, ref: str) -> dict:
    rows = _rows(db.execute("SELECT * FROM complaints WHERE complaint_ref = ?", [ref]))
    if not rows and ref.isdigit():
        rows = _rows(db.execute("SELECT * FROM complaints WHERE id = ?", [int(ref)]))
    if not rows:
        raise NotFoundError(f"no complaint with reference {ref!r}")
    return rows[0]


def get_complaint(db, ref: str) -> dict:
    """A complaint in full: fields, themes with scores and evidence, corrections, remedies, case link, decision."""
    complaint = _complaint_row(db, ref)
    complaint_id = complaint["id"]
    complaint["extra"] = json.loads(complaint["extra"]) if complaint.get("extra") else {}
    effective = {row[0] for row in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = ?", [complaint_id])}
    scored = _rows(db.execute(
        "SELECT theme, score, assigned, method, evidence, model_version FROM themes WHERE complaint_id = ? ORDER BY theme",
        [complaint_id]))
    for row in scored:
        row["evidence"] = json.loads(row["evidence"]) if row["evidence"] else []
        row["assigned"] = row["theme"] in effective
    complaint["themes"] = sorted(effective) or ["other"]
    complaint["theme_scores"] = scored
    complaint["corrections"] = _rows(db.execute(
        "SELECT theme, action, officer, reason, created_at FROM corrections WHERE complaint_id = ? ORDER BY id",
        [complaint_id]))
    decisions = _rows(db.execute(
        "SELECT id, ombudsman_ref, outcome, decision_date, category, remedy_total, needs_review, review_reason FROM decisions "
        "WHERE complaint_id = ? OR (ombudsman_ref IS NOT NULL AND ombudsman_ref = ?)",
        [complaint_id, complaint.get("ombudsman_ref")]))
    complaint["decisions"] = decisions
    decision_ids = [d["id"] for d in decisions]
    marks = ",".join("?" * len(decision_ids)) or "NULL"
    complaint["remedies"] = _rows(db.execute(
        f"SELECT kind, amount_gbp, purpose, payee, basis, due_on, decision_id FROM remedies "
        f"WHERE complaint_id = ? OR decision_id IN ({marks}) ORDER BY id", [complaint_id] + decision_ids))
    complaint["case_link"] = _case_link(db, complaint_id)
    return complaint


def _case_link(db, complaint_id: int) -> dict | None:
    """The complaint's linked case (the complaint_cases rule), else the best link still waiting for review."""
    links = _rows(db.execute(
        "SELECT v.link_id AS id, v.score, v.method, v.status, l.agreements, k.case_ref FROM complaint_cases v "
        "JOIN cases k ON k.id = v.case_id LEFT JOIN case_links l ON l.id = v.link_id WHERE v.complaint_id = ?",
        [complaint_id]))
    if not links:
        links = _rows(db.execute(
            "SELECT l.id, l.score, l.method, l.status, l.agreements, k.case_ref FROM case_links l "
            "JOIN cases k ON k.id = l.case_id WHERE l.complaint_id = ? AND l.status = 'review' "
            "ORDER BY l.score DESC LIMIT 1", [complaint_id]))
    if not links:
        return None
    link = links[0]
    link["agreements"] = json.loads(link["agreements"]) if link["agreements"] else None
    return link


def list_cases(db, *, q: str | None = None, team: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[dict], int]:
    """One page of case records (reference, team, school, plan dates, payment status) with the total."""
    where, params = [], []
    if team:
        where.append("team = ?")
        params.append(team)
    if q:
        where.append("(case_ref LIKE ? OR school LIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM cases {clause}", params).fetchone()[0]
    items = _rows(db.execute(
        "SELECT id, case_ref, team, school, caseworker, request_received_on, plan_issued_on, last_annual_review_on, "
        f"direct_payment_status FROM cases {clause} ORDER BY case_ref LIMIT ? OFFSET ?", params + [limit, offset]))
    return items, total


def get_case(db, case_ref: str) -> dict:
    """A case record with every complaint linked to it now (the complaint_cases rule)."""
    rows = _rows(db.execute("SELECT * FROM cases WHERE case_ref = ?", [case_ref]))
    if not rows:
        raise NotFoundError(f"no case with reference {case_ref!r}")
    case = rows[0]
    case["extra"] = json.loads(case["extra"]) if case.get("extra") else {}
    case["complaints"] = _rows(db.execute(
        "SELECT c.complaint_ref, c.received_on, c.stage, c.status, c.outcome FROM complaints c "
        "JOIN complaint_cases v ON v.complaint_id = c.id WHERE v.case_id = ? ORDER BY c.received_on", [case["id"]]))
    return case


DECISION_COLUMNS = ("id", "ombudsman_ref", "council", "category", "outcome", "decision_date", "remedy_total",
                    "needs_review", "review_reason", "remedy_before_ombudsman", "complaint_id")


def list_decisions(db, *, outcome: str | None = None, year: str | None = None, year_basis: str = "financial",
                   needs_review: bool | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """One page of ombudsman decisions, newest first, with the total."""
    where, params = [], []
    if outcome:
        where.append("outcome = ?")
        params.append(outcome)
    if year:
        first, last = year_range(year, year_basis)
        where.append("decision_date BETWEEN ? AND ?")
        params += [first, last]
    if needs_review is not None:
        where.append("needs_review = ?")
        params.append(int(needs_review))
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM decisions {clause}", params).fetchone()[0]
    items = _rows(db.execute(
        f"SELECT {', '.join(DECISION_COLUMNS)} FROM decisions {clause} ORDER BY decision_date DESC, id DESC "
        "LIMIT ? OFFSET ?", params + [limit, offset]))
    return items, total


def get_decision(db, ref: str) -> dict:
    """A decision with its summary, sections, money and other remedies, agreed actions and linked complaint."""
    digits = re.sub(r"\D", "", ref)
    spaced = f"{digits[:2]} {digits[2:5]} {digits[5:]}" if len(digits) == 8 else ref
    rows = _rows(db.execute("SELECT * FROM decisions WHERE ombudsman_ref = ?", [spaced]))
    if not rows:
        raise NotFoundError(f"no ombudsman decision with reference {ref!r} (write it like 23 004 512)")
    decision = rows[0]
    decision["sections"] = json.loads(decision["sections"]) if decision.get("sections") else {}
    decision["remedies"] = _rows(db.execute(
        "SELECT id, kind, amount_gbp, purpose, payee, basis, due_on FROM remedies WHERE decision_id = ? ORDER BY id",
        [decision["id"]]))
    decision["actions"] = _rows(db.execute(
        "SELECT id, kind, description, due_on, done_on, evidence FROM actions WHERE decision_id = ? ORDER BY id",
        [decision["id"]]))
    complaint = db.execute("SELECT complaint_ref FROM complaints WHERE id = ?", [decision.get("complaint_id")]).fetchone()
    decision["complaint_ref"] = complaint[0] if complaint else None
    return decision


def list_remedies(db, *, purpose: str | None = None, year: str | None = None, year_basis: str = "financial",
                  limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """Money remedies from ombudsman decisions, newest decision first, with the total count and sum."""
    where, params = ["r.kind = 'money'"], []
    if purpose:
        where.append("r.purpose = ?")
        params.append(purpose)
    if year:
        first, last = year_range(year, year_basis)
        where.append("d.decision_date BETWEEN ? AND ?")
        params += [first, last]
    clause = "WHERE " + " AND ".join(where)
    total, amount = db.execute(
        f"SELECT count(*), coalesce(sum(r.amount_gbp), 0) FROM remedies r JOIN decisions d ON d.id = r.decision_id {clause}",
        params).fetchone()
    items = _rows(db.execute(
        "SELECT r.id, d.ombudsman_ref, d.decision_date, r.amount_gbp, r.purpose, r.payee, r.basis, r.due_on "
        f"FROM remedies r JOIN decisions d ON d.id = r.decision_id {clause} "
        "ORDER BY d.decision_date DESC, r.id LIMIT ? OFFSET ?", params + [limit, offset]))
    return items, total, amount
