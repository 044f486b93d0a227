"""Quality figures for multi-label theme predictions: per-theme precision/recall/F1, macro-F1, confusions."""

from __future__ import annotations

from collections import Counter

__all__ = ["score_predictions"]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_predictions(truth: list[list[str]], predicted: list[list[str]], themes: list[str]) -> dict:
    """Per-theme precision, recall, F1 and support, macro averages, and the themes most often confused.

    A confusion `a -> b` counts texts whose true themes include `a` but not `b` where `b` was predicted and
    `a` was missed: the classifier put the text under the wrong theme, not merely an extra one.
    `given_wrongly` counts themes given to texts about something else (`other` = a text with no theme);
    `missed` counts themes missed without a wrong theme in their place."""
    per_theme = {}
    for theme in themes:
        tp = sum(theme in t and theme in p for t, p in zip(truth, predicted))
        fp = sum(theme not in t and theme in p for t, p in zip(truth, predicted))
        fn = sum(theme in t and theme not in p for t, p in zip(truth, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_theme[theme] = {"precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(_f1(precision, recall), 4), "support": tp + fn,
                            "true_positives": tp, "false_positives": fp, "false_negatives": fn}
    confusions, extra, missed_alone = Counter(), Counter(), Counter()
    for t, p in zip(truth, predicted):
        missed = [a for a in t if a not in p]
        wrong = [b for b in p if b not in t]
        for a in missed:
            for b in wrong:
                confusions[(a, b)] += 1
        for b in wrong:  # a theme given wrongly, and what the text was really about
            for a in (t or ["other"]):
                extra[(a, b)] += 1
        for a in missed:  # a theme missed, and what was given instead (other = nothing)
            if not wrong:
                missed_alone[(a, "other" if not p else "+".join(sorted(p)))] += 1
    none_true = [i for i, t in enumerate(truth) if not t]
    none_correct = sum(1 for i in none_true if not predicted[i])
    scored = [per_theme[t] for t in themes if per_theme[t]["support"]]
    return {
        "texts": len(truth),
        "per_theme": per_theme,
        "macro_f1": round(sum(s["f1"] for s in scored) / len(scored), 4) if scored else 0.0,
        "macro_precision": round(sum(s["precision"] for s in scored) / len(scored), 4) if scored else 0.0,
        "macro_recall": round(sum(s["recall"] for s in scored) / len(scored), 4) if scored else 0.0,
        "exact_match": round(sum(set(t) == set(p) for t, p in zip(truth, predicted)) / len(truth), 4) if truth else 0.0,
        "no_theme": {"texts": len(none_true), "correctly_left_empty": none_correct},
        "confusions": [{"true": a, "predicted": b, "count": n} for (a, b), n in confusions.most_common(10)],
        "given_wrongly": [{"text_about": a, "given": b, "count": n} for (a, b), n in extra.most_common(10)],
        "missed": [{"theme": a, "text_given": b, "count": n} for (a, b), n in missed_alone.most_common(10)],
    }
