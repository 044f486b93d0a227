"""The Executive Director's weekly review pack for one ISO week, as data, HTML, JSON or XLSX.

The pack is compiled as at the end of the week (Sunday) unless another `as_of` date is given, and reads
the database as it would have stood then: replies dated after `as_of` are treated as not yet sent.

Sections: new complaints (by theme and stage), responses that fell due this week, overdue responses (days
and working days late), responses due next week, escalations to stage 2 and to the ombudsman, new ombudsman
decisions with their remedies and actions, repeat cases and complainants (two or more complaints in the
12 months to `as_of`, counting escalations with the complaint they escalate), and for every listed complaint
its linked case: plan status, last annual review and whether one is overdue (more than 12 months), direct
payment status, earlier complaints and ombudsman decisions. A complaint closed or withdrawn without a
recorded reply is not chased as due or overdue.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from complaints.clock import Rules, load_rules, response_deadline, response_state, working_days_between
from complaints.errors import ComplaintsError
from complaints.periods import parse_day

__all__ = ["WeekError", "week_bounds", "weekly_pack", "render_html", "render_json", "render_xlsx"]

EXCERPT_CHARS = 280


class WeekError(ComplaintsError):
    """A week is not written as an ISO week such as 2024-W42."""


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written like 2024-W42."""
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", str(week).strip(), flags=re.IGNORECASE)
    if not match:
        raise WeekError(f"week {week!r} is not an ISO week: write it like 2024-W42")
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise WeekError(f"week {week!r} does not exist: {match.group(1)} has no week {match.group(2)}") from None
    return monday, monday + timedelta(days=6)


def _rows(db, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


def _themes(db, ids: set[int]) -> dict[int, list[str]]:
    found = defaultdict(list)
    for complaint_id, theme in db.execute(
            "SELECT complaint_id, theme FROM complaint_themes WHERE complaint_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY theme", [json.dumps(sorted(ids))]):
        found[complaint_id].append(theme)
    return found


def _linked_cases(db, ids: set[int]) -> dict[int, int | None]:
    """complaint id -> case id for the given complaints (the complaint_cases view's rule)."""
    return dict(db.execute("SELECT complaint_id, case_id FROM complaint_cases "
                           "WHERE complaint_id IN (SELECT value FROM json_each(?))",
                           [json.dumps(sorted(ids))]).fetchall())


def _known(value, as_of: date):
    """A date field as known on `as_of`: later dates had not happened yet."""
    day = parse_day(value)
    return day if day is not None and day <= as_of else None


def _awaited(row: dict) -> bool:
    """False for a complaint closed or withdrawn without a recorded reply: nobody is waiting for one."""
    if row["responded_on"]:
        return True
    closed = (row["status"] or "").strip().lower() in ("closed", "withdrawn")
    return not closed and (row["outcome"] or "").strip().lower() != "withdrawn"


def _item(row: dict, themes: dict, rules: Rules, as_of: date) -> dict:
    received = parse_day(row["received_on"])
    responded = _known(row["responded_on"], as_of)
    deadline = response_deadline(rules, received, row["procedure"], row["stage"]) if received else None
    text = row["text"] or ""
    item = {
        "complaint_ref": row["complaint_ref"], "received_on": row["received_on"], "stage": row["stage"],
        "procedure": row["procedure"], "status": row["status"], "outcome": row["outcome"],
        "team": row["team"], "service_area": row["service_area"], "themes": themes.get(row["id"]) or ["other"],
        "complainant": (row["complainant_name"] or "").strip() or None,
        "escalated_from": row["escalated_from"], "ombudsman_ref": row["ombudsman_ref"],
        "responded_on": responded.isoformat() if responded else None,
        "deadline": deadline.isoformat() if deadline else None,
        "state": response_state(deadline, responded, as_of) if deadline and _awaited(row) else None,
        "excerpt": text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else ""),
    }
    if item["state"] == "overdue":
        item["days_late"] = (as_of - deadline).days
        item["working_days_late"] = working_days_between(deadline, as_of)
    elif item["state"] in ("due", "due_soon"):
        item["working_days_left"] = working_days_between(as_of, deadline)
    return item


def _plan_status(case: dict, as_of: date) -> dict:
    issued = parse_day(case["plan_issued_on"])
    requested = parse_day(case["request_received_on"])
    reviewed = parse_day(case["last_annual_review_on"])
    if issued and issued <= as_of:
        status = "plan issued"
    elif requested and requested <= as_of:
        weeks = (as_of - requested).days // 7
        status = f"assessment in progress, {weeks} weeks since the request" + (
            " (past the 20-week limit)" if weeks > 20 else "")
    else:
        status = "no plan recorded"
    # A plan is reviewed within 12 months of issue, then within 12 months of the previous review.
    reference = reviewed or (issued if issued and issued <= as_of else None)
    overdue = None
    if reference is not None:
        try:
            due = reference.replace(year=reference.year + 1)
        except ValueError:  # 29 February
            due = reference.replace(year=reference.year + 1, day=28)
        overdue = as_of > due
    return {"plan_status": status, "plan_issued_on": case["plan_issued_on"],
            "request_received_on": case["request_received_on"], "last_annual_review_on": case["last_annual_review_on"],
            "annual_review_overdue": overdue}


def _case_context(complaint: dict, case: dict, case_complaints: list[dict], decisions: dict, as_of: date) -> dict:
    received = complaint["received_on"] or ""
    earlier = [{"complaint_ref": c["complaint_ref"], "received_on": c["received_on"], "stage": c["stage"],
                "outcome": c["outcome"]}
               for c in case_complaints
               if c["id"] != complaint["id"] and (c["received_on"] or "") < received]
    ids = {c["id"] for c in case_complaints}
    found = [d for cid in ids for d in decisions.get(cid, []) if (d["decision_date"] or "") <= as_of.isoformat()]
    context = {"case_ref": case["case_ref"], "direct_payment_status": case["direct_payment_status"],
               "earlier_complaints": sorted(earlier, key=lambda c: c["received_on"] or ""),
               "decisions": sorted(found, key=lambda d: d["decision_date"] or "")}
    context.update(_plan_status(case, as_of))
    return context


def _repeats(complaints: list[dict], case_of: dict, cases: dict, as_of: date, start: date) -> dict:
    window = as_of - timedelta(days=365)
    recent = [c for c in complaints if (day := parse_day(c["received_on"])) and window < day <= as_of]

    def active(group):
        # Worth raising this week: something in the group arrived this week or is still open.
        return any(parse_day(c["received_on"]) >= start or
                   (c["status"] or "").lower() != "closed" for c in group)

    def fresh(group):
        # An escalation is the same complaint moving on, not a new one.
        return sorted((c for c in group if not c["escalated_from"]), key=lambda c: c["received_on"])

    by_case, by_person = defaultdict(list), defaultdict(list)
    for c in recent:
        if case_of.get(c["id"]):
            by_case[case_of[c["id"]]].append(c)
        name = re.sub(r"\s+", " ", (c["complainant_name"] or "").strip().lower())
        if name:
            postcode = re.sub(r"\s+", "", (c["postcode"] or "").upper())
            by_person[(name, postcode)].append(c)
    repeat_cases = [{"case_ref": cases[cid]["case_ref"], "count": len(fresh(group)),
                     "complaints": [c["complaint_ref"] for c in fresh(group)]}
                    for cid, group in by_case.items() if len(fresh(group)) >= 2 and active(group)]
    repeat_people = [{"complainant": fresh(group)[0]["complainant_name"].strip(), "count": len(fresh(group)),
                      "complaints": [c["complaint_ref"] for c in fresh(group)]}
                     for group in by_person.values() if len(fresh(group)) >= 2 and active(group)]
    order = lambda r: (-r["count"], r["complaints"][0])  # noqa: E731
    return {"cases": sorted(repeat_cases, key=order), "complainants": sorted(repeat_people, key=order)}


def weekly_pack(db, week: str, *, as_of=None, rules: Rules | None = None) -> dict:
    """Everything the weekly review needs for ISO week `week` (e.g. "2024-W42"), as plain JSON-ready data."""
    start, end = week_bounds(week)
    as_of = parse_day(as_of) or end
    rules = rules or load_rules()
    # Only the complaints the pack can mention: received in the last 13 months (new, due, repeats) or still
    # awaiting a reply as at `as_of`; case histories are fetched for the linked cases alone.
    complaints = _rows(db, """
        SELECT * FROM complaints WHERE received_on IS NOT NULL AND received_on <> '' AND received_on <= ?
          AND (received_on >= ? OR responded_on > ?
               OR (COALESCE(responded_on, '') = '' AND lower(COALESCE(status, '')) NOT IN ('closed', 'withdrawn')
                   AND lower(COALESCE(outcome, '')) <> 'withdrawn'))
        ORDER BY received_on, complaint_ref""",
        [as_of.isoformat() + "~", (as_of - timedelta(days=400)).isoformat(), as_of.isoformat() + "~"])
    ids = {c["id"] for c in complaints}
    themes = _themes(db, ids)
    case_of = _linked_cases(db, ids)
    cases = {c["id"]: c for c in _rows(db, "SELECT * FROM cases WHERE id IN (SELECT value FROM json_each(?))",
                                       [json.dumps(sorted(set(case_of.values()) - {None}))])}
    history = _rows(db, """
        SELECT * FROM complaints WHERE case_ref IN (SELECT value FROM json_each(?))
           OR id IN (SELECT complaint_id FROM case_links WHERE status IN ('confirmed', 'auto')
                     AND case_id IN (SELECT value FROM json_each(?)))""",
        [json.dumps(sorted(c["case_ref"] for c in cases.values())), json.dumps(sorted(cases))])
    history_case = _linked_cases(db, {c["id"] for c in history})
    complaints_of_case = defaultdict(list)
    for c in history:
        if history_case.get(c["id"]) in cases and (c["received_on"] or "") <= as_of.isoformat() + "~":
            complaints_of_case[history_case[c["id"]]].append(c)
    decisions_of = defaultdict(list)
    for ref, day, outcome, remedy, cid in db.execute(
            "SELECT ombudsman_ref, decision_date, outcome, remedy_total, complaint_id FROM decisions "
            "WHERE complaint_id IN (SELECT value FROM json_each(?)) ORDER BY decision_date",
            [json.dumps(sorted({c["id"] for c in history}))]):
        decisions_of[cid].append({"ombudsman_ref": ref, "decision_date": day, "outcome": outcome,
                                  "remedy_total": remedy})

    items = {c["id"]: _item(c, themes, rules, as_of) for c in complaints}
    listed: set[int] = set()

    def take(rows):
        listed.update(c["id"] for c in rows)
        return [items[c["id"]] for c in rows]

    def received_this_week(c):
        return start <= parse_day(c["received_on"]) <= end

    new = [c for c in complaints if received_this_week(c)]
    by_theme_stage = Counter((t, items[c["id"]]["stage"]) for c in new for t in items[c["id"]]["themes"])
    due_this_week = [c for c in complaints if items[c["id"]]["deadline"]
                     and start.isoformat() <= items[c["id"]]["deadline"] <= end.isoformat()]
    next_start, next_end = end + timedelta(days=1), end + timedelta(days=7)
    due_next_week = [c for c in complaints if items[c["id"]]["state"] in ("due", "due_soon")
                     and next_start.isoformat() <= items[c["id"]]["deadline"] <= next_end.isoformat()]
    overdue = sorted((c for c in complaints if items[c["id"]]["state"] == "overdue"),
                     key=lambda c: (-items[c["id"]]["days_late"], c["complaint_ref"]))
    escalations = {
        "stage_2": take([c for c in new if str(c["stage"]) == "2"]),
        "ombudsman": take([c for c in new if str(c["stage"]).lower() == "ombudsman"]),
    }
    earlier_refs = [i["escalated_from"] for group in escalations.values() for i in group if i["escalated_from"]]
    earlier = dict(db.execute("SELECT complaint_ref, outcome FROM complaints "
                              "WHERE complaint_ref IN (SELECT value FROM json_each(?))", [json.dumps(earlier_refs)]))
    for group in escalations.values():
        for item in group:
            item["escalated_from_outcome"] = earlier.get(item["escalated_from"] or "")

    pack = {
        "week": f"{start.isocalendar().year}-W{start.isocalendar().week:02d}",
        "starts_on": start.isoformat(), "ends_on": end.isoformat(), "as_of": as_of.isoformat(),
        "new_complaints": {
            "count": len(new),
            "by_theme_stage": [{"theme": t, "stage": s, "count": n}
                               for (t, s), n in sorted(by_theme_stage.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))],
            "items": take(new),
        },
        "responses_due_this_week": take(due_this_week),
        "overdue": take(overdue),
        "responses_due_next_week": take(due_next_week),
        "escalations": escalations,
        "ombudsman_decisions": _new_decisions(db, start, end, as_of=as_of),
        "repeats": _repeats(complaints, case_of, cases, as_of, start),
    }
    contexts = {}
    by_id = {c["id"]: c for c in complaints}
    for cid in sorted(listed):
        complaint = by_id[cid]
        case_id = case_of.get(cid)
        contexts[complaint["complaint_ref"]] = (
            _case_context(complaint, cases[case_id], complaints_of_case[case_id], decisions_of, as_of)
            if case_id in cases else None)
    pack["case_context"] = contexts
    return pack


def _new_decisions(db, start: date, end: date, *, as_of: date) -> list[dict]:
    rows = db.execute("SELECT d.id, d.ombudsman_ref, d.decision_date, d.outcome, d.category, d.remedy_total,"
                      " c.complaint_ref FROM decisions d LEFT JOIN complaints c ON c.id = d.complaint_id"
                      " WHERE d.decision_date BETWEEN ? AND ? ORDER BY d.decision_date, d.ombudsman_ref",
                      [start.isoformat(), end.isoformat() + "~"]).fetchall()
    out = []
    for did, ref, day, outcome, category, total, complaint_ref in rows:
        remedies = [{"kind": k, "amount_gbp": a, "purpose": p, "due_on": d} for k, a, p, d in db.execute(
            "SELECT kind, amount_gbp, purpose, due_on FROM remedies WHERE decision_id = ? ORDER BY id", [did])]
        actions = []
        for kind, text, due, done in db.execute(
                "SELECT kind, description, due_on, done_on FROM actions WHERE decision_id = ? ORDER BY due_on, id",
                [did]):
            done_day, due_day = _known(done, as_of), parse_day(due)
            if done_day:
                state = "done" if not due_day or done_day <= due_day else "done late"
            else:
                state = "overdue" if due_day and due_day < as_of else "due"
            actions.append({"kind": kind, "description": text, "due_on": due, "done_on": done_day and done_day.isoformat(),
                            "state": state})
        out.append({"ombudsman_ref": ref, "decision_date": day, "outcome": outcome, "category": category,
                    "complaint_ref": complaint_ref,
                    "remedy_total": total, "remedies": remedies, "actions": actions})
    return out


def render_json(pack: dict) -> str:
    """The pack as indented JSON."""
    return json.dumps(pack, indent=2, ensure_ascii=False)


def render_html(pack: dict, *, council: str = "") -> str:
    """The pack as one printable HTML page (A4 print styles; every value escaped)."""
    from complaints.reports.rendering import render_template

    return render_template("weekly.html", pack=pack, council=council)


def _flat(item: dict, context: dict | None) -> dict:
    row = {k: v for k, v in item.items() if k != "excerpt"}
    row["themes"] = ", ".join(item["themes"])
    if context:
        row.update({"case_ref": context["case_ref"], "plan_status": context["plan_status"],
                    "last_annual_review_on": context["last_annual_review_on"],
                    "annual_review_overdue": context["annual_review_overdue"],
                    "direct_payment_status": context["direct_payment_status"],
                    "earlier_complaints": ", ".join(c["complaint_ref"] for c in context["earlier_complaints"]),
                    "decisions": ", ".join(d["ombudsman_ref"] for d in context["decisions"])})
    row["excerpt"] = item["excerpt"]
    return row


def render_xlsx(pack: dict) -> bytes:
    """The pack as a workbook, one sheet per section, formulas neutralised."""
    from complaints.reports.spreadsheet import xlsx_bytes

    ctx = pack["case_context"]

    def rows(items):
        return [_flat(i, ctx.get(i["complaint_ref"])) for i in items]

    decisions = []
    for d in pack["ombudsman_decisions"]:
        base = {k: d[k] for k in ("ombudsman_ref", "decision_date", "outcome", "complaint_ref", "remedy_total")}
        decisions.append(base | {"line": "decision"})
        decisions.extend(base | {"line": "remedy", **r} for r in d["remedies"])
        decisions.extend(base | {"line": "action", **a} for a in d["actions"])
    sheets = {
        "Summary": [{"week": pack["week"], "starts_on": pack["starts_on"], "ends_on": pack["ends_on"],
                     "as_of": pack["as_of"], "new complaints": pack["new_complaints"]["count"],
                     "due this week": len(pack["responses_due_this_week"]), "overdue": len(pack["overdue"]),
                     "escalations to stage 2": len(pack["escalations"]["stage_2"]),
                     "escalations to the ombudsman": len(pack["escalations"]["ombudsman"]),
                     "new ombudsman decisions": len(pack["ombudsman_decisions"])}],
        "New by theme and stage": pack["new_complaints"]["by_theme_stage"],
        "New complaints": rows(pack["new_complaints"]["items"]),
        "Due this week": rows(pack["responses_due_this_week"]),
        "Overdue": rows(pack["overdue"]),
        "Due next week": rows(pack["responses_due_next_week"]),
        "Escalations": rows(pack["escalations"]["stage_2"] + pack["escalations"]["ombudsman"]),
        "Ombudsman decisions": decisions,
        "Repeat cases": [r | {"complaints": ", ".join(r["complaints"])} for r in pack["repeats"]["cases"]],
        "Repeat complainants": [r | {"complaints": ", ".join(r["complaints"])} for r in pack["repeats"]["complainants"]],
    }
    return xlsx_bytes(sheets, title=f"Weekly review pack {pack['week']}")
