"""Clustering of fault statements into recurring sub-patterns with readable, distinctive labels.

`cluster_fault_statements(texts, groups)` returns one label per text, such as "annual review / amended plan",
so the systemic-patterns report (complaints.reports.systemic) can group cases without importing
scikit-learn: the service layer passes this function in.

How, in four steps:
1. Framing is removed: greeting lines, sign-offs, requests for a reply, and the generic vocabulary of
   complaint letters and decision statements (nlp/data/patterns.toml). Words only ever written with a capital
   inside a sentence (names of people, schools, roads) are dropped too, so no name can become a title.
2. Statements are TF-IDF vectors over words and readable bigrams (two adjacent words, neither a stop word),
   with IDF taken over all statements so that wording common to every group weighs little.
3. Each group (the caller's key, e.g. a theme combination) is clustered on its own with k-means. The number
   of clusters is chosen by the mean cosine silhouette over k = 2..max_clusters, counting only solutions in
   which every cluster has at least `min_cluster_size` statements; one cluster when no k reaches
   `min_silhouette`.
4. Each cluster is labelled by its distinctive terms (class-based TF-IDF): the share of its statements using
   a term, weighted by how much rarer the term is in the other clusters of its group and in all other
   statements. Bigrams are preferred; two to four terms; a label already used elsewhere gets another term.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Hashable, Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score

__all__ = ["cluster_fault_statements", "fault_terms", "UNCLUSTERED", "MIN_SILHOUETTE"]

UNCLUSTERED = "no distinctive wording"
MIN_SILHOUETTE = 0.04   # below this the sub-clusters are no better separated than random splits of one pattern
_DATA = Path(__file__).parent / "data" / "patterns.toml"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
_REFERENCE = re.compile(r"\b[A-Za-z]{0,6}[-/]?\d[\w/-]*")   # case refs, dates, sums: never a title, maybe personal
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_BIGRAM_BONUS = 1.4      # a bigram names a fault better than either word ("annual review", "direct payment")
_LATENT_DIMENSIONS = 20  # LSA before k-means: 20 and 50 scored the same on the demo (benchmarks/patterns.py)
_MIN_DICE = 0.2         # a bigram is a fixed phrase, fit for a title, when its words mostly occur together
_MIN_SHARE = 0.15        # a label term must appear in at least this share of the cluster's statements


@lru_cache(maxsize=1)
def _framing() -> dict:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    flags = re.IGNORECASE | re.MULTILINE
    return {
        "greetings": [re.compile(p, re.IGNORECASE) for p in data["greetings"]],
        "signoffs": [re.compile(p, flags) for p in data["signoffs"]],
        "requests": [re.compile(p, re.IGNORECASE) for p in data["requests"]],
        "stop": frozenset(ENGLISH_STOP_WORDS) | frozenset(data["words"].split()),
    }


def _strip_framing(text: str) -> str:
    framing = _framing()
    cut = len(text)
    for pattern in framing["signoffs"]:
        match = pattern.search(text)
        # a sign-off ends a letter: only cut in its second half, so "Thanks to the taxi firm..." survives
        if match and match.start() > len(text) // 2:
            cut = min(cut, match.start())
    text = text[:cut]
    for pattern in framing["greetings"]:   # the first that matches; the list runs from longest to shortest
        text, found = pattern.subn(" ", text, count=1)
        if found:
            break
    text = _REFERENCE.sub(" ", text)
    sentences = [s for s in _SENTENCE.split(text) if not any(p.search(s) for p in framing["requests"])]
    return " ".join(sentences)


def _sentences_of_words(text: str) -> list[list[str]]:
    out = []
    for sentence in _SENTENCE.split(text):
        words = [w.replace("’", "'") for w in _WORD.findall(sentence)]
        words = [w[:-2] if w.lower().endswith("'s") else w for w in words]
        if words:
            out.append(words)
    return out


def _proper_nouns(docs: list[list[list[str]]]) -> set[str]:
    """Words never written in lower case and capitalised somewhere other than a sentence's start."""
    lower, inner_capital = set(), set()
    for sentences in docs:
        if not any(w[0].isupper() for words in sentences for w in words):
            continue   # an all-lower-case email says nothing about which words are names
        for words in sentences:
            for i, word in enumerate(words):
                if word.islower():
                    lower.add(word)
                elif i and word[0].isupper() and not word.isupper():
                    inner_capital.add(word.lower())
    return inner_capital - lower


def _terms(sentences: list[list[str]], stop: frozenset, names: set[str]) -> list[str]:
    terms = []
    for words in sentences:
        keep = [w.lower() for w in words]
        keep = [None if (w in stop or w in names or len(w) < 3 or "'" in w) else w for w in keep]
        terms.extend(w for w in keep if w)
        terms.extend(f"{a} {b}" for a, b in zip(keep, keep[1:]) if a and b and a != b)
    return terms


def fault_terms(texts: Sequence[str]) -> list[list[str]]:
    """The words and bigrams of each statement that can describe a fault (framing, stop words and names removed)."""
    stop = _framing()["stop"]
    docs = [_sentences_of_words(_strip_framing(t or "")) for t in texts]
    names = _proper_nouns(docs)
    return [_terms(d, stop, names) for d in docs]


def _choose_k(rows, max_clusters: int, min_cluster_size: int, min_silhouette: float,
              random_state: int) -> np.ndarray:
    n = rows.shape[0]
    latent = rows
    if n >= 2 * min_cluster_size and rows.shape[1] > 2:
        # a few latent dimensions merge synonyms and drown one-off words, which sharpens k-means on short texts
        dims = min(_LATENT_DIMENSIONS, n - 1, rows.shape[1] - 1)
        latent = normalize(TruncatedSVD(n_components=dims, random_state=random_state).fit_transform(rows))
    best, best_score = np.zeros(n, dtype=int), min_silhouette
    for k in range(2, min(max_clusters, n // max(min_cluster_size, 1)) + 1):
        assigned = KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(latent)
        if np.bincount(assigned, minlength=k).min() < min_cluster_size:
            continue
        score = silhouette_score(latent, assigned, metric="cosine")
        if score > best_score:
            best, best_score = assigned, score
    return best


def _fixed_phrases(terms: list[list[str]], vocabulary) -> np.ndarray:
    """Bigrams whose words mostly occur together (Dice >= _MIN_DICE): "annual review", not "taxi did"."""
    df = Counter(t for doc in terms for t in set(doc))
    out = np.zeros(len(vocabulary), dtype=bool)
    for i, term in enumerate(vocabulary):
        if " " in term:
            first, second = term.split()
            out[i] = 2 * df[term] / max(df[first] + df[second], 1) >= _MIN_DICE
    return out


def _score_terms(binary, members: np.ndarray, siblings: np.ndarray, is_bigram: np.ndarray) -> np.ndarray:
    n = binary.shape[0]
    inside = np.asarray(binary[members].mean(axis=0)).ravel()
    sib = np.asarray(binary[siblings].mean(axis=0)).ravel() if len(siblings) else np.zeros_like(inside)
    outside_mask = np.ones(n, dtype=bool)
    outside_mask[members] = False
    rest = np.asarray(binary[outside_mask].mean(axis=0)).ravel() if outside_mask.any() else np.zeros_like(inside)
    smoothing = 1.0 / n
    score = inside * np.log1p(inside / (np.maximum(sib, rest) + smoothing))
    if np.count_nonzero(score[inside >= _MIN_SHARE]) >= 2:   # a small or diffuse cluster keeps its rarer terms
        score[inside < _MIN_SHARE] = 0.0
    return score * np.where(is_bigram, _BIGRAM_BONUS, 1.0)


def _pick_terms(ranked: list[str], count: int) -> list[str]:
    chosen: list[str] = []
    for term in ranked:
        words = term.split()
        if len(words) > 1:
            if any(set(words) & set(c.split()) for c in chosen if " " in c):
                continue
            inside = [c for c in chosen if c in words]
            if inside:   # the bigram stands in for the single word it contains
                chosen = [term if c == inside[0] else c for c in chosen if c not in inside[1:]]
                continue
            chosen.append(term)
        elif not any(term in c.split() for c in chosen):
            chosen.append(term)
        if len(chosen) >= count:
            break
    return chosen


def cluster_fault_statements(texts: Sequence[str], groups: Sequence[Hashable] | None = None, *,
                             max_clusters: int = 6, min_cluster_size: int = 4,
                             min_silhouette: float = MIN_SILHOUETTE, random_state: int = 0) -> list[str]:
    """A readable label for each fault statement (same order); within a group, similar statements share one."""
    texts = list(texts)
    if not texts:
        return []
    groups = list(groups) if groups is not None else [None] * len(texts)
    if len(groups) != len(texts):
        raise ValueError(f"{len(groups)} groups for {len(texts)} statements: give one group per statement")
    terms = fault_terms(texts)
    present = np.array([bool(t) for t in terms])
    if not present.any():
        return [UNCLUSTERED] * len(texts)
    # wording in more than half of all statements separates nothing; a term in one statement recurs nowhere
    vectoriser = TfidfVectorizer(analyzer=lambda doc: doc, min_df=2 if len(texts) >= 10 else 1,
                                 max_df=0.5 if len(texts) >= 10 else 1.0, sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(terms)
    except ValueError:   # every term pruned
        return [UNCLUSTERED] * len(texts)
    vocabulary = vectoriser.get_feature_names_out()
    is_bigram = np.array([" " in t for t in vocabulary])
    labelable = ~is_bigram | _fixed_phrases(terms, vocabulary)
    binary = sparse.csr_matrix((matrix > 0).astype(np.float32))
    present &= np.asarray(matrix.getnnz(axis=1) > 0)

    clusters: list[tuple[Hashable, np.ndarray]] = []   # (group, member indices)
    by_group: dict[Hashable, list[int]] = {}
    for i, group in enumerate(groups):
        if present[i]:
            by_group.setdefault(group, []).append(i)
    for group in sorted(by_group, key=repr):
        members = np.array(by_group[group])
        assigned = _choose_k(matrix[members], max_clusters, min_cluster_size, min_silhouette, random_state)
        for c in range(assigned.max() + 1):
            clusters.append((group, members[assigned == c]))

    labels = [UNCLUSTERED] * len(texts)
    used: Counter = Counter()
    pending = []
    for group, members in clusters:
        siblings = np.array([i for g, m in clusters if g == group for i in m if i not in set(members)], dtype=int)
        score = _score_terms(binary, members, siblings, is_bigram)
        ranked = [vocabulary[i] for i in np.argsort(-score, kind="stable") if score[i] > 0 and labelable[i]][:30]
        pending.append((members, ranked))
        used[" / ".join(_pick_terms(ranked, 3))] += 1
    for members, ranked in pending:
        label = " / ".join(_pick_terms(ranked, 3))
        if used[label] > 1:   # shared with another pattern: one more distinctive term tells them apart
            label = " / ".join(_pick_terms(ranked, 4))
        for i in members:
            labels[i] = label or UNCLUSTERED
    return labels

