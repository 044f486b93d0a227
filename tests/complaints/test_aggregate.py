"""Aggregates against figures worked out by hand from tests/data/reports/fixture.sql.

Working (financial years by receipt):
- 2022/23: C1 (31 Mar 2023) upheld, remedy 100, replied in 8 working days (Good Friday, Easter Monday skipped).
- 2023/24: C2 (1 Apr 2023) not upheld, 12 wd; C3 partly upheld (written 'Partly Upheld'), 250, 21 wd, statutory
  stage 1 limit 10 -> late; C4 upheld, 500, 30 wd, corporate stage 2 limit 5+20 -> late; C5 withdrawn (not a
  decided outcome); C6 upheld, 10 wd over Christmas -> on time; C7 upheld, its own remedy 900 is replaced by its
  ombudsman decision's 1200; C8 open. Upheld 4 of 5 decided = 0.8; remedy 250+500+1200 = 1950.
- 2024/25: C9 not upheld, 8 wd, on time; C10 upheld, 300, 40 wd, statutory stage 2 limit 25 -> late; C11 has no
  outcome of its own and takes its decision's 'not upheld'. Upheld 1 of 3.
- Total: 11 complaints; upheld 6 of 9; remedy 2350; working days 8,8,10,12,21,30,40 -> median 12; on time 4 of 7.
Themes: C8's classifier said communication, an officer replaced it with complaint_handling; C5 has only an
unassigned theme row, so it is `other`. Remedy by theme 2023/24: assessment_delay C4+C7 = 1700, provision
C4+C7 = 1700, payment C3 = 250 -> 3650 across themes, 1950 de-duplicated.
"""

import csv
import io
import json

from pathlib import Path

import pytest
from click.testing import CliRunner

from complaints.aggregate import AggregateError, aggregate
from complaints.store import open_db
from service.cli import main

REPORTS_DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def golden(name):
    return json.loads((REPORTS_DATA / name).read_text())


def test_by_financial_year_matches_the_hand_worked_figures_with_small_rates_suppressed(report_db):
    assert aggregate(report_db, by=["year"]) == golden("aggregate_year_financial.json")


def test_without_suppression_every_rate_and_median_shows(report_db):
    assert aggregate(report_db, by=["year"], suppress_below=1) == golden("aggregate_year_financial_unsuppressed.json")


def test_remedy_counts_in_full_under_each_theme_and_the_total_is_de_duplicated(report_db):
    result = aggregate(report_db, by=("year", "theme"), metrics=("count", "remedy_total"))
    assert result == golden("aggregate_year_theme_remedy.json")
    across_themes = sum(r["remedy_total"] for r in result["rows"] if r["year"] == "2023/24")
    assert across_themes == 3650.0 and result["total"]["remedy_total"] == 2350.0


def counts(result, key="year"):
    return {r[key]: r["count"] for r in result["rows"]}


def test_calendar_and_academic_years_split_on_their_own_boundaries(report_db):
    assert counts(aggregate(report_db, year_basis="calendar", metrics=["count"])) == {"2023": 6, "2024": 5}
    # 31 Aug 2023 is in 2022/23, 1 Sep 2023 in 2023/24
    assert counts(aggregate(report_db, year_basis="academic", metrics=["count"])) == {
        "2022/23": 3, "2023/24": 7, "2024/25": 1}


def test_decided_date_moves_ombudsman_complaints_to_the_year_of_their_decision(report_db):
    received = counts(aggregate(report_db, metrics=["count"]))
    decided = aggregate(report_db, date="decided", metrics=["count"])
    assert received == {"2022/23": 1, "2023/24": 7, "2024/25": 3}
    assert counts(decided) == {"2022/23": 1, "2023/24": 6, "2024/25": 4}  # C7 received Feb 2024, decided Jun 2024
    assert decided["date"] == "decided"


def test_other_dimensions_and_normalised_outcomes(report_db):
    by_outcome = counts(aggregate(report_db, by=["outcome"], metrics=["count"]), "outcome")
    assert by_outcome == {"not upheld": 3, "partly upheld": 1, "upheld": 5, "withdrawn": 1, None: 1}
    by_stage = counts(aggregate(report_db, by=["stage"], metrics=["count"]), "stage")
    assert by_stage == {"1": 7, "2": 2, "ombudsman": 2}
    by_area = aggregate(report_db, by=["service_area"], metrics=["count", "remedy_total"])
    assert {r["service_area"]: r["remedy_total"] for r in by_area["rows"]} == {"Education": 1800.0, "Social care": 550.0}
    by_team = counts(aggregate(report_db, by=["team"], metrics=["count"]), "team")
    assert by_team == {"Disabled children": 3, "SEN casework": 5, "Transport team": 3}


def test_filters_keep_each_complaint_once(report_db):
    transport = aggregate(report_db, metrics=["count"], filters={"theme": "transport"})
    assert transport["total"]["count"] == 2
    two_themes = aggregate(report_db, metrics=["count", "remedy_total"],
                           filters={"theme": ["assessment_delay", "provision_insufficiency"]})
    assert two_themes["total"] == {"count": 3, "remedy_total": 1700.0, "suppressed": []}
    assert aggregate(report_db, metrics=["count"], filters={"theme": "other"})["total"]["count"] == 1
    social = aggregate(report_db, by=["year"], metrics=["count"], filters={"service_area": "Social care", "year": "2024/25"})
    assert counts(social) == {"2024/25": 2}


def test_suppression_threshold_is_configurable_and_flags_what_it_hid(report_db):
    result = aggregate(report_db, by=["year"], metrics=["upheld_rate"], suppress_below=4)
    row = {r["year"]: r for r in result["rows"]}["2024/25"]
    assert row == {"year": "2024/25", "upheld_rate": None, "upheld_n": 3, "suppressed": ["upheld_rate"]}
    assert {r["year"]: r for r in result["rows"]}["2023/24"]["upheld_rate"] == 0.8


@pytest.mark.parametrize("kwargs, message", [({"by": ["colour"]}, "cannot group by 'colour'"),
                                             ({"metrics": ["mean"]}, "unknown metric 'mean'"),
                                             ({"year_basis": "tax"}, "unknown year basis"),
                                             ({"date": "closed"}, "unknown date"),
                                             ({"filters": {"child": "x"}}, "unknown filter")])
def test_bad_requests_name_the_fix(report_db, kwargs, message):
    with pytest.raises(AggregateError, match=message):
        aggregate(report_db, **kwargs)


def test_cli_prints_the_contract_json_and_csv(report_db, tmp_path):
    path = report_db.conn.execute("PRAGMA database_list").fetchone()[2]
    runner = CliRunner()
    result = runner.invoke(main, ["--db", path, "aggregate", "--by", "year,theme", "--metrics", "count,remedy_total",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == golden("aggregate_year_theme_remedy.json")
    result = runner.invoke(main, ["--db", path, "aggregate", "--by", "year", "--year-basis", "calendar",
                                  "--date", "decided", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["year"], r["count"]) for r in rows] == [("2023", "6"), ("2024", "4"), ("2025", "1"), ("total", "11")]
    assert rows[-1]["count"] == "11" and rows[-1]["remedy_total"] == "2350.0"
    bad = runner.invoke(main, ["--db", path, "aggregate", "--by", "year,colour"])
    assert bad.exit_code == 2 and "cannot group by 'colour'" in bad.output


@pytest.mark.shared_data
def test_housing_ombudsman_findings_by_calendar_year_match_the_readme(shared_data, tmp_path):
    """The real file through the real ingest profile, then the aggregate; its README figures are ground truth."""
    from complaints.ingest import ingest_file

    db = open_db(tmp_path / "housing.db")
    loaded = ingest_file(db, shared_data / "housing-ombudsman" / "findings.csv.gz", "housing-ombudsman-findings")
    assert (loaded["inserted"], loaded["rejected"]) == (33096, 0)
    result = aggregate(db, by=["year"], year_basis="calendar", date="decided", metrics=["count", "upheld_rate"])
    readme = {None: (109, 0.6422), "2020": (210, 0.4905), "2021": (3394, 0.4747), "2022": (3244, 0.5240),
              "2023": (5817, 0.6729), "2024": (7841, 0.7375), "2025": (11010, 0.6599), "2026": (1471, 0.5894)}
    assert {r["year"]: (r["count"], r["upheld_rate"]) for r in result["rows"]} == readme
    assert (result["total"]["count"], result["total"]["upheld_rate"]) == (33096, 0.6440)


def test_grouping_streams_the_covering_index_without_sorting(report_db):
    # The aggregate groups by a prefix of complaints_report_cover's columns, then rolls up in Python.
    sql = ("EXPLAIN QUERY PLAN SELECT c.received_on, c.decided_on, c.stage, c.outcome, count(*), "
           "total(c.remedy_amount) FROM complaints c GROUP BY c.received_on, c.decided_on, c.stage, c.outcome")
    plan = " ".join(r[3] for r in report_db.execute(sql))
    assert "COVERING INDEX complaints_report_cover" in plan and "TEMP B-TREE" not in plan


def test_theme_rows_are_the_same_with_or_without_officer_corrections(report_db):
    with_correction = aggregate(report_db, by=["theme"], metrics=["count"])
    counts_before = {r["theme"]: r["count"] for r in with_correction["rows"]}
    assert counts_before["complaint_handling"] == 1 and counts_before["communication"] == 3
    report_db.execute("DELETE FROM corrections")
    report_db.execute("INSERT INTO themes (complaint_id, theme, assigned, method, created_at) "
                      "VALUES (2, 'communication', 1, 'model', 't')")  # a second row for a theme C2 already has
    plain = {r["theme"]: r["count"] for r in aggregate(report_db, by=["theme"], metrics=["count"])["rows"]}
    assert plain["communication"] == 4 and "complaint_handling" not in plain  # C8 back to its classifier theme


def test_cached_aggregate_answers_repeats_and_notices_every_change(report_db):
    from complaints.aggregate import cached_aggregate
    from complaints.store import open_db

    first = cached_aggregate(report_db, by=["year"], metrics=["count"], filters={"stage": ["1", "2"]})
    assert first == aggregate(report_db, by=["year"], metrics=["count"], filters={"stage": ["1", "2"]})
    first["rows"].clear()  # a caller mutating its copy does not corrupt the cache
    again = cached_aggregate(report_db, by=["year"], metrics=["count"], filters={"stage": ["1", "2"]})
    assert again["total"]["count"] == 9 and again["rows"]
    report_db.execute("UPDATE complaints SET stage = '2' WHERE complaint_ref = 'C7'")  # this connection writes
    report_db.conn.commit()
    assert cached_aggregate(report_db, by=["year"], metrics=["count"],
                            filters={"stage": ["1", "2"]})["total"]["count"] == 10
    path = report_db.conn.execute("PRAGMA database_list").fetchone()[2]
    other = open_db(path)  # another connection (another process, the ingest) writes
    other.execute("UPDATE complaints SET stage = '2' WHERE complaint_ref = 'C11'")
    other.conn.commit()
    other.close()
    assert cached_aggregate(report_db, by=["year"], metrics=["count"],
                            filters={"stage": ["1", "2"]})["total"]["count"] == 11
