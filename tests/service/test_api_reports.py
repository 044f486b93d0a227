"""Aggregates, reports, themes and corrections through the API, on the demo council."""

import csv
import io

import pytest

from complaints.aggregate import aggregate
from complaints.store import open_db


def test_aggregates_match_the_core_and_the_design_shape(demo_api):
    params = {"by": "year,theme", "year_basis": "financial", "metrics": "count,upheld_rate,remedy_total"}
    body = demo_api("GET", "/api/v1/aggregates", params=params).json()
    assert body["by"] == ["year", "theme"] and body["year_basis"] == "financial" and body["date"] == "received"
    assert {row["year"] for row in body["rows"]} >= {"2019/20", "2024/25"}
    db = open_db(demo_api.settings.db)
    direct = aggregate(db, ("year", "theme"), metrics=("count", "upheld_rate", "remedy_total"))
    assert body["rows"] == direct["rows"] and body["total"] == direct["total"]
    again = demo_api("GET", "/api/v1/aggregates", params=params).json()  # served from the cache
    assert again == body


def test_aggregates_csv_and_bad_dimension(demo_api):
    response = demo_api("GET", "/api/v1/aggregates", params={"by": "year,stage", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {"year", "stage", "count"} <= set(rows[0])
    bad = demo_api("GET", "/api/v1/aggregates", params={"by": "year,colour"})
    assert bad.status_code == 400 and "colour" in bad.json()["detail"]


def test_weekly_pack_is_for_officers_and_audited(demo_api):
    assert demo_api("GET", "/api/v1/reports/weekly", params={"week": "2024-W42"}).status_code == 403
    pack = demo_api("GET", "/api/v1/reports/weekly", role="officer", params={"week": "2024-W42"})
    assert pack.status_code == 200
    xlsx = demo_api("GET", "/api/v1/reports/weekly", role="officer", params={"week": "2024-W42", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    bad = demo_api("GET", "/api/v1/reports/weekly", role="officer", params={"week": "2024-42"})
    assert bad.status_code == 400
    db = open_db(demo_api.settings.db)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'read_report'").fetchone()[0] >= 2


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF"), ("xlsx", b"PK"), ("html", b"<!doctype html")])
def test_trends_downloads(demo_api, fmt, magic):
    response = demo_api("GET", "/api/v1/reports/trends", params={"from": "2019/20", "to": "2024/25", "format": fmt})
    assert response.status_code == 200, response.text[:300]
    assert response.content[:len(magic)].lower() == magic.lower()


def test_trends_json_headline_and_systemic(demo_api):
    body = demo_api("GET", "/api/v1/reports/trends", params={"from": "2019/20", "to": "2024/25"}).json()
    assert body
    headline = demo_api("GET", "/api/v1/reports/headline").json()
    assert headline and all("year" in row or "financial_year" in row for row in headline)
    assert demo_api("GET", "/api/v1/reports/systemic").status_code == 403
    patterns = demo_api("GET", "/api/v1/reports/systemic", role="officer").json()
    assert patterns["patterns"]
    pattern_id = patterns["patterns"][0]["id"]
    assert demo_api("GET", f"/api/v1/reports/systemic/{pattern_id}/evidence").status_code == 403
    pack = demo_api("GET", f"/api/v1/reports/systemic/{pattern_id}/evidence", role="officer")
    assert pack.status_code == 200 and pack.text.count("\n") >= 2
    assert demo_api("GET", "/api/v1/reports/systemic/nope/evidence", role="officer").status_code == 404


def test_themes_and_a_correction_that_sticks(demo_api):
    names = [t["name"] for t in demo_api("GET", "/api/v1/themes").json()]
    assert "payment_delay" in names and len(names) == 6
    ref = demo_api("GET", "/api/v1/complaints", params={"theme": "transport", "limit": 1}).json()["items"][0]["complaint_ref"]
    body = {"theme": "transport", "action": "remove", "reason": "about a school trip coach, not home-to-school"}
    assert demo_api("POST", f"/api/v1/complaints/{ref}/corrections", json=body).status_code == 403
    done = demo_api("POST", f"/api/v1/complaints/{ref}/corrections", role="officer", json=body)
    assert done.status_code == 201 and "transport" not in done.json()["themes"]
    unknown = demo_api("POST", f"/api/v1/complaints/{ref}/corrections", role="officer",
                          json={**body, "theme": "parking"})
    assert unknown.status_code == 400 and "parking" in unknown.json()["detail"]


def test_download_names_are_safe_for_the_attachment_header():
    from service.api.downloads import download

    response = download("a,b\n", "text/csv", 'evidence-x"; y=\r\nz.csv')
    assert response.headers["content-disposition"] == 'attachment; filename="evidence-x___y___z.csv"'
