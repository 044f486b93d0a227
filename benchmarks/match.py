"""Benchmark: link 100,000 cases x 20,000 complaints (synthetic, seeded) through the database path.

Prints time, peak memory, candidate pairs compared, quality against the generator's truth, and a
same-process baseline: a naive exact date-of-birth join in SQLite, and building the blocking index alone.
Usage: python benchmarks/match.py [--scale 0.1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkage_synth import load_into_db, make_council  # noqa: E402

from complaints.matching import evaluate_links, link_complaints  # noqa: E402
from complaints.matching.blocking import CaseIndex  # noqa: E402
from complaints.matching.records import read_cases_db  # noqa: E402
from complaints.store import open_db  # noqa: E402
from nlp.entities import find_entities  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 cases x 20,000 complaints")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    n_cases, n_complaints = int(100_000 * args.scale), int(20_000 * args.scale)

    t0 = time.perf_counter()
    cases, complaints, truth = make_council(n_cases, n_complaints, seed=args.seed)
    generate = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        load_into_db(db, cases, complaints)
        load = time.perf_counter() - t0
        del cases, complaints

        t0 = time.perf_counter()
        joined = db.execute("SELECT count(*) FROM complaints c JOIN cases k ON k.date_of_birth = c.child_dob"
                            ).fetchone()[0]
        naive_join = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = CaseIndex(read_cases_db(db))
        index_time = time.perf_counter() - t0
        blocks = len(index.blocks)
        del index

        t0 = time.perf_counter()
        # a council this size needs six-digit references: the pattern is configuration, not code
        finder = partial(find_entities, case_ref_patterns=(r"\bEHC[-/ ]?\d{5,6}\b",))
        summary = link_complaints(db, find_entities=finder)
        link_time = time.perf_counter() - t0
        quality = evaluate_links(db, truth)
        db.close()

    print(f"cases x complaints         {n_cases:,} x {n_complaints:,}")
    print(f"generate / load (setup)    {generate:.1f} s / {load:.1f} s")
    print(f"link_complaints            {link_time:.1f} s  ({n_complaints / link_time:,.0f} complaints/s)")
    print(f"candidate pairs compared   {summary['candidate_pairs']:,}  "
          f"({summary['candidate_pairs'] / max(n_complaints, 1):.1f} per complaint; "
          f"all pairs would be {n_cases * n_complaints:,})")
    print(f"outcomes                   auto {summary['auto']:,}  review {summary['review']:,}  none {summary['none']:,}")
    print(f"quality vs truth           precision {quality['precision']}  recall {quality['recall']}  "
          f"f1 {quality['f1']}  review queue {quality['review_queue']}  no-link accuracy {quality['no_link_accuracy']}")
    print(f"baseline: naive DOB join   {naive_join:.2f} s  ({joined:,} rows, no names compared)")
    print(f"baseline: blocking index   {index_time:.2f} s  ({blocks:,} keys)")
    print(f"ratio link / DOB join      {link_time / max(naive_join, 1e-9):.1f}x")
    print(f"ratio link / index alone   {link_time / max(index_time, 1e-9):.1f}x")
    print(f"peak memory                {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
