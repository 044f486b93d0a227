"""Compliance with ombudsman recommendations: action status, marking actions done, and the yearly figures
the ombudsman's annual letter publishes about a council.

Definitions (README, "Ombudsman decisions"):
- An action is `done` once it has a done_on date; otherwise `overdue` when its due date is before `today`,
  else `open` (an action with no due date stays `open`).
- "% of recommendations complied with on time" for a year = actions done on or before their due date,
  divided by the actions that have fallen due by `today` or are done (actions not yet due, and actions
  with no due date that are not done, are left out). A decision's year is that of its decision_date.
- "Remedy already provided by the council before the ombudsman's involvement" = upheld decisions marked
  remedy_before_ombudsman, as a share of upheld decisions that year (the letter's "satisfactory remedy
  provided by the authority").
"""

from __future__ import annotations

from datetime import date

from complaints.audit import record_event
from complaints.errors import DecisionError, NotFoundError
from complaints.periods import year_label
from complaints.store import Database, transaction, utc_now

__all__ = ["action_status", "list_actions", "decision_compliance", "mark_action_done", "compliance_by_year"]


def _as_date(value: str | date | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise DecisionError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from exc


def action_status(due_on: str | None, done_on: str | None, today: date | str) -> str:
    """'done', 'overdue' or 'open' for an action with these dates, as of `today`."""
    if done_on:
        return "done"
    due = _as_date(due_on, "due date")
    return "overdue" if due is not None and due < _as_date(today, "today") else "open"


def list_actions(db: Database, *, status: str | None = None, today: date | str | None = None) -> list[dict]:
    """Every agreed action with its decision reference and status as of `today` (default: the real today)."""
    today = _as_date(today, "today") or date.today()
    if status not in (None, "open", "overdue", "done"):
        raise DecisionError(f"unknown action status {status!r}; use open, overdue or done")
    rows = db.execute(
        "SELECT a.id, d.ombudsman_ref, d.council, a.kind, a.description, a.due_on, a.done_on, a.evidence "
        "FROM actions a JOIN decisions d ON d.id = a.decision_id ORDER BY a.due_on IS NULL, a.due_on, a.id"
    ).fetchall()
    out = []
    for action_id, ref, council, kind, description, due_on, done_on, evidence in rows:
        state = action_status(due_on, done_on, today)
        if status and state != status:
            continue
        out.append({
            "id": action_id, "ombudsman_ref": ref, "council": council, "kind": kind, "description": description,
            "due_on": due_on, "done_on": done_on, "evidence": evidence, "status": state,
            "on_time": (done_on <= due_on) if (done_on and due_on) else None,
        })
    return out


def decision_compliance(db: Database, *, today: date | str | None = None) -> list[dict]:
    """Per decision: how many of its actions are open, overdue and done (and done on time)."""
    per: dict[str, dict] = {}
    for action in list_actions(db, today=today):
        entry = per.setdefault(action["ombudsman_ref"], {"ombudsman_ref": action["ombudsman_ref"], "actions": 0,
                                                         "open": 0, "overdue": 0, "done": 0, "done_on_time": 0})
        entry["actions"] += 1
        entry[action["status"]] += 1
        entry["done_on_time"] += bool(action["on_time"])
    return sorted(per.values(), key=lambda e: e["ombudsman_ref"])


def mark_action_done(db: Database, action_id: int, done_on: date | str, evidence: str, *, actor: str = "cli",
                     role: str | None = None) -> dict:
    """Record that an action was completed on `done_on`, with the evidence seen; returns the updated action."""
    done = _as_date(done_on, "done date")
    if not (evidence or "").strip():
        raise DecisionError("evidence is required: say what shows the action was done (e.g. 'payment record 18 April')")
    with transaction(db):
        row = db.execute("SELECT id FROM actions WHERE id = ?", [action_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no action with id {action_id}; list them with `complaints actions`")
        db.execute("UPDATE actions SET done_on = ?, evidence = ?, updated_at = ? WHERE id = ?",
                   [done.isoformat(), evidence.strip(), utc_now(), action_id])
        record_event(db, actor=actor, role=role, action="action_done", entity="action", entity_id=action_id,
                     detail={"done_on": done.isoformat()})
    return next(a for a in list_actions(db, today=done) if a["id"] == action_id)


def compliance_by_year(db: Database, *, year_basis: str = "financial", today: date | str | None = None) -> list[dict]:
    """Per reporting year of the decision date: recommendations complied with on time, and remedies the council
    had already provided before the ombudsman's involvement, as the annual letter publishes them."""
    today = _as_date(today, "today") or date.today()
    years: dict[str, dict] = {}

    def bucket(decision_date: str) -> dict:
        label = year_label(_as_date(decision_date, "decision date"), year_basis)
        return years.setdefault(label, {
            "year": label, "decisions": 0, "upheld": 0, "remedy_before_ombudsman": 0,
            "recommendations": 0, "due": 0, "complied_on_time": 0, "complied_late": 0, "overdue": 0, "not_yet_due": 0,
        })

    for decision_date, outcome, before in db.execute(
        "SELECT decision_date, outcome, remedy_before_ombudsman FROM decisions WHERE decision_date IS NOT NULL"
    ).fetchall():
        entry = bucket(decision_date)
        entry["decisions"] += 1
        if outcome == "upheld":
            entry["upheld"] += 1
            entry["remedy_before_ombudsman"] += bool(before)
    for decision_date, due_on, done_on in db.execute(
        "SELECT d.decision_date, a.due_on, a.done_on FROM actions a JOIN decisions d ON d.id = a.decision_id "
        "WHERE d.decision_date IS NOT NULL"
    ).fetchall():
        entry = bucket(decision_date)
        entry["recommendations"] += 1
        state = action_status(due_on, done_on, today)
        if state == "done":
            entry["due"] += 1
            if due_on is None or done_on <= due_on:
                entry["complied_on_time"] += 1
            else:
                entry["complied_late"] += 1
        elif state == "overdue":
            entry["due"] += 1
            entry["overdue"] += 1
        else:
            entry["not_yet_due"] += 1
    for entry in years.values():
        entry["on_time_rate"] = round(entry["complied_on_time"] / entry["due"], 4) if entry["due"] else None
        entry["remedy_before_ombudsman_rate"] = (
            round(entry["remedy_before_ombudsman"] / entry["upheld"], 4) if entry["upheld"] else None
        )
    return [years[k] for k in sorted(years)]
