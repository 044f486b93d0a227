"""Reporting years: financial (April–March, "2023/24"), calendar ("2023") and academic (September–August, "2023/24").

Each basis is available twice: as a Python function for single dates and as a SQL expression so the
aggregates label a million rows inside SQLite without a round trip through Python.
"""

from __future__ import annotations

import re
from datetime import date

from complaints.errors import ComplaintsError

__all__ = ["YEAR_BASES", "PeriodError", "year_label", "year_sql", "year_bounds", "year_labels_between", "parse_day"]

# The first month of each basis's year.
YEAR_BASES = {"financial": 4, "calendar": 1, "academic": 9}


class PeriodError(ComplaintsError):
    """A year basis or year label is not one the reports understand."""


def _start_month(basis: str) -> int:
    try:
        return YEAR_BASES[basis]
    except KeyError:
        raise PeriodError(f"unknown year basis {basis!r}: use one of {', '.join(YEAR_BASES)}") from None


def parse_day(value) -> date | None:
    """An ISO date (or datetime) text or date as a `date`; None for blanks."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def year_label(value, basis: str = "financial") -> str | None:
    """The label of the reporting year a date falls in, e.g. 31 March 2024 -> "2023/24" (financial)."""
    start = _start_month(basis)
    day = parse_day(value)
    if day is None:
        return None
    if start == 1:
        return str(day.year)
    first = day.year if day.month >= start else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def year_sql(column: str, basis: str = "financial") -> str:
    """A SQL expression giving `column`'s (ISO date text) year label; NULL for blank dates.

    Only substr and integer arithmetic, so SQLite evaluates it cheaply on every row."""
    start = _start_month(basis)
    if start == 1:
        return f"(CASE WHEN {column} IS NULL OR {column} = '' THEN NULL ELSE substr({column}, 1, 4) END)"
    month = f"{start:02d}"
    year = f"CAST(substr({column}, 1, 4) AS INTEGER)"
    return (
        f"(CASE WHEN {column} IS NULL OR {column} = '' THEN NULL "
        f"WHEN substr({column}, 6, 2) >= '{month}' "
        f"THEN substr({column}, 1, 4) || '/' || printf('%02d', ({year} + 1) % 100) "
        f"ELSE ({year} - 1) || '/' || substr({column}, 3, 2) END)"
    )


_LABEL = re.compile(r"^(\d{4})(?:[/-](\d{2}|\d{4}))?$")


def _first_year(label: str, basis: str) -> int:
    start = _start_month(basis)
    match = _LABEL.match(str(label).strip())
    if not match:
        example = "2023" if start == 1 else "2023/24"
        raise PeriodError(f"year {label!r} is not a {basis} year label: write it like {example!r}")
    first, second = int(match.group(1)), match.group(2)
    if start == 1 and second:
        raise PeriodError(f"year {label!r}: a calendar year is a single year such as '2023'")
    if start != 1 and not second:
        raise PeriodError(f"year {label!r} is ambiguous for {basis} years: write it like '{first}/{(first + 1) % 100:02d}'")
    if start != 1 and int(second[-2:]) != (first + 1) % 100:
        raise PeriodError(f"year {label!r}: the second year must follow the first, e.g. '{first}/{(first + 1) % 100:02d}'")
    return first


def year_bounds(label: str, basis: str = "financial") -> tuple[date, date]:
    """First and last day of the reporting year labelled `label`."""
    first = _first_year(label, basis)
    start = _start_month(basis)
    begin = date(first, start, 1)
    end = date(first + 1, start, 1) if start != 1 else date(first + 1, 1, 1)
    return begin, date.fromordinal(end.toordinal() - 1)


def year_labels_between(first: str, last: str, basis: str = "financial") -> list[str]:
    """Every year label from `first` to `last` inclusive, in order."""
    a, b = _first_year(first, basis), _first_year(last, basis)
    if b < a:
        raise PeriodError(f"years run backwards: {first!r} comes after {last!r}")
    return [year_label(date(y, _start_month(basis), 1), basis) for y in range(a, b + 1)]
