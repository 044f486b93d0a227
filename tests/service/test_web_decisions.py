"""The decision pages: the list with its review flags, filters and yearly compliance; one decision with remedies,
actions and the linked complaint under the complaint page's redaction and audit rules."""

from __future__ import annotations

import html
import re

import pytest

from complaints.compliance import mark_action_done
from complaints.decisions import store_decision
from complaints.store import open_db
from nlp.decisions import parse_decision
from tests.service.test_web import sign_in

TUTORING = """Local Government and Social Care Ombudsman
Decision statement
Reference: 24 013 882
Council: Ashvale Council
Category: Education > Special educational needs
Decision: Upheld
Decision date: 12 February 2025

Summary: Ms K complained that the Council took too long to arrange tutoring for her daughter. We found fault. \
The Council agreed to apologise and pay £450.

The complaint
1. Ms K says the Council left her daughter without tuition for a term.

What I found
4. The Council did not arrange the tutoring it had promised for 14 weeks.

Agreed action
9. Within one month of my final decision the Council will:
  - apologise to Ms K;
  - pay Ms K £450 to acknowledge the distress caused.
10. Within three months of my final decision the Council will:
  - remind its SEND officers of the timescales for arranging alternative provision.

Final decision
12. I have completed my investigation. There was fault.
"""

TRANSPORT = """Reference: 23 220 045
Council: Ashvale Council
Category: Education > School transport
Decision: Upheld
Decision date: 3 September 2024

Summary: Mr P complained that the taxi to his son's school stopped coming. We found fault. The Council agreed to \
pay £200 a month until transport is arranged.

Agreed action
5. Within one month of my final decision the Council will:
  - pay Mr P £200 a month until transport is arranged.
"""

SETTLED = """Reference: 23 101 774
Council: Ashvale Council
Category: Education > Special educational needs
Decision: Upheld
Decision date: 20 June 2023

Summary: Mrs D complained that the Council did not answer her letters about an annual review. The Council's own \
remedy of an apology and £150 was suitable, so we did not investigate further. <script>alert("x")</script>
"""


@pytest.fixture
def decided(api):
    """Three decisions stored through the parser; the tutoring one is linked to complaint C-001 and has one
    action done on time."""
    db = open_db(api.settings.db)
    db.execute("UPDATE complaints SET ombudsman_ref = '24 013 882', stage = 'ombudsman' WHERE complaint_ref = 'C-001'")
    for text in (TUTORING, TRANSPORT, SETTLED):
        store_decision(db, parse_decision(text))
    apology = db.execute("SELECT id FROM actions WHERE description LIKE 'apologise%'").fetchone()[0]
    mark_action_done(db, apology, "2025-02-20", "apology letter sent 20 February", actor="test")
    db.close()
    return api


def rows_of(page: str, table_id: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S).group(1)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip())
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]


def test_the_list_shows_decisions_newest_first_with_totals_actions_and_the_review_flag(decided):
    sign_in(decided, "viewer")
    page = decided.client.get("/decisions").text
    assert '<a href="/decisions" aria-current="page">Decisions</a>' in page
    rows = rows_of(page, "decisions")
    assert [row.split()[0:3] for row in rows] == [["24", "013", "882"], ["23", "220", "045"], ["23", "101", "774"]]
    # reference, outcome, date, category, total, open, overdue, done: the apology is done, the payment and the
    # reminder to staff fell due in 2025 and are overdue now
    assert rows[0].startswith("24 013 882 upheld 2025-02-12 Education > Special educational needs £450.00 0 2 1")
    assert "Check the remedy: a per-period payment has no end or count, so it cannot be totalled" in rows[1]
    assert "Check the remedy" not in rows[0] and "Check the remedy" not in rows[2]
    assert "3 decisions" in page


def test_filters_needs_review_outcome_and_financial_year(decided):
    sign_in(decided, "viewer")
    review = decided.client.get("/decisions?review=1").text
    assert [row[:10] for row in rows_of(review, "decisions")] == ["23 220 045"]
    assert "1 decision." in review and 'name="review" type="checkbox" value="1" checked' in review
    year = decided.client.get("/decisions", params={"year": "2024/25"}).text
    assert [row[:10] for row in rows_of(year, "decisions")] == ["24 013 882", "23 220 045"]
    none = decided.client.get("/decisions", params={"outcome": "not upheld"}).text
    assert rows_of(none, "decisions") == ["No decisions match."]
    bad = decided.client.get("/decisions", params={"year": "twenty"})
    assert bad.status_code == 400 and "twenty" in bad.text


def test_the_compliance_table_gives_each_financial_year_its_on_time_share(decided):
    sign_in(decided, "viewer")
    rows = rows_of(decided.client.get("/decisions").text, "compliance")
    assert [row.split()[0] for row in rows] == ["2023/24", "2024/25"]
    # 2023/24: one upheld decision settled by the council's own remedy, no recommendations
    assert rows[0] == "2023/24 1 1 0 0 0 0 0 0 — 1 of 1 upheld (100%)"
    # 2024/25: four recommendations, all fallen due; only the apology was done on time
    assert rows[1] == "2024/25 2 2 4 4 1 0 3 0 25% 0 of 2 upheld (0%)"


def test_the_detail_page_shows_remedies_actions_and_the_linked_complaint(decided):
    sign_in(decided, "officer")
    response = decided.client.get("/decisions/24-013-882")
    page = response.text
    assert response.status_code == 200 and "<h1>Ombudsman decision 24 013 882</h1>" in page
    assert rows_of(page, "money") == ["£450.00 distress £450 2025-03-12"]
    assert rows_of(page, "other") == ["apology apologise to Ms K; 2025-03-12"]
    assert rows_of(page, "actions") == [
        "apologise to Ms K 2025-03-12 done 2025-02-20 apology letter sent 20 February",
        "pay Ms K £450 to acknowledge the distress caused 2025-03-12 overdue Done on Evidence Record as done",
        "remind its SEND officers of the timescales for arranging alternative provision 2025-05-12 overdue Done on "
        "Evidence Record as done",
    ]
    assert "took too long to arrange tutoring" in page and "<h3>Findings</h3>" in page
    assert '<a href="/complaints/C-001">C-001</a>' in page and "Joanne Pike" in page
    db = open_db(decided.settings.db)
    assert db.execute("SELECT entity, entity_id FROM audit_log WHERE action = 'read_full'").fetchall() == [("complaint", "1")]


def test_the_spaced_reference_works_and_the_review_reason_is_shown(decided):
    sign_in(decided, "viewer")
    page = decided.client.get("/decisions/23 220 045").text
    assert "Check the remedy:</strong> a per-period payment has no end or count" in page
    assert "No money remedy was totalled (see the check above)." in page
    assert "No council complaint records this ombudsman reference yet." in page


def test_a_viewer_sees_the_linked_complaint_without_its_personal_details_and_nothing_is_audited(decided):
    sign_in(decided, "viewer")
    page = decided.client.get("/decisions/24 013 882").text
    assert '<a href="/complaints/C-001">C-001</a>' in page
    assert "Joanne" not in page and "Pike" not in page and "Personal details are hidden for your role." in page
    db = open_db(decided.settings.db)
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'read_full'").fetchone()[0] == 0


def test_decision_text_is_escaped(decided):
    sign_in(decided, "officer")
    for url in ("/decisions/23-101-774", "/decisions"):
        page = decided.client.get(url).text
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in decided.client.get("/decisions/23-101-774").text


def test_an_unknown_reference_is_a_readable_not_found_page(decided):
    sign_in(decided, "viewer")
    response = decided.client.get("/decisions/99-999-999")
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text
    assert "no ombudsman decision with reference &#39;99-999-999&#39;" in response.text


def test_signed_out_people_are_sent_to_sign_in(decided):
    for url, target in (("/decisions", "%2Fdecisions"), ("/decisions/24-013-882", "%2Fdecisions%2F24-013-882")):
        response = decided.client.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/signin?next={target}"


def test_every_demo_decision_opens_for_a_viewer_and_an_officer(demo_council):
    from fastapi.testclient import TestClient

    from complaints.keys import create_key
    from service.app import create_app

    settings, _ = demo_council
    db = open_db(settings.db)
    keys = {role: create_key(db, role, f"decision pages {role}") for role in ("viewer", "officer")}
    refs = [row[0] for row in db.execute("SELECT ombudsman_ref FROM decisions ORDER BY id")]
    flagged = db.execute("SELECT count(*) FROM decisions WHERE needs_review = 1").fetchone()[0]
    db.close()
    assert len(refs) > 100
    for role, key in keys.items():
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.cookies.set("complaints_key", key)
        listing = client.get("/decisions?review=1")
        assert listing.status_code == 200 and f"{flagged} decision" in listing.text
        for ref in refs:
            page = client.get(f"/decisions/{ref.replace(' ', '-')}")
            assert page.status_code == 200 and f"<h1>Ombudsman decision {ref}</h1>" in page.text, (role, ref)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_an_officer_records_an_action_as_done_from_the_page_and_it_is_audited(decided):
    sign_in(decided, "officer")
    page = decided.client.get("/decisions/24-013-882").text
    db = open_db(decided.settings.db)
    payment = db.execute("SELECT id FROM actions WHERE description LIKE 'pay Ms K%'").fetchone()[0]
    response = decided.client.post(f"/decisions/24-013-882/actions/{payment}/done", follow_redirects=False,
                                   data={"done_on": "2025-03-10", "evidence": "payment run 10 March", "csrf": _csrf(page)})
    assert response.status_code == 303 and response.headers["location"] == "/decisions/24-013-882?saved=1#actions"
    after = decided.client.get(response.headers["location"]).text
    assert 'role="status">Saved.</div>' in after
    assert "pay Ms K £450 to acknowledge the distress caused 2025-03-12 done 2025-03-10 payment run 10 March" in rows_of(after, "actions")
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'action_done' AND entity_id = ?",
                      [str(payment)]).fetchone()[0] == 1


def test_recording_an_action_needs_an_officer_a_token_evidence_and_an_action_of_this_decision(decided):
    db = open_db(decided.settings.db)
    payment = db.execute("SELECT id FROM actions WHERE description LIKE 'pay Ms K%'").fetchone()[0]
    other = db.execute("SELECT a.id FROM actions a JOIN decisions d ON d.id = a.decision_id "
                       "WHERE d.ombudsman_ref = '23 220 045'").fetchone()[0]
    sign_in(decided, "viewer")
    page = decided.client.get("/decisions/24-013-882").text
    assert "Record as done" not in page
    refused = decided.client.post(f"/decisions/24-013-882/actions/{payment}/done",
                                  data={"done_on": "2025-03-10", "evidence": "x", "csrf": _csrf(page)})
    assert refused.status_code == 403 and "needs the officer role" in refused.text
    sign_in(decided, "officer")
    page = decided.client.get("/decisions/24-013-882").text
    forged = decided.client.post(f"/decisions/24-013-882/actions/{payment}/done",
                                 data={"done_on": "2025-03-10", "evidence": "x", "csrf": "forged"})
    assert forged.status_code == 403
    blank = decided.client.post(f"/decisions/24-013-882/actions/{payment}/done",
                                data={"done_on": "2025-03-10", "evidence": "  ", "csrf": _csrf(page)})
    assert blank.status_code == 400 and "evidence is required" in blank.text
    elsewhere = decided.client.post(f"/decisions/24-013-882/actions/{other}/done",
                                    data={"done_on": "2025-03-10", "evidence": "x", "csrf": _csrf(page)})
    assert elsewhere.status_code == 404 and "has no action" in elsewhere.text
    assert db.execute("SELECT count(*) FROM actions WHERE done_on IS NOT NULL").fetchone()[0] == 1  # the fixture's
