"""The combined classifier: rule evidence and learned probabilities merged into one score per theme."""

from __future__ import annotations

import multiprocessing
import os

import numpy as np

from nlp.themes.model import ThemeModel
from nlp.themes.rules import COUNTER, CUE, STRONG, build_rules, match_themes
from nlp.themes.taxonomy import Taxonomy

__all__ = ["ThemeClassifier", "combine_scores"]

_MODEL_EVIDENCE = 3
_worker: "ThemeClassifier | None" = None


def combine_scores(probability: float, hits: dict, settings: dict, rule_weight: float | None = None) -> float:
    """One theme's score from the model's probability (NaN when unlearned) and its rule hits.

    A strong rule hit lifts the score toward 1 by `rule_weight` (the theme's own weight, tuned in training,
    else the taxonomy's); cue words lift it a little; counter-evidence alone pulls it down."""
    p = 0.0 if probability != probability else float(probability)  # NaN: the rules decide alone
    if hits.get(STRONG):
        return p + (1.0 - p) * (settings["rule_weight"] if rule_weight is None else rule_weight)
    if hits.get(CUE):
        p = p + (1.0 - p) * settings["cue_weight"]
    if hits.get(COUNTER):
        p *= settings["counter_weight"]
    return p


class ThemeClassifier:
    """Classifies texts into a taxonomy's themes with scores for every theme and evidence for assigned ones."""

    def __init__(self, taxonomy: Taxonomy, model: ThemeModel | None, thresholds: dict[str, float], metadata: dict,
                 rule_weights: dict[str, float] | None = None):
        self.taxonomy = taxonomy
        self.model = model
        self.thresholds = dict(thresholds)
        self.rule_weights = dict(rule_weights or {})
        self.metadata = dict(metadata)
        self._nlp = None
        self._features = None

    @property
    def version(self) -> str:
        """The model version string stored beside every theme row it writes."""
        return self.metadata["version"]

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_nlp"] = None  # the spaCy pipeline is rebuilt from the taxonomy on load
        state["_features"] = None
        return state

    @property
    def nlp(self):
        """The rules pipeline (built on first use)."""
        if self._nlp is None:
            self._nlp = build_rules(self.taxonomy)
        return self._nlp

    def scores_and_hits(self, texts: list[str]):
        """Rule hits per text and combined scores (n_texts, n_themes), plus the model's feature matrix."""
        names = self.taxonomy.names
        hits = match_themes(self.nlp, texts)
        if self.model is not None and texts:
            X = self.model.transform(texts)
            probs = self.model.predict_proba_features(X)
        else:
            X = None
            probs = np.full((len(texts), len(names)), np.nan)
        settings = self.taxonomy.settings
        scores = np.zeros((len(texts), len(names)))
        for i, text_hits in enumerate(hits):
            for j, name in enumerate(names):
                scores[i, j] = combine_scores(probs[i, j], text_hits.get(name, {}), settings,
                                              self.rule_weights.get(name))
        return hits, scores, probs, X

    def classify(self, texts, n_process: int = 1, batch_size: int = 1000) -> list[dict]:
        """For each text: {"themes": [...], "scores": {theme: p}, "evidence": {theme: [phrase]}, "methods": {theme: m}}."""
        texts = ["" if t is None else str(t) for t in texts]
        if n_process > 1 and len(texts) >= 2 * batch_size:
            return self._classify_parallel(texts, n_process, batch_size)
        out = []
        for start in range(0, len(texts), batch_size):
            out.extend(self._classify_batch(texts[start:start + batch_size]))
        return out

    def _classify_parallel(self, texts, n_process, batch_size):
        global _worker
        _worker = self
        self.nlp  # noqa: B018 - build before forking so the children share it
        workers = min(n_process, os.cpu_count() or 1)
        # one contiguous share per worker: fewer round trips than handing out batches one by one
        size = -(-len(texts) // workers)
        shares = [(texts[i:i + size], batch_size) for i in range(0, len(texts), size)]
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            parts = pool.map(_classify_in_worker, shares, chunksize=1)
        return [row for part in parts for row in part]

    def _classify_batch(self, texts: list[str]) -> list[dict]:
        names = self.taxonomy.names
        hits, scores, probs, X = self.scores_and_hits(texts)
        out = []
        for i, text_hits in enumerate(hits):
            row_scores = {name: round(float(scores[i, j]), 4) for j, name in enumerate(names)}
            themes, evidence, methods = [], {}, {}
            for j, name in enumerate(names):
                threshold = self.thresholds.get(name, 0.5)
                if scores[i, j] < threshold:
                    continue
                theme_hits = text_hits.get(name, {})
                themes.append(name)
                model_alone = probs[i, j] == probs[i, j] and probs[i, j] >= threshold
                if theme_hits.get(STRONG):
                    methods[name] = "combined" if model_alone else "rules"
                else:
                    methods[name] = "model"
                phrases = theme_hits.get(STRONG, []) + theme_hits.get(CUE, [])
                evidence[name] = phrases or self._model_evidence(X, i, j)
            out.append({"themes": themes, "scores": row_scores, "evidence": evidence, "methods": methods})
        return out

    def _model_evidence(self, X, i: int, j: int) -> list[str]:
        """The word n-grams in text i that pushed theme j's probability up the most."""
        if X is None or self.model is None:
            return []
        weights = self.model.word_weights(j)
        if weights is None:
            return []
        if self._features is None:
            self._features = self.model.word_features()
        row = X.getrow(i)
        keep = row.indices < len(weights)
        indices, values = row.indices[keep], row.data[keep]
        contributions = values * weights[indices]
        order = np.argsort(-contributions)[:_MODEL_EVIDENCE]
        return [str(self._features[indices[k]]) for k in order if contributions[k] > 0]


def _classify_in_worker(share):
    texts, batch_size = share
    return _worker.classify(texts, n_process=1, batch_size=batch_size)
