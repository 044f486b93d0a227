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

How it stays fast on a million complaints: for counts, upheld rates and remedies SQLite groups the complaints
by raw columns in the order of the covering index complaints_report_cover (m0006), so it streams the index
without sorting or reading the wide rows, and an outer query labels the few thousand groups with their year.
Working days come from a temp table of working-day ordinals (a join, not a Python loop), and medians from
per-group histograms of days taken. Complaints linked to an ombudsman decision (a small minority) are
corrected afterwards in Python: their own contribution is taken out, the decision-based one put in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date as date_type

from complaints.clock import Rules, load_rules, working_day_ordinals
from complaints.errors import ComplaintsError
from complaints.periods import YEAR_BASES, year_label, year_sql
from complaints.store import memo_until_change

__all__ = ["DIMENSIONS", "METRICS", "DEFAULT_METRICS", "AggregateError", "aggregate", "cached_aggregate"]

# What the figures can be grouped (and filtered) by.
DIMENSIONS = ("year", "theme", "stage", "outcome", "team", "service_area", "procedure")
METRICS = ("count", "upheld_rate", "remedy_total", "median_days", "on_time_rate")
DEFAULT_METRICS = METRICS
DATES = ("received", "decided")


class AggregateError(ComplaintsError):
    """An aggregate was asked for with an unknown dimension, metric, date or filter."""


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


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


def _median(histogram: dict) -> float | int | None:
    values = sorted((v, n) for v, n in histogram.items() if n > 0)
    total = sum(n for _, n in values)
    if total == 0:
        return None
    middle, seen, low = (total - 1) // 2, 0, None
    for value, n in values:
        seen += n
        if low is None and seen > middle:
            low = value
        if seen > total // 2:
            return low if total % 2 else (low + value) / 2
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
        n = sum(v for v in acc["days"].values() if v > 0)
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


# The raw columns SQLite groups by, in the order of the covering index complaints_report_cover (m0006):
# grouping by a prefix of it lets SQLite stream the index with no sort.
RAW = ("received_on", "decided_on", "stage", "outcome", "procedure", "team", "service_area", "responded_on")
_NEEDS = {"stage": 2, "outcome": 3, "procedure": 4, "team": 5, "service_area": 6}


def _norm(value) -> str | None:
    """An outcome as SQL's NULLIF(lower(trim(x)), '') gives it."""
    return (value or "").strip(" ").lower() or None


class _Rollup:
    """Accumulators keyed by the requested dimensions, fed by grouped SQL rows and per-complaint corrections."""

    def __init__(self, dims, year_basis, filters, rules, effective):
        self.dims, self.year_basis, self.rules, self.effective = dims, year_basis, rules, effective
        self.filters = {k: set(_as_list(v)) for k, v in (filters or {}).items()
                        if not (k == "theme" and "theme" not in dims)}  # else applied in SQL (EXISTS)
        self.allowed: dict = {}
        self.out: dict = defaultdict(_new_acc)

    def allowed_days(self, procedure, stage, flags) -> int | None:
        """Working days allowed for a group's procedure and stage, given which effective dates it is past."""
        cache = (procedure, stage, flags)
        if cache not in self.allowed:
            in_force = [d for d, on in zip(self.effective, flags) if on]
            best = None
            for rule in self.rules.rules:
                if rule.procedure != procedure or rule.stage != stage:
                    continue
                if rule.effective_from and rule.effective_from not in in_force:
                    continue
                if best is None or (rule.effective_from or date_type.min) >= (best.effective_from or date_type.min):
                    best = rule
            self.allowed[cache] = best.days_from_receipt if best else None
        return self.allowed[cache]

    def add(self, values: dict, count: int, remedy: float, timing=None):
        """Add `count` complaints with these dimension values; `timing` = (taken, procedure, stage, working, flags)."""
        for name, allowed in self.filters.items():
            if values[name] not in allowed:
                return
        acc = self.out[tuple(values[d] for d in self.dims)]
        acc["count"] += count
        acc["remedy"] += remedy or 0.0
        outcome = values["outcome"]
        if outcome in ("upheld", "partly upheld", "not upheld"):
            acc["known"] += count
            if outcome != "not upheld":
                acc["upheld"] += count
        if timing is not None and timing[0] is not None:
            taken, procedure, stage, working, flags = timing
            acc["days"][taken] += count
            allowed = self.allowed_days(procedure, stage, flags)
            if allowed is not None:
                acc["deadline_n"] += count
                # On time = replied on or before the deadline date: fewer working days than allowed, or
                # exactly as many with the reply dated on a working day (not the weekend after).
                if taken < allowed or (taken == allowed and working == 1):
                    acc["on_time"] += count


def _theme_filter_sql(filters: dict | None) -> tuple[str, list]:
    """Filtering on a theme without grouping by it keeps each complaint once: EXISTS, not a join."""
    if not filters or "theme" not in filters:
        return "", []
    values = _as_list(filters["theme"])
    named = [v for v in values if v != "other"]
    parts, params = [], []
    if named:
        parts.append(f"EXISTS (SELECT 1 FROM complaint_themes f WHERE f.complaint_id = c.id "
                     f"AND f.theme IN ({', '.join('?' for _ in named)}))")
        params.extend(named)
    if "other" in values:
        parts.append("NOT EXISTS (SELECT 1 FROM complaint_themes f WHERE f.complaint_id = c.id)")
    return " WHERE (" + " OR ".join(parts) + ")", params


def _theme_source(db) -> str:
    """Effective themes per complaint: the complaint_themes view, or, while no officer has corrected a
    complaint's themes (when the view reduces to this), the themes table read straight off its index."""
    if db.execute("SELECT 1 FROM corrections WHERE complaint_id IS NOT NULL LIMIT 1").fetchone():
        return "SELECT DISTINCT complaint_id, theme FROM complaint_themes"
    return "SELECT DISTINCT complaint_id, theme FROM themes WHERE complaint_id IS NOT NULL AND assigned = 1"


def _run(db, dims: tuple, *, year_basis, date, filters, rules, want_timing, need_outcome) -> dict:
    """Accumulators per key of `dims` (the caller projects them onto the requested dimensions)."""
    needed = [0] + [_NEEDS[d] for d in dims if d in _NEEDS] + [_NEEDS[f] for f in (filters or {}) if f in _NEEDS]
    if need_outcome or "outcome" in dims or (filters and "outcome" in filters):
        needed.append(3)
    if date == "decided":
        needed.append(1)
    if want_timing:
        needed += [2, 4, 7]
    raw_cols = RAW[:max(needed) + 1]
    joined = "theme" in dims
    theme_join = f" LEFT JOIN ({_theme_source(db)}) t ON t.complaint_id = c.id" if joined else ""
    where, where_params = ("", []) if joined else _theme_filter_sql(filters)
    effective = sorted({r.effective_from for r in rules.rules if r.effective_from}) if want_timing else []
    roll = _Rollup(dims, year_basis, filters, rules, effective)

    # Plain counts: the inner query groups by a prefix of the covering index (it streams, no sort) and the
    # outer one labels those few thousand groups with their year. With themes or working days the join
    # multiplies the rows anyway, so one level over the complaints does the same work with less overhead.
    two_level = not joined and not want_timing
    if two_level:
        src = "i"
        source = (f"(SELECT {', '.join('c.' + n for n in raw_cols)}, count(*) AS n,"
                  f" total(c.remedy_amount) AS remedy FROM complaints c{where}"
                  f" GROUP BY {', '.join('c.' + n for n in raw_cols)}) i")
        count_sql, remedy_sql = "sum(i.n)", "total(i.remedy)"
    else:
        src = "c"
        source = f"complaints c{theme_join}"
        count_sql, remedy_sql = "count(*)", "total(c.remedy_amount)"
    day = f"COALESCE(NULLIF({src}.decided_on, ''), {src}.received_on)" if date == "decided" else f"{src}.received_on"
    # Only what is asked for reaches the outer GROUP BY, so it stays a handful of groups per year.
    wanted = set(dims) | set(filters or {})
    if need_outcome:
        wanted.add("outcome")
    outer_cols = {
        "year": year_sql(day, year_basis),
        "theme": "COALESCE(t.theme, 'other')" if joined else "NULL",
        "stage": f"{src}.stage" if "stage" in wanted else "NULL",
        "outcome": f"NULLIF(lower(trim({src}.outcome)), '')" if "outcome" in wanted else "NULL",
        "procedure": f"{src}.procedure" if "procedure" in wanted else "NULL",
        "team": f"{src}.team" if "team" in wanted else "NULL",
        "service_area": f"{src}.service_area" if "service_area" in wanted else "NULL",
    }
    params: list = []
    timing_cols: list[str] = []
    join = ""
    if want_timing:
        _ensure_calendar(db)
        join = (f" LEFT JOIN temp.report_calendar w1 ON w1.day = substr({src}.received_on, 1, 10)"
                f" LEFT JOIN temp.report_calendar w2 ON w2.day = substr({src}.responded_on, 1, 10)")
        timing_cols = ["w2.ordinal - w1.ordinal", f"lower(trim(COALESCE(NULLIF({src}.procedure, ''), ?)))",
                       f"lower(trim(COALESCE(NULLIF({src}.stage, ''), '1')))", "w2.working"]
        timing_cols += [f"{src}.received_on >= ?" for _ in effective]
        params = [rules.default_procedure] + [d.isoformat() for d in effective]
    selected = list(outer_cols.values()) + timing_cols
    keys = ", ".join(f"k{i}" for i in range(len(selected)))
    where_outer = "" if two_level else where  # the two-level query filters inside its inner part
    sql = (f"SELECT {', '.join(f'{c} AS k{i}' for i, c in enumerate(selected))}, {count_sql}, {remedy_sql}"
           f" FROM {source}{join}{where_outer} GROUP BY {keys}")
    all_params = params + where_params
    names = list(outer_cols)
    width = len(names)
    for r in db.execute(sql, all_params):
        values = dict(zip(names, r[:width]))
        timing = (r[width], r[width + 1], r[width + 2], r[width + 3], tuple(r[width + 4:-2])) if want_timing else None
        roll.add(values, r[-2], r[-1], timing)

    # Complaints an ombudsman decision stands for: swap their own date, outcome and remedy for the decision's.
    linked_where = where.replace(" WHERE ", " AND ", 1) if where else ""
    sql = (f"SELECT {', '.join('c.' + n for n in RAW)}{', t.theme' if joined else ''}, c.remedy_amount,"
           f" d.decision_date, d.outcome, d.remedy_total FROM (SELECT complaint_id, sum(remedy_total) AS remedy_total,"
           f" max(decision_date) AS decision_date, max(outcome) AS outcome FROM decisions"
           f" WHERE complaint_id IS NOT NULL GROUP BY complaint_id) d JOIN complaints c ON c.id = d.complaint_id"
           f"{theme_join} WHERE 1 = 1{linked_where}")
    ordinals = {d: (n, w) for d, n, w in working_day_ordinals()} if want_timing else {}
    for r in db.execute(sql, where_params):
        raw = dict(zip(RAW, r[:len(RAW)]))
        theme = (r[len(RAW)] or "other") if joined else None
        own_remedy, decided, decision_outcome, decision_remedy = r[-4:]
        timing = None
        if want_timing:
            received, responded = (raw["received_on"] or "")[:10], (raw["responded_on"] or "")[:10]
            taken = working = None
            if received in ordinals and responded in ordinals:
                taken, working = ordinals[responded][0] - ordinals[received][0], ordinals[responded][1]
            timing = (taken, (raw["procedure"] or "").strip(" ").lower() or rules.default_procedure,
                      (raw["stage"] or "").strip(" ").lower() or "1", working,
                      tuple(int((raw["received_on"] or "") >= d.isoformat()) for d in effective))
        base = {"stage": raw["stage"], "procedure": raw["procedure"], "team": raw["team"],
                "service_area": raw["service_area"], "theme": theme}
        own_day = (raw["decided_on"] or raw["received_on"]) if date == "decided" else raw["received_on"]
        own = dict(base, year=year_label(own_day or None, year_basis), outcome=_norm(raw["outcome"]))
        roll.add(own, -1, -(own_remedy or 0.0), timing)  # a negative count takes the complaint back out
        new_day = (decided or raw["decided_on"] or raw["received_on"]) if date == "decided" else raw["received_on"]
        new = dict(base, year=year_label(new_day or None, year_basis),
                   outcome=_norm(raw["outcome"]) or _norm(decision_outcome))
        roll.add(new, 1, decision_remedy if decision_remedy is not None else own_remedy, timing)
    return roll.out


def _project(accs: dict, dims: tuple, by: tuple) -> dict:
    """Merge accumulators keyed by `dims` into keys of `by` (a subset), dropping emptied groups."""
    index = [dims.index(d) for d in by]
    out: dict = defaultdict(_new_acc)
    for key, acc in accs.items():
        if acc["count"] == 0:
            continue
        target = out[tuple(key[i] for i in index)]
        for name in ("count", "upheld", "known", "remedy", "deadline_n", "on_time"):
            target[name] += acc[name]
        for value, n in acc["days"].items():
            target["days"][value] += n
    return out


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
    for name in filters or {}:
        if name not in DIMENSIONS:
            raise AggregateError(f"unknown filter {name!r}: filter on one of {', '.join(DIMENSIONS)}")
    if suppress_below < 0:
        raise AggregateError(f"suppress_below must be 0 or more, not {suppress_below}")
    if date not in DATES:
        raise AggregateError(f"unknown date {date!r}: use 'received' or 'decided'")
    if year_basis not in YEAR_BASES:
        raise AggregateError(f"unknown year basis {year_basis!r}: use one of {', '.join(YEAR_BASES)}")
    want_timing = "median_days" in metrics or "on_time_rate" in metrics
    options = dict(year_basis=year_basis, date=date, filters=filters, rules=rules or load_rules(),
                   want_timing=want_timing, need_outcome="upheld_rate" in metrics)
    # Roll up by the requested dimensions plus any filtered on, then keep only the requested ones.
    dims = by + tuple(f for f in (filters or {}) if f not in by and f != "theme")
    grouped = _project(_run(db, dims, **options), dims, by)
    rows = []
    for key, acc in grouped.items():
        row = dict(zip(by, key))
        row.update(_metrics(acc, metrics, suppress_below))
        rows.append(row)
    rows.sort(key=lambda r: _sort_key(r, by))
    if "theme" in by:  # theme rows overlap: count every complaint once for the total
        plain = tuple(d for d in dims if d != "theme")
        whole = _project(_run(db, plain, **options), plain, ()).get((), _new_acc())
    else:
        whole = _project(grouped, by, ()).get((), _new_acc())
    total = _metrics(whole, metrics, suppress_below)
    return {"by": list(by), "year_basis": year_basis, "date": date, "suppress_below": suppress_below,
            "rows": rows, "total": total}


def cached_aggregate(db, by=("year",), **options) -> dict:
    """`aggregate`, memoised per connection until the data changes (for the API's repeated queries)."""
    _ensure_calendar(db)  # creating the calendar counts as a change; do it before taking the fingerprint
    filters = options.get("filters")
    key = (tuple(by), tuple(sorted((k, v) for k, v in options.items() if k not in ("filters", "metrics"))),
           tuple(options.get("metrics", DEFAULT_METRICS)),
           tuple(sorted((k, tuple(_as_list(v))) for k, v in (filters or {}).items())))
    return memo_until_change(db, ("aggregate", key), lambda: aggregate(db, by, **options))
