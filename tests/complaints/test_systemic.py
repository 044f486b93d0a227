"""Systemic patterns from tests/data/reports/fixture.sql.

Cases with fault: upheld decisions D1 (complaint C7; assessment delay + provision; 2024/25; £1,200), D3 (assessment
delay; 2022/23; £400; agreed an improvement on 15 Feb 2023, done 5 days late) and D4 (assessment delay; 2024/25;
£600); upheld council complaints not escalated further and not decided by the ombudsman: C1 (communication),
C3 (payment delay), C10 (communication + payment delay). C4 and C6 were escalated, C7 is D1's complaint,
D2 was not upheld. Assessment delay alone: D3 + D4, £1,000; D4 came after D3's improvement -> recurred.
"""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from complaints.errors import NotFoundError
from complaints.reports.systemic import evidence_rows, render_html, render_xlsx, systemic_patterns
from service.cli import main


def by_title(result):
    return {p["title"]: p for p in result["patterns"]}


def test_theme_patterns_with_counts_remedies_improvements_and_recurrence(report_db):
    result = systemic_patterns(report_db, min_cases=1, as_of="2025-06-01")
    assert result["cases_considered"] == 6
    patterns = by_title(result)
    # most cases first, then the larger remedy total
    assert list(patterns) == ["assessment delay", "assessment delay + provision insufficiency",
                              "communication + payment delay", "payment delay", "communication"]
    delay = patterns["assessment delay"]
    assert (delay["count"], delay["by_year"], delay["remedy_total"]) == (2, {"2022/23": 1, "2024/25": 1}, 1000.0)
    assert [(i["description"], i["state"]) for i in delay["service_improvements"]] == [
        ("Review how annual reviews are tracked", "done late")]
    assert delay["recurred_after_improvement"] is True and delay["recurrences"] == ["24 005 006"]
    both = patterns["assessment delay + provision insufficiency"]
    assert both["remedy_total"] == 1200.0 and both["cases"][0]["complaint_ref"] == "C7"
    assert both["service_improvements"][0]["state"] == "overdue" and both["recurred_after_improvement"] is False
    assert patterns["communication"]["recurred_after_improvement"] is None  # nothing was agreed
    assert "Delay in the annual review" in delay["representative_cases"][-1]["statement"]


def test_default_keeps_only_recurring_patterns_and_a_cluster_function_splits_them(report_db):
    assert [p["title"] for p in systemic_patterns(report_db)["patterns"]] == ["assessment delay"]

    seen_groups = []

    def by_wording(texts, groups):  # stands in for nlp's clustering: the core only needs one label per text
        seen_groups.extend(groups)
        return ["annual review" if "annual review" in t else "other wording" for t in texts]

    result = systemic_patterns(report_db, cluster=by_wording, min_cases=1)
    titles = [p["title"] for p in result["patterns"]]
    assert "assessment delay: annual review" in titles and "assessment delay" not in titles
    assert by_title(result)["assessment delay: annual review"]["count"] == 2
    # the clusterer is told each statement's theme combination, so it splits within a combination
    assert ("assessment_delay",) in seen_groups and ("communication", "payment_delay") in seen_groups


def test_evidence_pack_lists_every_case_and_unknown_ids_are_explained(report_db):
    result = systemic_patterns(report_db, min_cases=1)
    pattern = by_title(result)["assessment delay"]
    rows = evidence_rows(result, pattern["id"])
    assert [r["ref"] for r in rows] == ["22 003 004", "24 005 006"]
    assert {r["pattern_id"] for r in rows} == {pattern["id"]}
    with pytest.raises(NotFoundError, match="no pattern 'p-nope'"):
        evidence_rows(result, "p-nope")
    book = load_workbook(io.BytesIO(render_xlsx(result, rows)))
    assert book["Evidence"].max_row == 3


def test_html_is_escaped(report_db):
    report_db.execute("UPDATE complaints SET text = ? WHERE complaint_ref = 'C1'", ["<img src=x onerror=alert(1)>"])
    html = render_html(systemic_patterns(report_db, min_cases=1))
    assert "<img" not in html and "&lt;img src=x" in html


def test_cli_clusters_with_nlp_and_exports_evidence(report_db, tmp_path):
    path = report_db.conn.execute("PRAGMA database_list").fetchone()[2]
    runner = CliRunner()
    result = runner.invoke(main, ["--db", path, "report", "systemic", "--format", "json", "--min-cases", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["clustered"] is True and sum(p["count"] for p in data["patterns"]) == 6
    assert all(p["cluster"] for p in data["patterns"])
    pattern_id = data["patterns"][0]["id"]
    result = runner.invoke(main, ["--db", path, "report", "systemic", "--min-cases", "1", "--evidence", pattern_id])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == data["patterns"][0]["count"]
    out = tmp_path / "patterns.xlsx"
    result = runner.invoke(main, ["--db", path, "report", "systemic", "--no-cluster", "--format", "xlsx",
                                  "--output", str(out)])
    assert result.exit_code == 0 and load_workbook(out)["Patterns"].max_row == 2
    bad = runner.invoke(main, ["--db", path, "report", "systemic", "--evidence", "p-nope"])
    assert bad.exit_code == 2 and "no pattern 'p-nope'" in bad.output
