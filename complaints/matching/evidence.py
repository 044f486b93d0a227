"""What one complaint offers for linkage: its own identifying fields first, then what its text says.

Entity finding in complaint text is analysis, so it is passed in (`find_entities`, from `nlp.entities`
via the service). It is called as `find_entities(text, schools=[...], names=[...])` and returns dicts
with `kind` in case_ref | child_name | adult_name | dob | postcode | school and a `value`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from complaints.matching.records import (
    ComplaintRecord,
    normalise_name,
    normalise_postcode,
    parse_date,
    ref_key,
    split_child_name,
)

__all__ = ["Evidence", "FindEntities", "gather_evidence"]

FindEntities = Callable[..., list[dict]]


@dataclass
class Evidence:
    """What one complaint offers for linkage: field values first, values found in its text as fallback."""

    refs: list[str] = field(default_factory=list)              # ref_key()s, field first
    ref_sources: list[str] = field(default_factory=list)       # 'field' | 'text' per ref
    names: list[tuple[str, str]] = field(default_factory=list)  # (forename, surname)
    family_surnames: list[str] = field(default_factory=list)   # complainant's surname(s)
    dobs: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)      # field -> 'field' | 'text'
    forenames: list[str] = field(default_factory=list)         # distinct forenames of `names`
    surnames: list[str] = field(default_factory=list)          # distinct surnames of `names`


def gather_evidence(complaint: ComplaintRecord, find_entities: FindEntities | None, *,
                    schools=(), names=(), known_ref: Callable[[str], bool] = lambda key: False) -> Evidence:
    """Collect the complaint's identifying values: its own fields first, then what its text says."""
    ev = Evidence()
    if complaint.case_ref:
        ev.refs.append(ref_key(complaint.case_ref))
        ev.ref_sources.append("field")
    if complaint.child_name:
        ev.names.append(split_child_name(complaint.child_name))
        ev.sources["name"] = "field"
    if complaint.complainant_name:
        forename, family = split_child_name(complaint.complainant_name)
        family = family or forename  # "Mrs Whitfield": an adult's lone name is the surname
        if family:
            ev.family_surnames.append(family)
    if complaint.child_dob:
        ev.dobs.append(complaint.child_dob)
        ev.sources["dob"] = "field"
    if complaint.postcode:
        ev.postcodes.append(complaint.postcode)
        ev.sources["postcode"] = "field"
    have_ref = bool(ev.refs) and known_ref(ev.refs[0])
    if find_entities is None or not complaint.text or have_ref:
        _finish(ev)
        return ev
    text_names: list[tuple[bool, tuple[str, str]]] = []
    for ent in find_entities(complaint.text, schools=schools, names=names):
        kind, value = ent.get("kind"), ent.get("value")
        if kind == "case_ref":
            key = ref_key(value or ent.get("text"))
            if key and key not in ev.refs:
                ev.refs.append(key)
                ev.ref_sources.append("text")
        elif kind == "child_name" and ev.sources.get("name") != "field":
            value = value or {}
            forename = normalise_name(value.get("forename") or "")
            surname = normalise_name(value.get("surname") or "")
            if forename:
                text_names.append((value.get("how") == "gazetteer", (forename, surname)))
        elif kind == "adult_name":
            surname = normalise_name((value or {}).get("surname") or "")
            if surname and surname not in ev.family_surnames:
                ev.family_surnames.append(surname)
        elif kind == "dob" and ev.sources.get("dob") != "field":
            dob = parse_date(value)
            if dob and dob not in ev.dobs:
                ev.dobs.append(dob)
                ev.sources["dob"] = "text"
        elif kind == "postcode" and ev.sources.get("postcode") != "field":
            postcode = normalise_postcode(value or ent.get("text"))
            if postcode and postcode not in ev.postcodes:
                ev.postcodes.append(postcode)
                ev.sources["postcode"] = "text"
        elif kind == "school":
            school = normalise_name(value or ent.get("text"))
            if school and school not in ev.schools:
                ev.schools.append(school)
    # a name introduced as "my son ..." outranks a bare forename recognised from the gazetteer
    certain = [name for guessed, name in text_names if not guessed]
    for name in certain or [name for _, name in text_names]:
        if name not in ev.names:
            ev.names.append(name)
            ev.sources["name"] = "text"
    # a surname known for the child makes the complainant's own surname redundant
    if any(s for _, s in ev.names):
        ev.family_surnames = []
    _finish(ev)
    return ev


def _finish(ev: Evidence) -> None:
    ev.forenames = list(dict.fromkeys(f for f, _ in ev.names if f))
    ev.surnames = list(dict.fromkeys(s for _, s in ev.names if s))


def _finish(ev: Evidence) -> None:
    ev.forenames = list(dict.fromkeys(f for f, _ in ev.names if f))
    ev.surnames = list(dict.fromkeys(s for _, s in ev.names if s))
