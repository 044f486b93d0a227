"""Ingest throughput: complaints.ingest.ingest_file against the sqlite3 CLI's `.import` of the same CSV.

Run: .venv/bin/python benchmarks/ingest.py [--rows N] [--keep DIR] [--no-fts-run]
Prints rows/s for both, the ratios of wall and CPU time (CPU time is steadier on a shared machine), the
peak memory of this process, and the same ingest with the full-text triggers dropped (what FTS costs).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from complaints.ingest import ingest_file  # noqa: E402
from complaints.store import open_db  # noqa: E402

WORDS = ("the plan says support will be delivered weekly but nothing has happened since the autumn term "
         "we were promised a reply within ten working days and the transport has not arrived again "
         "my son is out of school the direct payment is late and the annual review was cancelled twice").split()
HEADER = ["complaint_ref", "received_on", "text", "stage", "status", "outcome", "responded_on", "team",
          "service_area", "case_ref", "remedy_amount"]
STYLES = ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %B %Y")


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A generic-layout complaints export with ~200-character texts and mixed date styles."""
    rng = random.Random(seed)
    start = date(2019, 4, 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(rows):
            received = start + timedelta(days=rng.randrange(2190))
            text = " ".join(rng.choice(WORDS) for _ in range(38))[:200]
            closed = rng.random() < 0.8
            out.writerow([
                f"BC-{i:07d}", received.strftime(rng.choice(STYLES)), text, rng.choice(["1", "1", "1", "2", "ombudsman"]),
                "closed" if closed else "open",
                rng.choice(["upheld", "not upheld", "partly upheld", "withdrawn"]) if closed else "",
                (received + timedelta(days=rng.randrange(40))).strftime("%d/%m/%Y") if closed else "",
                rng.choice(["SEN North", "SEN South", "Transport", "Social Care"]),
                rng.choice(["SEND", "Children's Social Care", "Education"]),
                f"EH-{rng.randrange(100000):05d}" if rng.random() < 0.6 else "",
                f"£{rng.randrange(50, 3000):,}.00" if rng.random() < 0.2 else "",
            ])


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_sqlite_import(csv_path: Path, workdir: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds for the sqlite3 CLI to `.import` the file into a plain table (or a Python baseline)."""
    target = workdir / "import.db"
    sqlite = shutil.which("sqlite3")
    if sqlite:
        script = f"PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n.import --csv {csv_path} plain\n"
        began, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
        subprocess.run([sqlite, str(target)], input=script, text=True, check=True, capture_output=True)
        return (time.perf_counter() - began, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu,
                "sqlite3 CLI .import")
    import sqlite3  # fallback baseline when the CLI is not installed

    began, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    conn = sqlite3.connect(target)
    conn.execute(f"CREATE TABLE plain ({', '.join(HEADER)})")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        conn.executemany(f"INSERT INTO plain VALUES ({', '.join('?' * len(HEADER))})", reader)
    conn.commit()
    conn.close()
    return (time.perf_counter() - began, cpu_seconds(resource.RUSAGE_SELF) - cpu,
            "Python csv + executemany (sqlite3 CLI not found)")


def time_ingest(csv_path: Path, db_path: Path, fts: bool) -> tuple[float, float, dict]:
    db = open_db(db_path)
    if not fts:
        for trigger in ("complaints_fts_ai", "complaints_fts_ad", "complaints_fts_au"):
            db.execute(f"DROP TRIGGER {trigger}")
    began, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    summary = ingest_file(db, csv_path, "generic")
    elapsed, cpu = time.perf_counter() - began, cpu_seconds(resource.RUSAGE_SELF) - cpu
    db.close()
    return elapsed, cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1,000,000)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep the files")
    parser.add_argument("--no-fts-run", action="store_true", help="skip the extra run without FTS triggers")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = workdir / "complaints.csv"
        began = time.perf_counter()
        write_csv(csv_path, args.rows)
        print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - began:.1f} s")

        base_seconds, base_cpu, base_name = time_sqlite_import(csv_path, workdir)
        print(f"baseline  {base_name}: {base_seconds:.1f} s wall ({base_cpu:.1f} s CPU), "
              f"{args.rows / base_seconds:,.0f} rows/s")

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        seconds, cpu, summary = time_ingest(csv_path, workdir / "ingest.db", fts=True)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert summary["inserted"] == args.rows and summary["rejected"] == 0, summary
        print(f"ingest_file (FTS on): {seconds:.1f} s wall ({cpu:.1f} s CPU), {args.rows / seconds:,.0f} rows/s, "
              f"ratio {seconds / base_seconds:.2f}x the baseline's wall time, {cpu / base_cpu:.2f}x its CPU time")
        print(f"peak memory (max RSS of this process): {peak_mb:,.0f} MB (before ingest {rss_before / 1024:,.0f} MB)")

        if not args.no_fts_run:
            seconds_off, cpu_off, _ = time_ingest(csv_path, workdir / "ingest-nofts.db", fts=False)
            print(f"ingest_file (FTS triggers dropped): {seconds_off:.1f} s wall ({cpu_off:.1f} s CPU), "
                  f"{args.rows / seconds_off:,.0f} rows/s, ratio {seconds_off / base_seconds:.2f}x wall, "
                  f"{cpu_off / base_cpu:.2f}x CPU; FTS costs {100 * (cpu - cpu_off) / cpu:.0f}% of the ingest CPU time")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
