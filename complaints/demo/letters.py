"""Complaint letters and emails composed from hand-written passages, with their themes as ground truth.

A letter is a greeting, an opening, a sentence that introduces the child, one or more situation passages,
a request and a sign-off. Only the situation passages carry themes (each passage's labels are in the data
files), so a letter's true themes are the union of the labels of the passages it used.
"""

from __future__ import annotations

import random
import re
import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Library", "Passage", "library", "render", "add_noise", "THEMES", "compose_body"]

THEMES = ("provision_insufficiency", "payment_delay", "communication", "assessment_delay",
          "complaint_handling", "transport")
_DATA = Path(__file__).parent


@dataclass(frozen=True)
class Passage:
    """One hand-written situation passage and the themes it describes."""

    text: str
    themes: tuple[str, ...]
    voice: str   # "parent" (first person, family) or "other" (third person: councillor, advocate, officer)
    source: str
    ages: tuple[int, int] = (0, 99)   # the child's age range the passage makes sense for

    def fits(self, age: int) -> bool:
        """True when the passage suits a child of this age (a sixth-former's bus pass, a phase transfer)."""
        return self.ages[0] <= age <= self.ages[1]


@dataclass(frozen=True)
class Library:
    """All passages plus the theme-free framing pieces."""

    passages: tuple[Passage, ...]
    framing: dict

    def for_theme(self, theme: str, voice: str) -> list[Passage]:
        """Passages that carry `theme` in `voice`, single-theme ones first."""
        return [p for p in self.passages if theme in p.themes and p.voice == voice]

    def themeless(self, voice: str) -> list[Passage]:
        """Passages with no theme in `voice`."""
        return [p for p in self.passages if not p.themes and p.voice == voice]


@lru_cache(maxsize=1)
def library() -> Library:
    """Read the passage files and framing.toml once; reject unknown theme labels."""
    passages = []
    for path in sorted((_DATA / "passages").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for group in data["group"]:
            themes = tuple(group["themes"])
            unknown = [t for t in themes if t not in THEMES]
            if unknown:
                raise ValueError(f"{path.name}: unknown theme labels {unknown}")
            voice = group.get("voice", "parent")
            ages = tuple(group.get("ages", (0, 99)))
            for text in group["texts"]:
                passages.append(Passage(" ".join(text.split()), themes, voice, path.stem, ages))
    framing = tomllib.loads((_DATA / "framing.toml").read_text(encoding="utf-8"))
    return Library(tuple(passages), framing)


class _Slots(dict):
    def __missing__(self, key):
        raise KeyError(f"passage placeholder {{{key}}} has no value")


def render(template: str, slots: dict) -> str:
    """Fill a passage's {placeholders}; an unknown placeholder is an error in the data file."""
    return string.Formatter().vformat(template, (), _Slots(slots))


def compose_body(rng: random.Random, lib: Library, themes: list[str], voice: str,
                 age: int = 10) -> tuple[list[Passage], list[str]]:
    """Choose passages covering `themes` (a two-theme passage may cover two at once); return them and the truth."""
    chosen: list[Passage] = []
    covered: list[str] = []
    remaining = list(themes)
    while remaining:
        theme = remaining[0]
        pool = lib.for_theme(theme, voice) or lib.for_theme(theme, "parent")
        # prefer passages whose other labels are also wanted; never add a theme we did not plan
        fitting = [p for p in pool if all(t in themes for t in p.themes) and p not in chosen and p.fits(age)]
        multi = [p for p in fitting if len(p.themes) > 1 and sum(t in remaining for t in p.themes) > 1]
        passage = rng.choice(multi) if multi and rng.random() < 0.5 else rng.choice(fitting)
        chosen.append(passage)
        for t in passage.themes:
            if t not in covered:
                covered.append(t)
            if t in remaining:
                remaining.remove(t)
    extras = rng.choices([0, 1, 2], weights=[62, 28, 10])[0] if chosen else 0
    for _ in range(extras):   # more passages on the same themes: longer, angrier letters
        theme = rng.choice(themes)
        extra = [p for p in lib.for_theme(theme, voice)
                 if p not in chosen and all(t in themes for t in p.themes) and p.fits(age)]
        if extra:
            chosen.insert(rng.randint(1, len(chosen)), rng.choice(extra))
    if not themes:
        pool = [p for p in (lib.themeless(voice) or lib.themeless("parent")) if p.fits(age)]
        chosen = [rng.choice(pool)]
    return chosen, [t for t in THEMES if t in covered]


_WORD = re.compile(r"\b[a-z]{5,}\b")
_RUN_ON = re.compile(r"\. (He|She|It|We|They|The|This|That|Nobody|Nothing|Every|There)\b")


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]   # swapped letters
    if kind < 0.7:
        return word[:i] + word[i + 1:]                         # dropped letter
    return word[:i] + word[i] + word[i:]                        # doubled letter


def add_noise(rng: random.Random, text: str) -> str:
    """Light, seeded noise the way people type: slips, lost apostrophes, run-ons, the odd all-lower-case email."""
    if rng.random() < 0.12:
        words = list(_WORD.finditer(text))
        picked = rng.sample(words, k=min(len(words), rng.randint(1, 2)))
        for match in sorted(picked, key=lambda m: m.start(), reverse=True):   # right to left keeps offsets valid
            start, end = match.span()
            text = text[:start] + _typo(rng, match.group()) + text[end:]
    if rng.random() < 0.08:
        text = text.replace("'", "")
    if rng.random() < 0.07:
        text = _RUN_ON.sub(lambda m: rng.choice([". " + m.group(1), ", " + m.group(1).lower(),
                                                  " and " + m.group(1).lower()]), text, count=3)
    if rng.random() < 0.04:
        text = text.lower()
    return text
