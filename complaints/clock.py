"""Working days and response deadlines: England and Wales bank holidays, per-procedure clocks from TOML.

A working day is Monday to Friday and not a bank holiday in England and Wales (the `holidays` package,
subdivision ENG). `working_days_between(a, b)` counts the working days after `a` up to and including `b`,
so a reply on the next working day took 1 working day, and `add_working_days(a, n)` is its inverse.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import holidays
import numpy as np

from complaints.errors import ComplaintsError
from complaints.periods import parse_day

__all__ = [
    "ClockError",
    "Rule",
    "Rules",
    "STATES",
    "bank_holidays",
    "is_working_day",
    "add_working_days",
    "working_days_between",
    "working_day_ordinals",
    "load_rules",
    "find_rule",
    "response_deadline",
    "response_state",
]

# The states a council complaint's response can be in, as shown in reports.
STATES = ("due", "due_soon", "overdue", "answered_on_time", "answered_late")
DUE_SOON_DAYS = 3
_FIRST_YEAR, _LAST_YEAR = 1995, 2060


class ClockError(ComplaintsError):
    """The deadline configuration is malformed or names an unknown procedure or stage."""


@lru_cache(maxsize=1)
def _holiday_array() -> np.ndarray:
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(_FIRST_YEAR, _LAST_YEAR + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=_holiday_array())


def bank_holidays(year: int) -> list[date]:
    """England and Wales bank holidays in `year` (observed days, i.e. the days offices close)."""
    return [d.astype(date) for d in _holiday_array() if d.astype(date).year == year]


def is_working_day(day) -> bool:
    """True when `day` is a weekday and not an England and Wales bank holiday."""
    return bool(np.is_busday(np.datetime64(parse_day(day), "D"), busdaycal=_calendar()))


def add_working_days(start, days: int) -> date:
    """The date `days` working days after `start` (start itself never counts; negative goes back)."""
    begin = np.datetime64(parse_day(start), "D")
    roll = "backward" if days >= 0 else "forward"
    return np.busday_offset(begin, days, roll=roll, busdaycal=_calendar()).astype(date)


def working_days_between(start, end) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    a, b = np.datetime64(parse_day(start), "D"), np.datetime64(parse_day(end), "D")
    if b < a:  # antisymmetric, so a reply dated before receipt shows as negative days, not a miscount
        a, b = b, a
        return -int(np.busday_count(a + 1, b + 1, busdaycal=_calendar()))
    return int(np.busday_count(a + 1, b + 1, busdaycal=_calendar()))


def working_day_ordinals() -> list[tuple[str, int, int]]:
    """(ISO day, working days up to and including it, 1 if a working day) for every day the clocks know.

    Working days between two dates = difference of their ordinals; SQL uses this to count without Python."""
    first, last = np.datetime64(f"{_FIRST_YEAR}-01-01"), np.datetime64(f"{_LAST_YEAR}-12-31")
    days = np.arange(first, last + 1, dtype="datetime64[D]")
    working = np.is_busday(days, busdaycal=_calendar())
    ordinals = np.cumsum(working)
    return list(zip(np.datetime_as_string(days).tolist(), ordinals.tolist(), working.astype(int).tolist()))


@dataclass(frozen=True)
class Rule:
    """One deadline rule: how many working days a procedure's stage allows, and from when."""

    procedure: str
    stage: str
    respond_days: int
    extended_days: int | None = None
    clock_starts: str = "receipt"
    acknowledge_days: int = 0
    effective_from: date | None = None

    @property
    def days_from_receipt(self) -> int:
        """Working days from receipt to the normal deadline when no acknowledgement date is known."""
        return self.respond_days + (self.acknowledge_days if self.clock_starts == "acknowledgement" else 0)


@dataclass(frozen=True)
class Rules:
    """The loaded deadline configuration."""

    rules: tuple[Rule, ...]
    default_procedure: str = "corporate"


def _rule(entry: dict, where: str) -> Rule:
    missing = [k for k in ("procedure", "stage", "respond_days") if k not in entry]
    if missing:
        raise ClockError(f"{where}: a [[rules]] entry lacks {', '.join(missing)}; add it")
    starts = entry.get("clock_starts", "receipt")
    if starts not in ("receipt", "acknowledgement"):
        raise ClockError(f"{where}: clock_starts = {starts!r}; use 'receipt' or 'acknowledgement'")
    for key in ("respond_days", "extended_days", "acknowledge_days"):
        if key in entry and (not isinstance(entry[key], int) or entry[key] < 0):
            raise ClockError(f"{where}: {key} = {entry[key]!r} must be a whole number of working days")
    effective = entry.get("effective_from")
    return Rule(
        procedure=str(entry["procedure"]).lower(),
        stage=str(entry["stage"]).lower(),
        respond_days=entry["respond_days"],
        extended_days=entry.get("extended_days"),
        clock_starts=starts,
        acknowledge_days=entry.get("acknowledge_days", 0),
        effective_from=parse_day(effective) if effective else None,
    )


def load_rules(path: str | Path | None = None) -> Rules:
    """Read deadline rules from `path`, or the built-in complaints/clocks.toml when None."""
    if path is None:
        text, where = resources.files("complaints").joinpath("clocks.toml").read_text(), "clocks.toml"
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ClockError(f"deadline configuration {where} not found; pass an existing TOML file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClockError(f"{where} is not valid TOML: {exc}") from None
    entries = data.get("rules") or []
    if not entries:
        raise ClockError(f"{where} has no [[rules]] entries; copy the layout of the built-in clocks.toml")
    return Rules(tuple(_rule(e, where) for e in entries), str(data.get("default_procedure", "corporate")).lower())


def find_rule(rules: Rules, procedure: str | None, stage: str | None, received_on=None) -> Rule | None:
    """The rule for a complaint's procedure and stage in force on its receipt date (None: no council deadline)."""
    proc = (procedure or rules.default_procedure).strip().lower()
    st = (str(stage) if stage is not None else "1").strip().lower()
    received = parse_day(received_on)
    best = None
    for rule in rules.rules:
        if rule.procedure != proc or rule.stage != st:
            continue
        if rule.effective_from and received and rule.effective_from > received:
            continue
        if best is None or (rule.effective_from or date.min) >= (best.effective_from or date.min):
            best = rule
    return best


def response_deadline(rules: Rules, received_on, procedure=None, stage=None, acknowledged_on=None) -> date | None:
    """The working-day deadline for a response (None for stages without a council deadline, e.g. ombudsman)."""
    received = parse_day(received_on)
    rule = find_rule(rules, procedure, stage, received)
    if rule is None or received is None:
        return None
    acknowledged = parse_day(acknowledged_on)
    if rule.clock_starts == "acknowledgement" and acknowledged is not None:
        return add_working_days(acknowledged, rule.respond_days)
    return add_working_days(received, rule.days_from_receipt)


def response_state(deadline, responded_on, today) -> str | None:
    """due / due_soon (<= 3 working days left) / overdue / answered_on_time / answered_late, as at `today`.

    A reply dated after `today` is not yet known on `today`, so packs for past weeks read as they would have."""
    deadline, responded, today = parse_day(deadline), parse_day(responded_on), parse_day(today)
    if deadline is None:
        return None
    if responded is not None and responded <= today:
        return "answered_on_time" if responded <= deadline else "answered_late"
    if today > deadline:
        return "overdue"
    return "due_soon" if working_days_between(today, deadline) <= DUE_SOON_DAYS else "due"
