"""Compliance deadlines in decision statements: "within one month of my final decision", "within 20 working days",
"by 31 May 2024" -> a due date counted from the decision date.

Rules: months are calendar months (31 January + 1 month = 29 February in a leap year, the day clamped to
the month's end); weeks are 7 days; days are calendar days unless "working"/"business"; working days
skip Saturdays, Sundays and England and Wales bank holidays (the `holidays` package, subdivision ENG).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from nlp.dates import DATE_TEXT, find_dates
from nlp.money import NUMBER_WORD, parse_count

__all__ = ["Deadline", "find_deadline", "due_date", "add_working_days", "add_months"]

_WITHIN = re.compile(
    rf"\b(?:within|in the next|no later than)\s+(?P<n>\d+|a|an|{NUMBER_WORD})\s+"
    r"(?P<kind>calendar\s+|working\s+|business\s+|school\s+)?(?P<unit>day|week|month)s?\b",
    re.IGNORECASE,
)
_BY_DATE = re.compile(rf"\b(?:by|before|no later than|on or before)\s+(?:the\s+)?(?P<date>{DATE_TEXT})", re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    """A deadline as written: either a period (amount + unit) from the decision, or a fixed date."""

    phrase: str
    amount: int | None = None
    unit: str | None = None          # days | working_days | weeks | months
    on: date | None = None           # a fixed date ("by 31 May 2024")


def find_deadline(text: str) -> Deadline | None:
    """The first deadline written in `text`, or None when it states none."""
    candidates = []
    for match in _WITHIN.finditer(text):
        n = match.group("n").lower()
        amount = 1 if n in ("a", "an") else parse_count(n)
        if amount is None:
            continue
        unit = match.group("unit").lower() + "s"
        kind = (match.group("kind") or "").strip().lower()
        if unit == "days" and kind in ("working", "business", "school"):
            unit = "working_days"
        candidates.append((match.start(), Deadline(match.group(0), amount, unit)))
    for match in _BY_DATE.finditer(text):
        found = find_dates(match.group("date"))
        if found:
            candidates.append((match.start(), Deadline(match.group(0), on=found[0][0])))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]


def add_months(start: date, months: int) -> date:
    """`start` plus whole calendar months, the day clamped to the end of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (weekends and England and Wales bank holidays skipped)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in _bank_holidays(current.year):
            remaining -= 1
    return current


def due_date(deadline: Deadline | None, decision_date: date | None) -> date | None:
    """The due date a deadline gives, counted from the decision date (None when it cannot be known)."""
    if deadline is None:
        return None
    if deadline.on is not None:
        return deadline.on
    if decision_date is None or deadline.amount is None:
        return None
    if deadline.unit == "months":
        return add_months(decision_date, deadline.amount)
    if deadline.unit == "weeks":
        return decision_date + timedelta(weeks=deadline.amount)
    if deadline.unit == "working_days":
        return add_working_days(decision_date, deadline.amount)
    return decision_date + timedelta(days=deadline.amount)
