"""Counts, upheld rates, remedy cost, working-day timeliness by year and dimension: the figures every report uses.

`aggregate(db, by=("year", "theme"))` returns DESIGN.md's shape
`{"by", "year_basis", "date", "rows": [...], "total": {...}}`.

Rules (stated once, here):
- upheld_rate = complaints upheld or partly upheld / complaints with a decided outcome (upheld, partly upheld,
  not upheld). Withdrawn and blank outcomes are not in the denominator. A complaint without an outcome of its
  own takes the outcome of the ombudsman decision linked to it.
- remedy = the remedy_total of the ombudsman decision(s) linked to the complaint (decisions.complaint_id), else
  the complaint's own remedy_amount. Grouped by theme, a complaint's remedy counts in full under each of its
  themes, so theme rows overlap; `total` counts each complaint once (the de-duplicated grand total).
- theme = the effective themes (view complaint_themes); a complaint with none is `other`.
- date "received" uses received_on; "decided" uses the linked decision's decision_date, else the complaint's
  decided_on, else received_on.
- median_days = median working days from received_on to responded_on (answered complaints).
- on_time_rate = answered complaints replied to on or before their working-day deadline date (clock rules)
  / answered complaints that have a council deadline (ombudsman-stage rows have none).
- A rate or median over fewer than `suppress_below` complaints is null and named in the row's `suppressed`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import numpy as np

from complaints.clock import Rules, add_working_days_array, find_rule, load_rules, working_days_array
from complaints.errors import ComplaintsError
from complaints.periods import YEAR_BASES, year_sql

__all__ = ["DIMENSIONS", "METRICS", "DEFAULT_METRICS", "AggregateError", "aggregate", "complaint_base_sql"]

# Dimension name -> SQL over the per-complaint base rows `b` (theme comes from the joined view `t`).
DIMENSIONS = {
    "year": "b.year",
    "theme": "COALESCE(t.theme, 'other')",
    "stage": "b.stage",
    "outcome": "b.outcome",
    "team": "b.team",
    "service_area": "b.service_area",
    "procedure": "b.procedure",
}
METRICS = ("count", "upheld_rate", "remedy_total", "median_days", "on_time_rate")
DEFAULT_METRICS = METRICS
DATES = ("received", "decided")
UPHELD = ("upheld", "partly upheld")
DECIDED = ("upheld", "partly upheld", "not upheld")


class AggregateError(ComplaintsError):
    """An aggregate was asked for with an unknown dimension, metric, date or filter."""


def complaint_base_sql(year_basis: str = "financial", date: str = "received") -> str:
    """SELECT giving one row per complaint: id, year, stage, outcome, team, service_area, procedure, remedy, dates."""
    if date not in DATES:
        raise AggregateError(f"unknown date {date!r}: use 'received' or 'decided'")
    if year_basis not in YEAR_BASES:
        raise AggregateError(f"unknown year basis {year_basis!r}: use one of {', '.join(YEAR_BASES)}")
    when = ("c.received_on" if date == "received"
            else "COALESCE(NULLIF(d.decision_date, ''), NULLIF(c.decided_on, ''), c.received_on)")
    return f"""
        SELECT c.id AS id, {year_sql(when, year_basis)} AS year, {when} AS day,
               c.stage AS stage,
               lower(trim(COALESCE(NULLIF(c.outcome, ''), d.outcome))) AS outcome,
               c.team AS team, c.service_area AS service_area, c.procedure AS procedure,
               COALESCE(d.remedy_total, c.remedy_amount) AS remedy,
               c.received_on AS received_on, c.responded_on AS responded_on
        FROM complaints c
        LEFT JOIN (SELECT complaint_id, sum(remedy_total) AS remedy_total, max(decision_date) AS decision_date,
                          max(outcome) AS outcome
                   FROM decisions WHERE complaint_id IS NOT NULL GROUP BY complaint_id) d
               ON d.complaint_id = c.id"""


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _where(filters: dict | None, theme_joined: bool) -> tuple[str, list]:
    clauses, params = [], []
    for name, value in (filters or {}).items():
        values = _as_list(value)
        if name not in DIMENSIONS:
            raise AggregateError(f"unknown filter {name!r}: filter on one of {', '.join(DIMENSIONS)}")
        if name == "theme" and not theme_joined:
            # Filtering on a theme without grouping by it: keep each complaint once.
            named = [v for v in values if v != "other"]
            parts = []
            if named:
                parts.append(f"EXISTS (SELECT 1 FROM complaint_themes f WHERE f.complaint_id = b.id "
                             f"AND f.theme IN ({', '.join('?' for _ in named)}))")
                params.extend(named)
            if "other" in values:
                parts.append("NOT EXISTS (SELECT 1 FROM complaint_themes f WHERE f.complaint_id = b.id)")
            clauses.append("(" + " OR ".join(parts) + ")")
            continue
        nulls = [v for v in values if v is None]
        real = [v for v in values if v is not None]
        parts = []
        if real:
            parts.append(f"{DIMENSIONS[name]} IN ({', '.join('?' for _ in real)})")
            params.extend(real)
        if nulls:
            parts.append(f"{DIMENSIONS[name]} IS NULL")
        clauses.append("(" + " OR ".join(parts) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _from(base: str, theme_joined: bool) -> str:
    join = " LEFT JOIN complaint_themes t ON t.complaint_id = b.id" if theme_joined else ""
    return f" FROM ({base}) b{join}"


def _rate(part: int, whole: int, suppress_below: int) -> float | None:
    if whole == 0 or whole < suppress_below:
        return None
    return round(part / whole, 4)


def _timeliness(db, sql: str, params: list, key_count: int, rules: Rules) -> dict:
    """Per group key: (working days taken list, on-time count, on-time n), computed with numpy over all rows."""
    rows = db.execute(sql, params).fetchall()
    if not rows:
        return {}
    received = np.array([r[key_count] or "NaT" for r in rows], dtype="datetime64[D]")
    responded = np.array([(r[key_count + 1] or "NaT")[:10] for r in rows], dtype="datetime64[D]")
    answered = ~np.isnat(received) & ~np.isnat(responded)
    taken = np.full(len(rows), -1, dtype=np.int64)
    taken[answered] = working_days_array(received[answered], responded[answered])
    allowed = np.full(len(rows), -1, dtype=np.int64)
    cache: dict = {}
    for i, r in enumerate(rows):
        if not answered[i]:
            continue
        proc, stage = r[key_count + 2], r[key_count + 3]
        rule_key = (proc, stage, r[key_count] if any(x.effective_from for x in rules.rules) else None)
        if rule_key not in cache:
            rule = find_rule(rules, proc, stage, r[key_count])
            cache[rule_key] = rule.days_from_receipt if rule else -1
        allowed[i] = cache[rule_key]
    out: dict = defaultdict(lambda: [[], 0, 0])
    # On time = replied on or before the deadline date (the same rule as clock.response_state).
    has_rule = answered & (allowed >= 0)
    deadline = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[D]")
    deadline[has_rule] = add_working_days_array(received[has_rule], allowed[has_rule])
    on_time = has_rule & (responded <= deadline)
    for i, r in enumerate(rows):
        if not answered[i]:
            continue
        slot = out[tuple(r[:key_count])]
        slot[0].append(int(taken[i]))
        if has_rule[i]:
            slot[2] += 1
            slot[1] += int(on_time[i])
    return out


def _metrics(counts, timing, metrics, suppress_below) -> dict:
    count, upheld, known, remedy = counts
    row: dict = {}
    suppressed = []
    if "count" in metrics:
        row["count"] = count
    if "upheld_rate" in metrics:
        row["upheld_rate"] = _rate(upheld, known, suppress_below)
        row["upheld_n"] = known
        if known and known < suppress_below:
            suppressed.append("upheld_rate")
    if "remedy_total" in metrics:
        row["remedy_total"] = round(remedy or 0.0, 2)
    if "median_days" in metrics:
        days = timing[0] if timing else []
        row["median_days"] = statistics.median(days) if days and len(days) >= suppress_below else None
        row["median_days_n"] = len(days)
        if days and len(days) < suppress_below:
            suppressed.append("median_days")
    if "on_time_rate" in metrics:
        on_time, n = (timing[1], timing[2]) if timing else (0, 0)
        row["on_time_rate"] = _rate(on_time, n, suppress_below)
        row["on_time_n"] = n
        if n and n < suppress_below:
            suppressed.append("on_time_rate")
    row["suppressed"] = suppressed
    return row


def _sort_key(row: dict, by: tuple) -> tuple:
    key = []
    for name in by:
        value = row[name]
        # Missing values and the catch-all theme sort last so tables read naturally.
        key.append((value is None, name == "theme" and value == "other", "" if value is None else str(value)))
    return tuple(key)


def aggregate(db, by=("year",), *, year_basis: str = "financial", date: str = "received",
              metrics=DEFAULT_METRICS, suppress_below: int = 5, filters: dict | None = None,
              rules: Rules | None = None) -> dict:
    """Complaint figures grouped by `by` (year, theme, stage, outcome, team, service_area, procedure)."""
    by = tuple(by)
    metrics = tuple(metrics)
    for name in by:
        if name not in DIMENSIONS:
            raise AggregateError(f"cannot group by {name!r}: use any of {', '.join(DIMENSIONS)}")
    for name in metrics:
        if name not in METRICS:
            raise AggregateError(f"unknown metric {name!r}: use any of {', '.join(METRICS)}")
    if suppress_below < 0:
        raise AggregateError(f"suppress_below must be 0 or more, not {suppress_below}")
    base = complaint_base_sql(year_basis, date)
    theme_joined = "theme" in by
    rules = rules or load_rules()
    want_timing = "median_days" in metrics or "on_time_rate" in metrics

    def run(dims: tuple, joined: bool) -> dict:
        keys = [DIMENSIONS[d] for d in dims]
        select = "".join(f"{k} AS k{i}, " for i, k in enumerate(keys))
        group = (" GROUP BY " + ", ".join(f"k{i}" for i in range(len(keys)))) if keys else ""
        where, params = _where(filters, joined)
        sums = db.execute(
            f"SELECT {select}count(*), "
            f"sum(b.outcome IN ('upheld', 'partly upheld')), "
            f"sum(b.outcome IN ('upheld', 'partly upheld', 'not upheld')), total(b.remedy)"
            f"{_from(base, joined)}{where}{group}", params).fetchall()
        timing = {}
        if want_timing:
            timing = _timeliness(
                db, f"SELECT {select}b.received_on, b.responded_on, b.procedure, b.stage"
                    f"{_from(base, joined)}{where}", params, len(keys), rules)
        return {tuple(r[:len(keys)]): (r[len(keys)], r[len(keys) + 1] or 0, r[len(keys) + 2] or 0, r[len(keys) + 3])
                for r in sums}, timing

    grouped, timing = run(by, theme_joined)
    rows = []
    for key, counts in grouped.items():
        row = dict(zip(by, key))
        row.update(_metrics(counts, timing.get(key), metrics, suppress_below))
        rows.append(row)
    rows.sort(key=lambda r: _sort_key(r, by))
    whole, whole_timing = run((), False)
    total = _metrics(whole.get((), (0, 0, 0, 0.0)), whole_timing.get(()), metrics, suppress_below)
    return {"by": list(by), "year_basis": year_basis, "date": date, "suppress_below": suppress_below,
            "rows": rows, "total": total}
