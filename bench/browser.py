"""The Overview in a real browser: first render after sign-in, and a filter change, at a given scale.

    python bench/browser.py [--scale 20] [--runs 5]

Builds (or reuses) a demo database, serves a copy of it with the same launcher as `make run`, and
drives Debian's Chromium with Playwright. Each run opens a new browser session (a new visitor),
signs in as leadership, and times:
  first render: from the sign-in click to an Overview whose run is over (Streamlit marks its root
                `notRunning`) with every KPI tile and every trend chart drawn;
  filter change: from choosing another department in the sidebar to the same, settled again
                (a different department each run: its figures are not in the server's cache yet).
The server is started once: run 1's first render computes the figures, the later ones find them in
the server's cache, as leadership's colleagues do on a Monday morning. Prints each run and, on its
last line, `first_render_ms=X filter_change_ms=Y` (medians) with the first run's render apart.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import demo_db

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EMAIL, PASSWORD = "direction@demo.relclient.fr", "direction-demo-2025"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("the app stopped before it served")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("the app did not start in time")


def _settled(page, tiles: int, charts: int) -> None:
    page.wait_for_timeout(100)  # the run a click starts has begun by then
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=120_000)
    page.wait_for_function(
        "([tiles, charts]) => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= tiles"
        " && document.querySelectorAll('.js-plotly-plot .main-svg').length >= charts", arg=[tiles, charts],
        timeout=120_000)


def one_run(browser, url: str, department: int, tiles: int, charts: int) -> tuple[float, float, str]:
    """A new visitor: sign in, wait for the Overview, change the department; the two times."""
    context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    form = page.locator('[data-testid="stForm"]').filter(has=page.locator('input[type="password"]'))
    form.locator('[data-testid="stTextInput"] input').first.fill(EMAIL)
    form.locator('input[type="password"]').fill(PASSWORD)
    started = time.perf_counter()
    form.locator('[data-testid="stFormSubmitButton"] button').click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    _settled(page, tiles, charts)
    first = time.perf_counter() - started
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text=re.compile("Department|Service"))
    option = page.get_by_role("option").nth(department)  # 0 is "all"
    for _ in range(3):  # a click while the page is still drawing can land on a replaced element
        box.click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    picked = option.inner_text()
    started = time.perf_counter()
    option.click()
    _settled(page, tiles, charts)
    change = time.perf_counter() - started
    context.close()
    return first, change, picked


def main() -> None:
    """Serve, drive the browser, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from relclient.metrics import KPIS
    from relclient.overview import TREND_KPIS

    source, _ = demo_db(args.scale)
    work = Path(tempfile.mkdtemp(prefix="relclient-browser-"))
    db = work / "app.duckdb"
    shutil.copyfile(source, db)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(work / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "relclient.ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env={**os.environ, "RELCLIENT_DB": str(db), "RELCLIENT_INBOX": "off"},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_healthy(url, proc)
        firsts, changes = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                first, change, picked = one_run(browser, url, run + 1, len(KPIS), len(TREND_KPIS))
                firsts.append(first)
                changes.append(change)
                print(f"run {run + 1}: first render {first * 1000:.0f} ms, department → {picked}: {change * 1000:.0f} ms")
            browser.close()
        print(f"scale {args.scale:g}: first render median {statistics.median(firsts) * 1000:.0f} ms (the first "
              f"visitor's, figures not cached: {firsts[0] * 1000:.0f} ms); filter change median "
              f"{statistics.median(changes) * 1000:.0f} ms")
        print(f"first_render_ms={statistics.median(firsts) * 1000:.0f} filter_change_ms={statistics.median(changes) * 1000:.0f}"
              f" first_visitor_ms={firsts[0] * 1000:.0f}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
