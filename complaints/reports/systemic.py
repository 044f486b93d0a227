"""Systemic patterns for the ombudsman liaison officer: recurring faults across decisions and complaints.

A case enters the analysis when fault was found: an ombudsman decision with outcome `upheld`, or a council
complaint upheld or partly upheld that has neither been escalated further (its later stage stands for it) nor
linked to an ombudsman decision (the decision stands for it). A pattern is the case's theme combination
(decision_themes, else its complaint's themes; none -> other) plus, when the service layer passes a `cluster`
function (nlp.patterns.cluster_fault_statements), the label of its sub-pattern within that combination, found
by clustering the fault statements ("What I found", else the summary, else the complaint text) of each
combination separately.

For each pattern: cases per year (financial year of the decision: the ombudsman's decision date, else the
council's reply, else receipt), remedy total (each case once), the service improvements agreed in its
decisions and whether they were done by their due date, representative (most recent) cases, and whether the
pattern recurred: a case received after the first improvement for the pattern was agreed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from typing import Callable, Sequence

from complaints.periods import parse_day, year_label

__all__ = ["fault_cases", "pattern_chart", "systemic_patterns", "evidence_rows", "pattern_rows", "render_html", "render_json", "render_csv",
           "render_xlsx", "Cluster"]

# cluster(statements, groups) -> one label per statement; groups are the statements' theme combinations, so
# the clusterer finds sub-patterns within each combination rather than across them.
Cluster = Callable[[Sequence[str], Sequence[tuple]], list[str]]
EXCERPT_CHARS = 240


def _fault_statement(sections: str | None, summary: str | None, text: str | None) -> str:
    try:
        parts = json.loads(sections) if sections else {}
    except ValueError:
        parts = {}
    if isinstance(parts, dict):
        # the parser stores "What I found" / "Analysis" under "findings"; older rows kept the heading itself
        for heading, body in parts.items():
            if ("found" in heading.lower() or "finding" in heading.lower()) and body:
                return str(body)
    return summary or (text or "")[:2000]


def _themes(db, view: str, key: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for record_id, theme in db.execute(f"SELECT {key}, theme FROM {view} ORDER BY theme"):
        found.setdefault(record_id, []).append(theme)
    return found


def fault_cases(db, year_basis: str = "financial") -> list[dict]:
    """Every case where fault was found, with its themes, year, remedy and fault statement."""
    complaint_themes = _themes(db, "complaint_themes", "complaint_id")
    decision_themes = _themes(db, "decision_themes", "decision_id")
    cases = []
    for (did, ref, day, outcome, summary, text, sections, total, cid, cref, creceived, cremedy,
         case_ref) in db.execute("""
            SELECT d.id, d.ombudsman_ref, d.decision_date, lower(trim(d.outcome)), d.summary, d.text, d.sections,
                   d.remedy_total, c.id, c.complaint_ref, c.received_on, c.remedy_amount, c.case_ref
            FROM decisions d LEFT JOIN complaints c ON c.id = d.complaint_id
            WHERE lower(trim(d.outcome)) = 'upheld' ORDER BY d.decision_date, d.ombudsman_ref"""):
        cases.append({
            "kind": "decision", "decision_id": did, "ref": ref, "ombudsman_ref": ref, "complaint_ref": cref,
            "case_ref": case_ref, "decided_on": day, "received_on": creceived,
            "year": year_label(day, year_basis), "outcome": outcome,
            "themes": decision_themes.get(did) or complaint_themes.get(cid) or ["other"],
            "remedy": total if total is not None else cremedy,
            "statement": _fault_statement(sections, summary, text),
        })
    for (cid, ref, received, responded, decided, outcome, remedy, text, ombudsman_ref, case_ref) in db.execute("""
            SELECT c.id, c.complaint_ref, c.received_on, c.responded_on, c.decided_on, lower(trim(c.outcome)),
                   c.remedy_amount, c.text, c.ombudsman_ref, c.case_ref
            FROM complaints c
            WHERE lower(trim(c.outcome)) IN ('upheld', 'partly upheld')
              AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.complaint_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM complaints later WHERE later.escalated_from = c.complaint_ref)
            ORDER BY c.received_on, c.complaint_ref"""):
        day = decided or responded or received
        cases.append({
            "kind": "complaint", "decision_id": None, "ref": ref, "ombudsman_ref": ombudsman_ref,
            "complaint_ref": ref, "case_ref": case_ref, "decided_on": day, "received_on": received,
            "year": year_label(day, year_basis), "outcome": outcome,
            "themes": complaint_themes.get(cid) or ["other"], "remedy": remedy, "statement": text or "",
        })
    return cases


def _improvements(db, decision_ids: set[int], as_of: date) -> list[dict]:
    if not decision_ids:
        return []
    marks = ", ".join("?" for _ in decision_ids)
    out = []
    for ref, agreed, text, due, done in db.execute(f"""
            SELECT d.ombudsman_ref, d.decision_date, a.description, a.due_on, a.done_on
            FROM actions a JOIN decisions d ON d.id = a.decision_id
            WHERE a.kind = 'service_improvement' AND a.decision_id IN ({marks})
            ORDER BY d.decision_date, a.id""", sorted(decision_ids)):
        due_day, done_day = parse_day(due), parse_day(done)
        if done_day:
            state = "done" if not due_day or done_day <= due_day else "done late"
        else:
            state = "overdue" if due_day and due_day < as_of else "not yet due"
        out.append({"ombudsman_ref": ref, "agreed_on": agreed, "description": text, "due_on": due,
                    "done_on": done, "state": state})
    return out


def _pattern_id(themes: tuple, label: str | None) -> str:
    return "p-" + hashlib.sha1(("+".join(themes) + "|" + (label or "")).encode()).hexdigest()[:8]


def systemic_patterns(db, *, cluster: Cluster | None = None, min_cases: int = 2, year_basis: str = "financial",
                      representatives: int = 3, as_of=None) -> dict:
    """Recurring fault patterns with yearly counts, remedy totals, improvements and recurrence."""
    as_of = parse_day(as_of) or date.today()
    cases = fault_cases(db, year_basis)
    combinations = [tuple(sorted(c["themes"])) for c in cases]
    labels = (cluster([c["statement"] for c in cases], combinations) if cluster and cases
              else [None] * len(cases))
    groups: dict[tuple, list[dict]] = {}
    for case, label in zip(cases, labels):
        case["cluster"] = label
        groups.setdefault((tuple(sorted(case["themes"])), label), []).append(case)
    patterns = []
    for (themes, label), members in groups.items():
        if len(members) < min_cases:
            continue
        improvements = _improvements(db, {m["decision_id"] for m in members if m["decision_id"]}, as_of)
        first_agreed = min((parse_day(i["agreed_on"]) for i in improvements if i["agreed_on"]), default=None)
        recurrences = []
        if first_agreed:
            for m in members:
                # The fault recurred if a case reached the council after the improvement was agreed.
                started = parse_day(m["received_on"]) or parse_day(m["decided_on"])
                if started and started > first_agreed:
                    recurrences.append(m["ref"])
        pid = _pattern_id(themes, label)
        for m in members:
            m["pattern_id"] = pid
        newest = sorted(members, key=lambda m: (m["decided_on"] or "", m["ref"]), reverse=True)
        patterns.append({
            "id": pid, "themes": list(themes), "cluster": label,
            "title": " + ".join(t.replace("_", " ") for t in themes) + (f": {label}" if label else ""),
            "count": len(members),
            "decisions": sum(m["kind"] == "decision" for m in members),
            "complaints": sum(m["kind"] == "complaint" for m in members),
            "by_year": dict(sorted(Counter(m["year"] or "unknown" for m in members).items())),
            "remedy_total": round(sum(m["remedy"] or 0 for m in members), 2),
            "service_improvements": improvements,
            "improvement_agreed_on": first_agreed.isoformat() if first_agreed else None,
            "recurred_after_improvement": (bool(recurrences) if first_agreed else None),
            "recurrences": recurrences,
            "representative_cases": [_public(m) for m in newest[:representatives]],
            "cases": [_public(m) for m in sorted(members, key=lambda m: (m["decided_on"] or "", m["ref"]))],
        })
    patterns.sort(key=lambda p: (-p["count"], -p["remedy_total"], p["title"]))
    return {"as_of": as_of.isoformat(), "year_basis": year_basis, "clustered": cluster is not None,
            "min_cases": min_cases, "cases_considered": len(cases), "patterns": patterns}


def _public(case: dict) -> dict:
    statement = case["statement"] or ""
    return {"kind": case["kind"], "ref": case["ref"], "ombudsman_ref": case["ombudsman_ref"],
            "complaint_ref": case["complaint_ref"], "case_ref": case["case_ref"], "received_on": case["received_on"],
            "decided_on": case["decided_on"], "year": case["year"], "outcome": case["outcome"],
            "themes": case["themes"], "remedy": case["remedy"],
            "statement": statement[:EXCERPT_CHARS] + ("…" if len(statement) > EXCERPT_CHARS else "")}


def evidence_rows(result: dict, pattern_id: str) -> list[dict]:
    """Every case behind one pattern, one row each, for the evidence pack."""
    from complaints.errors import NotFoundError

    for pattern in result["patterns"]:
        if pattern["id"] == pattern_id:
            return [{"pattern_id": pattern_id, "pattern": pattern["title"], **case,
                     "themes": ", ".join(case["themes"])} for case in pattern["cases"]]
    known = ", ".join(p["id"] for p in result["patterns"]) or "none"
    raise NotFoundError(f"no pattern {pattern_id!r}; the patterns are: {known}")


def pattern_rows(result: dict) -> list[dict]:
    """One flat row per pattern (for CSV and spreadsheets)."""
    rows = []
    for p in result["patterns"]:
        rows.append({"id": p["id"], "pattern": p["title"], "count": p["count"], "decisions": p["decisions"],
                     "complaints": p["complaints"],
                     "by_year": "; ".join(f"{y}: {n}" for y, n in p["by_year"].items()),
                     "remedy_total": p["remedy_total"],
                     "service_improvements": "; ".join(f"{i['description']} ({i['state']})"
                                                       for i in p["service_improvements"]),
                     "improvement_agreed_on": p["improvement_agreed_on"],
                     "recurred_after_improvement": p["recurred_after_improvement"],
                     "representative_cases": ", ".join(c["ref"] for c in p["representative_cases"])})
    return rows


def pattern_chart(result: dict, top: int = 6):
    """A matplotlib figure: cases per year for the largest patterns."""
    from complaints.reports.charts import THEME_COLOURS, new_figure

    patterns = result["patterns"][:top]
    years = sorted({y for p in patterns for y in p["by_year"]})
    figure, axes = new_figure("Cases per year in the largest fault patterns", height=3.8)
    x = list(range(len(years)))
    width = 0.8 / max(len(patterns), 1)
    for i, p in enumerate(patterns):
        axes.bar([xi - 0.4 + width * (i + 0.5) for xi in x], [p["by_year"].get(y, 0) for y in years], width=width,
                 label=p["title"][:60], color=THEME_COLOURS[i % len(THEME_COLOURS)])
    axes.set_xticks(x, years)
    axes.set_ylabel("cases")
    if patterns:
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return figure


def render_json(result: dict) -> str:
    """The patterns as JSON."""
    return json.dumps(result, indent=2, ensure_ascii=False)


def render_csv(rows: list[dict]) -> str:
    """Rows (patterns or evidence) as CSV, formulas neutralised."""
    from complaints.reports.spreadsheet import csv_text

    return csv_text(rows)


def render_xlsx(result: dict, evidence: list[dict] | None = None) -> bytes:
    """Patterns and improvements as a workbook, or one pattern's evidence pack when `evidence` is given."""
    from complaints.reports.spreadsheet import xlsx_bytes

    if evidence is not None:
        return xlsx_bytes({"Evidence": evidence}, title="Evidence pack")
    improvements = [{"pattern_id": p["id"], "pattern": p["title"], **i}
                    for p in result["patterns"] for i in p["service_improvements"]]
    return xlsx_bytes({"Patterns": pattern_rows(result), "Service improvements": improvements},
                      title="Systemic patterns")


def render_html(result: dict, *, council: str = "") -> str:
    """The patterns as a printable HTML page (escaped)."""
    from complaints.reports.rendering import render_template

    return render_template("systemic.html", result=result, council=council)
