"""The arithmetic people write beside a sum: "£200 a month for 8 months", "£600 per term for the two terms",
"£50 a week from 4 March to 12 April 2024" (days inclusive / 7, part weeks rounded up), "£100 a month from
September to February" (months inclusive), "£300 to each of her two children", "£100 each to Mr X and Mrs X",
"two payments of £250", "£800 for each twin".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from nlp.dates import DATE_TEXT, MONTHS, find_dates
from nlp.money import NUMBER_WORD, Amount, parse_count

__all__ = ["written_total", "count_from_context", "deductions", "per_child", "PER_PERIOD", "EACH_OF"]

_PERIOD = r"(?P<period>day|week|month|term|year|half[- ]term|school week|school day|session|hour|wk|mth|mnth|yr|sess)"
PER_PERIOD = re.compile(rf"^\s*(?:(?:a|an|per|each|every|for each|for every)\s+|/\s*){_PERIOD}\b\.?", re.IGNORECASE)
# case notes shorten the units: "£46.80/wk x 9 wks", "7 mths @ £90", "16 sess. missed"
_SHORT_UNITS = {"wk": "week", "wks": "weeks", "mth": "month", "mths": "months", "mnth": "month", "mnths": "months",
                "yr": "year", "yrs": "years", "sess": "session", "sess.": "sessions"}


def _unit(word: str) -> str:
    """A period or unit word in full and singular ("wks" -> "week", "months" -> "month")."""
    word = _SHORT_UNITS.get(word.lower(), word.lower())
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
_COUNT = rf"(?P<count>\d+|{NUMBER_WORD}|both)"
_FOR_COUNT = re.compile(
    rf"^[^£.;]{{0,40}}?(?:\bfor|\bx|×)\s+(?:each of\s+|all\s+|every one of\s+)?(?:the\s+|her\s+|his\s+|their\s+|those\s+|these\s+)?"
    rf"(?:(?:full|whole|complete|further|additional|remaining|missing|lost|same)\s+)?{_COUNT}\s+(?:(?:full|whole|complete|school|academic|calendar|further|additional|remaining|missed)\s+)?"
    r"(?:[a-z]+\s+){0,2}?(?P<unit>days?|weeks?|months?|terms?|years?|half[- ]terms?|sessions?|hours?|wks?|mths?|yrs?)\b",
    re.IGNORECASE,
)
_FROM_TO = re.compile(
    rf"^[^£.;]{{0,80}}?\b(?:from|between|for)\s+(?:the\s+period\s+(?:(?:from|between)\s+)?)?(?P<d1>{DATE_TEXT}|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+|\w+\s+\d{{4}}|\w+)"
    # "until the date the plan was issued (14 February 2024)": the end date in brackets
    rf"\s+(?:to|until|and|till|-|–)\s+(?:[^£.;()]{{0,60}}\(\s*)?(?P<d2>{DATE_TEXT}|\w+\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+)",
    re.IGNORECASE,
)
_MONTH_NAME = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_AT_RATE = re.compile(
    rf"(?:\b{_COUNT}\s+(?:[a-z.]+\s+){{0,2}}?|\b(?P<m1>[a-z]{{3,9}})\.?\s*[–-]\s*(?P<m2>[a-z]{{3,9}})\.?\s+)@\s*$", re.IGNORECASE)

_UNITS_AT_RATE = re.compile(
    rf"\b{_COUNT}\s+(?:[\w'-]+\s+){{0,3}}?(?P<what>sessions|hours|lessons|visits|appointments|journeys|trips|nights|days|weeks|months)\b[^£.;]{{0,80}}?\bat\s*$",
    re.IGNORECASE)
# "the personal budget owed for August to November 2024 (£210 a month)", "arrears for September 2024 to January
# 2025 at £175 a month": the months come before the monthly sum
_MONTHS_BEFORE = re.compile(
    rf"\b(?:for|from|between)\s+(?P<m1>{_MONTH_NAME})(?:\s+(?P<y1>\d{{4}}))?\s+(?:to|until|and|till|-|–)\s+(?P<m2>{_MONTH_NAME})"
    rf"(?:\s+(?P<y2>\d{{4}}))?\s*(?:\(|,|at|of)?\s*$", re.IGNORECASE)
_RATE_EACH = re.compile(r"^\s*(?:each|a (?:session|lesson|visit|journey|trip|time|night)|an hour|per (?:session|hour|lesson|visit|journey|trip|night))\b", re.IGNORECASE)


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or next((n for name, n in MONTHS.items() if len(word) >= 3 and name.startswith(word)), None)


def _months_in(first: str, last: str) -> int | None:
    """Months from one named month to another inclusive, over a year end if need be ("Sept"-"Feb" = 6)."""
    m1, m2 = _month_number(first), _month_number(last)
    return (m2 - m1) % 12 + 1 if m1 and m2 else None


_NAMED_TERMS = re.compile(r"^[^£.;]{0,30}?\b(?:autumn|spring|summer)(?:\s*,\s*(?:autumn|spring|summer))*\s+and\s+(?:the\s+)?(?:autumn|spring|summer)\s+terms\b", re.IGNORECASE)
_MONTH_DASH = re.compile(rf"^\s*(?P<m1>{_MONTH_NAME}|[A-Z][a-z]{{2,3}})\.?\s*[–-]\s*(?P<m2>{_MONTH_NAME}|[A-Z][a-z]{{2,3}})\.?\b", re.IGNORECASE)
_MONTH_SPAN = re.compile(
    rf"^[^£.;]{{0,40}}?\b(?:from|between|for)\s+(?P<m1>{_MONTH_NAME})\s+(?:to|until|and|till|-|–)\s+(?:the\s+end\s+of\s+)?(?P<m2>{_MONTH_NAME})\b(?!\s+\d)",
    re.IGNORECASE,
)
EACH_OF = re.compile(
    rf"^[^£.;]{{0,30}}?\b(?:to\s+)?each of\s+(?:the\s+|her\s+|his\s+|their\s+|its\s+|your\s+|our\s+|(?:the\s+)?[a-z]+'s\s+|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+(?:(?:and|&)\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?)?[A-Z][\w-]*'s\s+)?(?:{_COUNT}|(?P<twins>twin))\b\s*(?P<who>[a-z]+)?",
    re.IGNORECASE,
)
_EACH_TO = re.compile(
    r"^\s*(?:each|ea\.)\s+(?:to\s+)?(?P<names>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b)(?P<rest>(?:\s*,\s*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b))*\s+(?:and|&)\s+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\d?\b|[A-Z]\d?\b|her|his|their)\s*\w*)",
)
# "£150 per child (X and Y)", "£200 to each of X and Z", "£100 each to X, Y and Z": count the names
_NAMED_EACH = re.compile(
    r"^\s*(?:(?:per|for each|for every)\s+child\s*\(|(?:to\s+)?each of\s+|each\s+(?:to|for)\s+)(?!(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+(?:and|&)\s)(?P<names>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z]\w*(?:\s*,\s*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z]\w*)*\s+(?:and|&)\s+(?:to\s+)?(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z]\w*)\b(?!'|\s+[A-Z][\w-]*'s)")
# "Twin boys ... will each receive £350", "Three siblings ... will each get £200"
_GROUP_EACH = re.compile(
    rf"\b(?:(?P<twins>twins?|twin (?:boys|girls|brothers|sisters))|{_COUNT}\s+(?:siblings|children|brothers|sisters|boys|girls|pupils))\b[^£.]{{0,120}}?\beach\s+(?:receive|get|be paid|be given|be awarded)\s*$",
    re.IGNORECASE,
)
_TO_BOTH = re.compile(r"^\s*(?:each|ea\.)\s+to\s+(?:Mr|Mrs|Ms|Dr|Mx)\s+(?:and|&)\s+(?:Mr|Mrs|Ms|Dr|Mx)\s+[A-Z]|^\s*(?:each|ea\.)\s+to\s+(?:the\s+|both\s+)?parents\b"
                      r"|^\s*(?:to\s+)?(?:each of you|both of you|you both|each to you both)\b"
                      r"|^\s*(?:to\s+)?each of\s+(?:Mr|Mrs|Ms|Dr|Mx)\s+(?:and|&)\s+(?:Mr|Mrs|Ms|Dr|Mx)\s+[A-Z]|^\s*(?:to\s+)?(?:(?:each|both)\s+(?:of\s+)?(?:the\s+|her\s+|his\s+|their\s+)?(?:parents|children|sons|daughters|twins)|each\s+parent)\b", re.IGNORECASE)
_TWO_PAYEES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b[^£.;]{0,25}\band\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b|\bboth\b|\bparents\b|\btwins\b", re.IGNORECASE)
# "pay each of Mrs G's three children £150", "pay her two sons £200 each": the count is written before the sum
_EACH_OF_BEFORE = re.compile(
    rf"\beach of (?P<you>you|you both)\s*$|\beach of\s+(?:the\s+|her\s+|his\s+|their\s+|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z][\w-]*'s\s+)?{_COUNT}\s+(?P<who>[a-z]+)\s*,?\s*$",
    re.IGNORECASE,
)
_COUNT_BEFORE = re.compile(
    rf"\b(?:the|her|his|their|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z][\w-]*'s)\s+{_COUNT}\s+(?P<who>children|sons|daughters|boys|girls|siblings|brothers|sisters|parents|grandchildren)\s*,?\s*$",
    re.IGNORECASE,
)
_N_PAYMENTS = re.compile(rf"\b{_COUNT}\s+(?:separate\s+|equal\s+|monthly\s+|termly\s+)?payments\s+of\s*$", re.IGNORECASE)

# "£120 for every month the plan was overdue, eight months in all"
_COUNT_IN_ALL = re.compile(rf"^[^£.]{{0,80}}?,\s*{_COUNT}\s+(?P<unit>days?|weeks?|months?|terms?|sessions?)\s+in (?:all|total)\b", re.IGNORECASE)
_EACH_AFTER = re.compile(r"^\s*(?:for|to)\s+(?:each|every)\b", re.IGNORECASE)
# "£150 for each month the plan was late, which was five months": the count follows the per-period phrase
_COUNT_STATED_LATER = re.compile(
    rf"^[^£.]{{0,80}}?(?:\b(?:which|that)\s+(?:was|were|is|came to|amounts? to|totall?ed|totals)\s+(?:a total of\s+)?"
    rf"|\bwhich\s+(?:I|we)\s+(?:have\s+)?calculated?\s+(?:as|at)\s+|\bcalculated\s+(?:as|at)\s+"
    rf"|;\s*(?:the \w+|it|this|that)\s+(?:was|were|is)\s+|[—–]\s*|\(\s*|^\s*(?:missed|lost)?\s*,\s*){_COUNT}\s+"
    r"(?:(?:school|full|whole|calendar)\s+)?(?P<unit>days?|weeks?|months?|terms?|years?|sessions?)\b",
    re.IGNORECASE,
)
_LEADING_PAYEE = re.compile(r"^\s*to\s+(?:the\s+)?(?:parent|parents|family|child|young person|her|him|them|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+[A-Z]\w*)\s*,?(?=\s)")
# "£150 for each month the plan was late", "... of delay in issuing the plan": the count of months is in the findings
_PLAN_LATE_WORDS = r"^\s*(?:(?:the|that|this|her|his|their|y's|x's|z's)\s+(?:final\s+|amended\s+|ehc\s+)?plan\s+was\s+(?:late|overdue)|of\s+(?:the\s+)?delay)\b"
# "£90 a week for that period", "£25 for each day O missed school": the count or dates are in an earlier sentence
_REFERS_BACK = re.compile(
    r"^\s*(?:between|over|across)\s+(?:those|these|the same|the above)\s+(?:dates|two dates|periods?)\b"
    r"|^\s*for\s+(?:those|these)\s+\w+"
    rf"|{_PLAN_LATE_WORDS}"
    r"|^\s*(?:for\s+)?(?:(?:each|every)\s+(?:day|week|month)\s+)?(?:of\s+)?(?:that|this|the same|those|these|the whole of that|the whole|the)\s+(?:period|time|(?:days?|weeks?|months?|terms?)\b)"
    r"|^\s*(?:that\s+)?(?:he|she|they|[A-Z]\d?|the child|the young person|(?:her|his|their)\s+\w+)\s+(?:missed|was without|were without|went without|was out of|had no|did not (?:have|get|attend))\b",
)


_UNITS = {"day", "days", "week", "weeks", "month", "months", "term", "terms", "year", "years", "session", "sessions", "hour", "hours"}


def _people_before(text: str) -> re.Match | None:
    """ "for each of her two sons" written between a per-period sum and its count; None when it counts periods."""
    each = EACH_OF.match(text)
    return each if each and (each.group("who") or "").lower() not in _UNITS else None


def _months_between(d1: date, d2: date) -> int:
    return (d2.year - d1.year) * 12 + d2.month - d1.month + 1


def _resolve_date(text: str, year_hint: int | None, end: bool) -> date | None:
    found = find_dates(text)
    if found:
        return found[0][0]
    month_year = re.match(r"(\w+)\s+(\d{4})$", text.strip())
    if month_year and month_year.group(1).lower() in MONTHS:
        month, year = MONTHS[month_year.group(1).lower()], int(month_year.group(2))
        return date(year, month, 28 if end else 1) if not end else (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    day_month = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+(\w+)$", text.strip())
    if day_month and day_month.group(2).lower() in MONTHS and year_hint:
        return date(year_hint, MONTHS[day_month.group(2).lower()], int(day_month.group(1)))
    if text.strip().lower() in MONTHS and year_hint:
        month = MONTHS[text.strip().lower()]
        return date(year_hint, month, 1) if not end else (date(year_hint + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    return None


def _date_range(first: str, last: str, decided: date | None) -> tuple[date | None, date | None]:
    """The dates of "from <first> to <last>"; a date written without its year takes the latest year that puts
    the range on or before the decision date."""
    d2 = _resolve_date(last, decided.year if decided else None, True)
    if d2 and decided and d2 > decided and not re.search(r"\d{4}", last):
        d2 = _resolve_date(last, decided.year - 1, True)
    d1 = _resolve_date(first, d2.year if d2 else None, False)
    if d1 and d2 and d1 > d2 and not re.search(r"\d{4}", first):
        d1 = _resolve_date(first, d2.year - 1, False)
    return d1, d2


def written_total(amount: Amount, after: str, before: str, decided: date | None = None) -> tuple[float | None, str, bool]:
    """(total, basis, open_ended) for one sum and the words after and before it; `decided` dates years left unwritten."""
    value = amount.value
    basis = amount.text
    payee = _LEADING_PAYEE.match(after)
    if payee and PER_PERIOD.match(after[payee.end():]):  # "£150 to the parent for each month ..."
        after = after[payee.end():]
    per = PER_PERIOD.match(after)
    at = _AT_RATE.search(before)
    if at:
        count = parse_count(at.group("count")) if at.group("count") else _months_in(at.group("m1"), at.group("m2"))
        if count:
            return value * count, f"{count} @ {amount.text} = £{value * count:,.2f}", False
    units_at = _UNITS_AT_RATE.search(before) if _RATE_EACH.match(after) else None
    if units_at:  # "the 12 private physiotherapy sessions he arranged, at £70 each"
        count = parse_count(units_at.group("count"))
        if count:
            return value * count, f"{count} {units_at.group('what')} at {amount.text} = £{value * count:,.2f}", False
    multiplier_before = _N_PAYMENTS.search(before)
    if multiplier_before:
        count = parse_count(multiplier_before.group("count"))
        if count:
            return value * count, f"{count} payments of {amount.text} = £{value * count:,.2f}", False
    if per:
        period = _unit(per.group("period"))
        rest = after[per.end():]
        counted = _FOR_COUNT.match(rest)
        if counted:
            count = parse_count(counted.group("count"))
            if count:
                total = value * count
                basis = f"{amount.text} per {period} x {count} {counted.group('unit')}"
                each = EACH_OF.match(rest[counted.end():]) or _people_before(rest[:counted.start("count")])
                people = (2 if each.group("twins") else parse_count(each.group("count"))) if each else None
                if people:
                    total *= people
                    basis += f" x {people} {each.group('who') or 'people'}"
                return total, f"{basis} = £{total:,.2f}", False
        months_only = _MONTH_SPAN.match(rest) or _MONTH_DASH.match(rest)
        months = _months_in(months_only.group("m1"), months_only.group("m2")) if months_only and period == "month" else None
        if months:  # "from September to February", "Jan–Jul": no years needed to count the months
            total = value * months
            return total, f"{amount.text} per month x {months} months ({months_only.group('m1')} to {months_only.group('m2')} inclusive) = £{total:,.2f}", False
        span = _FROM_TO.match(rest)
        if span:
            d1, d2 = _date_range(span.group("d1"), span.group("d2"), decided)
            # "... from April to September for each of the two children", "for each of her two children from ..."
            lead = _people_before(rest[:span.start("d1")])
            each = EACH_OF.match(rest[span.end():]) or lead
            people = (2 if each.group("twins") else parse_count(each.group("count")) or 1) if each else 1
            rate, rate_text = value * people, (f"{amount.text} x {people} children" if people > 1 else amount.text)
            if d1 and d2 and d2 >= d1:
                if period in ("week", "school week"):
                    days = (d2 - d1).days + 1
                    weeks = -(-days // 7)  # any part week counts as a week
                    total = rate * weeks
                    return total, f"{rate_text} per week x {weeks} weeks ({d1.isoformat()} to {d2.isoformat()}, {days} days inclusive, part weeks rounded up) = £{total:,.2f}", False
                if period == "month":
                    months = _months_between(d1, d2)
                    total = rate * months
                    return total, f"{rate_text} per month x {months} months ({d1:%B %Y} to {d2:%B %Y} inclusive) = £{total:,.2f}", False
                if period == "day":
                    days = (d2 - d1).days + 1
                    total = rate * days
                    return total, f"{rate_text} per day x {days} days inclusive = £{total:,.2f}", False
        named_terms = _NAMED_TERMS.match(rest) if period == "term" else None
        if named_terms:
            count = len(re.findall(r"autumn|spring|summer", named_terms.group(0), re.IGNORECASE))
            total = value * count
            return total, f"{amount.text} per term x {count} terms named = £{total:,.2f}", False
        later = _COUNT_STATED_LATER.match(rest) or _COUNT_IN_ALL.match(rest)
        if later and _unit(later.group("unit")) == period.split()[-1]:
            count = parse_count(later.group("count"))
            if count:
                total = value * count
                return total, f"{amount.text} per {period} x {count} {later.group('unit')} = £{total:,.2f}", False
        months_before = _MONTHS_BEFORE.search(before) if period == "month" else None
        if months_before:
            m1, m2, y1, y2 = (months_before.group(k) for k in ("m1", "m2", "y1", "y2"))
            months = (_months_between(date(int(y1), _month_number(m1), 1), date(int(y2), _month_number(m2), 1))
                      if y1 and y2 else _months_in(m1, m2))
            if months and months > 0:
                total = value * months
                return total, f"{amount.text} per month x {months} months ({m1} to {m2}, before the sum) = £{total:,.2f}", False
        return None, f"{amount.text} per {period}, no count stated", True
    named = _NAMED_EACH.match(after)
    if named:
        people = len(re.findall(r"[A-Z]\w*", re.sub(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+", "", named.group("names"))))
        return value * people, f"{amount.text} each to {people} named people = £{value * people:,.2f}", False
    group = _GROUP_EACH.search(before)
    if group:
        people = 2 if group.group("twins") else parse_count(group.group("count"))
        if people:
            return value * people, f"{amount.text} each to {people} children = £{value * people:,.2f}", False
    each_before = _EACH_OF_BEFORE.search(before) or (re.match(r"^\s*each\b", after) and _COUNT_BEFORE.search(before))
    if each_before:
        count = 2 if each_before.groupdict().get("you") else parse_count(each_before.group("count"))
        if count and count > 1:
            total = value * count
            return total, f"{amount.text} to each of {count} {each_before.groupdict().get('who') or 'of you'} = £{total:,.2f}", False
    each = EACH_OF.match(after)
    if each:
        count = 2 if each.group("twins") else parse_count(each.group("count"))
        if count:
            total = value * count
            who = each.group("who") or "people"
            return total, f"{amount.text} to each of {count} {who} = £{total:,.2f}", False
    each_to = _EACH_TO.match(after)
    if each_to:
        names = 1 + len(re.findall(r",", each_to.group("rest"))) + 1
        total = value * names
        return total, f"{amount.text} each to {names} people = £{total:,.2f}", False
    if re.match(r"^\s*(?:for|to)\s+each\s+(?:twin|of the twins|of (?:her|his|their|the) twins)\b", after, re.IGNORECASE):
        return value * 2, f"{amount.text} for each of two twins = £{value * 2:,.2f}", False
    if re.match(r"^\s*(?:each\b|ea\.)", after) and _TWO_PAYEES.search(before[-80:]):
        return value * 2, f"{amount.text} each to two people = £{value * 2:,.2f}", False
    if _TO_BOTH.match(after):
        return value * 2, f"{amount.text} to each of two people = £{value * 2:,.2f}", False
    counted = _FOR_COUNT.match(after)
    if counted and re.match(r"^\s*for\s+each\s+of", after, re.IGNORECASE):
        count = parse_count(counted.group("count"))
        if count:
            total = value * count
            return total, f"{amount.text} for each of {count} {counted.group('unit')} = £{total:,.2f}", False
    return value, amount.text, False


# "£2,000 less the £500 already paid", "£1,600 minus £400", "£900 after deducting the £150 it paid", "net of".
_DEDUCT = re.compile(
    r"\b(?:less|minus|after deducting|after deduction of|deducting|net of|after subtracting|subtracting|after taking off|taking off|reduced by)\b"
    r"(?:\s+(?:the|any|a|its|sum|amount|of|payment|payments|earlier|previous|first|initial))*\s*$",
    re.IGNORECASE,
)
# the remainder stated after the deduction: "leaving £1,200 to pay", "so £1,500 remains", "i.e. £1,500", "a balance of"
_REMAINDER = re.compile(r"^[^£.;]{0,60}?\b(?:leaving|leaves|so|remains?|remaining|balance|i\.e\.|that is|net|making|which is|to pay)\b[^£.;]{0,20}$", re.IGNORECASE)


def deductions(sentence: str, amounts: list[Amount]) -> tuple[dict[int, Amount], set[int]]:
    """Sums written with a deduction: ({start of the gross sum: the sum deducted}, {starts of sums not to count}).

    The deducted sum and a restated remainder ("leaving £1,200") are not counted separately.
    """
    minus: dict[int, Amount] = {}
    skip: set[int] = set()
    for index in range(len(amounts) - 1):
        gross, taken = amounts[index], amounts[index + 1]
        if gross.start in skip or not _DEDUCT.search(sentence[gross.end:taken.start]) or "." in sentence[gross.end:taken.start]:
            continue
        if taken.value >= gross.value and not (PER_PERIOD.match(sentence[gross.end:]) or _EACH_AFTER.match(sentence[gross.end:])):
            continue
        minus[gross.start] = taken
        skip.add(taken.start)
        for more in amounts[index + 2:]:  # "less the £300 paid at stage 2 and the £200 paid at stage 1"
            gap = sentence[taken.end:more.start]
            if "." in gap or not re.fullmatch(r"[^£;]{0,60}?\b(?:and|as well as)\s+(?:the\s+)?", gap, re.IGNORECASE):
                break
            if not re.match(r"^[^£.;]{0,30}?\b(?:paid|offered|already|deduct\w*|received)\b", sentence[more.end:], re.IGNORECASE):
                break
            taken = Amount(taken.value + more.value, taken.start, more.end, f"{taken.text} and {more.text}")
            minus[gross.start] = taken
            skip.add(more.start)
        if index + 2 < len(amounts):
            rest = amounts[index + 2]
            if _REMAINDER.match(sentence[taken.end:rest.start]) and abs(rest.value - (gross.value - taken.value)) < 0.005:
                skip.add(rest.start)
    return minus, skip


_PLAN_LATE = re.compile(_PLAN_LATE_WORDS, re.IGNORECASE)
_MONTHS_LATE = re.compile(rf"(?:\bdelay (?:of|was)\s+)?\b{_COUNT}\s+months?(?:\s+(?:late|overdue|beyond|after the (?:deadline|statutory|20-week)))", re.IGNORECASE)
_PER_CHILD = re.compile(r"^\s*(?:for|to)\s+(?:each|every)\s+(?:child|son|daughter|twin|pupil|boy|girl|brother|sister|of them)\b", re.IGNORECASE)
_CHILDREN = re.compile(rf"\b{_COUNT}\s+(?:children|sons|daughters|twins|boys|girls|siblings|brothers|sisters)\b", re.IGNORECASE)


# "£150 to each son", "£35 a week for each child", "to each of Ms Y's children, X and Z": a sum per child whose
# number of children is written elsewhere
_EACH_CHILD_AFTER = re.compile(
    r"^[^£.;]{0,60}?\b(?:to|for)\s+(?:each|every)\s+(?:child|son|daughter|boy|girl|sibling|grandchild|twin)\b"
    r"|^\s*(?:to|for)\s+each of them\b"
    r"|^[^£.;]{0,60}?\b(?:to|for)\s+each of\s+(?:the|her|his|their|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\s+)?[A-Z][\w-]*'s)\s+(?:children|sons|daughters|boys|girls)\b(?!\s+(?:\d|" + NUMBER_WORD + r"))",
    re.IGNORECASE,
)
_EACH_CHILD_BEFORE = re.compile(r"\beach (?:child|son|daughter|boy|girl)\s*$", re.IGNORECASE)
_CHILDREN_COUNTED = re.compile(rf"\b{_COUNT}\s+(?:[a-z-]+\s+){{0,2}}?(?:children|sons|daughters|boys|girls|siblings|grandchildren|grandsons|granddaughters)\b"
                               r"|\b(?P<twins>twins|twin (?:sons|daughters|boys|girls))\b", re.IGNORECASE)
_CHILDREN_NAMED = re.compile(
    r"\b(?:children|sons|daughters|boys|girls|siblings|grandchildren|grandsons|granddaughters|twins),?\s+(?P<names>[A-Z]\b(?:\s*,\s*[A-Z]\b)*\s+(?:and|&)\s+[A-Z]\b)"
    r"|(?P<pair>\b[A-Z]\s+(?:and|&)\s+[A-Z])\s+(?:each|both)\b")


def per_child(amount: Amount, after: str, before: str, earlier: str) -> int | None:
    """How many children a sum written "to each child" / "for each son" is paid for, counted from the names just
    after it ("to each of Ms Y's children, X and Z") or the last mention of the children before it ("her two
    sons", "X and Z each need"); None when the sum is not per child or the children are not counted."""
    if not (_EACH_CHILD_AFTER.match(after) or _EACH_CHILD_BEFORE.search(before)):
        return None
    named = _CHILDREN_NAMED.search(after.split(".")[0][:120])
    mentions = [(m.start(), m) for m in _CHILDREN_COUNTED.finditer(earlier)] + \
               [(m.start(), m) for m in _CHILDREN_NAMED.finditer(earlier)]
    if named is None and not mentions:
        return None
    found = named or max(mentions, key=lambda pair: pair[0])[1]
    if found.re is _CHILDREN_COUNTED:
        count = 2 if found.group("twins") else parse_count(found.group("count"))
    else:
        count = len(re.findall(r"\b[A-Z]\b", found.group("names") or found.group("pair")))
    return count if count and count > 1 else None


def count_from_context(amount: Amount, after: str, before: str, earlier: str, decided: date | None = None,
                       refers_back: bool = True, dates_only: bool = False) -> tuple[float | None, str, bool]:
    """Total a per-period sum whose count or dates an earlier sentence gave ("O missed 12 days ... £25 for each day
    O missed"); (None, basis, True) when the words do not refer back or nothing earlier fits."""
    per = PER_PERIOD.match(after)
    # "£40 a week for each boy for the period set out in paragraph 2": the children counted earlier too
    each_child = _PER_CHILD.match(after[per.end():]) if per else None
    children = list(_CHILDREN.finditer(earlier)) if each_child else []
    people = (parse_count(children[-1].group("count")) or 1) if children else 1
    if each_child and people > 1:
        per_child = Amount(amount.value * people, amount.start, amount.end, f"{amount.text} x {people} children")
        total, basis, is_open = count_from_context(per_child, after[:per.end()] + after[per.end() + each_child.end():], before,
                                                   earlier, decided, refers_back, dates_only)
        if not is_open:
            return total, basis, False
    if not per or (refers_back and not _REFERS_BACK.match(after[per.end():])):
        return None, f"{amount.text} per period, no count stated", True
    period = _unit(per.group("period")).split()[-1]
    if _PLAN_LATE.match(after[per.end():]):
        late = list(_MONTHS_LATE.finditer(earlier))  # "The plan was therefore five months late"
        count = parse_count(late[-1].group("count")) if late else None
        if count and period == "month":
            total = amount.value * count
            return total, f"{amount.text} per month x {count} months late (from an earlier sentence) = £{total:,.2f}", False
    if dates_only and period not in ("week", "day", "month"):
        return None, f"{amount.text} per period, no count stated", True
    period = _unit(per.group("period")).split()[-1]
    if period in ("week", "day", "month"):
        spans = list(re.finditer(rf"\b(?:from|between)\s+(?:{DATE_TEXT}|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+|\w+\s+\d{{4}}|\w+)\s+(?:to|until|and|till|-|–)\s+(?:{DATE_TEXT}|\w+\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+|\w+)", earlier, re.IGNORECASE))
        if spans:
            total, basis, is_open = written_total(amount, after[:per.end()] + " " + spans[-1].group(0), before, decided)
            if not is_open:
                return total, f"{basis} (period from an earlier sentence)", False
        for sentence in reversed(re.split(r"(?<=[.!?])\s+", earlier)):
            dated = find_dates(sentence)  # "support stopped on 10 June 2024 and did not resume until 2 September 2024"
            if len(dated) == 2 and dated[0][0] < dated[1][0]:
                d1, d2 = dated[0][0], dated[1][0]
                total, basis, is_open = written_total(amount, f"{after[:per.end()]} from {d1:%d %B %Y} to {d2:%d %B %Y}", before, decided)
                if not is_open:
                    return total, f"{basis} (period from an earlier sentence)", False
            if dated:
                break
    if dates_only:
        return None, f"{amount.text} per {period}, no dates stated", True
    # (not a deadline: "within one month of my final decision")
    counts = list(re.finditer(rf"(?<!within )(?<!within the next )\b{_COUNT}\s+(?:(?:school|full|whole|calendar)\s+)?{period}s?\b", earlier, re.IGNORECASE))
    if counts:
        count = parse_count(counts[-1].group("count"))
        if count:
            people = _PER_CHILD.match(after[per.end():]) and list(_CHILDREN.finditer(earlier))
            if people:  # "£400 per term for each child", the children and the terms counted in the sentence before
                count *= parse_count(people[-1].group("count")) or 1
            total = amount.value * count
            return total, f"{amount.text} per {period} x {count} {period}s (count from an earlier sentence) = £{total:,.2f}", False
    return None, f"{amount.text} per {period}, no count stated", True
