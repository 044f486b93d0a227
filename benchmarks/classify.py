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


def timed(label: str, func, n: int) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    rate = n / seconds
    print(f"{label:<52} {seconds:7.2f} s  {rate:9,.0f} texts/s")
    return rate


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
    classifier.classify(texts[:200])  # warm up: spaCy pipeline built, caches filled
    bare = timed("bare scikit-learn predict_proba (1 process)", lambda: classifier.model.predict_proba(texts), len(texts))
    one = timed("classify end to end with evidence (1 process)", lambda: classifier.classify(texts), len(texts))
    many = timed(f"classify end to end with evidence ({args.processes} processes)",
                 lambda: classifier.classify(texts, n_process=args.processes), len(texts))
    print(f"ratio end-to-end / bare predict_proba: {one / bare:.2f} (1 process), {many / bare:.2f} "
          f"({args.processes} processes); goal >= 2,000 texts/s on 2 cores: "
          f"{'met' if max(one, many) >= 2000 else 'not met'}")


if __name__ == "__main__":
    main()
