"""Parse an ombudsman decision statement (plain text, as `nlp.documents` gives it) into structured fields.

The primary shape is the agreed plain-text layout (FORMATS.md): labelled header lines, a summary, then
headed sections. Variations tolerated: other label wording ("Our reference", "Authority", "Outcome",
"Date of decision"), any date style `nlp.dates` reads, headings with or without colons or numbering,
"Our decision" for "Final decision", "Recommended action" for "Agreed action", and missing sections.
"""

from __future__ import annotations

import re
from datetime import date

from nlp.dates import parse_date
from nlp.deadlines import due_date, find_deadline
from nlp.remedies import extract_remedies, non_money_kind, remedy_region
from nlp.sections import SECTION_NAMES, heading_pattern

__all__ = ["parse_decision", "normalise_ref", "normalise_outcome", "SECTION_NAMES"]

_REF = re.compile(r"(?<![\d£])(\d{2})[\s\-–]?(\d{3})[\s\-–]?(\d{3})(?![\d,])")
_LABELS = {
    "ref": r"(?:our |case |complaint |decision |ombudsman )?ref(?:erence)?(?: (?:number|no\.?))?",
    "council": r"council|authority|local authority|organisation|body complained about|council name|organisation complained about",
    "category": r"category|subject|service area|complaint category|topic",
    "outcome": r"decision|outcome|result|our decision|final decision|decision outcome",
    "decision_date": r"decision date|date of decision|date decided|decided on|decided|date of final decision|date",
    "summary": r"summary|summary of decision|the ombudsman's final decision",
}
_LABEL_RE = {
    field: re.compile(rf"^\s*(?:{pattern})\s*[:\-–|]\s*(?P<value>\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)
    for field, pattern in _LABELS.items()
}
_HEADING_RE = [(name, heading_pattern(name)) for name in SECTION_NAMES]
_OUTCOMES = {
    "upheld": "upheld", "not upheld": "not upheld", "closed after initial enquiries": "closed after initial enquiries",
    "upheld: maladministration and injustice": "upheld", "upheld - maladministration and injustice": "upheld",
    "fault found": "upheld", "no fault": "not upheld", "not upheld: no maladministration": "not upheld",
    "closed after initial enquiries - no further action": "closed after initial enquiries",
    "closed after initial enquiries: out of jurisdiction": "closed after initial enquiries",
}
_COUNCIL_FALLBACK = re.compile(
    r"\b((?:[A-Z][\w'&-]*\s+){1,5}(?:Borough|County|City|District|Metropolitan Borough|Metropolitan District)?\s*Council)\b"
)
_SERVICE_KINDS = ("procedure_review", "staff_training", "service_improvement")


def normalise_ref(text: str | None) -> str | None:
    """An ombudsman reference in canonical `NN NNN NNN` form ("23-004-512", "23004512" accepted), or None."""
    if not text:
        return None
    match = _REF.search(text)
    return " ".join(match.groups()) if match else None


def normalise_outcome(text: str | None) -> str | None:
    """The decision outcome lower-cased and normalised to upheld / not upheld / closed after initial enquiries."""
    if not text:
        return None
    value = re.sub(r"\s+", " ", text.strip().rstrip(".")).lower().strip()
    if not value:
        return None
    if value in _OUTCOMES:
        return _OUTCOMES[value]
    for known in ("closed after initial enquiries", "not upheld", "upheld"):
        if value.startswith(known):
            return known
    return value


def _heading_of(line: str) -> str | None:
    if len(line.strip()) > 70:
        return None
    for name, regex in _HEADING_RE:
        if regex.match(line):
            return name
    return None


def _sections(text: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        name = _heading_of(line)
        if name:
            current = name
            sections.setdefault(current, [])
            continue
        if current:
            sections[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items() if "\n".join(lines).strip()}


def _label(text: str, field: str) -> str | None:
    # Only the header part: labels after the first section heading are prose, not metadata.
    match = _LABEL_RE[field].search(_header(text))
    return match.group("value").strip() if match else None


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if _heading_of(line) and _heading_of(line) != "summary":
            break
        lines.append(line)
    return "\n".join(lines)


def _summary(text: str, sections: dict[str, str]) -> str | None:
    match = re.search(r"^\s*(?:summary|summary of decision)\s*:\s*(?P<body>\S.*?)(?:\n\s*\n|\Z)", text,
                      re.IGNORECASE | re.MULTILINE | re.DOTALL)
    if match:
        return re.sub(r"\s+", " ", match.group("body")).strip()
    if sections.get("summary"):
        return re.sub(r"\s+", " ", sections["summary"].split("\n\n")[0]).strip()
    return None


def _category(text: str) -> str | None:
    value = _label(text, "category")
    if value:
        return re.sub(r"\s*(?:>|›|»|/)\s*", " > ", value)
    crumb = re.search(r"^\s*(?:home\s*>\s*)?(?:decisions\s*>\s*)?(?P<path>[A-Z][^>\n]+(?:\s*>\s*[^>\n]+)+)$", _header(text), re.MULTILINE | re.IGNORECASE)
    if crumb:
        parts = [p.strip() for p in crumb.group("path").split(">") if p.strip() and not _REF.fullmatch(p.strip())]
        return " > ".join(parts) or None
    return None


def _actions(text: str, decision_date: date | None) -> list[dict]:
    """Each agreed action (bullet or sentence in the action section) with its due date and kind."""
    start, end, in_actions = remedy_region(text)
    if not in_actions:
        return []
    actions = []
    lead_in = ""
    for raw in text[start:end].splitlines():
        line = raw.strip()
        if not line:
            continue
        is_bullet = bool(re.match(r"^[-•*–·]|^\(?[a-z]\)\s|^\(?[ivx]+\)\s", line))
        body = re.sub(r"^(?:[-•*–·]|\(?[a-z]\)|\(?[ivx]+\)|\d+[.)])\s*", "", line).strip()
        if not is_bullet and body.endswith(":"):
            lead_in = body
            continue
        if not is_bullet:
            lead_in = ""
        if not re.search(r"\b(?:will|should|must|agreed|apologis|pay|review|remind|train|provide|arrange|reconsider|write|issue|complete|assess|ensure|share|produce|check|consider|refund|reimburse)", body, re.IGNORECASE):
            continue
        if re.search(r"\b(?:should provide us with evidence|evidence of (?:its )?compliance)\b", body, re.IGNORECASE):
            continue
        deadline = find_deadline(body) or find_deadline(lead_in)
        due = due_date(deadline, decision_date)
        kind = "service_improvement" if _is_service_improvement(body) else "remedy"
        actions.append({"description": body.rstrip(";,. ") , "due": due.isoformat() if due else None,
                        "deadline": deadline.phrase if deadline else None, "kind": kind})
    return actions


def _is_service_improvement(line: str) -> bool:
    # the same wording decides the remedies' non-money list and this one
    return non_money_kind(line) in _SERVICE_KINDS and "£" not in line


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stop = min([i for i in (text.find(". ", end - 1), text.find("\n", end - 1)) if i != -1] or [len(text)])
    return text[left:stop].strip().rstrip(".")


def _actions_from_remedies(text: str, remedies: dict) -> list[dict]:
    """Actions for a statement with no action section (e.g. a summary): one per remedy sentence."""
    actions: list[dict] = []
    seen: set[str] = set()
    entries = [(i["span"], i["due"], "remedy") for i in remedies["items"]]
    entries += [(n["span"], n["due"], "service_improvement" if n["kind"] in _SERVICE_KINDS else "remedy")
                for n in remedies["non_money"]]
    for span, due, kind in sorted(entries, key=lambda e: e[0][0]):
        description = _sentence_around(text, span[0], span[1])
        if description and description not in seen:
            seen.add(description)
            actions.append({"description": description, "due": due, "deadline": None, "kind": kind})
    return actions


def parse_decision(text: str) -> dict:
    """Structured fields of a decision statement: ref, council, category, outcome, date, sections, remedies, actions."""
    sections = _sections(text)
    ref = normalise_ref(_label(text, "ref")) or normalise_ref(_header(text)) or normalise_ref(text)
    council = _label(text, "council")
    if not council:
        match = _COUNCIL_FALLBACK.search(text)
        council = match.group(1).strip() if match else None
    outcome = normalise_outcome(_label(text, "outcome"))
    raw_date = _label(text, "decision_date")
    decision_date = parse_date(raw_date) if raw_date else None
    remedies = extract_remedies(text, decision_date)
    actions = _actions(text, decision_date) or _actions_from_remedies(text, remedies)
    improvements = [a["description"] for a in actions if a["kind"] == "service_improvement"]
    if not actions:
        improvements = [n["text"] for n in remedies["non_money"] if n["kind"] in _SERVICE_KINDS]
    return {
        "ref": ref,
        "council": council,
        "category": _category(text),
        "outcome": outcome,
        "decision_date": decision_date.isoformat() if decision_date else None,
        "summary": _summary(text, sections),
        "sections": sections,
        "remedies": remedies,
        "service_improvements": improvements,
        "actions": actions,
        "remedy_before_ombudsman": remedies["remedy_before_ombudsman"],
        "text": text,
    }
