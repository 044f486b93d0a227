"""Theme commands: `classify`, `train`, `evaluate`, `correct`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from complaints.enrich import add_correction, corrected_examples, effective_complaint_themes
from complaints.errors import NotFoundError
from complaints.store import open_db
from service.cli import main

__all__ = ["classify", "train", "evaluate", "correct", "read_jsonl_texts", "database_report"]

# The bar issue 3 sets on the held-out set; `evaluate` reports whether it is met.
QUALITY_BAR = {"macro_f1": 0.85, "precision": {"provision_insufficiency": 0.85, "payment_delay": 0.85,
                                               "communication": 0.85}}


def _classifier(settings):
    from service.pipeline import theme_classifier

    return theme_classifier(settings)


def read_jsonl_texts(path: Path) -> list[dict]:
    """Rows {"id", "text"} from a JSONL file (id defaults to the line number)."""
    from nlp.themes.corpus import read_jsonl

    return [{"id": row.get("id", line_no), "text": row["text"]} for line_no, row in read_jsonl(path)]


@main.command()
@click.option("--input", "input_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSONL file of {\"id\", \"text\"}; without it the database is classified.")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write {\"id\", \"themes\", \"scores\", \"evidence\"} lines (default: stdout).")
@click.option("--processes", default=2, show_default=True,
              help="Worker processes for large inputs (2,000 texts or more); 1 to stay in one process.")
@click.pass_obj
def classify(settings, input_path, output_path, processes) -> None:
    """Classify texts into themes: a JSONL file (--input) or every complaint and decision in the database."""
    if input_path is None:
        if output_path is not None:
            raise click.UsageError("--output needs --input (database mode stores results in the database)")
        from service.pipeline import classify_all

        click.echo(json.dumps(classify_all(open_db(settings.db), settings, processes=processes), indent=2))
        return
    classifier = _classifier(settings)
    rows = read_jsonl_texts(input_path)
    results = classifier.classify([row["text"] for row in rows], n_process=processes)
    out = output_path.open("w", encoding="utf-8") if output_path else sys.stdout
    try:
        for row, result in zip(rows, results):
            record = {"id": row["id"], "themes": result["themes"], "scores": result["scores"],
                      "evidence": result["evidence"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output_path:
            out.close()
    if output_path:
        click.echo(json.dumps({"texts": len(rows), "output": str(output_path), "model_version": classifier.version}))


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of train_*.jsonl files (default: the corpus shipped with the package).")
@click.pass_obj
def train(settings, corpus_dir) -> None:
    """Retrain the theme model on the labelled corpus plus officers' corrections; prints version and data hash."""
    from nlp.themes import train as train_themes
    from nlp.themes.artefacts import artefact_dir

    extra = corrected_examples(open_db(settings.db)) if Path(settings.db).exists() else []
    classifier = train_themes(settings.model_dir, settings.taxonomy_path, corpus_dir=corpus_dir, extra_examples=extra)
    click.echo(json.dumps({
        "model_version": classifier.version,
        "data_sha256": classifier.metadata["data_sha256"],
        "examples": classifier.metadata["examples"],
        "corrections": classifier.metadata["corrections"],
        "thresholds": classifier.thresholds,
        "artefact": str(artefact_dir(settings.model_dir) / f"{classifier.version}.joblib"),
    }, indent=2))


def bar_verdict(report: dict) -> dict:
    """Whether a held-out report meets the quality bar, with the failing figures named."""
    failures = []
    if report["macro_f1"] < QUALITY_BAR["macro_f1"]:
        failures.append(f"macro-F1 {report['macro_f1']:.3f} < {QUALITY_BAR['macro_f1']}")
    for theme, floor in QUALITY_BAR["precision"].items():
        found = report["per_theme"].get(theme)
        if found is not None and found["precision"] < floor:
            failures.append(f"{theme} precision {found['precision']:.3f} < {floor}")
    return {"met": not failures, "failures": failures}


def database_report(db, truth_path: Path, themes: list[str]) -> dict:
    """Per-theme precision/recall/F1 and macro-F1 of the database's effective complaint themes against a truth
    JSONL of {"complaint_ref", "themes"} (e.g. the demo council's truth/themes.jsonl)."""
    from nlp.themes.corpus import read_jsonl
    from nlp.themes.evaluation import score_predictions

    predicted = effective_complaint_themes(db)
    truth, given, unknown = [], [], []
    for line_no, row in _truth_rows(truth_path, read_jsonl):
        ref = row.get("complaint_ref")
        if ref not in predicted:
            unknown.append(ref if ref is not None else f"line {line_no}")
            continue
        truth.append([t for t in row.get("themes", []) if t in themes])
        given.append(predicted[ref])
    if not truth:
        raise NotFoundError(f"none of the complaint_ref values in {truth_path} are in the database; "
                            "evaluate the database the truth file was made for")
    report = score_predictions(truth, given, themes)
    report["unmatched_refs"] = len(unknown)
    return report


def _truth_rows(path: Path, read_jsonl):
    # truth rows carry complaint_ref, not text: read them as raw JSONL objects
    import json as _json

    with Path(path).open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield line_no, _json.loads(line)
                except _json.JSONDecodeError as exc:
                    raise NotFoundError(f"{path} line {line_no} is not valid JSON ({exc.msg})") from None


def _text_report(report: dict, title: str = "Held-out evaluation") -> str:
    lines = [f"{title} of {report['model_version']} on {report['texts']} texts", "",
             f"{'theme':<26}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}"]
    for theme, s in report["per_theme"].items():
        lines.append(f"{theme:<26}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['support']:>9}")
    lines += ["", f"macro-F1 {report['macro_f1']:.3f}   macro precision {report['macro_precision']:.3f}   "
                  f"macro recall {report['macro_recall']:.3f}   exact match {report['exact_match']:.3f}",
              f"texts with no theme: {report['no_theme']['texts']}, left empty correctly: "
              f"{report['no_theme']['correctly_left_empty']}", "", "Most confused (true theme missed -> theme given instead):"]
    lines += [f"  {c['true']} -> {c['predicted']}: {c['count']}" for c in report["confusions"]] or ["  none"]
    lines += ["Themes given to texts about something else (text about -> theme given):"]
    lines += [f"  {c['text_about']} -> {c['given']}: {c['count']}" for c in report["given_wrongly"][:6]] or ["  none"]
    lines += ["Themes missed (theme -> what the text was given instead):"]
    lines += [f"  {c['theme']} -> {c['text_given']}: {c['count']}" for c in report["missed"][:6]] or ["  none"]
    verdict = report["quality_bar"]
    lines += ["", "Quality bar (macro-F1 >= 0.85; precision >= 0.85 for provision_insufficiency, payment_delay, "
                  "communication): " + ("met" if verdict["met"] else "NOT met: " + "; ".join(verdict["failures"]))]
    return "\n".join(lines)


@main.command()
@click.option("--heldout", "heldout", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Labelled JSONL file(s) to evaluate on (default: the shipped heldout_*.jsonl).")
@click.option("--db-truth", "db_truth", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Score the database's effective complaint themes against this JSONL of {\"complaint_ref\", "
                   "\"themes\"} (e.g. the demo council's truth/themes.jsonl) instead of the held-out texts.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def evaluate(settings, heldout, db_truth, fmt) -> None:
    """Per-theme precision, recall and F1, macro-F1 and the most confused themes, on the held-out set."""
    from nlp.themes import evaluate as evaluate_themes, load_taxonomy, read_examples

    if db_truth is not None:
        if heldout:
            raise click.UsageError("give --heldout or --db-truth, not both")
        db = open_db(settings.db)
        report = database_report(db, db_truth, load_taxonomy(settings.taxonomy_path).names)
        versions = [r[0] for r in db.execute("SELECT DISTINCT model_version FROM themes WHERE model_version IS NOT NULL")]
        report["model_version"] = ", ".join(sorted(versions)) or "no classifier rows"
        report["quality_bar"] = bar_verdict(report)
        click.echo(json.dumps(report, indent=2) if fmt == "json" else
                   _text_report(report, f"Database themes against {db_truth.name}"))
        return
    classifier = _classifier(settings)
    report = evaluate_themes(classifier, read_examples(heldout) if heldout else None)
    report["quality_bar"] = bar_verdict(report)
    click.echo(json.dumps(report, indent=2) if fmt == "json" else _text_report(report))


@main.command()
@click.argument("ref")
@click.option("--add", "add_theme", default=None, help="Theme to add to the record.")
@click.option("--remove", "remove_theme", default=None, help="Theme to remove from the record.")
@click.option("--officer", required=True, help="Who is making the correction.")
@click.option("--reason", required=True, help="Why (kept with the correction).")
@click.pass_obj
def correct(settings, ref, add_theme, remove_theme, officer, reason) -> None:
    """Add or remove a theme on a complaint (by complaint_ref) or decision (by ombudsman reference)."""
    from nlp.themes import load_taxonomy

    if (add_theme is None) == (remove_theme is None):
        raise click.UsageError("give exactly one of --add THEME or --remove THEME")
    theme, action = (add_theme, "add") if add_theme is not None else (remove_theme, "remove")
    names = load_taxonomy(settings.taxonomy_path).names
    db = open_db(settings.db)
    found = db.execute("SELECT id FROM complaints WHERE complaint_ref = ?", [ref]).fetchone()
    if found is not None:
        target, view, key = {"complaint_id": found[0]}, "complaint_themes", "complaint_id"
    else:
        found = db.execute("SELECT id FROM decisions WHERE ombudsman_ref = ?", [ref]).fetchone()
        if found is None:
            raise NotFoundError(f"no complaint with complaint_ref {ref!r} and no decision with ombudsman_ref {ref!r}")
        target, view, key = {"decision_id": found[0]}, "decision_themes", "decision_id"
    correction_id = add_correction(db, **target, theme=theme, action=action, officer=officer, reason=reason,
                                   known_themes=names)
    themes = [r[0] for r in db.execute(f"SELECT theme FROM {view} WHERE {key} = ? ORDER BY theme", [found[0]])]
    click.echo(json.dumps({"correction_id": correction_id, "ref": ref, "theme": theme, "action": action,
                           "effective_themes": themes}))
