"""The ombudsman's headline figures for the council per financial year, the way its annual letter states them.

Per financial year of the decision date:
- decisions: every ombudsman decision recorded (including those closed after initial enquiries);
- upheld_rate: upheld / decisions after a detailed investigation (outcome upheld or not upheld);
- compliance_rate: agreed actions done by their due date / actions of that year's decisions already due
  (due_on on or before `as_of`); an action done late, or not done, does not comply;
- remedy_before_ombudsman_rate: upheld decisions where the council had already offered a satisfactory remedy
  (decisions.remedy_before_ombudsman) / upheld decisions;
- by_service_area: decisions by the top level of the ombudsman's category ("Education > ..." -> "Education"),
  else the linked complaint's service area, else "unknown".
Rates over fewer than `suppress_below` decisions or actions are null and listed in `suppressed`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from complaints.periods import parse_day, year_label

__all__ = ["headline_figures"]


def _rate(part, whole, suppress_below):
    return round(part / whole, 4) if whole and whole >= suppress_below else None


def headline_figures(db, *, years: list[str] | None = None, as_of=None, suppress_below: int = 5) -> list[dict]:
    """One row of headline figures per financial year (all years with decisions, or just `years`)."""
    as_of = parse_day(as_of) or date.today()
    rows = db.execute("""
        SELECT d.id, d.decision_date, lower(trim(COALESCE(d.outcome, ''))), d.remedy_before_ombudsman,
               d.category, c.service_area
        FROM decisions d LEFT JOIN complaints c ON c.id = d.complaint_id""").fetchall()
    actions = defaultdict(list)
    for decision_id, due, done in db.execute("SELECT decision_id, due_on, done_on FROM actions"):
        actions[decision_id].append((parse_day(due), parse_day(done)))
    per_year: dict = defaultdict(lambda: {"decisions": 0, "upheld": 0, "investigated": 0, "before": 0,
                                          "due": 0, "complied": 0, "areas": Counter()})
    for did, day, outcome, before, category, area in rows:
        label = year_label(day, "financial")
        if label is None or (years and label not in years):
            continue
        year = per_year[label]
        year["decisions"] += 1
        if outcome in ("upheld", "not upheld"):
            year["investigated"] += 1
        if outcome == "upheld":
            year["upheld"] += 1
            year["before"] += int(bool(before))
        top = (category or "").split(">")[0].strip()
        year["areas"][top or (area or "").strip() or "unknown"] += 1
        for due, done in actions[did]:
            if due is not None and due <= as_of:
                year["due"] += 1
                year["complied"] += int(done is not None and done <= due)
    out = []
    for label in (years or sorted(per_year)):
        y = per_year[label]
        row = {"year": label, "decisions": y["decisions"], "upheld": y["upheld"],
               "upheld_rate": _rate(y["upheld"], y["investigated"], suppress_below), "upheld_n": y["investigated"],
               "compliance_rate": _rate(y["complied"], y["due"], suppress_below), "compliance_n": y["due"],
               "remedy_before_ombudsman": y["before"],
               "remedy_before_ombudsman_rate": _rate(y["before"], y["upheld"], suppress_below),
               "remedy_before_ombudsman_n": y["upheld"],
               "by_service_area": dict(sorted(y["areas"].items(), key=lambda kv: (-kv[1], kv[0])))}
        row["suppressed"] = [name for name, n in (("upheld_rate", y["investigated"]), ("compliance_rate", y["due"]),
                                                  ("remedy_before_ombudsman_rate", y["upheld"]))
                             if 0 < n < suppress_below]
        out.append(row)
    return out
