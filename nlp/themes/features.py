"""Character n-gram TF-IDF built word by word, so each distinct word is split into n-grams only once.

Equivalent in features to scikit-learn's `analyzer="char_wb"` (n-grams inside each space-padded word), but the
n-gram column indices of a word are cached: texts repeat the same few thousand words, and re-slicing every word
of every text was the slowest step of classification."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["CharNgramTfidf"]

_WORD = re.compile(r"\S+")
_EMPTY = np.zeros(0, dtype=np.int32)


class CharNgramTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF over character n-grams of space-padded lower-case words (sublinear tf, smooth idf, l2 rows)."""

    def __init__(self, ngram_range=(3, 5), min_df=2, max_features=60000):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def _grams(self, word: str) -> list[str]:
        padded = f" {word} "
        low, high = self.ngram_range
        out = []
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
        return out or [padded]

    def fit(self, texts, y=None):
        """Choose the vocabulary (document frequency >= min_df, the most frequent max_features) and idf."""
        texts = list(texts)
        df = Counter()
        for text in texts:
            grams = set()
            for word in set(_WORD.findall(text.lower())):
                grams.update(self._grams(word))
            df.update(grams)
        kept = [(g, n) for g, n in df.items() if n >= self.min_df]
        kept.sort(key=lambda item: (-item[1], item[0]))
        kept = sorted(kept[: self.max_features])
        self.vocabulary_ = {g: i for i, (g, _) in enumerate(kept)}
        counts = np.array([n for _, n in kept], dtype=np.float64)
        self.idf_ = (np.log((1 + len(texts)) / (1 + counts)) + 1.0).astype(np.float32)
        self._cache = {}
        return self

    def _indices(self, word: str) -> np.ndarray:
        cache = self.__dict__.setdefault("_cache", {})
        found = cache.get(word)
        if found is None:
            vocabulary = self.vocabulary_
            found = np.array([vocabulary[g] for g in self._grams(word) if g in vocabulary], dtype=np.int32)
            if len(cache) < 500_000:
                cache[word] = found
        return found

    def transform(self, texts) -> sparse.csr_matrix:
        """Sparse (n_texts, n_features) float32 TF-IDF rows."""
        indptr, indices, data = [0], [], []
        for text in texts:
            words = Counter(_WORD.findall(text.lower()))
            parts = [self._indices(w) for w in words]
            reps = [c for w, c in words.items()]
            if parts:
                columns = np.repeat(np.concatenate(parts), np.repeat(reps, [len(p) for p in parts]))
                cols, tf = np.unique(columns, return_counts=True)
            else:
                cols, tf = _EMPTY, np.zeros(0)
            values = (1.0 + np.log(tf)) * self.idf_[cols]
            norm = np.sqrt((values * values).sum())
            if norm > 0:
                values = values / norm
            indices.append(cols)
            data.append(values.astype(np.float32))
            indptr.append(indptr[-1] + len(cols))
        n = len(indptr) - 1
        return sparse.csr_matrix(
            (np.concatenate(data) if data else np.zeros(0, np.float32),
             np.concatenate(indices) if indices else _EMPTY, np.array(indptr)),
            shape=(n, len(self.vocabulary_)))

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_cache", None)  # rebuilt on use; keeps artefacts small
        return state
