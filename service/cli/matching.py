"""Matching commands: `match` (file mode or database), and the `links` review queue."""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli import main


def _thresholds(settings, auto, review):
    from complaints.matching import Thresholds

    return Thresholds(auto=auto if auto is not None else settings.match_auto_threshold,
                      review=review if review is not None else settings.match_review_threshold)


@main.command()
@click.option("--cases", "cases_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File mode: a cases CSV (case_ref, child_forename, child_surname, date_of_birth, ...).")
@click.option("--complaints", "complaints_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File mode: a complaints CSV (complaint_ref, received_on, text, optional child fields).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File mode: where to write complaint_ref,case_ref,score,method.")
@click.option("--with-status", is_flag=True, help="File mode: add status and candidate_case_ref columns.")
@click.option("--auto-threshold", type=click.FloatRange(0, 1), default=None,
              help="Match probability for an automatic link (default 0.95).")
@click.option("--review-threshold", type=click.FloatRange(0, 1), default=None,
              help="Match probability for the review queue (default 0.5).")
@click.option("--em", is_flag=True, help="Re-estimate the m probabilities by EM from this run's candidate pairs.")
@click.pass_obj
def match(settings, cases_path, complaints_path, output, with_status, auto_threshold, review_threshold, em):
    """Link complaints to case records (and ombudsman decisions to complaints, for review).

    With --cases, --complaints and --output it works on files and needs no database; without them it
    links the database's complaints and decisions and prints a JSON summary.
    """
    from complaints.matching import link_complaints, link_decisions, match_files
    from service.pipeline import entity_finder

    thresholds = _thresholds(settings, auto_threshold, review_threshold)
    file_args = {"--cases": cases_path, "--complaints": complaints_path, "--output": output}
    if any(file_args.values()):
        missing = [name for name, value in file_args.items() if value is None]
        if missing:
            raise click.UsageError(f"file mode needs --cases, --complaints and --output (missing {', '.join(missing)})")
        summary = match_files(cases_path, complaints_path, output, find_entities=entity_finder(settings),
                              thresholds=thresholds, with_status=with_status)
        click.echo(json.dumps(summary, indent=2))
        return
    from complaints.store import open_db

    db = open_db(settings.db)
    summary = link_complaints(db, find_entities=entity_finder(settings), thresholds=thresholds, em=em)
    summary["decisions"] = link_decisions(db)
    summary["review_queue"] = db.execute("SELECT count(*) FROM case_links WHERE status = 'review'").fetchone()[0]
    click.echo(json.dumps(summary, indent=2))


@main.group()
def links():
    """The review queue of proposed links: list, confirm, reject."""


@links.command("review")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N items.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def review(settings, limit, fmt):
    """List links waiting for review with the fields that agreed and disagreed (no complaint text or names)."""
    from complaints.matching import review_queue
    from complaints.store import open_db

    items = review_queue(open_db(settings.db), limit=limit)
    if fmt == "json":
        click.echo(json.dumps(items, indent=2))
        return
    if not items:
        click.echo("The review queue is empty.")
        return
    for item in items:
        target = item["case_ref"] if item["kind"] == "complaint_to_case" else item["complaint_ref"]
        source = item["complaint_ref"] if item["kind"] == "complaint_to_case" else f"decision {item['ombudsman_ref']}"
        line = (f"#{item['link_id']}  {source} -> {target}  score {item['score']:.3f}  {item['method']}  "
                f"agreed: {', '.join(item['agreed']) or '-'}  disagreed: {', '.join(item['disagreed']) or '-'}  "
                f"missing: {', '.join(item['missing']) or '-'}")
        if item["reason"]:
            line += f"  ({item['reason']})"
        click.echo(line)


def _review(settings, link_id, officer, action):
    from complaints.matching import confirm_link, reject_link
    from complaints.store import open_db

    result = (confirm_link if action == "confirm" else reject_link)(open_db(settings.db), link_id, officer=officer)
    click.echo(json.dumps(result))


@links.command("confirm")
@click.argument("link_id", type=int)
@click.option("--officer", required=True, help="Name of the officer confirming (written to the audit log).")
@click.pass_obj
def confirm(settings, link_id, officer):
    """Confirm a proposed link; later matching runs keep it."""
    _review(settings, link_id, officer, "confirm")


@links.command("reject")
@click.argument("link_id", type=int)
@click.option("--officer", required=True, help="Name of the officer rejecting (written to the audit log).")
@click.pass_obj
def reject(settings, link_id, officer):
    """Reject a proposed link; later matching runs never propose that case for that complaint again."""
    _review(settings, link_id, officer, "reject")


@links.command("evaluate")
@click.option("--truth", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="A complaint_ref,case_ref CSV (empty case_ref = the child has no case), e.g. truth/case_links.csv.")
@click.option("--matches", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Score a MATCHES.csv from file mode instead of the database's links.")
@click.pass_obj
def evaluate(settings, truth, matches):
    """Auto-link precision, recall and F1, review-queue size and no-link accuracy against a ground truth."""
    import csv

    from complaints.matching import evaluate_links, read_truth_csv
    from complaints.store import open_db

    expected = read_truth_csv(truth)
    if matches is not None:
        with matches.open(newline="", encoding="utf-8") as handle:
            source = list(csv.DictReader(handle))
    else:
        source = open_db(settings.db)
    click.echo(json.dumps(evaluate_links(source, expected), indent=2))
