"""The dashboard on the demo council, in a real Chromium: every page loads, an officer goes from the weekly
review to a complaint and corrects a theme, the trends switch year basis, and nothing leaves 127.0.0.1."""

import re

import pytest

from service.app import create_app
from tests.browser.conftest import only_loopback, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_site(demo_council):
    settings, summary = demo_council
    base, server = serve(create_app(settings))
    yield base, summary["keys"]
    server.should_exit = True


def sign_in(page, base, key, start="/"):
    page.goto(base + start)
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("path, heading", [
    ("/", "Weekly complaints review"), ("/complaints", "Complaints"), ("/trends", "Complaints and ombudsman trends"),
    ("/patterns", "Recurring fault patterns"), ("/links", "Link review"), ("/ingest", "Ingest"),
])
def test_every_page_loads_for_an_admin(page, demo_site, path, heading):
    base, keys = demo_site
    sign_in(page, base, keys["admin"], path)
    assert page.get_by_role("heading", level=1).first.inner_text().startswith(heading)
    screenshot(page, "page" + (path.replace("/", "-") if path != "/" else "-weekly"))
    assert only_loopback(page.requested) == []


def test_weekly_review_to_complaint_to_saved_correction(page, demo_site):
    base, keys = demo_site
    sign_in(page, base, keys["officer"], "/?week=2024-W42")
    assert "2024-W42" in page.get_by_role("heading", level=1).inner_text()
    first = page.locator("main table a[href^='/complaints/']").first
    ref = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/complaints/"))
    assert page.get_by_role("heading", level=1).inner_text() == f"Complaint {ref}"
    themes_before = page.locator("main ul").first.inner_text()
    target = "payment_delay" if "payment delay" not in themes_before else "transport"
    page.get_by_label("Theme").select_option(target)
    page.get_by_label("Change").select_option("add")
    page.get_by_label("Why").fill("Parent's letter also says the direct payment stopped")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_url(re.compile(r"saved=1"))
    assert page.get_by_role("status").inner_text().strip() == "Saved."
    assert target.replace("_", " ") in page.locator("main ul").first.inner_text()
    assert "direct payment stopped" in page.locator("table").filter(has_text="Officer corrections").inner_text()
    screenshot(page, "complaint-corrected")
    assert only_loopback(page.requested) == []


def test_trends_switch_year_basis(page, demo_site):
    base, keys = demo_site
    sign_in(page, base, keys["viewer"], "/trends")
    assert "2019/20 to 2024/25" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("figure svg").count() >= 3  # charts drawn server-side, inline
    page.get_by_label("Year basis").select_option("calendar")
    page.get_by_label("From").fill("")
    page.get_by_label("To").fill("")
    page.get_by_role("button", name="Show trends").click()
    page.wait_for_url(re.compile(r"year_basis=calendar"))
    assert re.search(r"\b2019 to 2025\b", page.get_by_role("heading", level=1).inner_text())
    screenshot(page, "trends-calendar")
    assert only_loopback(page.requested) == []


def test_viewer_is_kept_to_aggregates(page, demo_site):
    base, keys = demo_site
    sign_in(page, base, keys["viewer"], "/")
    assert "needs the officer role" in page.locator("main").inner_text()
    page.goto(base + "/patterns")
    assert "need the officer role" in page.locator("main").inner_text()
