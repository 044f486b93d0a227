"""Field comparisons: each identifying field of a complaint against a case, as a discrete agreement level.

Levels are what the Fellegi-Sunter model weighs; `None` means the field is missing on either side
(it then neither helps nor hurts).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jellyfish
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

__all__ = [
    "FIELDS",
    "nickname_groups",
    "forename_forms",
    "compare_forename",
    "compare_surname",
    "compare_dob",
    "compare_postcode",
    "compare_school",
    "surname_key",
    "forename_key",
]

# field -> levels, best first; the last level of each is disagreement
FIELDS: dict[str, tuple[str, ...]] = {
    "forename": ("exact", "nickname", "fuzzy", "partial", "initial", "disagree"),
    "surname": ("exact", "fuzzy", "disagree"),
    "family_surname": ("exact", "fuzzy", "disagree"),   # complainant's surname, used when the child's is unknown
    "dob": ("exact", "swapped", "slip", "disagree"),
    "postcode": ("full", "district", "disagree"),
    "school": ("exact", "disagree"),
}


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each known name (formal or short) -> the formal names it can stand for, from nicknames.txt."""
    text = resources.files("complaints.matching").joinpath("nicknames.txt").read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        formal, _, shorts = line.partition(":")
        formal = formal.strip().lower()
        groups.setdefault(formal, set()).add(formal)
        for short in shorts.split(","):
            short = short.strip().lower()
            if short:
                groups.setdefault(short, set()).add(formal)
    return {name: frozenset(formals) for name, formals in groups.items()}


@lru_cache(maxsize=65536)
def forename_forms(name: str) -> frozenset[str]:
    """The formal names a written forename may stand for (itself included); hyphen parts count too."""
    groups = nickname_groups()
    forms = {name}
    for part in {name, *name.split("-")}:
        forms.add(part)
        forms.update(groups.get(part, ()))
    return frozenset(f for f in forms if f)


@lru_cache(maxsize=65536)
def forename_key(name: str) -> str:
    """Blocking key for a forename: the alphabetically first formal form's metaphone, so Olly ~ Oliver."""
    if not name:
        return ""
    first = name.split("-")[0]
    formals = nickname_groups().get(first)
    base = min(formals) if formals else first
    return jellyfish.metaphone(base) or base


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """Phonetic blocking key for a surname (Soundex: tolerant of typos after the first letter)."""
    words = (name or "").replace("-", " ").split()
    return jellyfish.soundex(words[-1]) if words else ""


@lru_cache(maxsize=262144)  # the same name pairs recur across thousands of candidates
def compare_forename(a: str, b: str) -> str | None:
    """Agreement level between two normalised forenames (either may be a bare initial)."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else "disagree"
    fa, fb = a.split("-")[0], b.split("-")[0]
    if fa == fb and ("-" in a or "-" in b):
        return "partial"          # Oliver-James written as Oliver
    if forename_forms(a) & forename_forms(b) and (nickname_groups().get(a) or nickname_groups().get(b)):
        return "nickname"
    if JaroWinkler.similarity(a, b) >= 0.9 and len(a) > 3 and len(b) > 3:
        return "fuzzy"
    if token_set_ratio(a.replace("-", " "), b.replace("-", " ")) >= 90:
        return "partial"
    return "disagree"


@lru_cache(maxsize=262144)  # the same name pairs recur across thousands of candidates
def compare_surname(a: str, b: str) -> str | None:
    """Agreement level between two normalised surnames (double-barrelled halves count as fuzzy)."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if JaroWinkler.similarity(a, b) >= 0.92:
        return "fuzzy"
    if token_set_ratio(a.replace("-", " "), b.replace("-", " ")) >= 95:
        return "fuzzy"            # Smith vs Smith-Jones
    if jellyfish.metaphone(a) == jellyfish.metaphone(b):
        return "fuzzy"
    return "disagree"


def compare_dob(a: str, b: str) -> str | None:
    """Agreement level between two ISO dates: exact, day/month swapped, one digit slipped, or not."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return "swapped"
    if sum(x != y for x, y in zip(a, b)) == 1:
        return "slip"
    return "disagree"


def compare_postcode(a: str, b: str) -> str | None:
    """Agreement level between two normalised postcodes: full, same district, or not."""
    if not a or not b:
        return None
    if a == b and " " in a:
        return "full"
    if a.split(" ")[0] == b.split(" ")[0]:
        return "district"
    return "disagree"


@lru_cache(maxsize=262144)  # the same name pairs recur across thousands of candidates
def compare_school(a: str, b: str) -> str | None:
    """Agreement between two normalised school names (a shortened name still agrees)."""
    if not a or not b:
        return None
    if a == b or token_set_ratio(a, b) >= 95:
        return "exact"
    return "disagree"
