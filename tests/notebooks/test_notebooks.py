"""Both notebooks run top to bottom against the database named by COMPLAINTS_DB and show the package's figures.

The database is the demo council, built once per session through the whole pipeline (ingest, decision
parsing, classification, matching); the expected outputs are computed from the same database through the
package, so the notebooks can never drift from the figures the reports and the API give.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from complaints.reports import systemic, trends
from complaints.store import open_db
from nlp.patterns import cluster_fault_statements

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


@pytest.fixture
def notebook_db(demo_council, monkeypatch):
    settings, _ = demo_council
    monkeypatch.setenv("COMPLAINTS_DB", str(settings.db))
    return settings.db


def run(name: str) -> list[dict]:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def texts(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        parts.append(output.get("text", ""))
        for mime in ("text/plain", "text/markdown", "text/html"):
            parts.append(output.get("data", {}).get(mime, ""))
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["01-scrutiny-trends.ipynb", "02-ombudsman-systemic-review.ipynb"])
def test_notebooks_are_committed_without_outputs(name):
    notebook = json.loads((NOTEBOOKS / name).read_text())
    assert all(not cell.get("outputs") and not cell.get("execution_count")
               for cell in notebook["cells"] if cell["cell_type"] == "code")


def test_scrutiny_trends_notebook_runs_and_shows_the_report(notebook_db):
    outputs = run("01-scrutiny-trends.ipynb")
    assert not [o for o in outputs if o.get("output_type") == "error"]
    db = open_db(notebook_db)
    first, last = trends.year_span(db)
    expected = trends.trends_report(db, first, last, suppress_below=5)
    shown = texts(outputs)
    assert str(notebook_db) in shown
    for sentence in expected["sentences"]:
        assert sentence in shown
    assert sum("image/svg+xml" in o.get("data", {}) for o in outputs) == 4
    assert "all complaints (each once)" in shown and "total (each complaint once)" in shown


def test_systemic_review_notebook_runs_and_lists_the_patterns(notebook_db):
    outputs = run("02-ombudsman-systemic-review.ipynb")
    assert not [o for o in outputs if o.get("output_type") == "error"]
    db = open_db(notebook_db)
    expected = systemic.systemic_patterns(db, cluster=cluster_fault_statements, min_cases=2)
    shown = texts(outputs)
    assert f"{expected['cases_considered']} cases with fault found" in shown
    assert expected["patterns"], "the demo council has recurring patterns"
    for pattern in expected["patterns"][:5]:  # long tables are truncated on screen; the biggest patterns lead
        assert pattern["id"] in shown
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert "Patterns that recurred after an improvement was agreed" in shown
