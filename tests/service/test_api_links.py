"""Officers work through the link review queue over the API; reviewed links survive re-matching."""


from complaints.store import open_db
from service.pipeline import match_all


def test_queue_confirm_reject_and_rematch(demo_api):
    assert demo_api("GET", "/api/v1/links/review").status_code == 403
    queue = demo_api("GET", "/api/v1/links/review", role="officer", params={"limit": 5}).json()
    assert queue["total"] >= 5 and len(queue["items"]) == 5
    first, second = queue["items"][0], queue["items"][1]
    assert "agreed" in first and "text" not in first
    assert demo_api("POST", f"/api/v1/links/{first['link_id']}/confirm", role="officer").status_code == 200
    assert demo_api("POST", f"/api/v1/links/{second['link_id']}/reject", role="officer").status_code == 200
    again = demo_api("POST", f"/api/v1/links/{first['link_id']}/reject", role="officer")
    assert again.status_code == 409  # already reviewed
    db = open_db(demo_api.settings.db)
    match_all(db, demo_api.settings)
    statuses = dict(db.execute("SELECT id, status FROM case_links WHERE id IN (?, ?)",
                               [first["link_id"], second["link_id"]]).fetchall())
    assert statuses == {first["link_id"]: "confirmed", second["link_id"]: "rejected"}
    audited = db.execute("SELECT count(*) FROM audit_log WHERE action = 'review_link'").fetchone()[0]
    assert audited >= 2
    assert demo_api("POST", "/api/v1/links/999999999/confirm", role="officer").status_code == 404
