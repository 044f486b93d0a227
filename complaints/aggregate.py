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

from collections import defaultdict
from datetime import date as date_type

from complaints.clock import Rules, load_rules, working_day_ordinals
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


def _ensure_calendar(db) -> None:
    """A per-connection temp table of working-day ordinals, so SQL can count working days for every row."""
    conn = db.conn
    if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'report_calendar'").fetchone():
        return
    was_open = conn.in_transaction
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS report_calendar ("
                 "day TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, working INTEGER NOT NULL) WITHOUT ROWID")
    conn.executemany("INSERT OR IGNORE INTO report_calendar VALUES (?, ?, ?)", working_day_ordinals())
    if not was_open and conn.in_transaction:
        conn.commit()  # only the temp table was written; leave the caller's connection as it was


def _allowed_days(rules: Rules, procedure: str, stage: str, in_force: dict) -> int | None:
    """Working days from receipt a group's complaints were allowed (None: no council deadline)."""
    best = None
    for rule in rules.rules:
        if rule.procedure != procedure or rule.stage != stage:
            continue
        if rule.effective_from and not in_force.get(rule.effective_from):
            continue
        if best is None or (rule.effective_from or date_type.min) >= (best.effective_from or date_type.min):
            best = rule
    return best.days_from_receipt if best else None


def _median(histogram: dict) -> float | int | None:
    n = sum(histogram.values())
    if n == 0:
        return None
    middle, seen, low = (n - 1) // 2, 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > middle:
            low = value
        if seen > n // 2:
            return low if n % 2 else (low + value) / 2
    return low


def _metrics(acc: dict, metrics, suppress_below) -> dict:
    row: dict = {}
    suppressed = []
    if "count" in metrics:
        row["count"] = acc["count"]
    if "upheld_rate" in metrics:
        row["upheld_rate"] = _rate(acc["upheld"], acc["known"], suppress_below)
        row["upheld_n"] = acc["known"]
        if acc["known"] and acc["known"] < suppress_below:
            suppressed.append("upheld_rate")
    if "remedy_total" in metrics:
        row["remedy_total"] = round(acc["remedy"] or 0.0, 2)
    if "median_days" in metrics:
        n = sum(acc["days"].values())
        row["median_days"] = _median(acc["days"]) if n and n >= suppress_below else None
        row["median_days_n"] = n
        if n and n < suppress_below:
            suppressed.append("median_days")
    if "on_time_rate" in metrics:
        row["on_time_rate"] = _rate(acc["on_time"], acc["deadline_n"], suppress_below)
        row["on_time_n"] = acc["deadline_n"]
        if acc["deadline_n"] and acc["deadline_n"] < suppress_below:
            suppressed.append("on_time_rate")
    row["suppressed"] = suppressed
    return row


def _new_acc() -> dict:
    return {"count": 0, "upheld": 0, "known": 0, "remedy": 0.0, "days": defaultdict(int), "deadline_n": 0, "on_time": 0}


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
    want_timing = "median_days" in metrics or "on_time_rate" in metrics
    if want_timing:
        _ensure_calendar(db)
        rules = rules or load_rules()
        # Group by what decides the deadline instead of evaluating it per row: SQLite only counts, and the
        # few thousand groups are judged here against the rules.
        effective = sorted({r.effective_from for r in rules.rules if r.effective_from})

    def run(dims: tuple) -> dict:
        """One pass, grouped by the dimensions plus, for timeliness, working days taken and deadline inputs."""
        joined = "theme" in dims
        keys = [DIMENSIONS[d] for d in dims]
        extra: list[str] = []
        extra_params: list = []
        where, params = _where(filters, joined)
        source = _from(base, joined)
        if want_timing:
            source += (" LEFT JOIN temp.report_calendar w1 ON w1.day = substr(b.received_on, 1, 10)"
                       " LEFT JOIN temp.report_calendar w2 ON w2.day = substr(b.responded_on, 1, 10)")
            extra = ["w2.ordinal - w1.ordinal",
                     "lower(trim(COALESCE(NULLIF(b.procedure, ''), ?)))",
                     "lower(trim(COALESCE(NULLIF(b.stage, ''), '1')))",
                     "w2.working"] + ["b.received_on >= ?" for _ in effective]
            extra_params = [rules.default_procedure] + [d.isoformat() for d in effective]
        columns = keys + extra
        select = "".join(f"{c} AS k{i}, " for i, c in enumerate(columns))
        group = ", ".join(f"k{i}" for i in range(len(columns)))
        sql = (f"SELECT {select}count(*), sum(b.outcome IN ('upheld', 'partly upheld')), "
               f"sum(b.outcome IN ('upheld', 'partly upheld', 'not upheld')), total(b.remedy)"
               f"{source}{where}" + (f" GROUP BY {group}" if group else ""))
        out: dict = defaultdict(_new_acc)
        width = len(keys)
        allowed_cache: dict = {}
        for r in db.execute(sql, extra_params + params).fetchall():
            count, upheld, known, remedy = r[len(columns):]
            acc = out[tuple(r[:width])]
            acc["count"] += count
            acc["upheld"] += upheld or 0
            acc["known"] += known or 0
            acc["remedy"] += remedy or 0.0
            if not want_timing or r[width] is None:
                continue
            taken, procedure, stage, working = r[width:width + 4]
            flags = tuple(r[width + 4:len(columns)])
            acc["days"][taken] += count
            cache_key = (procedure, stage, flags)
            if cache_key not in allowed_cache:
                allowed_cache[cache_key] = _allowed_days(rules, procedure, stage, dict(zip(effective, flags)))
            allowed = allowed_cache[cache_key]
            if allowed is not None:
                acc["deadline_n"] += count
                # On time = replied on or before the deadline date: fewer working days than allowed, or
                # exactly as many with the reply dated on a working day (not the weekend after).
                if taken < allowed or (taken == allowed and working == 1):
                    acc["on_time"] += count
        return out

    grouped = run(by)
    rows = []
    for key, acc in grouped.items():
        row = dict(zip(by, key))
        row.update(_metrics(acc, metrics, suppress_below))
        rows.append(row)
    rows.sort(key=lambda r: _sort_key(r, by))
    if "theme" in by:
        whole = run(()).get((), _new_acc())
    else:  # every complaint sits in exactly one row, so the rows add up to the total
        whole = _new_acc()
        for acc in grouped.values():
            for name in ("count", "upheld", "known", "remedy", "deadline_n", "on_time"):
                whole[name] += acc[name]
            for value, n in acc["days"].items():
                whole["days"][value] += n
    total = _metrics(whole, metrics, suppress_below)
    return {"by": list(by), "year_basis": year_basis, "date": date, "suppress_below": suppress_below,
            "rows": rows, "total": total}
