"""A learned second opinion on the sums the remedy rules count, and on their purposes.

The rules in `nlp.remedies` decide from cue words which sums are remedies. On wording they have not met, their
costliest mistake is a total on a decision that orders no money at all: a family's wish, a payment made before
the decision, a refund already given, read as a remedy. Three small models trained on the shipped labelled texts
(`nlp/data/remedies/*.jsonl`) give a second opinion:

- the text model: how likely the whole text is to state a money remedy (words and word pairs, logistic
  regression; label: the labelled total is a number rather than null);
- the sum model: how likely the words around one sum are a remedy's (the words before and after it, within its
  paragraph). Label: in the labelled texts whose total the rules get exactly right, a sum the rules counted is a
  remedy's and every other sum is not;
- the purpose model: which purpose (distress, lost provision, ...) an item the rules counted is for, from the same
  words around its sum plus the rules' own guess and the item's arithmetic. Label: the labelled item's purpose,
  matched to the rules' item by amount.

The rules' sums are held back, not totalled, when the text model is sure there is no money remedy (below
`TEXT_ALONE`) or when both models doubt it (text below `TEXT_JOINT` and every counted sum below `SUM_JOINT`); every
item the rules counted takes the purpose model's purpose.

The thresholds were chosen on development data only (README, "The learned check"). Training is deterministic
and takes a few seconds; scikit-learn is imported only when a check is trained.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from nlp.errors import NlpError
from nlp.labelled import load_labelled
from nlp.money import find_amounts, same_amount

__all__ = ["RemedyCheck", "Doubt", "train_check", "shipped_records", "sum_context", "purpose_context", "SHIPPED_DIR",
           "TEXT_ALONE", "TEXT_JOINT", "SUM_JOINT"]

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "remedies"
TEXT_ALONE = 0.2
TEXT_JOINT = 0.7
SUM_JOINT = 0.5

_WORD = re.compile(r"[a-z]+|£|\d+", re.IGNORECASE)
_LEFT_CHARS, _RIGHT_CHARS = 160, 90

# rules(text, decision_date) -> (total or None, items each with "span": [start, end])
Rules = Callable[[str, str | None], tuple[float | None, list[dict]]]


def sum_context(text: str, start: int, end: int) -> str:
    """The sum model's features for the sum at text[start:end]: the words before and after it in its paragraph,
    marked by side, the nearest few apart, and the word pairs on each side."""
    left = text[max(0, start - _LEFT_CHARS):start].split("\n\n")[-1]
    right = text[end:end + _RIGHT_CHARS].split("\n\n")[0]
    before = [w.lower() for w in _WORD.findall(left)]
    after = [w.lower() for w in _WORD.findall(right)]
    sentence = [w.lower() for w in _WORD.findall(re.split(r"[.!?]\s", left)[-1])]
    tokens = ([f"L_{w}" for w in before] + [f"R_{w}" for w in after] + [f"N_{w}" for w in before[-5:]]
              + [f"M_{w}" for w in after[:4]] + [f"S_{w}" for w in sentence]
              + [f"LB_{a}_{b}" for a, b in zip(before, before[1:])] + [f"RB_{a}_{b}" for a, b in zip(after, after[1:])])
    return " ".join(tokens)


def purpose_context(text: str, item: dict) -> str:
    """The purpose model's features for one item: its sum's context, the rules' purpose and its arithmetic."""
    start, end = item["span"]
    basis = [f"B_{w.lower()}" for w in str(item.get("basis") or "").split()[1:6]]
    return " ".join([sum_context(text, start, end), f"RULE_{item.get('purpose')}", *basis])


@dataclass(frozen=True)
class Doubt:
    """Why the rules' sums were held back: the two models' probabilities."""

    text_probability: float
    sum_probabilities: tuple[float, ...]

    def reason(self, amounts: Iterable[float]) -> str:
        listed = ", ".join(f"£{a:,.2f}" if a % 1 else f"£{a:,.0f}" for a in amounts)
        return (f"the wording reads like a decision with no money remedy (text {self.text_probability:.2f}, "
                f"sums {max(self.sum_probabilities, default=0):.2f} at most), so {listed} found by the rules "
                "is not totalled: check the text")


@dataclass
class RemedyCheck:
    """The trained text, sum and purpose models, and the fingerprint of the texts they learnt from."""

    text_vectoriser: object
    text_model: object
    sum_vectoriser: object
    sum_model: object
    corpus_sha256: str
    counts: dict = field(default_factory=dict)
    purpose_vectoriser: object = None
    purpose_model: object = None  # None when the training texts held fewer than two purposes

    def purposes(self, text: str, items: list[dict]) -> list[str | None]:
        """The purpose model's purpose for each item, None for an item without a span (or with no model)."""
        found: list[str | None] = [None] * len(items)
        placed = [n for n, item in enumerate(items) if item.get("span")]
        if self.purpose_model is None or not placed:
            return found
        X = self.purpose_vectoriser.transform([purpose_context(text, items[n]) for n in placed])
        for n, purpose in zip(placed, self.purpose_model.predict(X)):
            found[n] = str(purpose)
        return found

    def text_probability(self, text: str) -> float:
        return float(self.text_model.predict_proba(self.text_vectoriser.transform([text]))[0, 1])

    def sum_probabilities(self, text: str, spans: list[tuple[int, int]]) -> list[float]:
        if not spans:
            return []
        X = self.sum_vectoriser.transform([sum_context(text, start, end) for start, end in spans])
        return [float(p) for p in self.sum_model.predict_proba(X)[:, 1]]

    def doubt(self, text: str, items: list[dict]) -> Doubt | None:
        """A Doubt when the rules' items should be held back, else None. Items without a span are never doubted."""
        spans = [tuple(item["span"]) for item in items if item.get("span")]
        if not items or len(spans) < len(items):
            return None
        text_p = self.text_probability(text)
        sums = self.sum_probabilities(text, spans)
        if text_p < TEXT_ALONE or (text_p < TEXT_JOINT and max(sums) < SUM_JOINT):
            return Doubt(round(text_p, 3), tuple(round(p, 3) for p in sums))
        return None


def shipped_records(folder: Path = SHIPPED_DIR) -> list[dict]:
    """The labelled texts the check learns from: every `*.jsonl` in `folder`, in name order."""
    records = [record for path in sorted(folder.glob("*.jsonl")) for record in load_labelled(path)]
    if not records:
        raise NlpError(f"no labelled remedy texts (*.jsonl) in {folder}")
    return records


def _sum_examples(records: list[dict], readings: list[tuple]) -> tuple[list[str], list[int]]:
    contexts, labels = [], []
    for record, (total, items) in zip(records, readings):
        if not same_amount(total, record["remedy_total_gbp"]):
            continue  # the rules' reading of this text is wrong somewhere: its sums carry no reliable label
        spans = [item["span"] for item in items if item.get("span")]
        for amount in find_amounts(record["text"]):
            counted = any(s <= amount.start < e or amount.start <= s < amount.end for s, e in spans)
            contexts.append(sum_context(record["text"], amount.start, amount.end))
            labels.append(int(counted))
    return contexts, labels


def _purpose_examples(records: list[dict], readings: list[tuple]) -> tuple[list[str], list[str]]:
    contexts, labels = [], []
    for record, (_, items) in zip(records, readings):
        remaining = list(record.get("items") or [])
        for item in items:
            match = next((e for e in remaining if same_amount(e["amount_gbp"], item["amount_gbp"])), None)
            if match is None or not item.get("span"):
                continue
            remaining.remove(match)
            contexts.append(purpose_context(record["text"], item))
            labels.append(match["purpose"])
    return contexts, labels


def train_check(records: list[dict], rules: Rules) -> RemedyCheck:
    """Train the models on labelled records ({"text", "decision_date"?, "remedy_total_gbp", "items"}) read by `rules`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    readings = [rules(r["text"], r.get("decision_date")) for r in records]
    text_labels = [int(r["remedy_total_gbp"] is not None) for r in records]
    contexts, sum_labels = _sum_examples(records, readings)
    for name, labels in (("texts", text_labels), ("sums", sum_labels)):
        if len(set(labels)) < 2:
            raise NlpError(f"the remedy check needs labelled {name} both with and without money remedies")
    text_vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    text_model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
    text_model.fit(text_vectoriser.fit_transform([r["text"] for r in records]), text_labels)
    sum_vectoriser = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, min_df=2)
    sum_model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
    sum_model.fit(sum_vectoriser.fit_transform(contexts), sum_labels)
    purpose_contexts, purposes = _purpose_examples(records, readings)
    purpose_vectoriser = purpose_model = None
    if len(set(purposes)) >= 2:
        purpose_vectoriser = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, min_df=2)
        purpose_model = LogisticRegression(C=16.0, max_iter=3000)
        purpose_model.fit(purpose_vectoriser.fit_transform(purpose_contexts), purposes)
    digest = hashlib.sha256("\n".join(r["text"] for r in records).encode("utf-8")).hexdigest()
    return RemedyCheck(text_vectoriser, text_model, sum_vectoriser, sum_model, digest,
                       {"texts": len(records), "sums": len(sum_labels), "remedy_sums": sum(sum_labels),
                        "items": len(purposes)}, purpose_vectoriser, purpose_model)
