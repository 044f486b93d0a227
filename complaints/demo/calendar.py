"""Dates for the demo council: working days, month steps and the date styles councils write."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

__all__ = ["is_working_day", "add_working_days", "working_days_between", "add_months",
           "format_date", "DATE_STYLES", "long_date"]

DATE_STYLES = ("dmy_slash", "iso", "dmy_mon", "long")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@lru_cache(maxsize=None)
def _bank_holidays() -> frozenset[dt.date]:
    # England and Wales bank holidays over the demo's years, from the same package the clocks use
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(2010, 2028))
    return frozenset(days.keys())


def is_working_day(day: dt.date) -> bool:
    """True for Monday to Friday outside England's bank holidays."""
    return day.weekday() < 5 and day not in _bank_holidays()


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date `n` working days after `start` (start itself not counted)."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(start.day, 28))


def long_date(day: dt.date) -> str:
    """'14 March 2024', as decision statements write it."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_date(day: dt.date, style: str) -> str:
    """Write a date in one of the styles councils' exports mix: 31/01/2024, 2024-01-31, 31-Jan-2024, 31 January 2024."""
    if style == "iso":
        return day.isoformat()
    if style == "dmy_mon":
        return f"{day.day:02d}-{_MONTHS[day.month - 1][:3]}-{day.year}"
    if style == "long":
        return long_date(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
