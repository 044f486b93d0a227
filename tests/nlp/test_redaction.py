"""Redaction hides every kind of personal data a viewer must not see, and keeps the rest readable."""

import pytest
from hypothesis import given, strategies as st

from nlp.redaction import redact

TEXT = (
    "Dear Sir, my son Oliver Pike (DOB 04/07/2014) has had no speech therapy since May. "
    "We live at 14 Larch Close, ZX4 7QP. Call me on 07700 900123 or write to j.pike@example.org. "
    "His case number is EHC-20417 and the ombudsman reference is 23 004 512. Mrs Pike spoke to Mr Dawson. "
    "Kind regards,\nJoanne Pike"
)


@pytest.mark.parametrize("secret", ["Oliver", "Pike", "04/07/2014", "14 Larch Close", "ZX4 7QP", "07700 900123",
                                    "j.pike@example.org", "EHC-20417", "23 004 512", "Dawson", "Joanne"])
def test_every_kind_of_personal_data_is_masked(secret):
    assert secret.lower() not in redact(TEXT, names=["Joanne Pike", "Oliver Pike"]).lower()


def test_the_complaint_itself_stays_readable():
    out = redact(TEXT, names=["Joanne Pike", "Oliver Pike"])
    assert "no speech therapy since May" in out
    assert "[date of birth]" in out and "[postcode]" in out and "[phone]" in out and "[email]" in out


def test_names_found_by_context_without_being_told():
    out = redact("Our daughter Mia-Rose has waited a year. Thanks, Priya Shah")
    assert "Mia-Rose" not in out and "Priya" not in out
    assert "Our daughter [name] has waited a year." in out


def test_known_case_reference_and_dob_as_written_in_the_record():
    out = redact("Ref SN/77/A1 - born 3rd March 2015", refs=["SN/77/A1"], dates=["3rd March 2015"])
    assert "SN/77/A1" not in out and "2015" not in out


@given(st.text(max_size=300))
def test_never_crashes_and_is_idempotent(text):
    once = redact(text, names=["Ann Lee"])
    assert redact(once, names=["Ann Lee"]) == once
