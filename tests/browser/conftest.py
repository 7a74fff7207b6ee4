"""Real-browser tests: the app served on a free port, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from relclient.lake import LakeAddress
from tests.conftest import target_env

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless Chromium on a machine with no network but loopback: no background calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return True
        except OSError:
            time.sleep(0.3)
    return False


@contextmanager
def serve(db: Path | LakeAddress, log: Path):
    """The app, through the same launcher as `make run`, on a free port; stopped afterwards."""
    port = _free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "relclient.ui.serve", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO, env={**os.environ, **target_env(db)}, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        if not _wait_healthy(url, proc):
            pytest.fail(f"the app did not start:\n{log.read_text()}")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser_db(demo_db, tmp_path_factory) -> Path:
    """A copy of the demo company for the served app (it holds its file open)."""
    db = tmp_path_factory.mktemp("browser") / "app.duckdb"
    shutil.copy(demo_db, db)
    return db


@pytest.fixture(scope="session")
def app_url(browser_db, tmp_path_factory):
    """The app serving the demo company for the whole session."""
    with serve(browser_db, tmp_path_factory.mktemp("browser-log") / "streamlit.log") as url:
        yield url


@pytest.fixture
def fresh_app_url(demo_db, tmp_path):
    """An app just started, that no browser has opened yet (for first-request behaviour)."""
    db = tmp_path / "fresh.duckdb"
    shutil.copy(demo_db, db)
    with serve(db, tmp_path / "streamlit.log") as url:
        yield url


# The demo company's accounts (README lists them).
DEMO_PASSWORDS = {"direction@demo.relclient.fr": "direction-demo-2025", "admin@demo.relclient.fr": "admin-demo-2025",
                  "responsable.sc@demo.relclient.fr": "responsable-demo-2025",
                  "lecteur@demo.relclient.fr": "lecteur-demo-2025"}
DIRECTION = "direction@demo.relclient.fr"


def sign_in(page, email: str, password: str | None = None) -> None:
    """Fill the sign-in form the way a person does."""
    form = page.locator('[data-testid="stForm"]').filter(has=page.locator('input[type="password"]'))
    form.locator('[data-testid="stTextInput"] input').first.fill(email)
    form.locator('input[type="password"]').fill(password or DEMO_PASSWORDS[email])
    form.locator('[data-testid="stFormSubmitButton"] button').click()


def wait_for_session_cookie(page, seconds: float = 10) -> bool:
    """Wait until the browser has claimed its session cookie (a request it makes just after signing
    in); whether it has."""
    for _ in range(int(seconds * 10)):
        if any(c["name"] == "relclient_session" for c in page.context.cookies()):
            return True
        page.wait_for_timeout(100)
    return False


def goto(page, url: str, user: str | None = DIRECTION) -> None:
    """Open `url`; a new browser session signs in first (Streamlit keeps the address through it)."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebarNav"], input[type="password"]')
    if user and page.locator('[data-testid="stSidebarNav"]').count() == 0:
        sign_in(page, user)
        page.locator('[data-testid="stSidebarNav"]').wait_for()


def settle(page, draw_ms: int = 300) -> None:
    """Wait until the app's run is over (Streamlit marks its root `notRunning`), then `draw_ms` for
    the browser to draw what it sent (charts)."""
    page.wait_for_timeout(150)  # a click's run has begun by then
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.wait_for_timeout(draw_ms)


@pytest.fixture
def open_page(browser):
    """Open a page, signed in (leadership unless told), in a fresh context with the given locale."""
    contexts = []

    def _open(url: str, locale: str = "en-US", user: str | None = DIRECTION):
        ctx = browser.new_context(locale=locale, viewport={"width": 1440, "height": 1000})
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        goto(page, url, user)
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


# Streamlit scrolls inside its main section and its sidebar, not the document: Playwright's
# full_page alone stops at the viewport. The tallest of the scrolling boxes gives the page's height.
_CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight + e.getBoundingClientRect().top))"""
MAX_SCREENSHOT_HEIGHT = 8_000


def screenshot(page, name: str) -> Path:
    """Save a screenshot of the whole page, below the fold too, under test-artifacts/ to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    viewport = page.viewport_size
    height = min(int(page.evaluate(_CONTENT_HEIGHT)), MAX_SCREENSHOT_HEIGHT)
    if viewport and height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_timeout(500)  # charts redraw at the new size
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(viewport)
    else:
        page.screenshot(path=str(path), full_page=True)
    return path
