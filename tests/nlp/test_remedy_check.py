"""The learned check on the rules' sums (nlp/remedy_check.py): what it holds back, what it leaves alone, how it
is trained and scored. The texts are written for these tests."""

from __future__ import annotations

import re

import pytest

from nlp.errors import NlpError
from nlp.money import find_amounts
from nlp.remedies import extract_remedies
from nlp.remedy_check import Doubt, shipped_records, sum_context, train_check
from nlp.remedy_evaluation import cross_validate_check

WISH = ("We decided not to investigate. Ms N hopes the Council will pay £800 towards the cost of a private "
        "assessment, but she can appeal to the tribunal.")
CLAIM = ("In her view the Council should pay £1,200 for the tuition. We found no fault in how the Council decided "
         "the tuition was not needed.")
ORDERED = "The Council will pay Mrs K £600 for the distress caused by the delay, and £200 for her time and trouble."


@pytest.mark.parametrize("text, rules_total", [(WISH, 800), (CLAIM, 1200)])
def test_a_sum_the_ombudsman_did_not_order_is_held_back_and_flagged(text, rules_total):
    assert extract_remedies(text, "2025-05-01", check=False)["remedy_total_gbp"] == rules_total
    result = extract_remedies(text, "2025-05-01")
    assert result["remedy_total_gbp"] is None and result["items"] == []
    assert [item["amount_gbp"] for item in result["doubted"]] == [rules_total]
    assert result["needs_review"] and f"£{rules_total:,}" in result["review_reason"]
    assert "Ms N" not in result["review_reason"] and "tuition" not in result["review_reason"]


def test_an_ordered_remedy_is_left_alone():
    result = extract_remedies(ORDERED, "2025-05-01")
    assert result["remedy_total_gbp"] == 800 and result["doubted"] == [] and not result["needs_review"]


def _first_sum(text, when):
    """A naive rule for the mechanism tests: the first sum in the text is a remedy."""
    items = [{"amount_gbp": a.value, "span": [a.start, a.end]} for a in find_amounts(text)][:1]
    return (round(sum(i["amount_gbp"] for i in items), 2) if items else None), items


def _toy_corpus():
    paid = ["The Council will pay Mrs {0} £{1} for her distress.", "We recommended the Council pays £{1} to Mr {0}.",
            "It has agreed to pay Ms {0} £{1} for the lost provision.", "The Council should pay £{1} to Mrs {0} within a month."]
    wished = ["Mrs {0} wanted £{1} but we found no fault.", "Mr {0} asked for £{1}; we did not uphold the complaint.",
              "Ms {0} hoped for £{1}. The complaint was closed without investigation.",
              "The placement costs £{1} a year and we found no fault with Mr {0}'s case."]
    records = []
    for n, letter in enumerate("ABCDEFGHJKLMNPRSTVWY"):
        amount = 100 + 50 * n
        cost = f" The placement costs £{4000 + n} a year."
        records.append({"text": paid[n % 4].format(letter, amount) + cost, "remedy_total_gbp": amount})
        records.append({"text": wished[n % 4].format(letter, amount), "remedy_total_gbp": None})
    return records


def test_training_learns_from_labels_and_is_deterministic():
    records = _toy_corpus()
    first, second = train_check(records, _first_sum), train_check(records, _first_sum)
    text = "Mrs Q wanted £900 but we found no fault."
    items = _first_sum(text, None)[1]
    assert first.text_probability(text) == second.text_probability(text)
    assert isinstance(first.doubt(text, items), Doubt)
    paid = "The Council will pay Mrs Q £900 for her distress."
    assert first.doubt(paid, _first_sum(paid, None)[1]) is None
    # only texts whose labelled total the rule gets right label their sums: the paid half, two sums each
    assert first.counts == {"texts": 40, "sums": 40, "remedy_sums": 20, "items": 0}
    assert first.purpose_model is None and first.purposes(paid, _first_sum(paid, None)[1]) == [None]


def test_items_without_a_span_are_never_doubted():
    check = train_check(_toy_corpus(), _first_sum)
    text = "Mrs Q wanted £900 but we found no fault."
    assert check.doubt(text, [{"amount_gbp": 900.0}]) is None


def test_training_needs_both_kinds_of_text():
    only_paid = [r for r in _toy_corpus() if r["remedy_total_gbp"] is not None]
    with pytest.raises(NlpError, match="texts both with and without"):
        train_check(only_paid, _first_sum)


def test_sum_context_marks_sides_and_stays_in_its_paragraph():
    text = "Earlier paragraph about fees.\n\nThe Council will pay £300 for distress.\n\nAnother paragraph."
    start = text.index("£300")
    tokens = sum_context(text, start, start + 4).split()
    assert "N_pay" in tokens and "M_for" in tokens and "R_distress" in tokens
    assert not any(re.search(r"fees|another", t) for t in tokens)


def test_cross_validation_scores_each_group_with_a_check_trained_on_the_others():
    shipped = shipped_records()
    groups = {"a": shipped[:120], "b": shipped[120:240], "c": shipped[240:360]}
    report = cross_validate_check(groups)
    assert set(report["groups"]) == {"a", "b", "c"}
    for scores in report["groups"].values():
        assert scores["rules"]["records"] == 120 and 0 <= scores["checked"]["totals_accuracy"] <= 1
    pooled = report["pooled"]["checked"]
    assert pooled["records"] == 360 and pooled["invented_amounts"] <= report["pooled"]["rules"]["invented_amounts"]
    with pytest.raises(NlpError, match="two groups"):
        cross_validate_check({"a": shipped[:10]})


@pytest.mark.parametrize("text, purposes", [
    ("The Council will pay Mrs X £150 for the time and trouble she spent chasing replies, and £300 for her distress.",
     ["time_and_trouble", "distress"]),
    ("The Council will refund the £96 of bus fares Mrs J paid and pay £600 for the three terms of tuition Y missed.",
     ["reimbursement", "lost_provision"]),
    ("The Council should pay the direct payment arrears of £1,240 it owes Ms P.", ["other"]),
])
def test_the_learned_purposes_on_plain_remedies(text, purposes):
    assert [i["purpose"] for i in extract_remedies(text, "2025-05-01")["items"]] == purposes


def test_the_purpose_model_reads_each_item_and_skips_items_without_a_span():
    check = train_check(shipped_records()[:600], lambda text, when: (
        (r := extract_remedies(text, when, check=False))["remedy_total_gbp"], r["items"]))
    text = "The Council will pay Mrs X £150 for her distress and £200 for the therapy Y missed."
    items = extract_remedies(text, "2025-05-01", check=False)["items"]
    assert check.purposes(text, items) == ["distress", "lost_provision"]
    assert check.purposes(text, [{"amount_gbp": 150.0, "purpose": "distress"}]) == [None]
