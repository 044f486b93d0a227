"""Synthetic people and places: names, nicknames, schools, staff and postcodes from names.toml."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Gazetteer", "gazetteer", "weighted_pick"]

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a UK inward code may use


@dataclass(frozen=True)
class Gazetteer:
    """The demo's lists of names and places, read once from names.toml."""

    boys: tuple[str, ...]
    girls: tuple[str, ...]
    hyphen_first: tuple[str, ...]
    surnames: tuple[str, ...]
    surname_second: tuple[str, ...]
    adult_men: tuple[str, ...]
    adult_women: tuple[str, ...]
    staff: tuple[str, ...]
    councillors: tuple[str, ...]
    districts: tuple[tuple[str, str], ...]
    schools: dict
    nicknames: dict

    def all_schools(self) -> list[str]:
        """Every school in the gazetteer."""
        return [name for kind in ("nursery", "primary", "secondary", "special", "post16") for name in self.schools[kind]]

    def postcode(self, rng: random.Random, district: str) -> str:
        """A postcode in the fictional DB area, e.g. 'DB4 7QT'."""
        return f"{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"

    def name_words(self) -> set[str]:
        """Every word a synthetic personal name may contain (for leak checks)."""
        words: set[str] = set()
        for group in (self.boys, self.girls, self.hyphen_first, self.surnames, self.surname_second,
                      self.adult_men, self.adult_women):
            words.update(group)
        for options in self.nicknames.values():
            words.update(options)
        for person in self.staff + self.councillors:
            words.update(person.replace("-", " ").split()[1:])
        return words


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load names.toml once."""
    data = tomllib.loads((Path(__file__).with_name("names.toml")).read_text(encoding="utf-8"))
    return Gazetteer(
        boys=tuple(data["boys"]), girls=tuple(data["girls"]), hyphen_first=tuple(data["hyphen_first"]),
        surnames=tuple(data["surnames"]), surname_second=tuple(data["surname_second"]),
        adult_men=tuple(data["adult_men"]), adult_women=tuple(data["adult_women"]),
        staff=tuple(data["staff"]), councillors=tuple(data["councillors"]),
        districts=tuple(data["districts"].items()), schools=data["schools"], nicknames=data["nicknames"])


def weighted_pick(rng: random.Random, items, skew: float = 0.9, offset: float = 4.0):
    """Pick from a most-common-first list with Zipf-like falling weights, so early names repeat."""
    weights = [1.0 / (rank + offset) ** skew for rank in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]
