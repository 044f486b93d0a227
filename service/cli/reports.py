"""Aggregates and reports: `complaints aggregate` and `complaints report weekly|trends|systemic|headline`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from complaints.aggregate import DIMENSIONS, METRICS, aggregate
from complaints.store import open_db
from service.cli import main

__all__ = ["aggregate_command", "report"]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def aggregate_csv(result: dict) -> str:
    """The aggregate as CSV: one line per row, then a `total` line (the de-duplicated figures)."""
    from complaints.reports.spreadsheet import csv_text

    by = list(result["by"])
    total = dict(result["total"])
    if by:
        total[by[0]] = "total"
    columns = by + [k for k in result["total"] if k != "suppressed"] + ["suppressed"]
    return csv_text(result["rows"] + [total], columns)


@main.command("aggregate")
@click.option("--by", "by", default="year", show_default=True,
              help=f"Comma-separated dimensions: {', '.join(DIMENSIONS)}.")
@click.option("--year-basis", type=click.Choice(["financial", "calendar", "academic"]), default="financial",
              show_default=True)
@click.option("--date", "date_", type=click.Choice(["received", "decided"]), default="received", show_default=True)
@click.option("--metrics", default=",".join(METRICS), show_default=True, help="Comma-separated metrics.")
@click.option("--suppress-below", type=int, default=None, help="Suppress rates on fewer cases (default from settings).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.pass_obj
def aggregate_command(settings, by, year_basis, date_, metrics, suppress_below, fmt) -> None:
    """Counts, upheld rate, remedy cost and timeliness by year and dimension."""
    from complaints.clock import load_rules

    db = open_db(settings.db)
    result = aggregate(db, by=_split(by), year_basis=year_basis, date=date_, metrics=_split(metrics),
                       suppress_below=settings.suppress_below if suppress_below is None else suppress_below,
                       rules=load_rules(settings.clocks_path))
    click.echo(json.dumps(result, indent=2) if fmt == "json" else aggregate_csv(result), nl=fmt == "json")


@main.group()
def report() -> None:
    """Printable reports: weekly review pack, scrutiny trends, systemic patterns, ombudsman headline figures."""


def write_output(data: bytes | str, output: Path | None) -> None:
    """Write a rendered report to `output`, or to stdout when no path is given (binary formats need a path)."""
    if output is None:
        if isinstance(data, bytes):
            raise click.UsageError("this format is binary: give --output PATH")
        click.echo(data, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        output.write_bytes(data)
    else:
        output.write_text(data, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)





@report.command("weekly")
@click.option("--week", required=True, help="ISO week, e.g. 2024-W42.")
@click.option("--as-of", default=None, help="Compile as at this date (default: the Sunday ending the week).")
@click.option("--clocks", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A council's own deadline rules (TOML, layout of complaints/clocks.toml).")
@click.option("--format", "fmt", type=click.Choice(["html", "json", "xlsx"]), default="html", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def weekly_command(settings, week, as_of, clocks, fmt, output) -> None:
    """The Executive Director's weekly review pack."""
    from complaints.clock import load_rules
    from complaints.reports import weekly

    pack = weekly.weekly_pack(open_db(settings.db), week, as_of=as_of, rules=load_rules(clocks or settings.clocks_path))
    if fmt == "json":
        write_output(weekly.render_json(pack) + "\n", output)
    elif fmt == "xlsx":
        write_output(weekly.render_xlsx(pack), output)
    else:
        write_output(weekly.render_html(pack, council=settings.council_name), output)


@report.command("trends")
@click.option("--from", "first", required=True, help="First year, e.g. 2019/20 (or 2019 for calendar years).")
@click.option("--to", "last", required=True, help="Last year, e.g. 2024/25.")
@click.option("--year-basis", type=click.Choice(["financial", "calendar", "academic"]), default="financial",
              show_default=True)
@click.option("--suppress-below", type=int, default=None, help="Suppress rates on fewer cases (default from settings).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "xlsx", "json"]), default="html", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def trends_command(settings, first, last, year_basis, suppress_below, fmt, output) -> None:
    """Scrutiny trends: multi-year tables, charts and plain-English findings (aggregates only)."""
    from complaints.clock import load_rules
    from complaints.reports import trends

    data = trends.trends_report(open_db(settings.db), first, last, year_basis=year_basis,
                                suppress_below=settings.suppress_below if suppress_below is None else suppress_below,
                                rules=load_rules(settings.clocks_path))
    if fmt == "json":
        write_output(trends.render_json(data) + "\n", output)
    elif fmt == "xlsx":
        write_output(trends.render_xlsx(data), output)
    elif fmt == "pdf":
        write_output(trends.render_pdf(data, council=settings.council_name), output)
    else:
        write_output(trends.render_html(data, council=settings.council_name), output)


@report.command("headline")
@click.option("--year", "years", multiple=True, help="Financial year(s) such as 2023/24 (default: every year).")
@click.option("--as-of", default=None, help="Count actions due by this date (default today).")
@click.option("--suppress-below", type=int, default=None)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def headline_command(settings, years, as_of, suppress_below, fmt, output) -> None:
    """The ombudsman's headline figures per financial year."""
    from complaints.periods import year_bounds
    from complaints.reports.headline import headline_figures
    from complaints.reports.spreadsheet import csv_text

    for year in years:
        year_bounds(year, "financial")  # a clear error for a mistyped year
    rows = headline_figures(open_db(settings.db), years=list(years) or None, as_of=as_of,
                            suppress_below=settings.suppress_below if suppress_below is None else suppress_below)
    if fmt == "json":
        write_output(json.dumps(rows, indent=2) + "\n", output)
    else:
        flat = [{k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in r.items()} for r in rows]
        write_output(csv_text(flat), output)


@report.command("systemic")
@click.option("--format", "fmt", type=click.Choice(["html", "json", "csv", "xlsx"]), default=None,
              help="Default html (csv for --evidence).")
@click.option("--evidence", "pattern_id", default=None, help="Export every case behind this pattern id (CSV or XLSX).")
@click.option("--min-cases", type=int, default=2, show_default=True, help="Smallest pattern to report.")
@click.option("--no-cluster", is_flag=True, help="Group by theme combination only (no text clustering).")
@click.option("--as-of", default=None, help="Judge improvement deadlines as at this date (default today).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def systemic_command(settings, fmt, pattern_id, min_cases, no_cluster, as_of, output) -> None:
    """Recurring fault patterns for the ombudsman liaison officer, and evidence packs."""
    from complaints.reports import systemic

    from service.pipeline import systemic_result

    result = systemic_result(open_db(settings.db), clustered=not no_cluster, min_cases=min_cases, as_of=as_of)
    if pattern_id:
        fmt = fmt or "csv"
        if fmt not in ("csv", "xlsx"):
            raise click.UsageError("an evidence pack is CSV or XLSX: use --format csv or --format xlsx")
        rows = systemic.evidence_rows(result, pattern_id)
        write_output(systemic.render_csv(rows) if fmt == "csv" else systemic.render_xlsx(result, rows), output)
        return
    fmt = fmt or "html"
    if fmt == "json":
        write_output(systemic.render_json(result) + "\n", output)
    elif fmt == "csv":
        write_output(systemic.render_csv(systemic.pattern_rows(result)), output)
    elif fmt == "xlsx":
        write_output(systemic.render_xlsx(result), output)
    else:
        write_output(systemic.render_html(result, council=settings.council_name), output)
