"""Scrutiny trends and the ombudsman headline figures, from tests/data/reports/fixture.sql.

By year of decision (financial): 2022/23 C1 upheld; 2023/24 C2 not, C3 partly, C4 upheld, C6 upheld (C5 withdrawn,
C8 open) -> 3 of 4; 2024/25 C7 upheld (decided June 2024), C9 not, C10 upheld, C11 not -> 2 of 4.
Remedy by year of decision: 2022/23 100; 2023/24 C3 250 + C4 500 = 750; 2024/25 C7 1200 + C10 300 = 1500.
Headline (decision dates): 2022/23 D3 upheld, council had already offered a remedy, its one action done 5 days
late -> compliance 0 of 1; 2024/25 D1 upheld, D2 not upheld, D4 upheld -> 2 of 3; actions due by June 2025:
D1's two (one done early, one never done) and D4's one (done early) -> 2 of 3; remedy already offered 0 of 2.
"""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.periods import PeriodError
from complaints.reports import trends
from complaints.reports.headline import headline_figures
from service.cli import main

REPORTS_DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def test_trends_figures_and_sentences_match_the_hand_working(report_db):
    report = trends.trends_report(report_db, "2022/23", "2024/25", suppress_below=3, as_of="2025-06-01")
    golden = json.loads((REPORTS_DATA / "trends_2022_23_to_2024_25.json").read_text())
    assert {k: report[k] for k in golden} == golden


def test_sentences_never_mention_a_suppressed_figure(report_db):
    report = trends.trends_report(report_db, "2022/23", "2024/25", suppress_below=3)
    text = " ".join(report["sentences"])
    assert report["upheld"]["2022/23"]["rate"] is None
    assert "100%" not in text  # 2022/23's single upheld complaint would read as 100%
    strict = trends.trends_report(report_db, "2022/23", "2024/25")  # threshold 5: every rate is suppressed
    assert not any("%" in s for s in strict["sentences"])
    assert any(s.startswith("Complaints received") for s in strict["sentences"])


def test_years_without_complaints_show_as_zero_and_a_bad_range_is_explained(report_db):
    report = trends.trends_report(report_db, "2019/20", "2024/25")
    assert report["volume"]["total"]["2019/20"] == 0 and report["years"][0] == "2019/20"
    with pytest.raises(PeriodError, match="backwards"):
        trends.trends_report(report_db, "2024/25", "2019/20")


def test_headline_figures_per_financial_year(report_db):
    rows = headline_figures(report_db, as_of="2025-06-01", suppress_below=1)
    assert [(r["year"], r["decisions"], r["upheld_rate"], r["compliance_rate"], r["compliance_n"],
             r["remedy_before_ombudsman_rate"], r["by_service_area"]) for r in rows] == [
        ("2022/23", 1, 1.0, 0.0, 1, 1.0, {"Education": 1}),
        ("2024/25", 3, 0.6667, 0.6667, 3, 0.0, {"Education": 3}),
    ]
    early = headline_figures(report_db, years=["2024/25"], as_of="2024-08-01", suppress_below=1)[0]
    assert (early["compliance_rate"], early["compliance_n"]) == (1.0, 1)  # only D1's apology was due by then
    suppressed = headline_figures(report_db, years=["2024/25"], as_of="2025-06-01")[0]
    assert suppressed["upheld_rate"] is None and "upheld_rate" in suppressed["suppressed"]


def test_html_embeds_svg_charts_and_the_sentences(report_db):
    report = trends.trends_report(report_db, "2022/23", "2024/25", suppress_below=3)
    html = trends.render_html(report, council="Demo Borough Council")
    assert html.count("<svg") == 4 and "<?xml" not in html
    assert "Upheld decisions fell from 75% in 2023/24 to 50% in 2024/25." in html
    assert "total (each complaint once)" in html and "@media print" in html


def test_pdf_and_xlsx(report_db):
    report = trends.trends_report(report_db, "2022/23", "2024/25", suppress_below=3)
    pdf = PdfReader(io.BytesIO(trends.render_pdf(report)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Upheld decisions fell from 75%" in text and "Remedy cost by theme" in text
    book = load_workbook(io.BytesIO(trends.render_xlsx(report)))
    summary = [row[0].value for row in book["Summary"].iter_rows(min_row=2)]
    assert summary == report["sentences"]
    remedy = {row[0].value: row[-1].value for row in book["Remedy cost by theme"].iter_rows(min_row=2)}
    assert remedy["total (each complaint once)"] == "£1,500" and remedy["assessment delay"] == "£1,200"


def test_cli_trends_and_headline(report_db, tmp_path):
    path = report_db.conn.execute("PRAGMA database_list").fetchone()[2]
    runner = CliRunner()
    result = runner.invoke(main, ["--db", path, "report", "trends", "--from", "2022/23", "--to", "2024/25",
                                  "--suppress-below", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["remedy"]["total"] == {"2022/23": 100.0, "2023/24": 750.0, "2024/25": 1500.0}
    out = tmp_path / "trends.pdf"
    result = runner.invoke(main, ["--db", path, "report", "trends", "--from", "2022", "--to", "2024",
                                  "--year-basis", "calendar", "--format", "pdf", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    result = runner.invoke(main, ["--db", path, "report", "headline", "--year", "2024/25", "--as-of", "2025-06-01",
                                  "--suppress-below", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["compliance_rate"] == 0.6667
    bad = runner.invoke(main, ["--db", path, "report", "trends", "--from", "2019", "--to", "2024/25"])
    assert bad.exit_code == 2 and "2019/20" in bad.output
