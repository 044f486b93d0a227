"""The learned layer on real text: Housing Ombudsman findings (complaint element -> publisher's category).

The categories are the publisher's keyword guesses, not the Ombudsman's labels, so the figure says whether the
pipeline learns real, unedited text nobody here wrote, not how good the categories are. Run:
    python -m nlp.themes.realtext ../shared/data/housing-ombudsman/findings.csv.gz
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from nlp.errors import NlpError
from nlp.themes.model import ThemeModel

__all__ = ["read_findings", "evaluate_single_label"]


def read_findings(path: str | Path) -> tuple[list[str], list[str]]:
    """(complaint texts, categories) from findings.csv.gz, one row per distinct text (duplicates would leak
    between the training and test parts), rows without text dropped."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, usecols=["complaint", "category"], dtype=str, keep_default_na=False)
    except ValueError as exc:
        raise NlpError(f"{path} lacks the columns complaint and category ({exc})") from None
    frame["complaint"] = frame["complaint"].str.strip()
    frame = frame[frame["complaint"].str.len() > 0].drop_duplicates("complaint")
    return frame["complaint"].tolist(), frame["category"].tolist()


def evaluate_single_label(texts: list[str], labels: list[str], *, sample: int | None = 10000,
                          test_fraction: float = 0.25, seed: int = 0, params: dict | None = None) -> dict:
    """Fit the theme model's learned layer one-vs-rest on a fixed random split; macro-F1 and baselines on the rest."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(texts))
    if sample is not None:
        order = order[:sample]
    n_test = int(round(len(order) * test_fraction))
    test, fit = order[:n_test], order[n_test:]
    classes = sorted(set(labels))
    index = {c: j for j, c in enumerate(classes)}
    Y = np.zeros((len(texts), len(classes)), dtype=int)
    for i, label in enumerate(labels):
        Y[i, index[label]] = 1
    model = ThemeModel(**{"min_positives": 2, **(params or {})}).fit([texts[i] for i in fit], Y[fit])
    probs = np.nan_to_num(model.predict_proba([texts[i] for i in test]), nan=-1.0)
    predicted = probs.argmax(axis=1)
    truth = Y[test].argmax(axis=1)
    per_class = {}
    for j, name in enumerate(classes):
        tp = int(((predicted == j) & (truth == j)).sum())
        fp = int(((predicted == j) & (truth != j)).sum())
        fn = int(((predicted != j) & (truth == j)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per_class[name] = {"precision": round(p, 4), "recall": round(r, 4),
                           "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "support": tp + fn}
    majority = Counter(labels[i] for i in fit).most_common(1)[0][0]
    majority_f1 = 2 * (truth == index[majority]).mean() / (1 + (truth == index[majority]).mean()) / len(classes)
    return {
        "texts_fit": int(len(fit)), "texts_test": int(len(test)), "seed": seed,
        "macro_f1": round(float(np.mean([c["f1"] for c in per_class.values()])), 4),
        "accuracy": round(float((predicted == truth).mean()), 4),
        "majority_class": majority,
        "majority_accuracy": round(float((truth == index[majority]).mean()), 4),
        "majority_macro_f1": round(float(majority_f1), 4),
        "per_class": per_class,
    }


def main(argv: list[str] | None = None) -> None:
    """Print the real-text evaluation as JSON."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        raise SystemExit("usage: python -m nlp.themes.realtext PATH/findings.csv.gz")
    texts, labels = read_findings(argv[0])
    print(json.dumps(evaluate_single_label(texts, labels), indent=2))


if __name__ == "__main__":
    main()
