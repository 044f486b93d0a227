"""Remedy extraction quality on the labelled decision texts (tests/data/decisions/remedies_*.jsonl).

The bar from the brief: totals exactly right on >= 95% of texts, item precision >= 98%, and no invented
amount on a text with no money remedy. The dev batches (remedies_dev*.jsonl) were used while developing;
remedies_dev2..dev7 were each first measured once as a held-out batch (figures in the README) and only then
used for development (dev7 was the first held-out split of record, batch 7; dev8 holds examples written for
the refusal / condition / deduction rules). remedies_heldout2.jsonl (batch 8) is the held-out split of
record: written in a different style after the extractor froze, measured once, never used to tune.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.remedies import PURPOSES
from nlp.remedy_evaluation import evaluate_remedies, load_labelled

DATA = Path(__file__).resolve().parents[1] / "data" / "decisions"
DEV = [r for path in sorted(DATA.glob("remedies_dev*.jsonl")) for r in load_labelled(path)]
HELDOUT = load_labelled(DATA / "remedies_heldout2.jsonl")


def test_the_labelled_set_is_large_varied_and_consistent():
    records = DEV + HELDOUT
    assert len(records) >= 160 and len(HELDOUT) >= 80
    assert len({r["id"] for r in records}) == len(records)
    assert {r["id"].split("-")[0] for r in HELDOUT} == {"held2"}
    assert sum(r["remedy_total_gbp"] is None for r in records) >= 60          # many with no money
    assert sum(r["kind"] == "full" for r in records) >= 40                    # full statements and summaries
    assert sum(len(r["items"]) >= 2 for r in records) >= 60                   # multi-item remedies
    for record in records:
        items = record["items"]
        expected = round(sum(i["amount_gbp"] for i in items), 2) if items else None
        assert expected == record["remedy_total_gbp"], record["id"]
        assert all(i["purpose"] in PURPOSES for i in items), record["id"]


def test_dev_split_meets_the_bar():
    scores = evaluate_remedies(DEV)
    assert scores["totals_accuracy"] >= 0.95, scores["misses"]
    assert scores["item_precision"] >= 0.98
    assert scores["invented_amounts"] == 0


def test_heldout_split_has_not_regressed_below_its_first_measurement():
    # First (and only) measurement on batch 8: totals 0.9286 (78/84), precision 0.9753, recall 0.8977, 0 invented.
    scores = evaluate_remedies(HELDOUT)
    assert scores["totals_accuracy"] >= 0.9286
    assert scores["item_precision"] >= 0.9753
    assert scores["item_recall"] >= 0.8977


def test_heldout_invents_no_amounts():
    scores = evaluate_remedies(HELDOUT)
    assert scores["no_money_records"] >= 20
    assert scores["invented_amounts"] == 0


@pytest.mark.xfail(strict=True, reason="held-out batch 8 measured once at totals 92.9% (78/84): below the brief's 95%; "
                                       "see README 'Ombudsman decisions'")
def test_heldout_totals_meet_the_bar():
    assert evaluate_remedies(HELDOUT)["totals_accuracy"] >= 0.95


@pytest.mark.xfail(strict=True, reason="held-out batch 8 measured once at item precision 97.5%: below the brief's 98%; "
                                       "see README 'Ombudsman decisions'")
def test_heldout_item_precision_meets_the_bar():
    assert evaluate_remedies(HELDOUT)["item_precision"] >= 0.98
