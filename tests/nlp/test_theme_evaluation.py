"""Evaluation figures: per-theme precision/recall/F1, macro-F1 and what gets mixed up."""

from nlp.themes.evaluation import score_predictions

THEMES = ["transport", "payment_delay", "communication"]


def test_figures_on_a_small_known_case():
    truth = [["transport"], ["payment_delay"], ["payment_delay", "communication"], [], ["communication"]]
    predicted = [["transport"], ["communication"], ["payment_delay"], ["transport"], ["communication"]]
    report = score_predictions(truth, predicted, THEMES)
    assert report["per_theme"]["transport"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1,
                                                "true_positives": 1, "false_positives": 1, "false_negatives": 0}
    assert report["per_theme"]["payment_delay"]["recall"] == 0.5
    assert report["per_theme"]["communication"]["precision"] == 0.5
    assert report["macro_f1"] == round((0.6667 + 0.6667 + 0.5) / 3, 4)
    assert report["confusions"] == [{"true": "payment_delay", "predicted": "communication", "count": 1}]
    assert {"text_about": "other", "given": "transport", "count": 1} in report["given_wrongly"]
    assert report["missed"] == [{"theme": "communication", "text_given": "payment_delay", "count": 1}]
    assert report["no_theme"] == {"texts": 1, "correctly_left_empty": 0}
    assert report["exact_match"] == 0.4
