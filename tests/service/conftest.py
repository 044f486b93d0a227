"""A small council database and one key per role, for API tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from complaints.keys import create_key
from complaints.store import open_db, utc_now
from service.app import create_app

COMPLAINTS = [
    # ref, received, stage, status, outcome, team, text, complainant, child, dob, postcode, case_ref
    ("C-001", "2023-05-02", "1", "closed", "upheld", "SEND Casework",
     "My son Oliver Pike has had no speech therapy since May. Call me on 07700 900123.",
     "Joanne Pike", "Oliver Pike", "2014-07-04", "ZX4 7QP", "EHC-20417"),
    ("C-002", "2024-02-11", "2", "open", None, "Home to School Transport",
     "The taxi did not come for three weeks and nobody called us back.",
     "Sam Reid", "Ava Reid", "2012-01-20", "ZX1 2AB", None),
    ("C-003", "2024-04-01", "1", "closed", "not upheld", "SEND Casework",
     "The direct payment for the tutor is four months late.", "Lee Ho", "Kit Ho", "2016-03-03", None, None),
]


def build(db):
    now = utc_now()
    for ref, received, stage, status, outcome, team, text, who, child, dob, postcode, case_ref in COMPLAINTS:
        db.execute(
            "INSERT INTO complaints (complaint_ref, received_on, stage, status, outcome, team, text, complainant_name,"
            " child_name, child_dob, postcode, case_ref, row_hash, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [ref, received, stage, status, outcome, team, text, who, child, dob, postcode, case_ref, ref, now, now])
    db.execute(
        "INSERT INTO cases (case_ref, child_forename, child_surname, date_of_birth, postcode, school, team, row_hash,"
        " created_at, updated_at) VALUES ('EHC-20417', 'Oliver', 'Pike', '2014-07-04', 'ZX4 7QP', 'Larchfield Primary',"
        " 'SEND Casework', 'h', ?, ?)", [now, now])
    db.execute("INSERT INTO themes (complaint_id, theme, score, method, evidence, created_at) VALUES "
               "(1, 'provision_insufficiency', 0.93, 'combined', '[\"no speech therapy\"]', ?)", [now])
    db.execute("INSERT INTO themes (complaint_id, theme, score, method, evidence, created_at) VALUES "
               "(2, 'transport', 0.97, 'combined', '[\"taxi did not come\"]', ?)", [now])


@pytest.fixture
def council(settings):
    """Settings for a database holding three complaints and one case, plus a key for each role."""
    db = open_db(settings.db)
    build(db)
    keys = {role: create_key(db, role, f"test {role}") for role in ("viewer", "officer", "admin")}
    db.close()
    return settings, keys


@pytest.fixture
def api(council):
    """A TestClient and a helper that sends a role's key."""
    settings, keys = council
    client = TestClient(create_app(settings), raise_server_exceptions=False)

    def call(method: str, url: str, role: str | None = "viewer", **kwargs):
        headers = kwargs.pop("headers", {})
        if role:
            headers["X-API-Key"] = keys[role]
        return client.request(method, url, headers=headers, **kwargs)

    call.client, call.keys, call.settings = client, keys, settings
    return call


@pytest.fixture(scope="session")
def demo_api(demo_council):
    """A TestClient on the demo council and a helper that sends a role's key (default viewer)."""
    settings, _ = demo_council
    db = open_db(settings.db)
    keys = {role: create_key(db, role, f"api-test {role}") for role in ("viewer", "officer", "admin")}
    db.close()
    client = TestClient(create_app(settings), raise_server_exceptions=False)

    def call(method, url, role="viewer", **kwargs):
        return client.request(method, url, headers={"X-API-Key": keys[role]}, **kwargs)

    call.settings = settings
    return call
