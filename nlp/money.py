"""Money amounts and counts as decision statements write them: "£1,200", "£1.5k", "five hundred pounds", "two terms".

Rules (documented in the README):
- "£N" and "£N,NNN.NN" are exact; "GBP 300" too.
- "£1.5k" means exactly 1,500: the k suffix multiplies by 1,000 and is accepted only when the result is a
  whole number of pence; "£1.1m" / "£2 million" multiply by 1,000,000 (budgets and spending, never remedies,
  but they must not be read as £1.10).
- An amount in words must be followed by "pound(s)"; when the figure follows in brackets
  ("five hundred pounds (£500)") the bracketed figure is the same amount and is not counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Amount", "find_amounts", "same_amount", "words_to_number", "parse_count", "NUMBER_WORD"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_ALL_WORDS = list(_UNITS) + list(_TENS) + list(_SCALES)
NUMBER_WORD = r"(?:" + "|".join(sorted(_ALL_WORDS, key=len, reverse=True)) + r")"
_WORD_NUMBER = rf"(?:(?:a|an)\s+(?=hundred|thousand))?{NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){NUMBER_WORD})*"

_FIGURE = re.compile(
    r"£\s?(?P<mnum>\d+(?:\.\d+)?)\s?(?:m|mn|million)\b"
    r"|(?:£|\bGBP\s?)\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d{1,2})?(?P<k>k\b)?(?!\d|\.\d)"
    r"|£\s?(?P<knum>\d+\.\d+)k\b",
    re.IGNORECASE,
)
_WORDS = re.compile(rf"\b(?P<words>(?-i:(?:a|an)\s+(?=hundred|thousand))?{NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){NUMBER_WORD})*)\s+pounds?\b(?P<echo>\s*\(£\s?[\d,]+(?:\.\d\d)?\))?", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """One sum of money found in text: its value in pounds and where it sits."""

    value: float
    start: int
    end: int
    text: str


def same_amount(a: float | None, b: float | None) -> bool:
    """Whether two sums are equal to the penny (two missing sums are the same; one missing one is not)."""
    if a is None or b is None:
        return a is None and b is None
    return round(a * 100) == round(b * 100)


def words_to_number(words: str) -> int | None:
    """The integer written in English words ("one thousand two hundred" -> 1200), or None."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
    if not tokens:
        return None
    total, current = 0, 0
    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current


def parse_count(token: str) -> int | None:
    """A count written as digits or words ("8", "eight", "both") as an integer, or None."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    if token == "both":
        return 2
    return words_to_number(token)


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money in `text`, in order, each with its character span."""
    found: list[Amount] = []
    echoes: list[tuple[int, int]] = []
    for match in _WORDS.finditer(text):
        value = words_to_number(match.group("words"))
        if value is None or value == 0:
            continue
        end = match.end("echo") if match.group("echo") else match.end()
        if match.group("echo"):
            echoes.append((match.start("echo"), match.end("echo")))
        found.append(Amount(float(value), match.start(), end, text[match.start():end]))
    for match in _FIGURE.finditer(text):
        if any(s <= match.start() < e for s, e in echoes):
            continue
        if match.group("mnum"):
            value = float(match.group("mnum")) * 1_000_000
        elif match.group("knum"):
            value = float(match.group("knum")) * 1000
        else:
            value = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
            if match.group("k"):
                value *= 1000
        if abs(round(value * 100) - value * 100) > 1e-6:  # "£1.2345k" is not an exact sum
            continue
        found.append(Amount(round(value, 2), match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda a: a.start)
