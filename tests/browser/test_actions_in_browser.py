"""The closed loop in Chromium: a detractor's answer becomes an action, the action moves across
the board, and its history says so."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

# The grid draws on a canvas: a row's selection box sits in its first column, below the header.
HEADER_HEIGHT, ROW_HEIGHT, MARKER_X = 36, 35, 18


def test_an_action_opened_from_a_detractor_moves_across_the_board_and_its_history_says_so(app_url, open_page):
    page = open_page(f"{app_url}/department?from=2025-10-01&to=2025-12-31&dept=logistics", "en-US")
    page.get_by_text("Tick a row to open an action pre-filled from it.").first.wait_for()
    grid = page.locator('[data-stale="false"] [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the grid paints its rows after the frame appears
    box = grid.bounding_box()
    page.mouse.click(box["x"] + MARKER_X, box["y"] + HEADER_HEIGHT + ROW_HEIGHT / 2)

    # Streamlit changes the address with the history API: poll it.
    expect(page).to_have_url(re.compile(r"/new-action\?from=response"), timeout=15_000)
    page.get_by_role("heading", name="New action").wait_for()
    title = page.get_by_label("Title")
    expect(title).to_have_value(re.compile(r"^(NPS|CSAT|CES) \d+/\d+"))
    screenshot(page, "action-new-from-detractor.png")
    page.get_by_role("button", name="Create the action").click()

    heading = page.get_by_role("heading", name=re.compile(r"^#\d+ · "))
    heading.wait_for()
    action_id = re.match(r"#(\d+)", heading.inner_text()).group(1)
    expect(page).to_have_url(re.compile(rf"/action\?id={action_id}"))
    page.get_by_text(f"Action #{action_id} created.").wait_for()

    page.locator('[data-testid="stSidebarNav"] a[href$="/actions"]').click()
    page.get_by_role("heading", name="Cross-team action board").wait_for()
    move = page.locator(f".st-key-move-{action_id}-todo button")
    move.first.wait_for()
    page.wait_for_timeout(1500)  # the board's filters settle in a second run; click on the final one
    move.first.click()
    page.get_by_text(f"Action #{action_id} moved to 'To do'.").wait_for()
    screenshot(page, "action-board-after-move.png")

    page.wait_for_timeout(1000)
    page.locator(f'.st-key-card-{action_id} [data-testid="stPageLink"] a').first.click()
    page.get_by_role("heading", name=re.compile(rf"^#{action_id} · ")).wait_for()
    page.get_by_role("tab", name=re.compile(r"^History")).click()
    page.get_by_text("Status: Proposed → To do").wait_for()
    screenshot(page, "action-history.png")
