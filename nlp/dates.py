"""Dates as decision statements write them ("14 March 2024", "14/03/2024", "2024-03-14", "March 14th, 2024")."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["parse_date", "find_dates", "DATE_PATTERN", "DATE_TEXT", "MONTHS"]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DMY_WORDS = rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})(?:,)?\s+(?P<y1>\d{{4}})"
_MDY_WORDS = rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
_NUMERIC = r"(?P<d4>\d{1,2})[/.](?P<m4>\d{1,2})[/.](?P<y4>\d{4}|\d{2})"
DATE_PATTERN = rf"(?:{_DMY_WORDS}|{_MDY_WORDS}|{_ISO}|{_NUMERIC})"
# The same pattern without named groups, for embedding more than once in a larger pattern.
DATE_TEXT = re.sub(r"\?P<\w+>", "?:", DATE_PATTERN)
_DATE_RE = re.compile(rf"\b{DATE_PATTERN}\b", re.IGNORECASE)


def _from_match(match: re.Match) -> date | None:
    g = match.groupdict()
    try:
        if g["d1"]:
            return date(int(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
        if g["d2"]:
            return date(int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        year = int(g["y4"])
        year = year + 2000 if year < 100 else year
        return date(year, int(g["m4"]), int(g["d4"]))  # UK order: day/month/year
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in `text` with its span, in order."""
    out = []
    for match in _DATE_RE.finditer(text):
        value = _from_match(match)
        if value is not None:
            out.append((value, match.start(), match.end()))
    return out


def parse_date(text: str) -> date | None:
    """The first valid date written in `text`, or None."""
    found = find_dates(text)
    return found[0][0] if found else None
