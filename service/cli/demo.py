"""`complaints demo`: write the demo council's files (the lead wires the loading steps after them)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from complaints.demo import generate
from service.cli import main


def demo_folder(settings) -> Path:
    """Where the demo files go by default: data/demo/ beside the database."""
    return Path(settings.db).parent / "demo"


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the demo files (default: a 'demo' folder beside the database).")
@click.option("--seed", type=int, default=2024, show_default=True, help="Seed; the same seed writes identical files.")
@click.pass_obj
def demo(settings, out_dir: Path | None, seed: int) -> None:
    """Generate the synthetic Demo Borough Council: complaints, cases, decisions and ground truth."""
    folder = out_dir or demo_folder(settings)
    counts = generate(folder, seed=seed)
    click.echo(json.dumps({"folder": str(folder), **counts}))
