"""Mask personal data in free text for readers who may not see it: names, dates of birth,
addresses, postcodes, phone numbers, emails, case and ombudsman references.

Rules, not a model: they must be predictable, and they err towards masking too much.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["redact", "DEFAULT_CASE_REF_PATTERNS"]

DEFAULT_CASE_REF_PATTERNS = (
    r"\b(?:EHC|EHCP|SEN|CASE|CWD)[-/ ]?\d{3,}(?:[-/]\d+)*\b",
    r"\b\d{2}[ -]?\d{3}[ -]?\d{3}\b",  # ombudsman reference NN NNN NNN
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET_WORDS = ("road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|gardens|place|terrace|"
                 "grove|walk|rise|mews|square|parade|hill|view|green|row")
_ADDRESS = re.compile(rf"\b\d{{1,4}}[a-z]?,?\s+(?:[A-Z][\w'-]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?", re.IGNORECASE)
_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_DATE = rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_DOB = re.compile(rf"(\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date\s+of\s+birth(?:\s+is)?)\s*[:\-]?\s*)({_DATE})", re.IGNORECASE)
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?")
_RELATION = re.compile(
    r"\b((?i:(?:my|our|her|his|their)\s+(?:\w+\s+)?(?:son|daughter|child|boy|girl|grandson|granddaughter|nephew|"
    r"niece|brother|sister|stepson|stepdaughter|foster\s+(?:son|daughter|child)|twins?|husband|wife|partner)),?\s+)"
    r"([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)")
_SIGN_OFF = re.compile(
    r"((?:regards|thanks|thank you|sincerely|faithfully|best wishes|cheers|from),?\s*\n?\s*)"
    r"([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+){0,2})", re.IGNORECASE)
_PRONOUN_LIKE = {"The", "This", "That", "We", "I", "He", "She", "They", "It", "Council", "Team", "Dear", "And", "But",
                 "Who", "Has", "Is", "Was", "Had", "Needs", "Still"}


def _mask_name(match: re.Match, group: int, label: str = "[name]") -> str:
    name = match.group(group)
    if name.split()[0] in _PRONOUN_LIKE:
        return match.group(0)
    start, end = match.span(group)
    whole_start = match.start(0)
    text = match.group(0)
    return text[: start - whole_start] + label + text[end - whole_start:]


def redact(text: str | None, *, names: Iterable[str] = (), refs: Iterable[str] = (), dates: Iterable[str] = (),
           case_ref_patterns: Iterable[str] = DEFAULT_CASE_REF_PATTERNS) -> str | None:
    """`text` with personal data replaced by bracketed labels such as [name] and [date of birth].

    `names`, `refs` and `dates` are values known from the record (complainant and child names, its case
    reference, the child's date of birth as written) and are masked wherever they appear.
    """
    if not text:
        return text
    out = _EMAIL.sub("[email]", text)
    out = _DOB.sub(lambda m: m.group(1) + "[date of birth]", out)
    for value in sorted({d.strip() for d in dates if d and d.strip()}, key=len, reverse=True):
        out = re.sub(re.escape(value), "[date of birth]", out, flags=re.IGNORECASE)
    for value in sorted({r.strip() for r in refs if r and r.strip()}, key=len, reverse=True):
        out = re.sub(re.escape(value), "[reference]", out, flags=re.IGNORECASE)
    for pattern in case_ref_patterns:
        out = re.sub(pattern, "[reference]", out, flags=re.IGNORECASE)
    out = _ADDRESS.sub("[address]", out)
    out = _POSTCODE.sub("[postcode]", out)
    out = _PHONE.sub("[phone]", out)
    tokens = set()
    for name in names:
        for part in re.split(r"[\s,]+", name or ""):
            part = part.strip(".'")
            if len(part) >= 2 and part[0].isalpha():
                tokens.add(part)
    for token in sorted(tokens, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(token)}\b", "[name]", out, flags=re.IGNORECASE)
    out = _TITLED.sub(lambda m: m.group(1) + " [name]", out)
    out = _RELATION.sub(lambda m: _mask_name(m, 2), out)
    out = _SIGN_OFF.sub(lambda m: _mask_name(m, 2), out)
    return re.sub(r"\[name\](?:\s+\[name\])+", "[name]", out)
