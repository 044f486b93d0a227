"""The combined classifier: scores for every theme, evidence for every assigned one, artefacts and versions."""

import json

import joblib
import numpy as np
import pytest
from sklearn.base import clone

from nlp.errors import TaxonomyError
from nlp.themes import DEFAULT_TAXONOMY_PATH, load_classifier, load_taxonomy, train
from nlp.themes.model import ThemeModel

DEFAULT_THEMES = ["provision_insufficiency", "payment_delay", "communication", "assessment_delay",
                  "complaint_handling", "transport"]


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()  # the shipped default model, trained in memory from the shipped corpus


TEXTS = [
    "The taxi to school has not turned up for a week and nobody has replied to my emails.",
    "Our direct payment is three months overdue and the carer is threatening to leave.",
    "Thank you for the helpful meeting on Tuesday.",
    "",
    "My son has speech, language and communication needs; we are pleased with his new school.",
]


def test_default_taxonomy_has_the_six_themes_with_definitions():
    taxonomy = load_taxonomy()
    assert taxonomy.names == DEFAULT_THEMES
    assert all(len(theme.definition) > 30 and theme.phrases for theme in taxonomy.themes)


def test_every_theme_gets_a_probability_between_0_and_1(classifier):
    for result in classifier.classify(TEXTS):
        assert list(result["scores"]) == DEFAULT_THEMES
        assert all(0.0 <= p <= 1.0 for p in result["scores"].values())


def test_every_assigned_theme_has_evidence_found_in_the_text(classifier):
    for text, result in zip(TEXTS, classifier.classify(TEXTS)):
        assert set(result["evidence"]) == set(result["themes"])
        for theme in result["themes"]:
            assert result["evidence"][theme], f"{theme} assigned without evidence"
            for phrase in result["evidence"][theme]:
                assert phrase.lower() in text.lower()


def test_clear_texts_get_their_themes_and_empty_ones_none(classifier):
    results = classifier.classify(TEXTS)
    assert {"transport", "communication"} <= set(results[0]["themes"])
    assert "payment_delay" in results[1]["themes"]
    assert results[2]["themes"] == [] and results[3]["themes"] == []
    assert "communication" not in results[4]["themes"]


def test_a_model_only_assignment_cites_ngrams_from_the_text(classifier):
    # worded to avoid every rule phrase for the theme, so only the model can find it
    text = "Weeks have passed since the carer's wages were due and the money still hasn't reached our account."
    result = classifier.classify([text])[0]
    for theme, method in result["methods"].items():
        if method == "model":
            assert result["evidence"][theme]
            assert all(gram in text.lower() for gram in result["evidence"][theme])


def test_parallel_classification_matches_one_process(classifier):
    texts = TEXTS * 250
    assert classifier.classify(texts, n_process=2, batch_size=200) == classifier.classify(texts)


def test_estimator_follows_the_scikit_learn_contract(seed_corpus):
    model = ThemeModel(C=2.0, char_ngrams=(3, 4))
    assert clone(model).get_params()["C"] == 2.0
    rows = [json.loads(line) for line in (seed_corpus / "train_seed.jsonl").read_text().splitlines()]
    Y = np.array([[int("transport" in r["themes"])] for r in rows])
    probs = model.fit([r["text"] for r in rows], Y).predict_proba(["the school taxi did not come"])
    assert probs.shape == (1, 1) and 0 <= probs[0, 0] <= 1


def test_train_writes_a_versioned_artefact_with_a_data_hash(tmp_path, seed_corpus):
    trained = train(tmp_path / "models", corpus_dir=seed_corpus)
    path = tmp_path / "models" / "themes" / f"{trained.version}.joblib"
    assert path.exists()
    assert (tmp_path / "models" / "themes" / "CURRENT").read_text().strip() == trained.version
    stored = joblib.load(path)
    assert stored.metadata["data_sha256"] == trained.metadata["data_sha256"]
    assert len(trained.metadata["data_sha256"]) == 64
    assert trained.version.startswith("themes-") and trained.metadata["data_sha256"][:12] in trained.version
    again = train(tmp_path / "other", corpus_dir=seed_corpus)
    assert again.version == trained.version  # same data, same version: training is deterministic
    assert again.classify(TEXTS) == trained.classify(TEXTS)


def test_extra_examples_change_the_version_and_the_model(tmp_path, seed_corpus):
    base = train(None, corpus_dir=seed_corpus)
    extra = [{"text": "The minibus escort shouted at my daughter every morning.", "themes": ["transport"]}] * 3
    corrected = train(None, corpus_dir=seed_corpus, extra_examples=extra)
    assert corrected.version != base.version
    assert corrected.metadata["data_sha256"] != base.metadata["data_sha256"]
    assert corrected.metadata["corrections"] == 3


def test_load_classifier_reuses_the_current_artefact(tmp_path, seed_corpus):
    trained = train(tmp_path, corpus_dir=seed_corpus)
    assert load_classifier(tmp_path, corpus_dir=seed_corpus).version == trained.version


def test_a_changed_corpus_replaces_a_stale_artefact(tmp_path, seed_corpus):
    """A fresh clone with an updated corpus must not keep classifying with the model in data/models."""
    stale = train(tmp_path, corpus_dir=seed_corpus)
    with (seed_corpus / "train_seed.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "new-1", "text": "The escort was missing from the route all week, so "
                                 "my son could not travel.", "themes": ["transport"]}) + "\n")
    fresh = load_classifier(tmp_path, corpus_dir=seed_corpus)
    assert fresh.version != stale.version and fresh.metadata["examples"] == stale.metadata["examples"] + 1
    assert (tmp_path / "themes" / "CURRENT").read_text().strip() == fresh.version
    assert load_classifier(tmp_path, corpus_dir=seed_corpus).version == fresh.version  # and is reused after


def test_a_custom_taxonomy_with_an_extra_theme_is_classified(tmp_path, seed_corpus):
    custom = tmp_path / "taxonomy.toml"
    custom.write_text(DEFAULT_TAXONOMY_PATH.read_text() + '''
[themes.data_breach]
label = "Data breach"
definition = "Personal information about the child or family was sent to the wrong person or disclosed."
phrases = ["sent to the wrong address", "data breach", "someone else's report", "another family's"]
''')
    default = train(tmp_path / "models", corpus_dir=seed_corpus)
    # the default taxonomy's model is not reused: one is trained (and saved) for the council's taxonomy
    classifier = load_classifier(tmp_path / "models", custom, corpus_dir=seed_corpus)
    assert classifier.taxonomy.names == DEFAULT_THEMES + ["data_breach"] and classifier.version != default.version
    result = classifier.classify(["Your office posted my son's EHC plan to the wrong address: a data breach."])[0]
    assert "data_breach" in result["scores"] and "data_breach" in result["themes"]
    assert "data breach" in result["evidence"]["data_breach"]
    assert (tmp_path / "models" / "themes" / f"{classifier.version}.joblib").exists()


@pytest.mark.parametrize("body, message", [
    ("[themes.x]\nphrases = ['a']\n", "definition"),
    ("[themes.Bad-Name]\ndefinition = 'x'\nphrases = ['a']\n", "lower_snake_case"),
    ("[settings]\nrule_weigth = 0.5\n[themes.x]\ndefinition = 'x'\nphrases = ['a']\n", "rule_weigth"),
    ("title = 'no themes'\n", "no [themes"),
    ("[themes.x\n", "not valid TOML"),
])
def test_a_malformed_taxonomy_says_what_is_wrong(tmp_path, body, message):
    path = tmp_path / "t.toml"
    path.write_text(body)
    with pytest.raises(TaxonomyError, match=message.replace("[", r"\[")):
        load_taxonomy(path)
