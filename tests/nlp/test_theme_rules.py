"""The rules layer: evidence phrases, negation scope and hard negatives."""

import pytest

from nlp.themes import corpus_files, load_taxonomy, read_examples
from nlp.themes.rules import build_rules, match_themes
from nlp.themes.stems import stem


@pytest.fixture(scope="module")
def rules():
    return build_rules(load_taxonomy())


def hits_for(rules, text):
    return match_themes(rules, [text])[0]


@pytest.mark.parametrize("text, theme, phrase", [
    ("The direct payment has still not been paid after three months.", "payment_delay", "not been paid"),
    ("Our personal budget payments were delayed again in March.", "payment_delay", "payments were delayed"),
    ("The taxi to school failed to turn up four times this month.", "transport", "taxi to school failed"),
    ("He has had no speech and language therapy since September.", "provision_insufficiency",
     "no speech and language therapy"),
    ("I emailed three times and nobody replied.", "communication", "nobody replied"),
    ("My son has speech, language and communication needs and the council has not replied to my emails.",
     "communication", "has not replied"),
    ("The plan was issued fourteen weeks late.", "assessment_delay", "weeks late"),
    ("My stage 1 complaint was not acknowledged.", "complaint_handling", "complaint was not acknowledged"),
])
def test_rules_give_the_phrases_that_triggered_a_theme(rules, text, theme, phrase):
    found = hits_for(rules, text)[theme]
    assert any(phrase in evidence for evidence in found["strong"])
    assert all(p in text for p in found["strong"])  # evidence is the writer's own words, not a stem


@pytest.mark.parametrize("text, phrase", [
    ("The council has ignored my request for the panel papers since June.", "ignored my request"),
    ("It simply ignored every email I sent about the review.", "ignored every email"),
    ("The minutes were never sent to us after the meeting.", "minutes were never sent"),
    ("The draft has not been shared with the family.", "draft has not been shared"),
    ("All I have had is an automated email saying my enquiry was logged.", "automated email"),
    ("They spoke to his school about his needs without our knowledge.", "without our knowledge"),
    ("Her letters still go to our old address.", "old address"),
    ("The panel said no, with no reasons at all.", "no reasons"),
    ("I only learned that the assessment was agreed when the school mentioned it.", "only learned"),
    ("She said she would ring me on Friday and never did.", "said she would ring"),
])
def test_general_wordings_of_being_left_uninformed_are_communication_evidence(rules, text, phrase):
    found = hits_for(rules, text)["communication"]
    assert any(phrase in evidence.lower() for evidence in found["strong"]), found


@pytest.mark.parametrize("text", [
    "The caseworker said she would ring me back the same afternoon, and she did.",
    "He rang back within the hour, as promised.",
    "He has speech, language and communication needs and uses a communication book.",
])
def test_kept_promises_and_communication_needs_are_not_communication_evidence(rules, text):
    found = hits_for(rules, text).get("communication", {})
    assert not found.get("strong"), found


@pytest.mark.parametrize("text, theme", [
    ("The payment arrived on time.", "payment_delay"),
    ("We have no concerns about transport this year.", "transport"),
    ("My son has speech, language and communication needs.", "communication"),
    ("We travelled by public transport to the tribunal hearing.", "transport"),
    ("Good transport links were one reason we chose the school.", "transport"),
    ("I am happy with the school transport arrangements.", "transport"),
    ("The personal budget payments have been made on time every month.", "payment_delay"),
    ("She was assessed within the statutory timescale.", "assessment_delay"),
    ("He is working at key stage 2 in maths.", "complaint_handling"),
])
def test_negated_and_hard_negative_mentions_are_counter_evidence_not_evidence(rules, text, theme):
    found = hits_for(rules, text).get(theme, {})
    assert not found.get("strong") and not found.get("cue")
    assert found.get("counter"), "the mention should be kept as counter-evidence"


def test_negation_stays_inside_its_clause(rules):
    found = hits_for(rules, "The taxi has not been a problem, but the direct payment is overdue.")
    assert "payment_delay" in found and found["payment_delay"].get("strong")


def test_a_negation_inside_one_complaint_does_not_cancel_the_next(rules):
    found = hits_for(rules, "The council did not pay the reimbursement and never told me why.")
    assert found["payment_delay"]["strong"] == ["did not pay"]
    assert found["communication"]["strong"] == ["never told"]


def test_absence_counts_as_evidence_for_provision(rules):
    found = hits_for(rules, "She has been without a school place since Easter.")
    assert found["provision_insufficiency"].get("strong")


def test_stems_join_inflected_forms():
    assert stem("payments") == stem("payment")
    assert stem("delayed") == stem("delays") == stem("delay")
    assert stem("replied") == stem("replies")
    assert stem("issued") == stem("issue")


def test_windowed_token_patterns_find_what_whole_documents_do(rules):
    component = rules.get_pipe("complaints_theme_rules")
    texts = [e["text"] for e in read_examples(corpus_files("train"))[:300]]
    for doc in rules.pipe(texts):
        assert sorted(component._token_pattern_matches(doc)) == sorted(component.matcher(doc))
