"""Theme classification throughput: 20,000 texts of about 150 words, end to end with evidence, against bare
scikit-learn predict_proba (TF-IDF + calibrated logistic regression) on the same texts in the same run.

    .venv/bin/python benchmarks/classify.py [--texts 20000] [--processes 2]
"""

from __future__ import annotations

import argparse
import os
import random
import time

from nlp.themes import corpus_files, load_classifier, read_examples


def build_texts(n: int, words: int = 150, seed: int = 0) -> list[str]:
    """n texts of about `words` words, each made by joining randomly chosen corpus texts."""
    pool = [e["text"].split() for e in read_examples(corpus_files("train"))]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        chosen = []
        while len(chosen) < words:
            chosen.extend(rng.choice(pool))
        texts.append(" ".join(chosen[:words]))
    return texts


def timed(label: str, func, n: int) -> tuple[float, float]:
    """Wall-clock rate and rate per CPU-second (this process plus finished children): on a shared machine the
    second says what the code costs, the first what this run happened to get."""
    start, cpu = time.perf_counter(), os.times()
    func()
    seconds = time.perf_counter() - start
    after = os.times()
    cpu_seconds = (after.user - cpu.user) + (after.system - cpu.system) + \
        (after.children_user - cpu.children_user) + (after.children_system - cpu.children_system)
    rate, cpu_rate = n / seconds, n / max(cpu_seconds, 1e-9)
    print(f"{label:<52} {seconds:7.2f} s wall {rate:8,.0f} texts/s   {cpu_seconds:7.2f} s CPU {cpu_rate:8,.0f} texts/CPU-s")
    return rate, cpu_rate


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    classifier = load_classifier()
    texts = build_texts(args.texts)
    print(f"{len(texts):,} texts, mean {sum(len(t.split()) for t in texts) / len(texts):.0f} words; "
          f"{os.cpu_count()} cores; model {classifier.version}")
    load = os.getloadavg()[0]
    classifier.classify(texts[:200])  # warm up: spaCy pipeline built, caches filled
    bare = timed("bare scikit-learn predict_proba (1 process)", lambda: classifier.model.predict_proba(texts), len(texts))
    one = timed("classify end to end with evidence (1 process)", lambda: classifier.classify(texts), len(texts))
    many = timed(f"classify end to end with evidence ({args.processes} processes)",
                 lambda: classifier.classify(texts, n_process=args.processes), len(texts))
    print(f"load average at start {load:.1f} on {os.cpu_count()} cores")
    print(f"ratio end-to-end / bare predict_proba (wall, 1 process): {one[0] / bare[0]:.2f}; "
          f"per CPU-second: {one[1] / bare[1]:.2f}")
    print(f"{args.processes} processes, wall: {many[0]:,.0f} texts/s; goal >= 2,000 texts/s on 2 cores: "
          f"{'met' if many[0] >= 2000 else 'not met in this run'}; with 2 idle cores the CPU cost allows about "
          f"{2 * many[1]:,.0f} texts/s")


if __name__ == "__main__":
    main()
