"""Scrutiny trends: multi-year tables, charts and plain-English sentences for a committee paper.

Aggregates only, never a record or a name. Bases (stated in the report):
- volume by theme and timeliness count complaints by the year they were received;
- upheld rate and remedy cost count complaints by the year of their decision (the ombudsman's decision date
  where there is one), since that is when the outcome and the money were settled;
- remedy by theme counts a complaint's remedy under each of its themes; the de-duplicated total is shown too.
Sentences are written only from figures that are shown: a suppressed rate is never described.
"""

from __future__ import annotations

import json

from complaints.aggregate import aggregate
from complaints.periods import year_labels_between
from complaints.reports.headline import headline_figures

__all__ = ["year_span", "trends_report", "trend_sentences", "trend_charts", "render_html", "render_json", "render_xlsx",
           "render_pdf", "theme_label"]


def theme_label(theme: str) -> str:
    """provision_insufficiency -> 'provision insufficiency' (the words a councillor reads)."""
    return (theme or "other").replace("_", " ")


def year_span(db, year_basis: str = "financial") -> tuple[str, str]:
    """The first and last year (labels) holding a complaint received or a decision made."""
    from complaints.errors import NotFoundError
    from complaints.periods import year_label

    low, high = db.execute("""
        SELECT min(day), max(day) FROM (
            SELECT min(received_on) AS day FROM complaints UNION ALL SELECT max(received_on) FROM complaints
            UNION ALL SELECT min(decided_on) FROM complaints UNION ALL SELECT max(decided_on) FROM complaints
            UNION ALL SELECT min(decision_date) FROM decisions UNION ALL SELECT max(decision_date) FROM decisions)
        WHERE day IS NOT NULL AND day <> ''""").fetchone()
    if low is None:
        raise NotFoundError("the database holds no dated complaints or decisions yet: ingest some first")
    return year_label(low, year_basis), year_label(high, year_basis)


def trends_report(db, first: str, last: str, *, year_basis: str = "financial", suppress_below: int = 5,
                  rules=None, as_of=None) -> dict:
    """Every figure of the trends report for the years `first`..`last` (labels of `year_basis`)."""
    years = year_labels_between(first, last, year_basis)
    common = dict(year_basis=year_basis, suppress_below=suppress_below, filters={"year": years}, rules=rules)
    received = aggregate(db, by=["year"], metrics=["count", "median_days", "on_time_rate"], **common)
    decided = aggregate(db, by=["year"], date="decided", metrics=["upheld_rate", "remedy_total"], **common)
    by_theme = aggregate(db, by=["year", "theme"], metrics=["count"], **common)
    remedy_theme = aggregate(db, by=["year", "theme"], date="decided", metrics=["remedy_total"], **common)
    themes = sorted({r["theme"] for r in by_theme["rows"]} | {r["theme"] for r in remedy_theme["rows"]},
                    key=lambda t: (t == "other", t))

    def cell(result, theme, year, metric):
        for r in result["rows"]:
            if r["theme"] == theme and r["year"] == year:
                return r[metric]
        return 0

    rows_r = {r["year"]: r for r in received["rows"]}
    rows_d = {r["year"]: r for r in decided["rows"]}
    report = {
        "first": years[0], "last": years[-1], "years": years, "year_basis": year_basis,
        "suppress_below": suppress_below,
        "volume": {"total": {y: rows_r.get(y, {}).get("count", 0) for y in years},
                   "by_theme": {t: {y: cell(by_theme, t, y, "count") for y in years} for t in themes}},
        "upheld": {y: {"rate": rows_d.get(y, {}).get("upheld_rate"), "n": rows_d.get(y, {}).get("upheld_n", 0)}
                   for y in years},
        "remedy": {"total": {y: rows_d.get(y, {}).get("remedy_total", 0.0) for y in years},
                   "by_theme": {t: {y: cell(remedy_theme, t, y, "remedy_total") for y in years} for t in themes}},
        "timeliness": {y: {"on_time_rate": rows_r.get(y, {}).get("on_time_rate"),
                           "on_time_n": rows_r.get(y, {}).get("on_time_n", 0),
                           "median_days": rows_r.get(y, {}).get("median_days"),
                           "median_days_n": rows_r.get(y, {}).get("median_days_n", 0)} for y in years},
        "headline": headline_figures(db, years=years, as_of=as_of, suppress_below=suppress_below)
        if year_basis == "financial" else [],
    }
    report["sentences"] = trend_sentences(report)
    return report


def _change(before, after, fmt) -> str:
    if fmt(after) == fmt(before):
        return f"was unchanged at {fmt(after)}"
    return f"{'rose' if after > before else 'fell'} from {fmt(before)}"


def _compare(series: dict, fmt, subject: str, years: list[str]) -> list[str]:
    shown = [(y, series[y]) for y in years if series.get(y) is not None]
    if not shown:
        return []
    if len(shown) == 1:
        (year, value), = shown
        return [f"{subject} was {fmt(value)} in {year}."]
    (y0, v0), (y1, v1) = shown[0], shown[-1]
    change = _change(v0, v1, fmt)
    if change.startswith("was unchanged"):
        return [f"{subject} {change} in {y0} and {y1}."]
    return [f"{subject} {change} in {y0} to {fmt(v1)} in {y1}."]


def _pct(value) -> str:
    return f"{round(value * 100):.0f}%"


def _gbp(value) -> str:
    return f"£{value:,.0f}"


def _count(value) -> str:
    return f"{value:,}"


def trend_sentences(report: dict) -> list[str]:
    """Plain-English statements of the main changes, from shown (never suppressed) figures only."""
    years = report["years"]
    sentences = []
    volume = report["volume"]["total"]
    with_data = [y for y in years if volume.get(y)]
    if with_data:
        sentences += _compare({y: volume[y] for y in with_data}, _count, "Complaints received", with_data)
        if len(with_data) > 2:
            a, b = with_data[-2], with_data[-1]
            sentences.append(f"Between {a} and {b} complaints received {_change(volume[a], volume[b], _count)} "
                             f"to {_count(volume[b])}." if volume[a] != volume[b]
                             else f"Complaints received were unchanged at {_count(volume[b])} in {a} and {b}.")
        latest = with_data[-1]
        themes = {t: v[latest] for t, v in report["volume"]["by_theme"].items() if v.get(latest) and t != "other"}
        if themes:
            top = max(sorted(themes), key=lambda t: themes[t])
            sentences.append(f"The most common theme in {latest} was {theme_label(top)} "
                             f"({_count(themes[top])} of {_count(volume[latest])} complaints).")
    sentences += _compare({y: v["rate"] for y, v in report["upheld"].items()}, _pct, "Upheld decisions", years)
    remedy = report["remedy"]["total"]
    paid = [y for y in years if remedy.get(y)]
    if paid:
        sentences += _compare({y: remedy[y] for y in paid}, _gbp, "Remedy payments", paid)
        latest = paid[-1]
        themes = {t: v[latest] for t, v in report["remedy"]["by_theme"].items() if v.get(latest)}
        if themes:
            top = max(sorted(themes), key=lambda t: themes[t])
            sentences.append(f"The largest remedy cost in {latest} was under {theme_label(top)} ({_gbp(themes[top])}); "
                             f"a complaint with several themes counts under each, so theme figures add up to more "
                             f"than the {_gbp(remedy[latest])} total.")
    sentences += _compare({y: v["on_time_rate"] for y, v in report["timeliness"].items()}, _pct,
                          "The share of responses sent on time", years)
    return sentences


def trend_charts(report: dict) -> dict:
    """Four figures: volume by theme, upheld rate, remedy cost by theme with the total, timeliness."""
    from complaints.reports.charts import THEME_COLOURS, new_figure

    years = report["years"]
    x = list(range(len(years)))
    charts = {}

    fig, ax = new_figure(f"Complaints received by theme ({report['year_basis']} year)")
    bottom = [0] * len(years)
    for i, (theme, values) in enumerate(report["volume"]["by_theme"].items()):
        heights = [values[y] for y in years]
        ax.bar(x, heights, bottom=bottom, label=theme_label(theme), color=THEME_COLOURS[i % len(THEME_COLOURS)])
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_xticks(x, years)
    ax.set_ylabel("complaints (a complaint counts under each theme)")
    if report["volume"]["by_theme"]:
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    charts["volume"] = fig

    charts["upheld"] = _rate_chart("Share of decided complaints upheld", years,
                                   [report["upheld"][y]["rate"] for y in years], "% upheld", THEME_COLOURS[0])

    fig, ax = new_figure("Remedy cost by theme, with the de-duplicated total")
    themes = list(report["remedy"]["by_theme"])
    width = 0.8 / max(len(themes), 1)
    for i, theme in enumerate(themes):
        values = report["remedy"]["by_theme"][theme]
        ax.bar([xi - 0.4 + width * (i + 0.5) for xi in x], [values[y] for y in years], width=width,
               label=theme_label(theme), color=THEME_COLOURS[i % len(THEME_COLOURS)])
    ax.plot(x, [report["remedy"]["total"][y] for y in years], marker="D", color="black", label="total (each complaint once)")
    ax.set_xticks(x, years)
    ax.set_ylabel("£")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    charts["remedy"] = fig

    charts["timeliness"] = _rate_chart("Responses sent on time", years,
                                       [report["timeliness"][y]["on_time_rate"] for y in years], "% on time",
                                       THEME_COLOURS[2])
    return charts


def _rate_chart(title: str, years: list[str], rates: list, ylabel: str, colour: str):
    """A 0–100% line over the years; a suppressed year is a gap marked 'suppressed'."""
    from complaints.reports.charts import new_figure

    fig, ax = new_figure(title)
    x = list(range(len(years)))
    ax.plot(x, [r * 100 if r is not None else float("nan") for r in rates], marker="o", color=colour)
    ax.set_xticks(x, years)
    ax.set_ylim(0, 100)
    ax.set_ylabel(ylabel)
    for xi, r in zip(x, rates):
        if r is None:
            ax.annotate("suppressed", (xi, 2), ha="center", fontsize=7, color="#777777")
    return fig


def _tables(report: dict) -> dict[str, list[dict]]:
    from complaints.reports.rendering import percent, pounds

    years = report["years"]
    volume = [{"theme": theme_label(t), **{y: v[y] for y in years}} for t, v in report["volume"]["by_theme"].items()]
    volume.append({"theme": "all complaints (each once)", **report["volume"]["total"]})
    upheld = [{"measure": "upheld rate", **{y: percent(report["upheld"][y]["rate"]) for y in years}},
              {"measure": "decided complaints (n)", **{y: report["upheld"][y]["n"] for y in years}}]
    remedy = [{"theme": theme_label(t), **{y: pounds(v[y]) for y in years}} for t, v in report["remedy"]["by_theme"].items()]
    remedy.append({"theme": "total (each complaint once)", **{y: pounds(report["remedy"]["total"][y]) for y in years}})
    timeliness = [
        {"measure": "on time", **{y: percent(report["timeliness"][y]["on_time_rate"]) for y in years}},
        {"measure": "answered with a deadline (n)", **{y: report["timeliness"][y]["on_time_n"] for y in years}},
        {"measure": "median working days", **{y: "–" if report["timeliness"][y]["median_days"] is None
                                              else report["timeliness"][y]["median_days"] for y in years}},
    ]
    headline = [{"year": h["year"], "decisions": h["decisions"], "upheld": percent(h["upheld_rate"]),
                 "investigated (n)": h["upheld_n"], "compliance": percent(h["compliance_rate"]),
                 "actions due (n)": h["compliance_n"], "remedy already offered": percent(h["remedy_before_ombudsman_rate"]),
                 "by service area": ", ".join(f"{k} {v}" for k, v in h["by_service_area"].items())}
                for h in report["headline"]]
    tables = {"Complaints received by theme": volume, "Upheld rate (by year of decision)": upheld,
              "Remedy cost by theme (by year of decision)": remedy, "Timeliness (by year received)": timeliness}
    if headline:
        tables["Ombudsman headline figures (financial year of decision)"] = headline
    return tables


def render_json(report: dict) -> str:
    """The report's figures and sentences as JSON."""
    return json.dumps(report, indent=2, ensure_ascii=False)


def render_html(report: dict, *, council: str = "") -> str:
    """A printable HTML committee paper with the charts embedded inline as SVG."""
    from complaints.reports.rendering import render_template

    return render_template("trends.html", report=report, council=council, **html_context(report))


def html_context(report: dict) -> dict:
    """The tables and inline SVG charts the trends page shows, for any page that embeds the report."""
    from markupsafe import Markup

    from complaints.reports.charts import svg_text

    return {"tables": _tables(report), "charts": {name: Markup(svg_text(fig)) for name, fig in trend_charts(report).items()}}


def render_xlsx(report: dict) -> bytes:
    """The tables (one sheet each) and the sentences, as a workbook."""
    from complaints.reports.spreadsheet import xlsx_bytes

    sheets = {"Summary": [{"statement": s} for s in report["sentences"]]}
    for title, rows in _tables(report).items():
        sheets[title.split(" (")[0]] = rows
    return xlsx_bytes(sheets, title=f"Complaints trends {report['first']} to {report['last']}")


def render_pdf(report: dict, *, council: str = "") -> bytes:
    """An A4 PDF: sentences, tables and the charts as PNG images (reportlab)."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    from complaints.reports.charts import png_bytes

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Complaints trends {report['first']} to {report['last']}")
    story = [Paragraph(escape(f"Complaints and ombudsman trends, {report['first']} to {report['last']}"), styles["Title"])]
    if council:
        story.append(Paragraph(escape(council), styles["Normal"]))
    story.append(Paragraph(escape(_basis_note(report)), styles["Italic"]))
    story.append(Spacer(1, 4 * mm))
    for sentence in report["sentences"]:
        story.append(Paragraph("• " + escape(sentence), styles["Normal"]))
    charts = trend_charts(report)
    for title, rows in _tables(report).items():
        story += [Spacer(1, 4 * mm), Paragraph(escape(title), styles["Heading3"])]
        if rows:
            columns = list(rows[0])
            data = [columns] + [[str(r.get(c, "")) for c in columns] for r in rows]
            table = Table(data, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                                       ("FONTSIZE", (0, 0), (-1, -1), 7)]))
            story.append(table)
    for figure in charts.values():
        story += [Spacer(1, 4 * mm), Image(io.BytesIO(png_bytes(figure)), width=180 * mm, height=80 * mm, kind="proportional")]
    doc.build(story)
    return out.getvalue()


def _basis_note(report: dict) -> str:
    return (f"{report['year_basis'].capitalize()} years. Volume and timeliness by year received; upheld rate and "
            f"remedy cost by year of decision. Rates on fewer than {report['suppress_below']} complaints are "
            f"suppressed (–). Working days exclude England and Wales bank holidays.")
