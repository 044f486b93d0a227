"""Loading exports: `ingest` and `rejects`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from complaints.errors import ComplaintsError
from complaints.ingest import ingest_file, list_rejects
from complaints.store import open_db
from service.cli import main


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--profile", default=None, help="Column-mapping profile (default: detected from the header).")
@click.option("--encoding", default=None, help="Text encoding of CSV/JSONL files (default: sniffed; e.g. cp1252).")
@click.pass_obj
def ingest(settings, paths, profile, encoding) -> None:
    """Load complaint or case exports (CSV, XLSX, JSONL, optionally gzipped); prints a JSON summary.

    Each file is one transaction; files before a failing one stay loaded.
    """
    db = open_db(settings.db)
    files = []
    try:
        for path in paths:
            files.append(ingest_file(db, path, profile, profiles_dir=settings.profiles_dir,
                                     progress=sys.stderr.isatty(), encoding=encoding))
    except ComplaintsError as exc:
        if files:  # say what did load before the failing file (those files stay loaded)
            _echo_summary(files, failed={"file": str(path), "error": str(exc)})
        raise
    _echo_summary(files)


def _echo_summary(files: list[dict], failed: dict | None = None) -> None:
    totals = {name: sum(f[name] for f in files) for name in ("inserted", "updated", "duplicates", "rejected")}
    summary = {**totals, "files": files}
    if failed:
        summary["failed"] = failed
    click.echo(json.dumps(summary, indent=2))


@main.command()
@click.option("--source", "source_id", type=int, default=None, help="Only rows from this source id.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.pass_obj
def rejects(settings, source_id, limit) -> None:
    """List rejected rows with their file, line and reason, one JSON object per line."""
    db = open_db(settings.db)
    for row in list_rejects(db, source_id=source_id, limit=limit):
        click.echo(json.dumps(row, ensure_ascii=False))
