"""The dashboard for people: sign-in by key into a strict cookie, escaped text, highlighted evidence, CSRF."""

import re

from complaints.decisions import store_decision
from complaints.store import open_db, utc_now
from nlp.decisions import parse_decision


def sign_in(api, role="viewer"):
    client = api.client
    page = client.get("/signin")
    pre = re.search(r'name="pre" value="([^"]+)"', page.text).group(1)
    response = client.post("/signin", data={"key": api.keys[role], "pre": pre, "next": "/complaints"},
                           follow_redirects=False)
    return response


def test_pages_redirect_to_sign_in_when_signed_out(api):
    response = api.client.get("/complaints/C-001", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=%2Fcomplaints%2FC-001")


def test_sign_in_sets_a_strict_httponly_cookie_and_goes_on(api):
    response = sign_in(api)
    assert response.status_code == 303 and response.headers["location"] == "/complaints"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    listing = api.client.get("/complaints")
    assert listing.status_code == 200 and "C-001" in listing.text and "3 complaints" in listing.text


def test_wrong_key_and_forged_sign_in_are_refused(api):
    page = api.client.get("/signin")
    pre = re.search(r'name="pre" value="([^"]+)"', page.text).group(1)
    wrong = api.client.post("/signin", data={"key": "cmp_nope", "pre": pre})
    assert wrong.status_code == 401 and "not recognised" in wrong.text
    api.client.cookies.clear()
    forged = api.client.post("/signin", data={"key": api.keys["admin"], "pre": "guess"})
    assert forged.status_code == 403


def test_viewer_page_is_redacted_and_evidence_is_highlighted(api):
    sign_in(api, "viewer")
    page = api.client.get("/complaints/C-001").text
    assert "Oliver" not in page and "07700" not in page
    assert '<mark class="evidence" data-theme="provision_insufficiency"' in page
    assert "Correct a theme" not in page  # viewers cannot correct


def test_officer_sees_everything_and_the_read_is_audited(api):
    sign_in(api, "officer")
    page = api.client.get("/complaints/C-001").text
    assert "Oliver Pike" in page and "Correct a theme" in page and 'name="csrf"' in page
    db = open_db(api.settings.db)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'read_full'").fetchone()[0] == 1


def test_complaint_text_can_never_run_script(api):
    db = open_db(api.settings.db)
    now = utc_now()
    db.execute("INSERT INTO complaints (complaint_ref, received_on, text, row_hash, created_at, updated_at) "
               "VALUES ('C-XSS', '2024-05-01', ?, 'x', ?, ?)",
               ['<script>alert("x")</script><img src=x onerror=alert(1)> the taxi never came', now, now])
    db.execute("INSERT INTO themes (complaint_id, theme, score, method, evidence, created_at) "
               "VALUES (4, 'transport', 0.9, 'rules', '[\"<script>\"]', ?)", [now])
    sign_in(api, "officer")
    page = api.client.get("/complaints/C-XSS").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_sign_out_needs_the_csrf_token(api):
    sign_in(api, "viewer")
    refused = api.client.post("/signout", data={"csrf": "forged"})
    assert refused.status_code == 403
    page = api.client.get("/complaints")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    out = api.client.post("/signout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303
    assert api.client.get("/complaints", follow_redirects=False).status_code == 303


def test_unknown_complaint_is_a_readable_page(api):
    sign_in(api)
    response = api.client.get("/complaints/NOPE")
    assert response.status_code == 404 and "NOPE" in response.text and "<h1>Not found</h1>" in response.text


def test_pages_load_nothing_from_outside(api):
    sign_in(api, "officer")
    page = api.client.get("/complaints/C-001").text
    assert not re.search(r'(src|href)="(https?:)?//', page)


def csrf_of(page_text):
    return re.search(r'name="csrf" value="([^"]+)"', page_text).group(1)


def test_admin_uploads_a_file_and_sees_its_rejected_rows(api):
    sign_in(api, "admin")
    page = api.client.get("/ingest")
    assert page.status_code == 200 and "Load file" in page.text
    export = b"complaint_ref,received_on,text\nW-1,01/02/2024,Taxi late again\nW-2,31/02/2024,Impossible date\n"
    done = api.client.post("/ingest", data={"csrf": csrf_of(page.text), "profile": "generic"},
                           files={"file": ("weekly.csv", export)})
    assert done.status_code == 200
    assert "1 added" in done.text and "1 rejected" in done.text
    assert "31/02/2024" in done.text and "Line" in done.text  # the rejected row is shown with its reason


def test_upload_without_csrf_is_refused(api):
    sign_in(api, "admin")
    refused = api.client.post("/ingest", data={"csrf": "nope"}, files={"file": ("x.csv", b"a,b\n")})
    assert refused.status_code == 403


def test_bad_upload_shows_a_readable_error(api):
    sign_in(api, "admin")
    token = csrf_of(api.client.get("/ingest").text)
    bad = api.client.post("/ingest", data={"csrf": token, "profile": "generic"},
                          files={"file": ("bad.csv", b"complaint_ref,text\nX,hello\n")})
    assert bad.status_code == 400 and "received_on" in bad.text and "<h1>Ingest</h1>" in bad.text


def test_viewers_cannot_upload_or_review(api):
    sign_in(api, "viewer")
    assert "needs the admin role" in api.client.get("/ingest").text
    assert "needs the officer role" in api.client.get("/links").text


def test_a_decision_whose_remedy_needs_checking_says_why_on_the_complaint_page(api):
    db = open_db(api.settings.db)
    ref = db.execute("SELECT ombudsman_ref FROM complaints WHERE complaint_ref = 'C-001'").fetchone()[0] or "24 000 111"
    db.execute("UPDATE complaints SET ombudsman_ref = ? WHERE complaint_ref = 'C-001'", [ref])
    text = (f"Reference: {ref}\nCouncil: Ashvale Council\nDecision: Not upheld\nDecision date: 3 June 2025\n\n"
            "Summary: We decided not to investigate. Ms N hopes the Council will pay £800 towards the cost of a "
            "private assessment, but she can appeal to the tribunal.")
    store_decision(db, parse_decision(text))
    sign_in(api, "officer")
    page = api.client.get("/complaints/C-001").text
    assert "Check the remedy:" in page and "£800 found by the rules is not totalled" in page
