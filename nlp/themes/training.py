"""Training: fit the learned layer, tune per-theme thresholds on a validation split, version the result."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import numpy as np
import sklearn

from nlp import __version__ as nlp_version
from nlp.errors import NlpError
from nlp.themes.classifier import ThemeClassifier, combine_scores
from nlp.themes.model import ThemeModel
from nlp.themes.rules import build_rules, match_themes
from nlp.themes.taxonomy import Taxonomy

__all__ = ["train_classifier", "training_data_hash", "tune_threshold", "DEFAULT_PARAMS"]

DEFAULT_PARAMS = {"C": 4.0, "word_ngrams": (1, 2), "char_ngrams": (3, 5), "min_df": 2, "calibration_cv": 3}
RULE_WEIGHTS = (0.2, 0.4, 0.65, 0.85)
_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def training_data_hash(examples: list[dict], taxonomy: Taxonomy, params: dict) -> str:
    """sha256 of the training texts and labels (order-independent), the taxonomy and the parameters."""
    digest = hashlib.sha256()
    rows = sorted(json.dumps([e["text"], sorted(e["themes"])], ensure_ascii=False) for e in examples)
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\n")
    digest.update(taxonomy.fingerprint.encode())
    digest.update(json.dumps(params, sort_keys=True, default=list).encode())
    digest.update(nlp_version.encode())
    return digest.hexdigest()


def tune_threshold(scores: np.ndarray, truth: np.ndarray, min_precision: float | None = None,
                   max_threshold: float | None = None) -> float:
    """The threshold with the best F1 on (scores, truth), among those reaching `min_precision` if any do
    (and no higher than `max_threshold` when given).

    Of equally good thresholds the middle one is taken, so a small shift in scores does not flip decisions."""
    best, candidates = -1.0, []
    grid = _GRID if max_threshold is None else _GRID[_GRID <= max_threshold + 1e-9]
    floor_met = min_precision is not None and any(
        _precision(scores >= t, truth) >= min_precision and (scores >= t).any() for t in grid)
    for t in grid:
        predicted = scores >= t
        if floor_met and _precision(predicted, truth) < min_precision:
            continue
        tp = float((predicted & truth).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if predicted.sum() + truth.sum() else 0.0
        if f1 > best + 1e-9:
            best, candidates = f1, [t]
        elif abs(f1 - best) <= 1e-9:
            candidates.append(t)
    return float(candidates[len(candidates) // 2]) if candidates else 0.5


def _precision(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float((predicted & truth).sum() / predicted.sum()) if predicted.sum() else 0.0


def _label_matrix(examples: list[dict], names: list[str]) -> np.ndarray:
    index = {name: j for j, name in enumerate(names)}
    Y = np.zeros((len(examples), len(names)), dtype=int)
    for i, example in enumerate(examples):
        for theme in example["themes"]:
            if theme in index:  # labels outside this taxonomy are ignored, not errors
                Y[i, index[theme]] = 1
    return Y


def train_classifier(examples: list[dict], taxonomy: Taxonomy, *, validation_fraction: float = 0.2,
                     cross_validate: bool = True, seed: int = 0, params: dict | None = None,
                     extra_metadata: dict | None = None) -> ThemeClassifier:
    """Fit on `examples`, tune each theme's threshold on held-back scores, refit on everything.

    With `cross_validate` (default) every text is held back once (folds of `validation_fraction`) and the
    thresholds are tuned on all the out-of-fold scores; without it, on one validation split."""
    if len(examples) < 10:
        raise NlpError(f"training needs at least 10 labelled texts; got {len(examples)}")
    params = {**DEFAULT_PARAMS, **(params or {})}
    names = taxonomy.names
    texts = [e["text"] for e in examples]
    Y = _label_matrix(examples, names)
    order = np.random.default_rng(seed).permutation(len(examples))
    n_valid = max(1, int(round(len(examples) * validation_fraction)))
    folds = max(1, min(int(round(1 / validation_fraction)), len(examples) // n_valid)) if cross_validate else 1
    # thresholds are tuned on out-of-fold scores: with every text scored once by a model that did not see it,
    # the tuning rests on the whole corpus rather than on one fifth of it, and no longer swings with the split
    probs = np.full((len(examples), len(names)), np.nan)
    for k in range(folds):
        held = np.sort(order[k * n_valid:(k + 1) * n_valid] if k < folds - 1 else order[k * n_valid:])
        rest = np.setdiff1d(np.arange(len(examples)), held)
        fold_model = ThemeModel(**params).fit([texts[i] for i in rest], Y[rest])
        probs[held] = fold_model.predict_proba([texts[i] for i in held])
    valid = np.sort(np.concatenate([order[k * n_valid:(k + 1) * n_valid] if k < folds - 1 else order[k * n_valid:]
                                    for k in range(folds)]))
    probs = probs[valid]
    valid_texts = [texts[i] for i in valid]
    hits = match_themes(build_rules(taxonomy), valid_texts)
    thresholds, weights, validation = {}, {}, {}
    for j, theme in enumerate(taxonomy.themes):
        truth = Y[valid, j].astype(bool)
        if truth.sum() == 0 or np.isnan(probs[:, j]).all():
            thresholds[theme.name] = 0.5  # nothing to tune on: rules alone (a strong hit scores above 0.5)
            continue
        best = None
        # how far a rule hit should override the model differs by theme (phrases about replies are common in
        # texts that are not about communication); the weight is chosen with the threshold on validation
        for weight in RULE_WEIGHTS:
            scores = np.array([combine_scores(probs[i, j], hits[i].get(theme.name, {}), taxonomy.settings, weight)
                               for i in range(len(valid))])
            # a strong phrase should assign its theme on its own where validation precision allows: the
            # phrases generalise to wordings the corpus lacks, while the model's probability is reliable only
            # on text like its training data (on another author's complaints, thresholds above the rule
            # weight halved recall). So each weight is also tried with its threshold capped at the weight.
            for cap in (weight, None):
                threshold = tune_threshold(scores, truth, theme.min_precision, max_threshold=cap)
                predicted = scores >= threshold
                tp = int((predicted & truth).sum())
                f1 = 2 * tp / (predicted.sum() + truth.sum())
                meets = theme.min_precision is None or _precision(predicted, truth) >= theme.min_precision
                key = (meets, weight >= threshold, round(f1, 4))
                if best is None or key > best[0]:
                    best = (key, weight, threshold, predicted, tp)
        _, weight, threshold, predicted, tp = best
        thresholds[theme.name], weights[theme.name] = threshold, weight
        validation[theme.name] = {"threshold": threshold, "rule_weight": weight, "support": int(truth.sum()),
                                  "precision": round(_precision(predicted, truth), 4),
                                  "recall": round(tp / truth.sum(), 4)}

    final = ThemeModel(**params).fit(texts, Y)
    data_hash = training_data_hash(examples, taxonomy, params)
    metadata = {
        "version": f"themes-{nlp_version}-{data_hash[:12]}",
        "data_sha256": data_hash,
        "taxonomy_sha256": taxonomy.fingerprint,
        "themes": names,
        "examples": len(examples),
        "positives": {name: int(Y[:, j].sum()) for j, name in enumerate(names)},
        "validation": validation,
        "rule_weights": weights,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "seed": seed,
        "tuned_on": {"folds": folds, "texts": int(len(valid))},
        "trained_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "nlp_version": nlp_version,
        "sklearn_version": sklearn.__version__,
        **(extra_metadata or {}),
    }
    return ThemeClassifier(taxonomy, final, thresholds, metadata, rule_weights=weights)
