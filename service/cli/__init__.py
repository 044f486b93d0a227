"""The `complaints` command line. Errors from the core become one line on stderr and exit status 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from complaints.errors import ComplaintsError
from nlp.errors import NlpError
from service.settings import Settings

__all__ = ["main"]


class _Group(click.Group):
    """A click group that translates the cores' errors once, at the edge."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (ComplaintsError, NlpError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Database path (default: $COMPLAINTS_DB or data/complaints.db).")
@click.version_option(package_name="complaints-analyser")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Complaints and ombudsman case analyser for children's services and SEND teams."""
    settings = Settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    ctx.obj = settings


# Command modules register themselves on `main` when imported.
from service.cli import core  # noqa: E402,F401
from service.cli import demo  # noqa: E402,F401
from service.cli import keys  # noqa: E402,F401
from service.cli import ingest  # noqa: E402,F401
from service.cli import decisions  # noqa: E402,F401
from service.cli import matching  # noqa: E402,F401
from service.cli import reports  # noqa: E402,F401
from service.cli import themes  # noqa: E402,F401
