"""Officers work through the link review queue over the API; reviewed links survive re-matching."""

import pytest
from fastapi.testclient import TestClient

from complaints.keys import create_key
from complaints.store import open_db
from service.app import create_app
from service.pipeline import match_all


@pytest.fixture(scope="module")
def officer_api(demo_council):
    settings, _ = demo_council
    db = open_db(settings.db)
    keys = {role: create_key(db, role, f"links {role}") for role in ("viewer", "officer")}
    db.close()
    client = TestClient(create_app(settings), raise_server_exceptions=False)

    def call(method, url, role="officer", **kwargs):
        return client.request(method, url, headers={"X-API-Key": keys[role]}, **kwargs)

    call.settings = settings
    return call


def test_queue_confirm_reject_and_rematch(officer_api):
    assert officer_api("GET", "/api/v1/links/review", role="viewer").status_code == 403
    queue = officer_api("GET", "/api/v1/links/review", params={"limit": 5}).json()
    assert queue["total"] >= 5 and len(queue["items"]) == 5
    first, second = queue["items"][0], queue["items"][1]
    assert "agreed" in first and "text" not in first
    assert officer_api("POST", f"/api/v1/links/{first['link_id']}/confirm").status_code == 200
    assert officer_api("POST", f"/api/v1/links/{second['link_id']}/reject").status_code == 200
    again = officer_api("POST", f"/api/v1/links/{first['link_id']}/reject")
    assert again.status_code == 409  # already reviewed
    db = open_db(officer_api.settings.db)
    match_all(db, officer_api.settings)
    statuses = dict(db.execute("SELECT id, status FROM case_links WHERE id IN (?, ?)",
                               [first["link_id"], second["link_id"]]).fetchall())
    assert statuses == {first["link_id"]: "confirmed", second["link_id"]: "rejected"}
    audited = db.execute("SELECT count(*) FROM audit_log WHERE action = 'review_link'").fetchone()[0]
    assert audited >= 2
    assert officer_api("POST", "/api/v1/links/999999999/confirm").status_code == 404
