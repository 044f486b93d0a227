"""Reading the values councils put in their exports: dates in many styles and money amounts.

A value that cannot be read exactly raises ValueError with the value in the message; it is never guessed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

__all__ = ["parse_date", "parse_money", "parse_int", "DATE_ORDERS"]

DATE_ORDERS = ("dmy", "mdy")

# Excel counts days from 1899-12-30 (its 1900 leap-year bug is absorbed by that epoch for serials > 60).
_EXCEL_EPOCH = date(1899, 12, 30)
# Only serials that land in a plausible range for complaints and dates of birth: 1930-01-01 .. 2099-12-31.
_SERIAL_MIN = (date(1930, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (date(2099, 12, 31) - _EXCEL_EPOCH).days

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[ap]m|[+-]\d{2}:?\d{2})?)?"

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})" + _TIME)
_DAY_MONTH_YEAR = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{4})" + _TIME)
_MONTH_DAY_YEAR = re.compile(_WEEKDAY + r"([a-z]+)\.?[\s\-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-]+(\d{4})" + _TIME)
_SERIAL = re.compile(r"\d{4,5}(?:\.\d+)?")


def _build(value: object, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None


def _month(value: object, name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(f"{value!r} has an unknown month name {name!r}")
    return number


def _from_serial(value: object, serial: float) -> date:
    if not math.isfinite(serial) or not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise ValueError(f"{value!r} is not a date (as an Excel serial number it is outside 1930-2099)")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _two_digit_year(year: int) -> int:
    # Councils writing 24 mean 2024; 70-99 are older birth dates.
    return 2000 + year if year < 70 else 1900 + year


@lru_cache(maxsize=65536)
def _parse_text(text: str, order: str) -> date:
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise ValueError("empty date")
    match = _ISO.fullmatch(cleaned)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _build(text, year, month, day)
    match = _NUMERIC.fullmatch(cleaned)
    if match:
        first, second, year_text = match.groups()
        year = int(year_text) if len(year_text) == 4 else _two_digit_year(int(year_text))
        day, month = (int(first), int(second)) if order == "dmy" else (int(second), int(first))
        return _build(text, year, month, day)
    match = _DAY_MONTH_YEAR.fullmatch(cleaned)
    if match:
        day, name, year = match.groups()
        return _build(text, int(year), _month(text, name), int(day))
    match = _MONTH_DAY_YEAR.fullmatch(cleaned)
    if match:
        name, day, year = match.groups()
        return _build(text, int(year), _month(text, name), int(day))
    if _SERIAL.fullmatch(cleaned):
        return _from_serial(text, float(cleaned))
    raise ValueError(f"{text!r} is not a date in a recognised style (e.g. 31/01/2024, 31 Jan 2024, 2024-01-31)")


def parse_date(value: object, order: str = "dmy") -> date:
    """Read a date as councils write it; `order` ("dmy" or "mdy") settles numeric dates like 01/02/2024."""
    if order not in DATE_ORDERS:
        raise ValueError(f"date order {order!r} is not one of {', '.join(DATE_ORDERS)}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, (int, float)):
        return _from_serial(value, float(value))
    if isinstance(value, str):
        return _parse_text(value, order)
    raise ValueError(f"{value!r} is not a date")


_MONEY = re.compile(r"(-)?\s*(?:£|gbp)?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s*(?:gbp)?")


def parse_money(value: object) -> float:
    """Read an exact sterling amount ("£1,250.00", "1250", 300.5); estimates and shorthand raise ValueError."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an amount of money")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not an amount of money")
        return round(float(value), 2)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an amount of money")
    cleaned = value.strip().lower()
    if not cleaned:
        raise ValueError("empty amount")
    match = _MONEY.fullmatch(cleaned)
    if match:
        sign_before, sign_after, whole, pence = match.groups()
        if sign_before and sign_after:
            raise ValueError(f"{value!r} is not an exact amount of money")
        amount = float(whole.replace(",", "") + (pence or ""))
        return round(-amount if (sign_before or sign_after) else amount, 2)
    if re.search(r"\d\s*k\b", cleaned):
        raise ValueError(f"{value!r} uses 'k' shorthand, not an exact amount; write it in full, e.g. 1000")
    if re.search(r"\b(about|around|approx|approximately|circa|roughly|or so|up to|over|under|estimated?|c\.)", cleaned):
        raise ValueError(f"{value!r} is an estimate, not an exact amount")
    if not re.search(r"\d", cleaned):
        raise ValueError(f"{value!r} is not an amount of money (no figures)")
    raise ValueError(f"{value!r} is not an exact amount of money (expected e.g. £1,250.00 or 1250)")


def parse_int(value: object) -> int:
    """Read a whole number ("12", 12, 12.0, "1,200"); anything with a fraction or words raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return int(value)
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, str):
        cleaned = value.strip()
        if re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.0+)?", cleaned):
            return int(cleaned.split(".")[0].replace(",", ""))
    raise ValueError(f"{value!r} is not a whole number")
