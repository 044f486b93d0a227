"""API latency under bounded loopback load, with the same aggregate run straight through sqlite3 as baseline.

    python benchmarks/api_load.py [--rows 1000000] [--seconds 30] [--concurrency 8]

Builds (or reuses) a database of synthetic complaints under benchmarks/out/, serves it with `complaints serve`
on 127.0.0.1, then for each of list, detail and aggregates sends requests from `--concurrency` threads for
`--seconds`, and prints p50/p95/p99 latency and requests/s. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from complaints.keys import create_key  # noqa: E402
from complaints.store import open_db  # noqa: E402

THEMES = ["provision_insufficiency", "payment_delay", "communication", "assessment_delay", "complaint_handling",
          "transport"]
WORDS = ("plan therapy tutor payment late school place transport taxi reply phone review assessment tribunal "
         "caseworker budget direct weeks months term respite provision delay complaint stage letter").split()
AGGREGATE_SQL = """
SELECT CASE WHEN CAST(substr(c.received_on, 6, 2) AS INTEGER) >= 4
            THEN substr(c.received_on, 1, 4) || '/' || substr(CAST(substr(c.received_on, 1, 4) + 1 AS TEXT), 3, 2)
            ELSE CAST(substr(c.received_on, 1, 4) - 1 AS TEXT) || '/' || substr(c.received_on, 3, 2) END AS year,
       coalesce(t.theme, 'other') AS theme, count(*) AS n,
       avg(CASE WHEN c.outcome IN ('upheld', 'partly upheld') THEN 1.0 WHEN c.outcome IS NOT NULL THEN 0.0 END) AS upheld_rate,
       sum(coalesce(c.remedy_amount, 0)) AS remedy_total
FROM complaints c LEFT JOIN complaint_themes t ON t.complaint_id = c.id
GROUP BY 1, 2
"""


def build(path: Path, rows: int) -> None:
    """A database of `rows` synthetic complaints, each with one or two themes."""
    if path.exists():
        db = sqlite3.connect(path)
        have = db.execute("SELECT count(*) FROM complaints").fetchone()[0]
        db.close()
        if have == rows:
            return
        path.unlink()
    open_db(path).close()
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    start = date(2019, 4, 1)
    outcomes = ["upheld", "partly upheld", "not upheld", None]
    t0 = time.perf_counter()
    with conn:
        batch, themes = [], []
        for i in range(1, rows + 1):
            received = start + timedelta(days=rng.randrange(2190))
            text = " ".join(rng.choice(WORDS) for _ in range(25))
            batch.append((i, f"B-{i:07d}", received.isoformat(), rng.choice(["1", "2", "ombudsman"]),
                          rng.choice(outcomes), rng.choice(["SEND Casework", "Transport", "Placements"]),
                          rng.choice([None, None, 150.0, 500.0]), text, "h", "t", "t"))
            for theme in rng.sample(THEMES, rng.choice([0, 1, 1, 2])):
                themes.append((i, theme, 0.9, "bench", "t"))
            if len(batch) == 50_000:
                _flush(conn, batch, themes)
        _flush(conn, batch, themes)
    conn.close()
    print(f"built {rows:,} complaints in {time.perf_counter() - t0:.1f} s")


def _flush(conn, batch, themes):
    conn.executemany("INSERT INTO complaints (id, complaint_ref, received_on, stage, outcome, team, remedy_amount, text,"
                     " row_hash, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
    conn.executemany("INSERT INTO themes (complaint_id, theme, score, method, created_at) VALUES (?,?,?,?,?)", themes)
    batch.clear()
    themes.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(base: str, key: str, make_url, seconds: float, concurrency: int) -> dict:
    """Send requests from `concurrency` threads for `seconds`; latencies in ms and status counts."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        nonlocal failures
        rng = random.Random(seed)
        with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=30) as client:
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                response = client.get(make_url(rng))
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    failures += response.status_code != 200

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    return {"requests": len(latencies), "failures": failures, "rps": len(latencies) / wall, **percentiles(latencies)}


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": None, "p95": None, "p99": None}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"api-{args.rows}.db"
    build(path, args.rows)
    db = open_db(path)
    key = create_key(db, "viewer", "benchmark")
    db.close()

    baseline = []
    conn = sqlite3.connect(path)
    for _ in range(5):
        t0 = time.perf_counter()
        conn.execute(AGGREGATE_SQL).fetchall()
        baseline.append((time.perf_counter() - t0) * 1000)
    conn.close()

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "service.cli", "--db", str(path), "serve", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        targets = {
            "list": lambda rng: f"/api/v1/complaints?limit=50&theme={rng.choice(THEMES)}&year={rng.choice(['2020/21', '2022/23', '2024/25'])}",
            "detail": lambda rng: f"/api/v1/complaints/B-{rng.randrange(1, args.rows + 1):07d}",
            "aggregates": lambda rng: "/api/v1/aggregates?by=year,theme&year_basis=financial&metrics=count,upheld_rate,remedy_total",
        }
        print(f"{args.rows:,} complaints; {args.concurrency} threads x {args.seconds:.0f} s per endpoint; 2 cores shared with the load generator")
        print(f"baseline: the aggregate GROUP BY straight through sqlite3: median {statistics.median(baseline):.1f} ms (5 runs)")
        print(f"{'endpoint':<11}{'requests':>9}{'fail':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for name, make_url in targets.items():
            r = load(base, key, make_url, args.seconds, args.concurrency)
            fmt = lambda v: f"{v:9.1f}" if v is not None else "      n/a"  # noqa: E731
            print(f"{name:<11}{r['requests']:>9}{r['failures']:>6}{r['rps']:>8.1f}{fmt(r['p50'])}{fmt(r['p95'])}{fmt(r['p99'])}")
            if name == "aggregates" and r["p50"]:
                print(f"aggregates p50 / direct sqlite3 median: {r['p50'] / statistics.median(baseline):.2f}x")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
