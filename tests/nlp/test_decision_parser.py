"""parse_decision on the agreed plain-text layout and its variations."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from nlp.decisions import normalise_outcome, normalise_ref, parse_decision

DOCS = Path(__file__).resolve().parents[1] / "data" / "decisions" / "documents"

LAYOUT = """Local Government and Social Care Ombudsman
Decision statement
{ref_label}: {ref}
{council_label}: Demo Borough Council
Category: Education > Special educational needs
{outcome_label}: {outcome}
{date_label}: {date}

Summary: Mrs X complained that the Council delayed her son's plan. We found fault. The Council agreed to pay £600.

{complaint}
1. Mrs X complains that the Council took 40 weeks to issue the plan.

{found}
4. The delay was 20 weeks. The plan's provision costs £9,000 a year.

{action}
12. Within one month of my final decision the Council will:
  - apologise to Mrs X;
  - pay Mrs X £600 to acknowledge the distress caused.
13. Within three months of my final decision the Council will:
  - review its procedure for tracking assessment deadlines.

{final}
15. I have completed my investigation. There was fault.
"""
DEFAULTS = dict(ref_label="Reference", ref="23 004 512", council_label="Council", outcome_label="Decision",
                outcome="Upheld", date_label="Decision date", date="14 March 2024", complaint="The complaint",
                found="What I found", action="Agreed action", final="Final decision")


def parse(**changes):
    return parse_decision(LAYOUT.format(**{**DEFAULTS, **changes}))


def test_the_agreed_layout_parses_fully():
    parsed = parse()
    assert parsed["ref"] == "23 004 512"
    assert parsed["council"] == "Demo Borough Council"
    assert parsed["category"] == "Education > Special educational needs"
    assert parsed["outcome"] == "upheld"
    assert parsed["decision_date"] == "2024-03-14"
    assert parsed["summary"].startswith("Mrs X complained")
    assert set(parsed["sections"]) == {"complaint", "findings", "agreed_action", "final_decision"}
    assert parsed["remedies"]["remedy_total_gbp"] == 600
    assert parsed["service_improvements"] == ["review its procedure for tracking assessment deadlines"]
    assert [(a["description"][:9], a["due"]) for a in parsed["actions"]] == [
        ("apologise", "2024-04-14"), ("pay Mrs X", "2024-04-14"), ("review it", "2024-06-14")]


@pytest.mark.parametrize("changes, field, expected", [
    ({"ref_label": "Our ref", "ref": "23-004-512"}, "ref", "23 004 512"),
    ({"ref_label": "Ombudsman reference", "ref": "23004512"}, "ref", "23 004 512"),
    ({"council_label": "Authority"}, "council", "Demo Borough Council"),
    ({"council_label": "Organisation"}, "council", "Demo Borough Council"),
    ({"outcome_label": "Outcome", "outcome": "Not upheld"}, "outcome", "not upheld"),
    ({"outcome": "Closed after initial enquiries"}, "outcome", "closed after initial enquiries"),
    ({"outcome": "Upheld: maladministration and injustice"}, "outcome", "upheld"),
    ({"outcome": "Referred back for local resolution"}, "outcome", "referred back for local resolution"),
    ({"date_label": "Date of decision", "date": "14/03/2024"}, "decision_date", "2024-03-14"),
    ({"date": "14th March 2024"}, "decision_date", "2024-03-14"),
    ({"date": "March 14, 2024"}, "decision_date", "2024-03-14"),
    ({"date": "2024-03-14"}, "decision_date", "2024-03-14"),
    ({"date": "14 Mar 2024"}, "decision_date", "2024-03-14"),
])
def test_label_and_value_variations(changes, field, expected):
    assert parse(**changes)[field] == expected


@pytest.mark.parametrize("headings", [
    dict(complaint="The complaint:", found="What I found:", action="Agreed action:", final="Final decision:"),
    dict(complaint="1. The complaint", found="2. Analysis", action="3. Recommended action", final="4. Our decision"),
    dict(complaint="Section 1: Complaint", found="Findings", action="Recommendations", final="Decision"),
    dict(complaint="THE COMPLAINT", found="WHAT WE FOUND", action="AGREED ACTIONS", final="OUR DECISION:"),
])
def test_heading_variations_give_the_same_sections_and_remedy(headings):
    parsed = parse(**headings)
    assert set(parsed["sections"]) == {"complaint", "findings", "agreed_action", "final_decision"}
    assert parsed["remedies"]["remedy_total_gbp"] == 600
    assert len(parsed["actions"]) == 3


def test_missing_sections_are_simply_absent():
    text = ("Reference: 24 002 118\nCouncil: Westvale District Council\nDecision: Not upheld\nDecision date: 2 May 2024\n\n"
            "Final decision\n1. There was no fault.\n")
    parsed = parse_decision(text)
    assert parsed["sections"] == {"final_decision": "1. There was no fault."}
    assert parsed["summary"] is None and parsed["actions"] == [] and parsed["remedies"]["remedy_total_gbp"] is None


def test_text_file_with_dashed_labels_and_lettered_actions():
    parsed = parse_decision((DOCS / "22-019-330.txt").read_text())
    assert (parsed["ref"], parsed["council"], parsed["category"], parsed["outcome"], parsed["decision_date"]) == (
        "22 019 330", "Eastbrook Metropolitan Borough Council", "Education > Alternative provision", "upheld", "2023-10-03")
    assert parsed["remedies"]["remedy_total_gbp"] == 1800 * 2 + 350  # not the £2,000 Miss R says she spent
    assert [a["due"] for a in parsed["actions"]] == ["2023-11-03"] * 3 + ["2024-01-31"] * 2


def test_closed_after_initial_enquiries_has_no_remedy():
    parsed = parse_decision((DOCS / "24-002-118.txt").read_text())
    assert parsed["outcome"] == "closed after initial enquiries"
    assert parsed["decision_date"] == "2024-03-28"
    assert parsed["remedies"]["remedy_total_gbp"] is None  # £1,150 of taxis is mentioned, not recommended


def test_summary_only_text_still_gives_actions():
    parsed = parse_decision("Summary: We found fault. The Council agreed to apologise and pay Mrs X £300 within one month.\n")
    assert parsed["remedies"]["remedy_total_gbp"] == 300
    assert parsed["actions"][0]["description"].startswith("The Council agreed to apologise")


@given(st.from_regex(r"\A\d{2}[ -]?\d{3}[ -]?\d{3}\Z"))
def test_reference_normalisation_is_canonical_and_idempotent(raw):
    once = normalise_ref(raw)
    assert once is not None and len(once) == 10 and once == normalise_ref(once)


@given(st.text(max_size=60))
def test_parser_never_crashes_and_outcome_normalisation_is_idempotent(text):
    parse_decision(text)
    value = normalise_outcome(text)
    assert normalise_outcome(value) == value


def test_council_remedy_before_the_ombudsman_is_detected():
    text = ("Reference: 24 300 100\nDecision: Upheld\nDecision date: 3 June 2024\n\n"
            "Summary: The Council delayed the annual review. In its stage 2 response it had already apologised and "
            "paid Mrs X £150, which is a suitable remedy, so we did not investigate further.\n")
    parsed = parse_decision(text)
    assert parsed["remedy_before_ombudsman"] is True
    assert parsed["remedies"]["remedy_total_gbp"] is None  # the council's own payment is not the ombudsman's remedy
