"""The learned layer: TF-IDF word and character n-grams into one-vs-rest calibrated logistic regression."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.themes.features import CharNgramTfidf

__all__ = ["ThemeModel"]


class ThemeModel(ClassifierMixin, BaseEstimator):
    """Multi-label text classifier: `fit(texts, Y)` with Y an (n_texts, n_labels) 0/1 matrix; `predict_proba`
    returns one calibrated probability per label. A label with too few examples to learn from gets NaN
    scores, so the caller can fall back to rules for it."""

    def __init__(self, C=4.0, word_ngrams=(1, 2), char_ngrams=(3, 5), min_df=2, max_features=60000,
                 calibration_cv=3, min_positives=6, random_state=0):
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.calibration_cv = calibration_cv
        self.min_positives = min_positives
        self.random_state = random_state

    def _vectorisers(self):
        word = TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=self.min_df, sublinear_tf=True,
                               max_features=self.max_features, lowercase=True, dtype=np.float32,
                               token_pattern=r"(?u)\b\w[\w'-]*\b")
        # the same features as TfidfVectorizer(analyzer="char_wb", sublinear_tf=True), several times faster
        char = CharNgramTfidf(ngram_range=tuple(self.char_ngrams), min_df=self.min_df, max_features=self.max_features)
        return word, char

    def transform(self, texts) -> sparse.csr_matrix:
        """The feature matrix: word n-gram TF-IDF beside character n-gram TF-IDF."""
        return sparse.hstack([self.word_.transform(texts), self.char_.transform(texts)], format="csr")

    def fit(self, texts, Y):
        """Learn vocabularies and one calibrated classifier per label with enough positives."""
        texts = list(texts)
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[0] != len(texts):
            raise ValueError(f"Y must be a (n_texts, n_labels) matrix; got shape {Y.shape} for {len(texts)} texts")
        self.word_, self.char_ = self._vectorisers()
        X = sparse.hstack([self.word_.fit_transform(texts), self.char_.fit_transform(texts)], format="csr")
        self.n_word_features_ = len(self.word_.vocabulary_)
        self.classes_ = np.arange(Y.shape[1])
        self.estimators_ = []
        for j in range(Y.shape[1]):
            y = Y[:, j]
            positives, negatives = int(y.sum()), int(len(y) - y.sum())
            if positives < self.min_positives or negatives < self.min_positives:
                self.estimators_.append(None)
                continue
            # the dual liblinear solver: far fewer samples than features, and ~20x faster than the primal here
            base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear", dual=True,
                                      random_state=self.random_state)
            cv = min(self.calibration_cv, positives, negatives)
            estimator = CalibratedClassifierCV(base, method="sigmoid", cv=cv) if cv >= 2 else base
            self.estimators_.append(estimator.fit(X, y))
        return self

    def predict_proba(self, texts) -> np.ndarray:
        """(n_texts, n_labels) probabilities; NaN for labels the model could not learn."""
        return self.predict_proba_features(self.transform(list(texts)))

    def predict_proba_features(self, X) -> np.ndarray:
        """Probabilities from an already-built feature matrix (saves a second transform for evidence)."""
        out = np.full((X.shape[0], len(self.estimators_)), np.nan)
        for j, estimator in enumerate(self.estimators_):
            if estimator is not None:
                out[:, j] = estimator.predict_proba(X)[:, 1]
        return out

    def predict(self, texts) -> np.ndarray:
        """0/1 matrix at probability 0.5 (the classifier tunes its own thresholds instead)."""
        return (np.nan_to_num(self.predict_proba(texts)) >= 0.5).astype(int)

    def word_weights(self, j: int) -> np.ndarray | None:
        """Average logistic-regression weight of each word n-gram for label j (None if unlearned)."""
        estimator = self.estimators_[j]
        if estimator is None:
            return None
        if hasattr(estimator, "calibrated_classifiers_"):
            coefs = [c.estimator.coef_[0] for c in estimator.calibrated_classifiers_]
            coef = np.mean(coefs, axis=0)
        else:
            coef = estimator.coef_[0]
        return coef[: self.n_word_features_]

    def word_features(self) -> np.ndarray:
        """The word n-gram strings, indexed like the first columns of the feature matrix."""
        return self.word_.get_feature_names_out()
