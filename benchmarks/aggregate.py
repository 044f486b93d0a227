"""Aggregate speed on generated complaints: complaints.aggregate against a bare sqlite3 GROUP BY.

    .venv/bin/python benchmarks/aggregate.py [N]    (default 1,000,000 complaints; the database is kept in
                                                     benchmarks/out/ and reused when it already has N rows)

Prints the median of several runs per query and the ratio to the raw GROUP BY over the same rows.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from complaints.aggregate import aggregate, cached_aggregate  # noqa: E402
from complaints.store import open_db  # noqa: E402

THEMES = ["provision_insufficiency", "payment_delay", "communication", "assessment_delay", "complaint_handling",
          "transport"]
OUTCOMES = ["upheld", "partly upheld", "not upheld", "withdrawn", None]


def build(path: Path, n: int) -> None:
    """Generate `n` complaints (seeded) with one or two themes each and a decision for 1 in 50."""
    rng = random.Random(42)
    db = open_db(path)
    conn = db.conn
    start = date(2017, 4, 1)
    rows, themes, decisions = [], [], []
    for i in range(1, n + 1):
        received = start + timedelta(days=rng.randrange(8 * 365))
        responded = received + timedelta(days=rng.randrange(5, 60)) if rng.random() < 0.85 else None
        stage = rng.choice(["1", "1", "1", "2", "ombudsman"])
        rows.append((i, f"B{i:07d}", received.isoformat(), stage, rng.choice(["corporate", "statutory"]),
                     rng.choice(OUTCOMES), responded and responded.isoformat(), rng.choice(["SEN", "Social care", "Transport"]),
                     rng.choice(["Education", "Social care"]), rng.choice([None, None, None, 100.0, 250.0, 500.0]),
                     "h", "t", "t"))
        for theme in rng.sample(THEMES, rng.choice([0, 1, 1, 2])):
            themes.append((i, theme))
        if stage == "ombudsman" and rng.random() < 0.1:
            decisions.append((f"{i:08d}", (received + timedelta(days=200)).isoformat(), "upheld",
                              rng.choice([None, 300.0, 1200.0]), i))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO complaints (id, complaint_ref, received_on, stage, procedure, outcome, responded_on,"
                     " team, service_area, remedy_amount, row_hash, created_at, updated_at)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO themes (complaint_id, theme, assigned, method, created_at) VALUES (?, ?, 1, 'rules', 't')",
                     themes)
    conn.executemany("INSERT INTO decisions (ombudsman_ref, decision_date, outcome, remedy_total, complaint_id,"
                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 't', 't')", decisions)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    db.close()


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = Path(__file__).resolve().parent / "out" / f"aggregate-{n}.db"
    if not path.exists():
        begin = time.perf_counter()
        build(path, n)
        print(f"built {n:,} complaints in {time.perf_counter() - begin:.1f} s")
    db = open_db(path)
    raw = sqlite3.connect(path)
    baseline_year = timed(lambda: raw.execute(
        "SELECT substr(received_on, 1, 4), count(*), sum(outcome IN ('upheld', 'partly upheld')), total(remedy_amount)"
        " FROM complaints GROUP BY 1").fetchall())
    baseline_theme = timed(lambda: raw.execute(
        "SELECT substr(c.received_on, 1, 4), t.theme, count(*), total(c.remedy_amount) FROM complaints c"
        " JOIN themes t ON t.complaint_id = c.id GROUP BY 1, 2").fetchall())
    print(f"{n:,} complaints; median of 5 runs")
    print(f"  raw GROUP BY calendar year (count, upheld, remedy)        {baseline_year * 1000:8.0f} ms")
    cases = [
        ("aggregate by year: count, upheld_rate, remedy_total", baseline_year,
         dict(by=["year"], metrics=["count", "upheld_rate", "remedy_total"])),
        ("aggregate by year, date decided", baseline_year,
         dict(by=["year"], date="decided", metrics=["count", "upheld_rate", "remedy_total"])),
        ("aggregate by year, all five metrics", baseline_year, dict(by=["year"])),
    ]
    for label, base, kwargs in cases:
        took = timed(lambda: aggregate(db, **kwargs), runs=3)
        print(f"  {label:<57}{took * 1000:8.0f} ms  ({took / base:.1f}x raw)")
    print(f"  raw GROUP BY year, theme (plain themes table join)      {baseline_theme * 1000:8.0f} ms")
    took = timed(lambda: aggregate(db, by=["year", "theme"], metrics=["count", "remedy_total"]), runs=3)
    print(f"  {'aggregate by year, theme (effective-themes view)':<57}{took * 1000:8.0f} ms  ({took / baseline_theme:.1f}x raw)")
    cached_aggregate(db, by=["year", "theme"])  # fills the cache (full cost once per data change)
    took = timed(lambda: cached_aggregate(db, by=["year", "theme"]), runs=20)
    print(f"  {'cached_aggregate repeat, unchanged data (year, theme, all)':<57}{took * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
