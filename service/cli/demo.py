"""`complaints demo`: build (or rebuild) the demo council database at the database path."""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli import main


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the demo's files (default: a 'demo' folder beside the database).")
@click.option("--seed", type=int, default=2024, show_default=True, help="Seed; the same seed builds the same council.")
@click.pass_obj
def demo(settings, out_dir: Path | None, seed: int) -> None:
    """Generate the synthetic Demo Borough Council and load it through the whole pipeline.

    Prints a JSON summary of every step, then one demo key per role (the only time they are shown).
    """
    from service.pipeline import rebuild_demo  # loads spaCy and scikit-learn: only when asked

    summary = rebuild_demo(settings, seed=seed, out_dir=out_dir, say=lambda line: click.echo(line, err=True))
    keys = summary.pop("keys")
    click.echo(json.dumps(summary, indent=2))
    click.echo("Demo keys (shown once; sign in to the dashboard with one):", err=True)
    for role, key in keys.items():
        click.echo(f"  {role:<8} {key}", err=True)
