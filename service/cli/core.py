"""Database housekeeping and serving: `status`, `migrate`, `serve`."""

from __future__ import annotations

import json

import click

from complaints.store import open_db, schema_version
from service.cli import main

SUMMARY_TABLES = ("sources", "complaints", "cases", "decisions", "remedies", "actions",
                  "case_links", "themes", "corrections", "rejects")


def summarise(settings) -> dict:
    """Row counts of the main tables and the schema version of the configured database."""
    db = open_db(settings.db)
    counts = {name: db.table(name).count for name in SUMMARY_TABLES}
    return {"db": str(settings.db), "schema_version": schema_version(db), "counts": counts}


@main.command()
@click.pass_obj
def status(settings) -> None:
    """Print what the database holds, as JSON."""
    click.echo(json.dumps(summarise(settings), indent=2))


@main.command()
@click.pass_obj
def migrate(settings) -> None:
    """Create the database or upgrade it in place to the current schema."""
    db = open_db(settings.db, migrate_schema=False)
    from complaints.store import migrate as apply

    applied = apply(db)
    click.echo(json.dumps({"applied": applied, "schema_version": schema_version(db)}))


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 8000).")
@click.pass_obj
def serve(settings, host, port) -> None:
    """Serve the API and dashboard."""
    import uvicorn

    from service.app import create_app

    settings = settings.model_copy(update={k: v for k, v in {"host": host, "port": port}.items() if v})
    summary = summarise(settings)
    click.echo(f"Database {summary['db']}: " + ", ".join(f"{v} {k}" for k, v in summary["counts"].items()))
    click.echo(f"Dashboard: http://{settings.host}:{settings.port}/  (sign in with an API key; "
               f"`complaints keys create --role officer` makes one)")
    click.echo(f"API:       http://{settings.host}:{settings.port}/api/v1  (documentation at /docs)")
    # access_log off: request lines can carry search terms typed from complaint text
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=False, log_level="info")
