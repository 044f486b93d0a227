"""Score remedy extraction against a labelled set: totals exactly right, item precision/recall/F1, invented amounts.

A labelled record is `{"id", "text", "decision_date"?, "remedy_total_gbp": n|null, "items": [{"amount_gbp", "purpose"}]}`.
A predicted item is correct when its amount equals a not-yet-matched expected item's amount (to the penny);
purpose agreement on matched items is reported separately.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterable

from nlp.errors import NlpError
from nlp.labelled import load_labelled, read_jsonl
from nlp.money import same_amount
from nlp.remedies import extract_remedies
from nlp.remedy_check import train_check

__all__ = ["read_jsonl", "load_labelled", "evaluate_remedies", "cross_validate_check", "pool_scores"]


def evaluate_remedies(records: Iterable[dict], extract: Callable[..., dict] = extract_remedies) -> dict:
    """Totals accuracy, item precision/recall/F1, purpose accuracy and invented-amount count, with the misses."""
    n = totals_right = tp = fp = fn = purposes_right = no_money = invented = 0
    misses = []
    for record in records:
        n += 1
        result = extract(record["text"], record.get("decision_date"))
        expected_total = record["remedy_total_gbp"]
        if same_amount(result["remedy_total_gbp"], expected_total):
            totals_right += 1
        else:
            misses.append({"id": record.get("id"), "expected": expected_total, "got": result["remedy_total_gbp"]})
        if expected_total is None:
            no_money += 1
            invented += result["remedy_total_gbp"] is not None
        remaining = list(record.get("items") or [])
        for item in result["items"]:
            match = next((e for e in remaining if same_amount(e["amount_gbp"], item["amount_gbp"])), None)
            if match is None:
                fp += 1
                continue
            tp += 1
            remaining.remove(match)
            purposes_right += match.get("purpose") == item["purpose"]
        fn += len(remaining)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": n,
        "totals_accuracy": round(totals_right / n, 4) if n else None,
        "item_precision": round(precision, 4),
        "item_recall": round(recall, 4),
        "item_f1": round(f1, 4),
        "purpose_accuracy": round(purposes_right / tp, 4) if tp else None,
        "no_money_records": no_money,
        "invented_amounts": invented,
        "counts": {"totals_right": totals_right, "items_right": tp, "items_wrong": fp, "items_missed": fn,
                   "purposes_right": purposes_right},
        "misses": misses,
    }


def cross_validate_check(groups: dict[str, list[dict]]) -> dict:
    """Out-of-fold scores of the learned check: each group of labelled records (one writer's batch) is scored
    by the rules alone and by the rules with a check trained on every other group. Returns
    {"groups": {name: {"rules": scores, "checked": scores}}, "pooled": {"rules": ..., "checked": ...}}."""
    if len(groups) < 2:
        raise NlpError("cross-validation needs at least two groups of labelled records")
    report: dict = {"groups": {}}
    pooled: dict[str, list[dict]] = {"rules": [], "checked": []}
    # the rules read a text the same way in every fold: read each text once, not once per fold it trains
    rules_alone = functools.cache(lambda text, when: extract_remedies(text, when, check=False))

    def reading(text: str, when: str | None) -> tuple[float | None, list[dict]]:
        result = rules_alone(text, when)
        return result["remedy_total_gbp"], result["items"]

    for name, records in groups.items():
        check = train_check([r for other, rs in groups.items() if other != name for r in rs], reading)
        rules = evaluate_remedies(records, rules_alone)
        checked = evaluate_remedies(records, lambda text, when: extract_remedies(text, when, check=check))
        report["groups"][name] = {"rules": _without_misses(rules), "checked": _without_misses(checked)}
        pooled["rules"].append(rules)
        pooled["checked"].append(checked)
    report["pooled"] = {key: pool_scores(scores) for key, scores in pooled.items()}
    return report


def _without_misses(scores: dict) -> dict:
    return {key: value for key, value in scores.items() if key != "misses"}


def pool_scores(scores: list[dict]) -> dict:
    """The groups' scores added up, as if scored as one set."""
    count = {key: sum(s[key] for s in scores) for key in ("records", "no_money_records", "invented_amounts")}
    tally = {key: sum(s["counts"][key] for s in scores) for key in scores[0]["counts"]}
    tp, fp, fn = tally["items_right"], tally["items_wrong"], tally["items_missed"]
    return {**count, "totals_accuracy": round(tally["totals_right"] / count["records"], 4),
            "item_precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "item_recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "purpose_accuracy": round(tally["purposes_right"] / tp, 4) if tp else None}
