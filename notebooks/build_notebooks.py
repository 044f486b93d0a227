"""Writes notebooks/01-scrutiny-trends.ipynb and 02-ombudsman-systemic-review.ipynb (without outputs).

    .venv/bin/python notebooks/build_notebooks.py

The notebooks tell the story; every figure comes from the package (complaints.reports, nlp.patterns).
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETTINGS = """\
# Settings: the database comes from COMPLAINTS_DB (or data/complaints.db), like the CLI and the API.
from service.settings import Settings

settings = Settings()
print("database:", settings.db, "| rates suppressed below", settings.suppress_below, "cases")"""

TRENDS = [
    new_markdown_cell("# Complaints and ombudsman trends for the scrutiny committee\n\n"
                      "Multi-year figures by **financial year** (April to March): how many complaints arrived, which "
                      "themes they raised, how many were upheld, what remedies cost and how quickly the council "
                      "replied. Aggregates only: no complaint, child or family can be identified. Rates on fewer "
                      "cases than the suppression threshold are not shown."),
    new_code_cell(SETTINGS),
    new_code_cell("import pandas as pd\n"
                  "from IPython.display import SVG, Markdown, display\n\n"
                  "from complaints.aggregate import aggregate\n"
                  "from complaints.reports import trends\n"
                  "from complaints.reports.charts import svg_text\n"
                  "from complaints.store import open_db\n\n"
                  "db = open_db(settings.db)\n"
                  "first, last = trends.year_span(db)\n"
                  "report = trends.trends_report(db, first, last, suppress_below=settings.suppress_below)\n"
                  "charts = trends.trend_charts(report)\n"
                  "print(f'{first} to {last}')"),
    new_markdown_cell("## What changed\n\nThese sentences are generated from the figures below; a suppressed "
                      "figure is never described."),
    new_code_cell("display(Markdown('\\n'.join(f'- {s}' for s in report['sentences'])))"),
    new_markdown_cell("## Volume by theme\n\nA complaint raising two themes counts under both, so the bars are "
                      "taller than the number of complaints; the last row of the table counts each complaint once."),
    new_code_cell("display(SVG(svg_text(charts['volume'])))\n"
                  "volume = pd.DataFrame(report['volume']['by_theme']).T\n"
                  "volume.loc['all complaints (each once)'] = pd.Series(report['volume']['total'])\n"
                  "volume"),
    new_markdown_cell("## Upheld rate\n\nShare of complaints with a decided outcome that were upheld or partly "
                      "upheld, by the year of the decision, with the number of decided complaints behind each rate."),
    new_code_cell("display(SVG(svg_text(charts['upheld'])))\n"
                  "pd.DataFrame(report['upheld']).T"),
    new_markdown_cell("## Remedy cost by theme\n\nA complaint's remedy counts in full under each theme it carries; "
                      "the de-duplicated total counts each complaint's remedy once."),
    new_code_cell("display(SVG(svg_text(charts['remedy'])))\n"
                  "remedy = pd.DataFrame(report['remedy']['by_theme']).T\n"
                  "remedy.loc['total (each complaint once)'] = pd.Series(report['remedy']['total'])\n"
                  "remedy"),
    new_markdown_cell("## Timeliness\n\nWorking days from receipt to reply (England and Wales bank holidays "
                      "excluded) and the share of replies sent by the deadline of the complaint's procedure."),
    new_code_cell("display(SVG(svg_text(charts['timeliness'])))\n"
                  "pd.DataFrame(report['timeliness']).T"),
    new_markdown_cell("## By stage\n\nThe same aggregate the API and the CLI serve (`complaints aggregate --by "
                      "year,stage`)."),
    new_code_cell("by_stage = aggregate(db, by=['year', 'stage'], metrics=['count', 'upheld_rate'],\n"
                  "                     suppress_below=settings.suppress_below)\n"
                  "pd.DataFrame(by_stage['rows']).pivot(index='year', columns='stage', values='count').fillna(0)"),
    new_markdown_cell("## The ombudsman's headline figures\n\nAs its annual letter states them, per financial year "
                      "of the decision."),
    new_code_cell("pd.DataFrame(report['headline']).drop(columns=['by_service_area', 'suppressed'], errors='ignore')"),
]

SYSTEMIC = [
    new_markdown_cell("# Ombudsman systemic review\n\n"
                      "For the liaison officer: which faults keep recurring across ombudsman decisions and upheld "
                      "complaints, what they cost, which service improvements were agreed, whether they were done on "
                      "time, and whether the fault came back afterwards."),
    new_code_cell(SETTINGS),
    new_code_cell("import pandas as pd\n"
                  "from IPython.display import SVG, Markdown, display\n\n"
                  "from complaints.reports import systemic\n"
                  "from complaints.reports.charts import svg_text\n"
                  "from complaints.reports.headline import headline_figures\n"
                  "from complaints.store import open_db\n"
                  "from nlp.patterns import cluster_fault_statements\n\n"
                  "db = open_db(settings.db)\n"
                  "# The clustering (TF-IDF + NMF) comes from nlp and is handed to the core as a function.\n"
                  "result = systemic.systemic_patterns(db, cluster=cluster_fault_statements, min_cases=2)\n"
                  "print(result['cases_considered'], 'cases with fault found;', len(result['patterns']), 'recurring patterns')"),
    new_markdown_cell("## Recurring patterns\n\nEach pattern is a combination of themes plus a cluster of similar "
                      "fault statements, labelled by its most telling words."),
    new_code_cell("display(SVG(svg_text(systemic.pattern_chart(result))))\n"
                  "pd.DataFrame(systemic.pattern_rows(result))"),
    new_markdown_cell("## Service improvements and recurrence"),
    new_code_cell("improvements = pd.DataFrame([{'pattern': p['title'], **i} for p in result['patterns']\n"
                  "                             for i in p['service_improvements']])\n"
                  "recurred = [p['title'] for p in result['patterns'] if p['recurred_after_improvement']]\n"
                  "display(Markdown('Patterns that recurred after an improvement was agreed: '\n"
                  "                 + (', '.join(recurred) if recurred else 'none')))\n"
                  "improvements"),
    new_markdown_cell("## Compliance with the ombudsman's recommendations"),
    new_code_cell("pd.DataFrame(headline_figures(db, suppress_below=settings.suppress_below))"
                  "[['year', 'decisions', 'upheld_rate', 'compliance_rate', 'compliance_n']]"),
    new_markdown_cell("## Evidence behind the largest pattern\n\nThe same rows as "
                      "`complaints report systemic --evidence PATTERN_ID`."),
    new_code_cell("if result['patterns']:\n"
                  "    top = result['patterns'][0]\n"
                  "    display(Markdown(f\"**{top['title']}** ({top['id']}): {top['count']} cases\"))\n"
                  "    display(pd.DataFrame(systemic.evidence_rows(result, top['id'])).drop(columns=['statement']))"),
]


def write(name: str, cells: list) -> None:
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.validate(notebook)
    nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    write("01-scrutiny-trends.ipynb", TRENDS)
    write("02-ombudsman-systemic-review.ipynb", SYSTEMIC)
