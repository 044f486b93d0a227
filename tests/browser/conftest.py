"""Real-browser fixtures: Debian's Chromium driven by Playwright against the app served on 127.0.0.1.

The setup installs the `chromium` package with apt-get when it is missing and we may (root, apt-get present).
Every request the page makes is recorded so tests can assert that none left 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _ensure_chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, capture_output=True, text=True)
        if done.returncode == 0 and Path(CHROMIUM).exists():
            return CHROMIUM
        message = f"could not install chromium with apt-get: {done.stderr[-500:]}"
    else:
        message = "Chromium is not installed at /usr/bin/chromium (install Debian's `chromium` package as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return _ensure_chromium()


def serve(app) -> tuple[str, object]:
    """Run `app` with uvicorn on a free loopback port in a thread; returns (base URL, server)."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records every URL it requests (`page.requested`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.requested = []
    new_page.on("request", lambda request: new_page.requested.append(request.url))
    yield new_page
    context.close()


def only_loopback(urls: list[str]) -> list[str]:
    """The URLs among `urls` that went anywhere but 127.0.0.1 (should be none)."""
    return [u for u in urls if urlparse(u).hostname not in ("127.0.0.1",) and not u.startswith(("data:", "about:"))]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artefacts/browser/."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
