"""Ombudsman decision commands: parse-decision, remedies, ingest-decisions, actions, compliance."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from complaints.compliance import compliance_by_year, decision_compliance, list_actions, mark_action_done
from complaints.decisions import ingest_decisions
from complaints.store import open_db
from nlp.decisions import parse_decision
from nlp.documents import read_decision_file
from nlp.errors import NlpError
from nlp.remedies import extract_remedies
from nlp.remedy_check import SHIPPED_DIR
from nlp.remedy_evaluation import cross_validate_check, evaluate_remedies, load_labelled, read_jsonl
from service.cli import main

PUBLIC_FIELDS = ("ref", "council", "category", "outcome", "decision_date", "summary", "remedies",
                 "service_improvements", "actions", "remedy_before_ombudsman")


def parse_file(path: Path) -> dict:
    """Read and parse one decision file (the function `ingest_decisions` is given)."""
    return parse_decision(read_decision_file(path))


@main.command("parse-decision")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def parse_decision_command(files) -> None:
    """Print one JSON object per decision file (ref, council, category, outcome, date, summary, remedies, ...)."""
    failed = 0
    for path in files:
        try:
            parsed = parse_file(path)
        except NlpError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        out = {"file": path.name, **{key: parsed[key] for key in PUBLIC_FIELDS}}
        click.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        sys.exit(2)


def _remedy_line(record: dict) -> dict:
    if not isinstance(record["text"], str):
        raise NlpError(f"record {record.get('id')!r}: \"text\" must be a string")
    result = extract_remedies(record["text"], record.get("decision_date"))
    return {
        "id": record.get("id"),
        "remedy_total_gbp": result["remedy_total_gbp"],
        "items": [{key: item[key] for key in ("amount_gbp", "purpose", "basis", "due", "payee")} for item in result["items"]],
        "doubted": [{key: item[key] for key in ("amount_gbp", "purpose", "basis")} for item in result["doubted"]],
        "needs_review": result["needs_review"],
        "review_reason": result["review_reason"],
    }


@main.command("remedies")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL, one {"id": ..., "text": ...} per line (a whole statement or its summary).')
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), help="JSONL to write.")
@click.option("--evaluate", "evaluate_paths", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score the extractor on a labelled JSONL file (repeatable) instead of extracting.")
@click.option("--cross-validate", "cross_validate", is_flag=True,
              help="Score the learned check out of fold on the shipped labelled texts, one file held out at a time "
                   "(minutes).")
def remedies_command(input_path, output_path, evaluate_paths, cross_validate) -> None:
    """Extract money remedies from decision texts (JSONL in, JSONL out), or --evaluate a labelled set."""
    if cross_validate:
        groups = {path.name: load_labelled(path) for path in sorted(SHIPPED_DIR.glob("*.jsonl"))}
        click.echo(json.dumps(cross_validate_check(groups)))
        return
    if evaluate_paths:
        for path in evaluate_paths:
            scores = evaluate_remedies(load_labelled(path))
            scores["misses"] = scores["misses"][:20]
            click.echo(json.dumps({"file": path.name, **scores}))
        return
    if not input_path or not output_path:
        raise click.UsageError("give --input IN.jsonl and --output OUT.jsonl (or --evaluate LABELLED.jsonl)")
    records = read_jsonl(input_path, ("text",))
    with output_path.open("w", encoding="utf-8") as sink:
        for record in records:
            sink.write(json.dumps(_remedy_line(record), ensure_ascii=False) + "\n")
    written = len(records)
    click.echo(json.dumps({"written": written, "output": str(output_path)}))


@main.command("ingest-decisions")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def ingest_decisions_command(settings, paths) -> None:
    """Parse decision files (or folders of them) into decisions, remedies and actions; prints a JSON summary."""
    db = open_db(settings.db)
    summary = ingest_decisions(db, paths, parse_file, reject_on=(NlpError,))
    click.echo(json.dumps(summary))


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from exc


@main.group("actions", invoke_without_command=True)
@click.option("--status", type=click.Choice(["open", "overdue", "done"]), default=None)
@click.option("--today", default=None, help="Judge overdue as of this date (YYYY-MM-DD; default today).")
@click.pass_context
def actions_group(ctx, status, today) -> None:
    """List agreed actions (one JSON object per line) with status open, overdue or done."""
    if ctx.invoked_subcommand is not None:
        return
    db = open_db(ctx.obj.db)
    for action in list_actions(db, status=status, today=_day(today)):
        click.echo(json.dumps(action, ensure_ascii=False))


@actions_group.command("done")
@click.argument("action_id", type=int)
@click.option("--on", "done_on", required=True, help="Date the action was completed (YYYY-MM-DD).")
@click.option("--evidence", required=True, help="What shows it was done.")
@click.pass_obj
def actions_done(settings, action_id, done_on, evidence) -> None:
    """Record that an agreed action was completed, with its evidence."""
    db = open_db(settings.db)
    click.echo(json.dumps(mark_action_done(db, action_id, _day(done_on), evidence), ensure_ascii=False))


@main.command("compliance")
@click.option("--year-basis", type=click.Choice(["financial", "calendar", "academic"]), default="financial")
@click.option("--today", default=None, help="Judge overdue as of this date (YYYY-MM-DD; default today).")
@click.option("--by-decision", is_flag=True, help="Also list each decision's actions due, overdue and done.")
@click.pass_obj
def compliance_command(settings, year_basis, today, by_decision) -> None:
    """Per year: % of recommendations complied with on time, and remedies provided before the ombudsman."""
    db = open_db(settings.db)
    out = {"year_basis": year_basis, "rows": compliance_by_year(db, year_basis=year_basis, today=_day(today))}
    if by_decision:
        out["decisions"] = decision_compliance(db, today=_day(today))
    click.echo(json.dumps(out))
