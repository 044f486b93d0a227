"""Clustering of fault statements into readable recurring patterns (TF-IDF + NMF, labels from top terms).

`cluster_fault_statements(texts)` returns one label per text, such as "annual review / review / delay",
so the systemic-patterns report (complaints.reports.systemic) can group cases without importing
scikit-learn: the service layer passes this function in.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

__all__ = ["cluster_fault_statements", "UNCLUSTERED"]

UNCLUSTERED = "no distinctive wording"

# Words every decision uses, which would otherwise dominate every label.
DOMAIN_STOP_WORDS = frozenset("""
council councils ombudsman complaint complaints complained complains fault faults found find finding findings
mrs mr ms miss x y z b c caused cause injustice decision decided agreed agree remedy remedies did didn does
said says say told council's family parent parents child son daughter young person people case cases
month months week weeks year years day days time times took taken
dear hello hi regards kind thanks thank sincerely faithfully yours writing write email letter please would like
also still just know get got want wanted need needs really going
""".split())
_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z]+\b"


def _cluster_count(n: int, max_clusters: int) -> int:
    return max(1, min(max_clusters, n, math.ceil(math.sqrt(n / 2))))


def _label(terms: list[str]) -> str:
    """Up to three top terms, a bigram standing in for the single words it contains ("annual review")."""
    chosen: list[str] = []
    for term in terms:
        words = term.split()
        if len(words) > 1:
            if any(set(words) & set(c.split()) for c in chosen if " " in c):
                continue
            positions = [i for i, c in enumerate(chosen) if c in words]
            if positions:
                chosen[positions[0]] = term
                chosen = [c for i, c in enumerate(chosen) if i not in positions[1:]]
            else:
                chosen.append(term)
        elif not any(term in c.split() for c in chosen):
            chosen.append(term)
    return " / ".join(chosen[:3])


def cluster_fault_statements(texts: Sequence[str], *, max_clusters: int = 8, random_state: int = 0) -> list[str]:
    """A readable cluster label for each fault statement (same order); similar statements share a label."""
    texts = [re.sub(r"\s+", " ", t or "").strip() for t in texts]
    if not texts:
        return []
    vectoriser = TfidfVectorizer(stop_words=list(ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS), token_pattern=_TOKEN,
                                 ngram_range=(1, 2), min_df=2 if len(texts) >= 20 else 1, sublinear_tf=True,
                                 # a word in most statements ("school", "plan") tells one pattern from no other
                                 max_df=0.3 if len(texts) >= 20 else 1.0,
                                 lowercase=True)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return [UNCLUSTERED] * len(texts)
    k = min(_cluster_count(len(texts), max_clusters), matrix.shape[1])
    model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    weights = model.fit_transform(matrix)
    terms = vectoriser.get_feature_names_out()
    labels = [_label([terms[i] for i in component.argsort()[::-1][:8]]) for component in model.components_]
    out = []
    for row, present in zip(weights, (matrix.getnnz(axis=1) > 0)):
        out.append(labels[int(row.argmax())] if present and row.max() > 0 else UNCLUSTERED)
    return out
