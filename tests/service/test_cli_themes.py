"""The theme commands: classify (file and database), train, evaluate, correct."""

import json
import shutil

import pytest
from click.testing import CliRunner

from complaints.store import open_db, utc_now
from nlp.themes import DEFAULT_TAXONOMY_PATH, load_classifier
from nlp.themes.artefacts import save_classifier
from service.cli import main

THEMES = ["provision_insufficiency", "payment_delay", "communication", "assessment_delay",
          "complaint_handling", "transport"]


@pytest.fixture(scope="module")
def trained_models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    save_classifier(load_classifier(), folder)  # the shipped default, trained once per test process
    return folder


@pytest.fixture
def env(tmp_path, trained_models, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(trained_models, models)
    monkeypatch.setenv("COMPLAINTS_MODEL_DIR", str(models))
    monkeypatch.setenv("COMPLAINTS_DB", str(tmp_path / "complaints.db"))
    monkeypatch.delenv("COMPLAINTS_TAXONOMY_PATH", raising=False)
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output + str(result.exception)
    return result.output


def add_complaints(db_path, texts):
    db = open_db(db_path)
    now = utc_now()
    for i, text in enumerate(texts, 1):
        db.table("complaints").insert({"complaint_ref": f"C-{i}", "text": text, "row_hash": str(i),
                                       "created_at": now, "updated_at": now})
    db.close()


def test_file_mode_writes_the_contract_for_every_line(env):
    source = env / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "The taxi to school did not turn up again and nobody rang us."},
        {"id": 7, "text": "Thank you for the helpful meeting."},
    ]) + "\n")
    run("classify", "--input", str(source), "--output", str(env / "out.jsonl"))
    rows = [json.loads(line) for line in (env / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    for row in rows:
        assert set(row) == {"id", "themes", "scores", "evidence"}
        assert list(row["scores"]) == THEMES
        assert set(row["evidence"]) == set(row["themes"])
    assert "transport" in rows[0]["themes"] and rows[1]["themes"] == []


def test_file_mode_names_a_bad_line(env):
    source = env / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "body": "no text field"}\n')
    result = CliRunner().invoke(main, ["classify", "--input", str(source), "--output", str(env / "o.jsonl")])
    assert result.exit_code == 2 and "line 2" in result.output and '"text"' in result.output


def test_database_classify_and_a_correction_that_survives_reclassification(env):
    add_complaints(env / "complaints.db", [
        "Our direct payment has been overdue since June and no one answers the phone.",
        "The school taxi has been late every morning this term.",
    ])
    summary = json.loads(run("classify"))
    assert summary["complaints"] == 2 and summary["model_version"].startswith("themes-")
    db = open_db(env / "complaints.db")
    stored = db.execute("SELECT count(*), count(DISTINCT theme) FROM themes WHERE complaint_id = 2").fetchone()
    assert stored == (6, 6)  # a score for every theme
    assert ("transport",) in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = 2").fetchall()

    out = json.loads(run("correct", "C-2", "--add", "communication", "--officer", "J. Smith",
                         "--reason", "parent also says calls went unanswered"))
    assert "communication" in out["effective_themes"]
    run("correct", "C-2", "--remove", "transport", "--officer", "J. Smith", "--reason", "driver issue is minor")
    run("classify")
    themes = {r[0] for r in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = 2")}
    assert "communication" in themes and "transport" not in themes


def test_correct_refuses_unknown_themes_and_records(env):
    add_complaints(env / "complaints.db", ["text"])
    result = CliRunner().invoke(main, ["correct", "C-1", "--add", "weather", "--officer", "A", "--reason", "x"])
    assert result.exit_code == 2 and "unknown theme" in result.output
    result = CliRunner().invoke(main, ["correct", "C-99", "--add", "transport", "--officer", "A", "--reason", "x"])
    assert result.exit_code == 2 and "C-99" in result.output


def test_train_uses_corrections_and_changes_version_and_hash(env, seed_corpus):
    before = json.loads(run("train", "--corpus", str(seed_corpus)))
    assert before["corrections"] == 0 and len(before["data_sha256"]) == 64
    add_complaints(env / "complaints.db", ["The escort on the minibus keeps forgetting my son's medication."])
    run("correct", "C-1", "--add", "transport", "--officer", "A", "--reason", "travel arrangements")
    after = json.loads(run("train", "--corpus", str(seed_corpus)))
    assert after["corrections"] == 1
    assert after["model_version"] != before["model_version"] and after["data_sha256"] != before["data_sha256"]
    assert (env / "models" / "themes" / f"{after['model_version']}.joblib").exists()
    assert json.loads(run("classify"))["model_version"] == after["model_version"]


def test_evaluate_prints_per_theme_figures_macro_f1_and_confusions(env):
    text = run("evaluate")
    for theme in THEMES:
        assert theme in text
    assert "macro-F1" in text and "Most confused" in text and "Quality bar" in text
    report = json.loads(run("evaluate", "--format", "json"))
    assert set(report["per_theme"]) == set(THEMES)
    assert 0 <= report["macro_f1"] <= 1 and report["texts"] >= 250
    assert isinstance(report["confusions"], list) and "met" in report["quality_bar"]


def test_a_councils_extra_theme_flows_through_to_stored_rows(env, monkeypatch, seed_corpus):
    custom = env / "taxonomy.toml"
    custom.write_text(DEFAULT_TAXONOMY_PATH.read_text() + '''
[themes.data_breach]
label = "Data breach"
definition = "Personal information about the child or family was sent to the wrong person or disclosed."
phrases = ["sent to the wrong address", "data breach", "another family's"]
''')
    monkeypatch.setenv("COMPLAINTS_TAXONOMY_PATH", str(custom))
    add_complaints(env / "complaints.db", ["You emailed another family's EHC plan to me. This is a data breach."])
    trained = json.loads(run("train", "--corpus", str(seed_corpus)))  # a model for the council's taxonomy
    summary = json.loads(run("classify"))
    assert summary["model_version"] == trained["model_version"]
    assert summary["assigned"].get("data_breach") == 1
    db = open_db(env / "complaints.db")
    assert db.execute("SELECT theme FROM complaint_themes WHERE theme = 'data_breach'").fetchall() == [("data_breach",)]
    evidence = db.execute("SELECT evidence FROM themes WHERE theme = 'data_breach'").fetchone()[0]
    assert "data breach" in json.loads(evidence)


def test_a_fresh_install_trains_the_default_model_on_first_use(tmp_path, monkeypatch):
    models = tmp_path / "empty-models"
    monkeypatch.setenv("COMPLAINTS_MODEL_DIR", str(models))
    monkeypatch.delenv("COMPLAINTS_TAXONOMY_PATH", raising=False)
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Our direct payment is four months late."}\n')
    summary = json.loads(run("classify", "--input", str(source), "--output", str(tmp_path / "out.jsonl")))
    assert (models / "themes" / "CURRENT").read_text().strip() == summary["model_version"]
    assert json.loads((tmp_path / "out.jsonl").read_text())["themes"] == ["payment_delay"]
