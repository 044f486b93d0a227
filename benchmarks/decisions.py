"""Throughput of decision parsing, remedy extraction and storing, against a same-process baseline.

Baseline: a bare regex scan for "£" amounts over the same texts (the least any extractor must do).
Run: .venv/bin/python benchmarks/decisions.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from complaints.decisions import store_decision  # noqa: E402
from complaints.store import open_db  # noqa: E402
from nlp.decisions import parse_decision  # noqa: E402
from nlp.documents import read_decision_file  # noqa: E402
from nlp.remedies import extract_remedies, train_remedy_check  # noqa: E402
from nlp.remedy_check import shipped_records  # noqa: E402
from nlp.remedy_evaluation import load_labelled  # noqa: E402

DATA = ROOT / "tests" / "data" / "decisions"


def rate(label: str, n: int, seconds: float, baseline: float | None = None) -> float:
    per_second = n / seconds
    ratio = f"  ({baseline / per_second:,.1f}x slower than baseline)" if baseline else ""
    print(f"{label:<44} {per_second:>10,.0f} /s{ratio}")
    return per_second


def main() -> None:
    records = shipped_records() + [r for path in sorted(DATA.glob("remedies_*.jsonl")) for r in load_labelled(path)]
    texts = [r["text"] for r in records] * 4
    amount = re.compile(r"£\s?[\d,]+(?:\.\d\d)?")
    start = time.perf_counter()
    for text in texts:
        amount.findall(text)
    baseline = rate(f"baseline regex scan ({len(texts)} texts)", len(texts), time.perf_counter() - start)

    start = time.perf_counter()
    for text in texts:
        extract_remedies(text, "2024-03-14", check=False)
    rate("extract_remedies, rules alone", len(texts), time.perf_counter() - start, baseline)

    # the learned check: trained once per process, against a bare scikit-learn fit on the same texts
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    start = time.perf_counter()
    LogisticRegression(max_iter=3000).fit(TfidfVectorizer(ngram_range=(1, 2)).fit_transform([r["text"] for r in records]),
                                          [r["remedy_total_gbp"] is None for r in records])
    bare = time.perf_counter() - start
    start = time.perf_counter()
    check = train_remedy_check(shipped_records())
    trained = time.perf_counter() - start
    print(f"{'train the learned check (once per process)':<44} {trained:>10.2f} s   ({trained / bare:,.1f}x a bare "
          f"TF-IDF + logistic regression fit, {bare:.2f} s)")
    start = time.perf_counter()
    for text in texts:
        extract_remedies(text, "2024-03-14", check=check)
    rate("extract_remedies, rules + learned check", len(texts), time.perf_counter() - start, baseline)

    documents = sorted((DATA / "documents").iterdir())
    extract_remedies("warm up: trains the shipped check once, as any process does on its first call")
    start = time.perf_counter()
    parsed = [parse_decision(read_decision_file(path)) for path in documents * 25]
    rate(f"read + parse_decision ({len(documents)} files x 25)", len(parsed), time.perf_counter() - start, baseline)

    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        variants = []
        for i in range(500):
            item = dict(parsed[i % len(parsed)])
            item["ref"] = f"{20 + i % 6:02d} {i:03d} {i % 997:03d}"
            variants.append(item)
        start = time.perf_counter()
        for item in variants:
            store_decision(db, item)
        rate("store_decision (new decisions)", len(variants), time.perf_counter() - start)
        start = time.perf_counter()
        for item in variants:
            store_decision(db, item)
        rate("store_decision (unchanged re-store)", len(variants), time.perf_counter() - start)


if __name__ == "__main__":
    main()
