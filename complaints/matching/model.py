"""The Fellegi-Sunter model: m/u probabilities per agreement level, log2 weights, match probability.

m = P(level | same child), u = P(level | different children). u is measured on the council's own case
list (random pairs of different cases, plus name frequencies so that a shared common surname counts
less than a shared rare one). m comes from a labelled sample (`fit_m`): the complaints whose recorded
case reference names their case show how this council's families and officers write names and dates;
the defaults below act as a prior, and alone when the sample is small. `estimate_m` (EM over a run's
unlabelled candidate pairs) is available as an option.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

from complaints.matching.compare import (
    FIELDS,
    compare_dob,
    compare_forename,
    compare_postcode,
    compare_school,
    compare_surname,
)

__all__ = ["Model", "DEFAULT_M", "U_FLOORS", "M_FLOORS", "estimate_u", "estimate_m", "fit_m"]

# How often each level occurs between a complaint and its own child's case. Parents mostly give the
# name the council holds; nicknames, slips and moves happen but are the minority.
DEFAULT_M: dict[str, dict[str, float]] = {
    "forename": {"exact": 0.80, "nickname": 0.08, "fuzzy": 0.04, "partial": 0.03, "initial": 0.03,
                 "disagree": 0.02},
    "surname": {"exact": 0.88, "fuzzy": 0.08, "disagree": 0.04},
    "family_surname": {"exact": 0.70, "fuzzy": 0.05, "disagree": 0.25},  # parents' surnames differ often
    "dob": {"exact": 0.90, "swapped": 0.03, "slip": 0.04, "disagree": 0.03},
    "postcode": {"full": 0.75, "district": 0.13, "disagree": 0.12},
    "school": {"exact": 0.75, "disagree": 0.25},
}

# Lower bounds on u: agreement between *different* children is never rarer than this, because
# siblings and twins share surname, address, school and sometimes date of birth.
U_FLOORS: dict[str, dict[str, float]] = {
    "forename": {"exact": 0.0005, "nickname": 0.0005, "fuzzy": 0.002, "partial": 0.001, "initial": 0.02},
    "surname": {"exact": 0.001, "fuzzy": 0.003},
    "family_surname": {"exact": 0.001, "fuzzy": 0.003},
    "dob": {"exact": 0.0003, "swapped": 0.0002, "slip": 0.001},
    "postcode": {"full": 0.002, "district": 0.01},
    "school": {"exact": 0.01},
}

# Lower bounds on m after fitting: a sample of referenced complaints rarely shows a renamed child, a moved
# family or a wrong date, but such complaints exist, and one disagreement must not sink a true match.
M_FLOORS: dict[str, dict[str, float]] = {
    "forename": {"disagree": 0.01, "nickname": 0.02, "fuzzy": 0.01, "partial": 0.01, "initial": 0.01},
    "surname": {"disagree": 0.02, "fuzzy": 0.02},
    "family_surname": {"disagree": 0.1},
    "dob": {"disagree": 0.01, "swapped": 0.01, "slip": 0.01},
    "postcode": {"disagree": 0.05, "district": 0.05},
    "school": {"disagree": 0.1},
}

_COMPARE = {"forename": compare_forename, "surname": compare_surname, "family_surname": compare_surname,
            "dob": compare_dob, "postcode": compare_postcode, "school": compare_school}


@dataclass
class Model:
    """m and u probabilities, name frequencies for term-frequency u, and the prior match rate."""

    m: dict[str, dict[str, float]] = field(default_factory=lambda: {f: dict(v) for f, v in DEFAULT_M.items()})
    u: dict[str, dict[str, float]] = field(default_factory=dict)
    forename_freq: dict[str, float] = field(default_factory=dict)
    surname_freq: dict[str, float] = field(default_factory=dict)
    prior: float = 1e-3   # P(a random complaint-case pair is the same child) = match_rate / number of cases
    match_rate: float = 0.9  # P(a complaint's child has a case at all)

    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def level_weight(self, name: str, level: str, value: str = "") -> float:
        """log2(m/u) for one field at one level (term-frequency u for exact name agreement)."""
        key = (name, level, value if level == "exact" else "")
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._level_weight(name, level, key[2])
        return cached

    def _level_weight(self, name: str, level: str, value: str) -> float:
        m = self.m[name][level]
        u = self.u.get(name, {}).get(level, 0.5 if level == "disagree" else 0.01)
        if level == "exact" and value:
            freq = {"forename": self.forename_freq, "surname": self.surname_freq,
                    "family_surname": self.surname_freq}.get(name)
            if freq is not None and value in freq:
                u = freq[value]
        u = max(u, U_FLOORS.get(name, {}).get(level, 1e-6))
        return math.log2(max(m, 1e-6) / u)

    def weights(self, levels: dict[str, str | None], values: dict[str, str] | None = None) -> dict[str, float]:
        """Per-field weights of one comparison vector (missing fields omitted)."""
        values = values or {}
        return {name: self.level_weight(name, level, values.get(name, ""))
                for name, level in levels.items() if level is not None}

    def posterior(self, total_weights: list[float]) -> list[float]:
        """P(the complaint's child is each candidate), given that it is at most one case of the list.

        Each case starts at prior `match_rate / n`; "no case at all" starts at 1 - match_rate. Candidates
        compete, so two near-equal candidates (twins under one nickname) share the probability.
        """
        if not total_weights:
            return []
        base = math.log2(self.prior)
        top = max(total_weights) + base
        scale = max(top, math.log2(1 - self.match_rate))
        masses = [2.0 ** (w + base - scale) for w in total_weights]
        none = 2.0 ** (math.log2(1 - self.match_rate) - scale)
        total = sum(masses) + none
        return [m / total for m in masses]

    def probability(self, total_weight: float) -> float:
        """Match probability from the summed weights and the prior."""
        logit = total_weight + math.log2(self.prior / (1 - self.prior))
        if logit > 60:
            return 1.0
        if logit < -60:
            return 0.0
        return 1.0 / (1.0 + 2.0 ** (-logit))


def estimate_u(cases, *, pairs: int = 20000, seed: int = 0, expected_matches: float | None = None) -> Model:
    """A model whose u probabilities come from random pairs of different cases in `cases`."""
    rng = random.Random(seed)
    n = len(cases)
    model = Model()
    counts = {name: Counter() for name in FIELDS}
    seen = {name: 0 for name in FIELDS}
    if n >= 2:
        for _ in range(pairs):
            a, b = rng.sample(range(n), 2)
            ca, cb = cases[a], cases[b]
            for name, (x, y) in (("forename", (ca.forename, cb.forename)), ("surname", (ca.surname, cb.surname)),
                                 ("dob", (ca.dob, cb.dob)), ("postcode", (ca.postcode, cb.postcode)),
                                 ("school", (ca.school, cb.school))):
                level = _COMPARE[name](x, y)
                if level is not None:
                    counts[name][level] += 1
                    seen[name] += 1
    counts["family_surname"] = counts["surname"]
    seen["family_surname"] = seen["surname"]
    for name, levels in FIELDS.items():
        total = seen[name]
        # add-half smoothing keeps unseen agreement levels small but non-zero
        model.u[name] = {level: (counts[name][level] + 0.5) / (total + 0.5 * len(levels)) for level in levels}
    forenames = Counter(c.forename for c in cases if c.forename)
    surnames = Counter(c.surname for c in cases if c.surname)
    model.forename_freq = {k: v / n for k, v in forenames.items()} if n else {}
    model.surname_freq = {k: v / n for k, v in surnames.items()} if n else {}
    # one true case per complaint, among n cases
    model.match_rate = expected_matches or 0.9
    model.prior = min(0.5, model.match_rate / max(n, 2))
    return model


def estimate_m(model: Model, comparisons: list[dict[str, str | None]], *, iterations: int = 25) -> Model:
    """Re-estimate m (and the candidate-pair match rate) by EM over unlabelled comparison vectors; u is kept."""
    if not comparisons:
        return model
    m = {f: dict(v) for f, v in model.m.items()}
    share = 0.5
    for _ in range(iterations):
        expected = {f: Counter() for f in FIELDS}
        total_g = 0.0
        for levels in comparisons:
            log_m = log_u = 0.0
            for name, level in levels.items():
                if level is None:
                    continue
                log_m += math.log(max(m[name][level], 1e-9))
                log_u += math.log(max(model.u.get(name, {}).get(level, 1e-3), 1e-9))
            odds = math.exp(max(-50.0, min(50.0, log_m - log_u))) * share / (1 - share)
            g = odds / (1 + odds)
            total_g += g
            for name, level in levels.items():
                if level is not None:
                    expected[name][level] += g
        share = min(0.99, max(0.01, total_g / len(comparisons)))
        for name, levels in FIELDS.items():
            total = sum(expected[name].values())
            if total > 0:
                m[name] = {level: (expected[name][level] + 0.1) / (total + 0.1 * len(levels)) for level in levels}
    return Model(m=m, u=model.u, forename_freq=model.forename_freq, surname_freq=model.surname_freq,
                 prior=model.prior, match_rate=model.match_rate)


def fit_m(model: Model, comparisons: list[dict[str, str | None]], *, prior_strength: float = 30.0) -> Model:
    """m probabilities from comparison vectors of known matches, smoothed towards the model's current m."""
    counts = {name: Counter() for name in FIELDS}
    for levels in comparisons:
        for name, level in levels.items():
            if level is not None:
                counts[name][level] += 1
    m = {}
    for name, levels in FIELDS.items():
        total = sum(counts[name].values())
        fitted = {level: max((counts[name][level] + prior_strength * model.m[name][level]) / (total + prior_strength),
                             M_FLOORS.get(name, {}).get(level, 0.0)) for level in levels}
        norm = sum(fitted.values())
        m[name] = {level: value / norm for level, value in fitted.items()}
    return Model(m=m, u=model.u, forename_freq=model.forename_freq, surname_freq=model.surname_freq,
                 prior=model.prior, match_rate=model.match_rate)
