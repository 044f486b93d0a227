"""The weekly review pack for 2024-W42 against tests/data/reports/weekly.sql (deadlines worked in its header)."""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from complaints.reports.weekly import WeekError, render_html, render_xlsx, week_bounds, weekly_pack
from service.cli import main

REPORTS_DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def summary(pack):
    refs = lambda items: [i["complaint_ref"] for i in items]  # noqa: E731
    return {
        "week": pack["week"], "starts_on": pack["starts_on"], "ends_on": pack["ends_on"], "as_of": pack["as_of"],
        "new": refs(pack["new_complaints"]["items"]),
        "by_theme_stage": [[r["theme"], r["stage"], r["count"]] for r in pack["new_complaints"]["by_theme_stage"]],
        "due_this_week": [[i["complaint_ref"], i["deadline"], i["state"]] for i in pack["responses_due_this_week"]],
        "overdue": [[i["complaint_ref"], i["deadline"], i["days_late"], i["working_days_late"]] for i in pack["overdue"]],
        "due_next_week": [[i["complaint_ref"], i["deadline"], i["state"], i["working_days_left"]]
                          for i in pack["responses_due_next_week"]],
        "stage_2": [[i["complaint_ref"], i["escalated_from"], i["escalated_from_outcome"]] for i in pack["escalations"]["stage_2"]],
        "ombudsman": [[i["complaint_ref"], i["escalated_from"], i["escalated_from_outcome"]]
                      for i in pack["escalations"]["ombudsman"]],
        "decisions": [[d["ombudsman_ref"], d["complaint_ref"], d["remedy_total"], [r["amount_gbp"] for r in d["remedies"]],
                       [[a["description"], a["due_on"], a["state"]] for a in d["actions"]]] for d in pack["ombudsman_decisions"]],
        "repeat_cases": [[r["case_ref"], r["count"], r["complaints"]] for r in pack["repeats"]["cases"]],
        "repeat_complainants": [[r["complainant"], r["count"], r["complaints"]] for r in pack["repeats"]["complainants"]],
        "linked_cases": {ref: ctx and ctx["case_ref"] for ref, ctx in pack["case_context"].items()},
    }


def test_pack_matches_the_hand_worked_week(week_db):
    expected = json.loads((REPORTS_DATA / "weekly_2024_W42.json").read_text())
    assert summary(weekly_pack(week_db, "2024-W42")) == expected


def test_case_context_shows_plan_review_payments_and_history(week_db):
    context = weekly_pack(week_db, "2024-W42")["case_context"]
    k1 = context["W1"]
    assert k1["plan_status"] == "plan issued" and k1["last_annual_review_on"] == "2023-09-01"
    assert k1["annual_review_overdue"] is True  # more than 12 months before 20 Oct 2024
    assert [e["complaint_ref"] for e in k1["earlier_complaints"]] == ["W8", "W0"]
    assert [d["ombudsman_ref"] for d in k1["decisions"]] == ["24 003 003"]
    k2 = context["W3"]  # reached only through matching's confirmed link
    assert k2["plan_status"].startswith("assessment in progress, 28 weeks") and "20-week" in k2["plan_status"]
    assert k2["direct_payment_status"] == "awaiting first payment" and k2["annual_review_overdue"] is None


def test_an_earlier_as_of_reads_the_database_as_it_stood(week_db):
    pack = weekly_pack(week_db, "2024-W42", as_of="2024-10-15")
    due = {i["complaint_ref"]: i["state"] for i in pack["responses_due_this_week"]}
    assert due == {"W4": "due_soon", "W5": "due_soon"}  # W4's reply of 16 October had not been sent yet
    assert [i["complaint_ref"] for i in pack["overdue"]] == ["W3"]
    assert pack["overdue"][0]["working_days_late"] == 6


def test_html_escapes_complaint_text_and_is_printable(week_db):
    html = render_html(weekly_pack(week_db, "2024-W42"), council="Demo Borough Council")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "@media print" in html and "size: A4" in html
    assert "Weekly complaints review — 2024-W42" in html and "review overdue (more than 12 months)" in html


def test_xlsx_neutralises_formulas_from_complaints(week_db):
    book = load_workbook(io.BytesIO(render_xlsx(weekly_pack(week_db, "2024-W42"))))
    assert {"Summary", "New complaints", "Overdue", "Ombudsman decisions", "Repeat cases"} <= set(book.sheetnames)
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'=HYPERLINK(\"http://example.invalid\",\"click\")" in values
    assert "'@SUM(A1:A9) the short breaks stopped." in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


@pytest.mark.parametrize("week", ["2024-42", "W42", "2024-W54", "2024-W00"])
def test_bad_weeks_name_the_fix(week):
    with pytest.raises(WeekError, match="2024-W42|does not exist"):
        week_bounds(week)


def test_cli_writes_each_format(week_db, tmp_path):
    path = week_db.conn.execute("PRAGMA database_list").fetchone()[2]
    runner = CliRunner()
    result = runner.invoke(main, ["--db", path, "report", "weekly", "--week", "2024-W42", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert summary(json.loads(result.output))["overdue"][0] == ["W3", "2024-10-07", 13, 9]
    for fmt in ("html", "xlsx"):
        out = tmp_path / f"pack.{fmt}"
        result = runner.invoke(main, ["--db", path, "report", "weekly", "--week", "2024-W42", "--format", fmt,
                                      "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    bad = runner.invoke(main, ["--db", path, "report", "weekly", "--week", "last"])
    assert bad.exit_code == 2 and "2024-W42" in bad.output


def test_a_councils_own_clocks_file_changes_the_deadlines(week_db, tmp_path, monkeypatch):
    clocks = tmp_path / "clocks.toml"
    clocks.write_text('[[rules]]\nprocedure = "corporate"\nstage = "1"\nrespond_days = 20\n'
                      '[[rules]]\nprocedure = "statutory"\nstage = "1"\nrespond_days = 10\n')
    path = week_db.conn.execute("PRAGMA database_list").fetchone()[2]
    monkeypatch.setenv("COMPLAINTS_CLOCKS_PATH", str(clocks))
    result = CliRunner().invoke(main, ["--db", path, "report", "weekly", "--week", "2024-W42", "--format", "json"])
    assert result.exit_code == 0, result.output
    pack = json.loads(result.output)
    # 20 working days from receipt instead of 5 + 10: W5 (27 Sep) is now due on 25 October, not overdue
    assert [i["complaint_ref"] for i in pack["overdue"]] == ["W3"]
    assert {i["complaint_ref"]: i["deadline"] for i in pack["responses_due_next_week"]}["W5"] == "2024-10-25"


def test_a_withdrawn_complaint_without_a_reply_is_not_chased(week_db):
    week_db.execute("INSERT INTO complaints (complaint_ref, received_on, stage, procedure, status, outcome, row_hash,"
                    " created_at, updated_at) VALUES ('W9', '2024-09-30', '1', 'corporate', 'closed', 'withdrawn',"
                    " 'w9', 't', 't')")
    week_db.execute("INSERT INTO complaints (complaint_ref, received_on, stage, procedure, status, row_hash,"
                    " created_at, updated_at) VALUES ('W10', '2024-09-30', '1', 'corporate', 'open', 'w10', 't', 't')")
    pack = weekly_pack(week_db, "2024-W42")
    listed = [i["complaint_ref"] for key in ("responses_due_this_week", "overdue", "responses_due_next_week")
              for i in pack[key]]
    assert "W9" not in listed
    assert {i["complaint_ref"]: i["deadline"] for i in pack["responses_due_next_week"]}["W10"] == "2024-10-21"
