"""The dashboard in a real Chromium: sign in, browse, read a complaint; nothing leaves 127.0.0.1."""

import pytest

from complaints.keys import create_key
from complaints.store import open_db
from service.app import create_app
from tests.browser.conftest import only_loopback, screenshot, serve
from tests.service.conftest import build

pytestmark = pytest.mark.browser


@pytest.fixture
def site(settings):
    db = open_db(settings.db)
    build(db)
    keys = {role: create_key(db, role, f"browser {role}") for role in ("viewer", "officer")}
    db.close()
    base, server = serve(create_app(settings))
    yield base, keys
    server.should_exit = True


def sign_in(page, base, key):
    page.goto(base + "/complaints")
    assert "/signin" in page.url
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/complaints")


def test_officer_signs_in_and_reads_a_complaint(page, site):
    base, keys = site
    sign_in(page, base, keys["officer"])
    assert page.get_by_role("heading", level=1).inner_text() == "Complaints"
    page.get_by_role("link", name="C-001").click()
    page.wait_for_url(base + "/complaints/C-001")
    assert "Oliver Pike" in page.locator("#complaint-text").inner_text()
    mark = page.locator("mark.evidence").first
    assert mark.inner_text().lower() == "no speech therapy"
    screenshot(page, "complaint-officer")
    assert only_loopback(page.requested) == []


def test_viewer_sees_redacted_text_in_the_browser(page, site):
    base, keys = site
    sign_in(page, base, keys["viewer"])
    page.goto(base + "/complaints/C-001")
    text = page.locator("#complaint-text").inner_text()
    assert "Oliver" not in text and "[name]" in text
    screenshot(page, "complaint-viewer")


def test_keyboard_users_can_skip_to_content(page, site):
    base, keys = site
    sign_in(page, base, keys["viewer"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
