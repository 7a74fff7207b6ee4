"""Navigation in a real browser: pasted links open their page inside the portal's frame."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from relclient.metrics import KPIS
from tests.browser.conftest import screenshot


def test_a_pasted_link_as_the_first_request_opens_the_page_in_the_frame(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/glossary", "en-US")
    page.get_by_role("heading", name="KPI glossary").wait_for()
    page.get_by_text("English", exact=True).wait_for()  # the frame's language switch is there
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Overview").count() == 1
    screenshot(page, "glossary-en.png")


def test_a_link_with_filters_reproduces_the_view(app_url, open_page):
    page = open_page(f"{app_url}/?from=2025-07-01&to=2025-09-30&dept=logistics", "en-US")
    page.get_by_text("From 1 Jul 2025 to 30 Sep 2025").wait_for()
    dept = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Department")
    expect(dept.locator("input")).to_have_value("Logistics")
    assert page.get_by_text("Page not found").count() == 0


def test_changing_a_filter_updates_the_tiles_and_the_address(app_url, open_page):
    page = open_page(f"{app_url}/?from=2025-07-01&to=2025-09-30", "en-US")
    # The tile labelled exactly so (another tile's help may speak of complaints).
    complaints = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(r"^Complaints$")))
    complaints.wait_for()
    # The page is drawn to its end (the tiles, then the action board's follow-up counts) before
    # the filter is opened: a click during a rerun can land on an element about to be replaced.
    page.wait_for_function(f"document.querySelectorAll('[data-testid=stMetric]').length === {len(KPIS) + 3}")
    before = complaints.locator('[data-testid="stMetricValue"]').inner_text()
    option = page.get_by_role("option", name="Logistics")
    for _ in range(3):
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Department").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()
    expect(page).to_have_url(re.compile(r"dept=logistics"))  # history API, not a navigation
    page.wait_for_function(
        "([before]) => { const t = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(e => e.querySelector('[data-testid=stMetricLabel]').innerText.trim() === 'Complaints'); "
        "return t && !t.innerText.includes(before); }", arg=[before])
    # Streamlit keeps the previous run's tiles on screen until the new run ends: read the one left.
    expect(complaints).to_have_count(1)
    after = complaints.locator('[data-testid="stMetricValue"]').inner_text()
    assert after != before
    screenshot(page, "overview-logistics.png")
