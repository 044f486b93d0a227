"""The API's contract for people: keys, roles, redaction, audit, problem errors, limits."""

import pytest

from complaints.store import open_db


def audit_actions(settings):
    db = open_db(settings.db)
    return [row[0] for row in db.execute("SELECT action FROM audit_log ORDER BY id")]


@pytest.mark.parametrize("url", ["/api/v1/complaints", "/api/v1/complaints/C-001", "/api/v1/cases/EHC-20417",
                                 "/api/v1/admin/keys", "/api/v1/admin/audit"])
def test_every_endpoint_but_health_needs_a_key(api, url):
    response = api("GET", url, role=None)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert "X-API-Key" in response.json()["detail"]


def test_a_wrong_key_is_refused(api):
    assert api("GET", "/api/v1/complaints", role=None, headers={"X-API-Key": "cmp_not-a-key"}).status_code == 401


def test_list_filters_search_and_paginates(api):
    body = api("GET", "/api/v1/complaints", params={"limit": 2}).json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert [i["complaint_ref"] for i in body["items"]] == ["C-003", "C-002"]  # newest first
    assert api("GET", "/api/v1/complaints", params={"theme": "transport"}).json()["total"] == 1
    assert api("GET", "/api/v1/complaints", params={"theme": "other"}).json()["items"][0]["complaint_ref"] == "C-003"
    found = api("GET", "/api/v1/complaints", params={"q": "taxi three"}).json()
    assert [i["complaint_ref"] for i in found["items"]] == ["C-002"]
    fy = api("GET", "/api/v1/complaints", params={"year": "2023/24"}).json()
    assert {i["complaint_ref"] for i in fy["items"]} == {"C-001", "C-002"}  # 1 April 2024 is next year
    cal = api("GET", "/api/v1/complaints", params={"year": "2024", "year_basis": "calendar"}).json()
    assert {i["complaint_ref"] for i in cal["items"]} == {"C-002", "C-003"}
    assert "text" not in body["items"][0]


def test_viewer_sees_redacted_text_and_no_audit_entry(api):
    body = api("GET", "/api/v1/complaints/C-001").json()
    assert "Oliver" not in body["text"] and "07700" not in body["text"]
    assert "no speech therapy since May" in body["text"]
    assert body["complainant_name"] == "[redacted]" and body["case_ref"] == "[redacted]"
    assert body["themes"] == ["provision_insufficiency"]
    assert "read_full" not in audit_actions(api.settings)


def test_officer_sees_the_full_record_and_the_read_is_audited(api):
    body = api("GET", "/api/v1/complaints/C-001", role="officer").json()
    assert "Oliver Pike" in body["text"] and body["case_ref"] == "EHC-20417"
    assert body["case_link"]["case_ref"] == "EHC-20417"
    assert body["theme_scores"][0]["evidence"] == ["no speech therapy"]
    db = open_db(api.settings.db)
    actor, action, entity, entity_id = db.execute(
        "SELECT actor, action, entity, entity_id FROM audit_log WHERE action = 'read_full'").fetchone()
    assert (action, entity, entity_id) == ("read_full", "complaint", "1")
    assert actor.startswith("key:")


def test_case_detail_redaction_and_audit(api):
    viewer = api("GET", "/api/v1/cases/EHC-20417").json()
    assert viewer["child_forename"] == "[redacted]" and viewer["date_of_birth"] == "[redacted]"
    officer = api("GET", "/api/v1/cases/EHC-20417", role="officer").json()
    assert officer["child_surname"] == "Pike"
    assert [c["complaint_ref"] for c in officer["complaints"]] == ["C-001"]
    assert audit_actions(api.settings).count("read_full") == 1
    assert api("GET", "/api/v1/cases").status_code == 403  # viewers cannot list children


def test_unknown_ids_and_bad_parameters_are_problems_not_traces(api):
    missing = api("GET", "/api/v1/complaints/NOPE")
    assert missing.status_code == 404 and "NOPE" in missing.json()["detail"]
    bad_year = api("GET", "/api/v1/complaints", params={"year": "2023"})
    assert bad_year.status_code == 400 and "2023/24" in bad_year.json()["detail"]
    bad_limit = api("GET", "/api/v1/complaints", params={"limit": 0})
    assert bad_limit.status_code == 422 and "limit" in bad_limit.json()["detail"]
    bad_search = api("GET", "/api/v1/complaints", params={"q": '"*'})
    assert bad_search.status_code == 400 and bad_search.json()["title"]


def test_admin_manages_keys_and_reads_the_audit_log(api):
    assert api("GET", "/api/v1/admin/keys", role="officer").status_code == 403
    made = api("POST", "/api/v1/admin/keys", role="admin", json={"role": "viewer", "name": "scrutiny"})
    assert made.status_code == 201
    new_key = made.json()["key"]
    assert api("GET", "/api/v1/complaints", role=None, headers={"X-API-Key": new_key}).status_code == 200
    listed = api("GET", "/api/v1/admin/keys", role="admin").json()
    assert all("hash" not in k for k in listed) and len(listed) == 4
    new_id = [k["id"] for k in listed if k["name"] == "scrutiny"][0]
    assert api("DELETE", f"/api/v1/admin/keys/{new_id}", role="admin").status_code == 204
    assert api("GET", "/api/v1/complaints", role=None, headers={"X-API-Key": new_key}).status_code == 401
    audit = api("GET", "/api/v1/admin/audit", role="admin").json()
    assert {"create_key", "revoke_key"} <= {e["action"] for e in audit["items"]}


def test_oversized_bodies_are_refused(api):
    big = "x" * (api.settings.max_body_bytes + 1)
    response = api("POST", "/api/v1/admin/keys", role="admin", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_keys_are_stored_hashed(api):
    db = open_db(api.settings.db)
    stored = [row[0] for row in db.execute("SELECT key_hash FROM api_keys")]
    assert all(key not in stored for key in api.keys.values())


def test_theme_filter_follows_officer_corrections(api):
    db = open_db(api.settings.db)
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (2, 'transport', 'remove', 'o', 't')")
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (3, 'transport', 'add', 'o', 't')")
    found = api("GET", "/api/v1/complaints", params={"theme": "transport"}).json()
    assert [i["complaint_ref"] for i in found["items"]] == ["C-003"] and found["total"] == 1
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (2, 'transport', 'add', 'o', 't')")
    assert api("GET", "/api/v1/complaints", params={"theme": "transport"}).json()["total"] == 2


def test_nothing_personal_reaches_the_logs(api, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    api("GET", "/api/v1/complaints", params={"q": "speech therapy"})
    api("GET", "/api/v1/complaints/C-001", role="officer")
    api("GET", "/api/v1/complaints/C-001")
    api("GET", "/api/v1/cases/EHC-20417", role="officer")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("Oliver", "Pike", "speech therapy", "2014-07-04", "07700", "Joanne"):
        assert secret not in logged


def test_a_rejected_recorded_reference_is_not_shown_as_the_linked_case(api):
    db = open_db(api.settings.db)
    assert api("GET", "/api/v1/complaints/C-001", role="officer").json()["case_link"]["case_ref"] == "EHC-20417"
    db.execute("INSERT INTO case_links (complaint_id, case_id, method, status, created_at, updated_at) "
               "VALUES (1, 1, 'exact_ref', 'rejected', 't', 't')")  # an officer said: not this child
    assert api("GET", "/api/v1/complaints/C-001", role="officer").json()["case_link"] is None
    assert api("GET", "/api/v1/cases/EHC-20417", role="officer").json()["complaints"] == []
