"""Complaint-to-case linkage: field comparisons, hard cases one by one, and quality on a synthetic council."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from linkage_synth import make_council  # noqa: E402

from complaints.matching import Thresholds, estimate_u, evaluate_links, match_records  # noqa: E402
from complaints.matching.compare import (  # noqa: E402
    compare_dob,
    compare_forename,
    compare_postcode,
    compare_surname,
    forename_key,
)
from complaints.matching.records import case_from_row, complaint_from_row, parse_date  # noqa: E402


@pytest.mark.parametrize("a, b, level", [
    ("oliver", "oliver", "exact"),
    ("olly", "oliver", "nickname"),
    ("liz", "elizabeth", "nickname"),
    ("katherine", "katherin", "fuzzy"),
    ("oliver-james", "oliver", "partial"),
    ("o", "oliver", "initial"),
    ("o", "mia", "disagree"),
    ("oliver", "olivia", "disagree"),
    ("jack", "jake", "disagree"),
    ("", "oliver", None),
])
def test_forename_levels(a, b, level):
    assert compare_forename(a, b) == level


@pytest.mark.parametrize("a, b, level", [
    ("whitfield", "whitfeild", "fuzzy"),
    ("smith", "smith-jones", "fuzzy"),
    ("smith", "taylor", "disagree"),
])
def test_surname_levels(a, b, level):
    assert compare_surname(a, b) == level


@pytest.mark.parametrize("a, b, level", [
    ("2015-04-03", "2015-04-03", "exact"),
    ("2015-04-03", "2015-03-04", "swapped"),
    ("2015-04-03", "2015-04-08", "slip"),
    ("2015-04-03", "2016-09-21", "disagree"),
])
def test_dob_levels(a, b, level):
    assert compare_dob(a, b) == level


def test_postcode_levels():
    assert compare_postcode("DB1 2XY", "DB1 2XY") == "full"
    assert compare_postcode("DB1 2XY", "DB1 7QQ") == "district"
    assert compare_postcode("DB1 2XY", "DB4 2XY") == "disagree"


def test_nickname_shares_blocking_key_with_formal_name():
    assert forename_key("olly") == forename_key("oliver")


@pytest.mark.parametrize("text, iso", [
    ("03/04/2015", "2015-04-03"), ("3.4.15", "2015-04-03"), ("2015-04-03", "2015-04-03"),
    ("3rd April 2015", "2015-04-03"), ("3 Apr 2015", "2015-04-03"), ("April 3, 2015", "2015-04-03"),
    ("31/02/2015", ""), ("not a date", ""), ("", ""),
])
def test_parse_date_reads_uk_styles(text, iso):
    assert parse_date(text) == iso


@settings(deadline=None)
@given(st.text(max_size=30))
def test_parse_date_never_crashes(text):
    out = parse_date(text)
    assert out == "" or parse_date(out) == out


# --- hard cases -------------------------------------------------------------------------------

BACKGROUND, _, _ = make_council(400, 0, seed=3)


def _case(ref, forename, surname, dob, postcode="DB9 1AA", school="Quarry Bank Primary School"):
    return {"case_ref": ref, "child_forename": forename, "child_surname": surname, "date_of_birth": dob,
            "postcode": postcode, "school": school}


def _complaint(**fields):
    return {"complaint_ref": "X-1", "received_on": "01/05/2024", "text": "", **fields}


TWINS = [_case("HARD-01", "Oliver", "Ashdown", "03/04/2015"), _case("HARD-02", "Olivia", "Ashdown", "03/04/2015")]
SAME_NAME = [_case("HARD-03", "Jack", "Turnbull", "12/09/2012", "DB9 3CC"),
             _case("HARD-04", "Jack", "Turnbull", "27/01/2014", "DB7 4DD", "Hollins Academy")]
SIBLING = [_case("HARD-05", "Mia", "Cranleigh", "14/02/2014", "DB9 5EE")]
SINGLE = [_case("HARD-06", "Katherine", "Whitfield", "03/04/2015", "DB9 6FF"),
          _case("HARD-07", "Oliver-James", "Penhaligon", "21/11/2011", "DB9 7GG")]

HARD = [
    # (id, extra cases, complaint fields, expected case_ref or None, allowed statuses)
    ("twin named", TWINS, dict(child_name="Oliver Ashdown", child_dob="03/04/2015", postcode="DB9 1AA"),
     "HARD-01", {"auto"}),
    ("other twin named", TWINS, dict(child_name="Olivia Ashdown", child_dob="2015-04-03"), "HARD-02", {"auto"}),
    ("twin without a case", TWINS[1:], dict(child_name="Oliver Ashdown", child_dob="03/04/2015", postcode="DB9 1AA"),
     None, {"none", "review"}),
    ("nickname fits both twins", TWINS, dict(child_name="Olly Ashdown", child_dob="03/04/2015"), None, {"review"}),
    ("same name, the other child", SAME_NAME, dict(child_name="Jack Turnbull", child_dob="27/01/2014",
                                                     postcode="DB7 4DD"), "HARD-04", {"auto"}),
    ("same name, child without a case", SAME_NAME, dict(child_name="Jack Turnbull", child_dob="05/06/2016",
                                                          postcode="DB2 8ZZ"), None, {"none", "review"}),
    ("sibling of a case child", SIBLING, dict(child_name="Harry Cranleigh", child_dob="30/07/2017",
                                                postcode="DB9 5EE"), None, {"none", "review"}),
    ("typo in surname", SINGLE, dict(child_name="Katherine Whitfeild", child_dob="03/04/2015"), "HARD-06", {"auto"}),
    ("typo in forename", SINGLE, dict(child_name="Katherien Whitfield", child_dob="03/04/2015"), "HARD-06", {"auto"}),
    ("nickname", SINGLE, dict(child_name="Kate Whitfield", child_dob="03/04/2015"), "HARD-06", {"auto"}),
    ("day and month swapped", SINGLE, dict(child_name="Katherine Whitfield", child_dob="04/03/2015"),
     "HARD-06", {"auto"}),
    ("one digit slipped", SINGLE, dict(child_name="Katherine Whitfield", child_dob="03/04/2016"), "HARD-06", {"auto"}),
    ("surname first", SINGLE, dict(child_name="Whitfield, Katherine", child_dob="03/04/2015"), "HARD-06", {"auto"}),
    ("initial only", SINGLE, dict(child_name="K. Whitfield", child_dob="03/04/2015", postcode="DB9 6FF"),
     "HARD-06", {"auto"}),
    ("hyphenated name written short", SINGLE, dict(child_name="Oliver Penhaligon", child_dob="21/11/2011"),
     "HARD-07", {"auto"}),
    ("reference in its own column", SINGLE, dict(case_ref="hard 07"), "HARD-07", {"auto"}),
    ("reference contradicted by name and date", SINGLE,
     dict(case_ref="HARD-07", child_name="Katherine Whitfield", child_dob="03/04/2015"), "HARD-07", {"review"}),
    ("child with no case at all", SINGLE, dict(child_name="Zebedee Quartermaine", child_dob="01/01/2010"),
     None, {"none"}),
    ("name alone is not enough", SINGLE, dict(child_name="Katherine Whitfield"), "HARD-06", {"review"}),
]


def _run(extra, complaint, find_entities=None):
    cases = [case_from_row(row, i) for i, row in enumerate(BACKGROUND + extra)]
    return match_records(cases, [complaint_from_row(complaint, 1)], find_entities=find_entities)[0]


@pytest.mark.parametrize("name, extra, fields, expected, statuses", HARD, ids=[h[0] for h in HARD])
def test_hard_case(name, extra, fields, expected, statuses):
    result = _run(extra, _complaint(**fields))
    assert result.status in statuses, result.agreements
    if expected and result.status != "none":
        assert result.case_ref == expected
    if result.status == "auto":
        assert result.case_ref == expected


def test_agreements_name_the_fields_that_agreed_and_disagreed():
    result = _run(SINGLE, _complaint(child_name="Katherine Whitfield", child_dob="04/03/2015", postcode="DB1 1AB"))
    assert result.agreements["fields"]["dob"] == "swapped"
    assert "forename" in result.agreements["agreed"] and "postcode" in result.agreements["disagreed"]
    assert "school" in result.agreements["missing"]


def test_text_entities_are_used_when_the_fields_are_blank():
    def fake_finder(text, *, schools=(), names=()):
        assert "quarry bank primary school" in schools and "katherine" in names
        return [{"kind": "child_name", "text": "Kate Whitfield", "start": 0, "end": 14,
                 "value": {"forename": "Kate", "surname": "Whitfield", "how": "relation"}},
                {"kind": "dob", "text": "3/4/15", "start": 20, "end": 26, "value": "2015-04-03"}]

    result = _run(SINGLE, _complaint(text="my daughter Kate Whitfield (born 3/4/15)"), fake_finder)
    assert (result.case_ref, result.status, result.method) == ("HARD-06", "auto", "fellegi_sunter")


def test_case_reference_found_in_text_links_exactly():
    def fake_finder(text, *, schools=(), names=()):
        return [{"kind": "case_ref", "text": "HARD-07", "start": 4, "end": 11, "value": "HARD-07"}]

    result = _run(SINGLE, _complaint(text="Ref HARD-07: no reply"), fake_finder)
    assert (result.case_ref, result.status, result.method, result.score) == ("HARD-07", "auto", "text_ref", 1.0)


def test_thresholds_move_links_between_outcomes():
    complaint = _complaint(child_name="Katherine Whitfield")
    strict = match_records([case_from_row(r, i) for i, r in enumerate(BACKGROUND + SINGLE)],
                           [complaint_from_row(complaint, 1)], thresholds=Thresholds(auto=0.999, review=0.999))[0]
    assert strict.status == "none" and strict.case_ref is None


# --- quality on a seeded synthetic council --------------------------------------------------

@pytest.fixture(scope="module")
def council_results():
    cases, complaints, truth = make_council(3000, 1500, seed=21, text=False)
    records = [case_from_row(row, i) for i, row in enumerate(cases)]
    results = match_records(records, [complaint_from_row(row, i) for i, row in enumerate(complaints)])
    rows = [{"complaint_ref": r.complaint_ref, "case_ref": r.case_ref, "status": r.status} for r in results]
    return evaluate_links(rows, truth)


def test_synthetic_council_meets_the_precision_target(council_results):
    assert council_results["precision"] >= 0.98


def test_synthetic_council_meets_the_recall_target(council_results):
    assert council_results["recall"] >= 0.95


def test_synthetic_council_review_queue_stays_small(council_results):
    assert council_results["review_queue"] <= 0.08 * council_results["complaints"]
    assert council_results["no_case_auto_linked"] <= 0.02 * council_results["no_case"]


def test_evaluate_links_counts_each_outcome():
    truth = {"A": "EHC-00001", "B": "EHC-00002", "C": None, "D": None, "E": "EHC-00005"}
    rows = [{"complaint_ref": "A", "case_ref": "EHC-00001", "status": "auto"},
            {"complaint_ref": "B", "case_ref": "EHC-00009", "status": "auto"},
            {"complaint_ref": "C", "case_ref": None, "status": "none"},
            {"complaint_ref": "D", "case_ref": "EHC-00004", "status": "review"},
            {"complaint_ref": "E", "case_ref": "ehc 00005", "status": "review"}]
    report = evaluate_links(rows, truth)
    assert (report["auto_links"], report["auto_correct"]) == (2, 1)
    assert report["precision"] == 0.5 and report["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["review_queue"] == 2 and report["review_correct"] == 1
    assert report["no_link_accuracy"] == 0.5


def test_evaluate_links_reads_matches_csv_rows_without_status():
    rows = [{"complaint_ref": "A", "case_ref": "EHC-00001", "score": "0.99", "method": "fellegi_sunter"},
            {"complaint_ref": "B", "case_ref": "", "score": "0.1", "method": "none"}]
    report = evaluate_links(rows, {"A": "EHC-00001", "B": None})
    assert report["precision"] == 1.0 and report["recall"] == 1.0 and report["no_link_accuracy"] == 1.0


def test_em_reestimation_keeps_quality_and_learns_that_dates_agree_for_matches():
    from complaints.matching import estimate_m, estimate_u

    cases, complaints, truth = make_council(2000, 800, seed=33, text=False)
    records = [case_from_row(row, i) for i, row in enumerate(cases)]
    results = match_records(records, [complaint_from_row(row, i) for i, row in enumerate(complaints)], em=True)
    report = evaluate_links([{"complaint_ref": r.complaint_ref, "case_ref": r.case_ref, "status": r.status}
                             for r in results], truth)
    assert report["precision"] >= 0.98 and report["recall"] >= 0.95
    base = estimate_u(records)
    flat = base.__class__(m={f: {lv: 1 / len(v) for lv in v} for f, v in base.m.items()}, u=base.u,
                          prior=base.prior)
    learnt = estimate_m(flat, [{"dob": "exact", "forename": "exact"}] * 50 + [{"dob": "disagree", "forename": "disagree"}] * 50)
    assert learnt.m["dob"]["exact"] > 0.8 and learnt.m["forename"]["exact"] > 0.8


@settings(deadline=None)
@given(st.text(max_size=40))
def test_normalisers_never_crash_and_are_idempotent(text):
    from complaints.matching.records import normalise_name, normalise_postcode, ref_key, split_child_name

    for fn in (normalise_name, normalise_postcode, ref_key):
        once = fn(text)
        assert fn(once) == once
    forename, surname = split_child_name(text)
    assert (forename == "") <= (surname == "")


@pytest.mark.parametrize("fields, statuses", [
    (dict(complainant_name="Mrs Whitfield", child_dob="03/04/2015", postcode="DB9 6FF"), {"auto"}),
    (dict(child_dob="03/04/2015", postcode="DB9 6FF"), {"review", "none"}),
])
def test_without_a_forename_the_family_surname_and_exact_date_are_needed(fields, statuses):
    result = _run(SINGLE, _complaint(**fields))
    assert result.status in statuses
    if result.status == "auto":
        assert result.case_ref == "HARD-06"


def test_an_escalated_stage_shares_its_earlier_stages_link():
    cases = [case_from_row(row, i) for i, row in enumerate(BACKGROUND + SINGLE)]
    stage1 = complaint_from_row(_complaint(case_ref="HARD-06"), 1)
    stage2 = complaint_from_row(dict(_complaint(), complaint_ref="X-2", escalated_from="X-1"), 2)
    ombudsman = complaint_from_row(dict(_complaint(), complaint_ref="X-3", escalated_from="X-2"), 3)
    unrelated = complaint_from_row(dict(_complaint(), complaint_ref="Y-1"), 4)
    results = {r.complaint_ref: r for r in match_records(cases, [stage1, stage2, ombudsman, unrelated])}
    for ref in ("X-2", "X-3"):
        assert (results[ref].case_ref, results[ref].status, results[ref].method) == ("HARD-06", "auto", "stage_history")
        assert results[ref].agreements["shared_from"] == "X-1"
    assert results["Y-1"].status == "none"


def test_stages_linked_to_different_cases_keep_their_own_outcomes():
    cases = [case_from_row(row, i) for i, row in enumerate(BACKGROUND + SINGLE)]
    stage1 = complaint_from_row(_complaint(case_ref="HARD-06"), 1)
    stage2 = complaint_from_row(dict(_complaint(case_ref="HARD-07"), complaint_ref="X-2", escalated_from="X-1"), 2)
    results = match_records(cases, [stage1, stage2])
    assert [(r.case_ref, r.method) for r in results] == [("HARD-06", "exact_ref"), ("HARD-07", "exact_ref")]


def test_a_mistyped_reference_to_another_child_goes_to_review():
    result = _run(SINGLE, _complaint(case_ref="HARD-07", child_name="Katherine Whitfield", child_dob="03/04/2015",
                                     postcode="DB9 6FF"))
    assert (result.status, result.case_ref) == ("review", "HARD-07")
    assert result.agreements["better_fit"]["case_ref"] == "HARD-06"


def test_a_reference_with_a_nickname_and_no_date_still_links():
    result = _run(SINGLE, _complaint(case_ref="HARD-06", child_name="Kate"))
    assert (result.status, result.method) == ("auto", "exact_ref")


def test_fit_m_learns_from_known_matches_but_keeps_unseen_levels_possible():
    from complaints.matching import Model
    from complaints.matching.model import fit_m

    base = Model()
    sample = [{"forename": "nickname", "dob": "exact"}] * 60 + [{"forename": "exact", "dob": "swapped"}] * 40
    learnt = fit_m(base, sample)
    assert learnt.m["forename"]["nickname"] > 0.4 > base.m["forename"]["nickname"]
    assert learnt.m["dob"]["swapped"] > 0.25
    assert 0 < learnt.m["forename"]["fuzzy"] < base.m["forename"]["fuzzy"]
    for levels in learnt.m.values():
        assert sum(levels.values()) == pytest.approx(1.0)


def test_references_in_the_data_become_the_labelled_sample():
    cases, complaints, _ = make_council(800, 300, seed=2, text=False)
    records = [case_from_row(row, i) for i, row in enumerate(cases)]
    stats = {}
    match_records(records, [complaint_from_row(row, i) for i, row in enumerate(complaints)], stats=stats)
    with_ref = sum(1 for row in complaints if row["case_ref"])
    assert 0.9 * with_ref <= stats["labelled_sample"] <= with_ref


_FUZZ_CASES = [case_from_row(row, i) for i, row in enumerate(BACKGROUND[:50] + SINGLE)]
_FUZZ_MODEL = estimate_u(_FUZZ_CASES, pairs=2000)


@settings(deadline=None, max_examples=60)
@given(st.fixed_dictionaries({k: st.text(max_size=25) for k in
                              ("child_name", "child_dob", "postcode", "case_ref", "complainant_name")}))
def test_odd_complaint_fields_never_crash_linkage(fields):
    results = match_records(_FUZZ_CASES, [complaint_from_row(_complaint(**fields), 1)], model=_FUZZ_MODEL,
                            learn=False)
    assert len(results) == 1 and results[0].status in {"auto", "review", "none"}
    assert (results[0].case_ref is None) == (results[0].status == "none")


@pytest.mark.parametrize("fields, statuses", [
    (dict(child_name="Katherine", complainant_name="Mrs J. Whitfield", postcode="DB9 6FF"), {"auto"}),
    (dict(child_name="Katherine", postcode="DB9 6FF"), {"review", "none"}),
])
def test_a_forename_with_the_familys_surname_and_address_is_enough(fields, statuses):
    result = _run(SINGLE, _complaint(**fields))
    assert result.status in statuses, result.agreements
    if result.status != "none":
        assert result.case_ref == "HARD-06"


@pytest.mark.parametrize("surname", ["-", " ", "--", ""])
def test_punctuation_only_surnames_have_an_empty_blocking_key(surname):
    from complaints.matching.compare import surname_key

    assert surname_key(surname) == ""
