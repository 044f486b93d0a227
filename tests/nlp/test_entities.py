"""Entities in complaint text: references, child names as parents write them, dates of birth, schools,
postcodes; each with a span that points back at the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from nlp.entities import DEFAULT_CASE_REF_PATTERNS, KINDS, find_entities

SCHOOLS = ["Oakfield Primary School", "Riverside Academy", "St Bede's High School"]
NAMES = ["Oliver", "Olly", "Jack", "Mia"]


def _of(text, kind, **kwargs):
    return [e for e in find_entities(text, schools=SCHOOLS, names=NAMES, **kwargs) if e["kind"] == kind]


@pytest.mark.parametrize("text, forename, surname", [
    ("I am writing about my son Oliver and his plan.", "Oliver", None),
    ("Our daughter, Mia-Rose, has had no tuition.", "Mia-Rose", None),
    ("My grandson Jack Turner has been out of school.", "Jack", "Turner"),
    ("my eldest son Oliver-James Smith needs transport", "Oliver-James", "Smith"),
    ("The letter said O. Smith would be assessed.", "O", "Smith"),
    ("Olly has had no speech therapy since May.", "Olly", None),
    ("Child's name: Harriet O'Connell", "Harriet", "O'Connell"),
    ("her foster son Reuben waited a year", "Reuben", None),
    ("my 10 year old son Oliver has no school place", "Oliver", None),
    ("my son Oliver EHCP was late", "Oliver", None),
    ("our twins, Oliver and Olivia", "Oliver", None),
])
def test_child_names_as_parents_write_them(text, forename, surname):
    found = _of(text, "child_name")
    assert found, text
    value = found[0]["value"]
    assert (value["forename"], value["surname"]) == (forename, surname)
    assert text[found[0]["start"]:found[0]["end"]] == found[0]["text"]


def test_a_clause_after_the_name_is_not_a_surname():
    value = _of("My son Oliver. He has waited since March.", "child_name")[0]["value"]
    assert value["surname"] is None


def test_the_complainants_title_and_surname_are_an_adult_not_a_child():
    found = find_entities("Mrs Jones complained that my son Oliver was refused.", names=NAMES)
    kinds = {(e["kind"], e["text"]) for e in found}
    assert ("adult_name", "Mrs Jones") in kinds
    assert [e["value"]["forename"] for e in found if e["kind"] == "child_name"] == ["Oliver"]


@pytest.mark.parametrize("text, iso", [
    ("DOB 03/04/2015", "2015-04-03"),
    ("D.O.B: 3.4.15", "2015-04-03"),
    ("date of birth is 3rd April 2015", "2015-04-03"),
    ("he was born on the 3rd of April 2015", "2015-04-03"),
    ("born 03-04-2015", "2015-04-03"),
    ("DOB 2015-04-03", "2015-04-03"),
    ("(born April 3, 2015)", "2015-04-03"),
])
def test_dates_of_birth_in_uk_styles(text, iso):
    found = _of(text, "dob")
    assert [e["value"] for e in found] == [iso]


def test_a_date_without_birth_context_is_not_a_date_of_birth():
    assert _of("The meeting on 03/04/2024 was cancelled.", "dob") == []


@pytest.mark.parametrize("text, value", [
    ("Our reference EHC-01234 is on the letter", "EHC-01234"),
    ("quote ehc 01234 please", "EHC-01234"),
    ("old file SEN/2019/0042 was closed", "SEN/2019/0042"),
])
def test_case_references_with_default_patterns(text, value):
    assert [e["value"] for e in _of(text, "case_ref")] == [value]


def test_case_reference_patterns_come_from_configuration():
    text = "Case CHI-778812 and EHC-01234"
    found = _of(text, "case_ref", case_ref_patterns=(r"\bCHI-\d{6}\b",))
    assert [e["value"] for e in found] == ["CHI-778812"]
    assert DEFAULT_CASE_REF_PATTERNS  # defaults still exist for everyone else


@pytest.mark.parametrize("text, found", [
    ("The Ombudsman's reference is 23 004 512.", ["23 004 512"]),
    ("LGO ref 23-004-512", ["23 004 512"]),
    ("ombudsman case 23004512", ["23 004 512"]),
    ("order number 23004512 was lost", []),
])
def test_ombudsman_references(text, found):
    assert [e["value"] for e in _of(text, "ombudsman_ref")] == found


def test_postcodes_and_schools():
    text = "We live at DB4 7QT and she attends Oakfield Primary, not Riverside Academy."
    assert [e["value"] for e in _of(text, "postcode")] == ["DB4 7QT"]
    assert [e["value"] for e in _of(text, "school")] == ["Oakfield Primary School", "Riverside Academy"]


def test_every_entity_has_a_true_span_and_a_known_kind():
    text = ("Re EHC-01234. My son Oliver Smith (DOB 03/04/2015) at Oakfield Primary School, DB4 7QT. "
            "LGO reference 23 004 512. Mrs Smith.")
    found = find_entities(text, schools=SCHOOLS, names=NAMES)
    assert {e["kind"] for e in found} == set(KINDS)
    for e in found:
        assert text[e["start"]:e["end"]] == e["text"]
    assert [e["start"] for e in found] == sorted(e["start"] for e in found)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_find_entities_never_crashes_and_spans_hold(text):
    for e in find_entities(text, schools=SCHOOLS, names=NAMES):
        assert e["kind"] in KINDS
        assert text[e["start"]:e["end"]] == e["text"]
