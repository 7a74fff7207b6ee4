"""A management review in Chromium: open the draft, walk its sections, hold the meeting, close it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot


def test_a_review_is_walked_through_section_by_section_then_held_and_closed(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/reviews", "en-US")
    page.get_by_role("heading", name="Management reviews").wait_for()
    draft = page.locator('[data-testid="stPageLink"] a').filter(has_text=re.compile(r"Revue de direction T4 2025"))
    draft.click()
    page.get_by_role("heading", name=re.compile(r"^#4 · Revue de direction T4 2025")).wait_for()
    expect(page).to_have_url(re.compile(r"/review\?id=4"))

    # The demo's data stops on 3 December: every section says the quarter is computed to date.
    to_date = "Period still running: figures to date, up to 3 Dec 2025 (64 of 92 days)"
    for section in ("Customer satisfaction and feedback", "Process performance", "Nonconformities and corrective"):
        page.get_by_role("button", name=re.compile(r"^Next section: ")).click()
        page.get_by_role("heading", name=re.compile(section)).wait_for()
        page.get_by_text(to_date).wait_for()
    page.locator('[data-testid="stMetric"]').first.wait_for()
    page.get_by_text(re.compile(r"^n = [\d,]+ \(before: [\d,]+\)$")).first.wait_for()
    screenshot(page, "review-section.png")

    page.get_by_role("radio", name="Meeting", exact=True).click()  # the section picker's last choice
    page.get_by_role("button", name="The meeting took place").click()
    page.get_by_text("Review held: it can be closed.").wait_for()
    close = page.get_by_role("button", name="Close and freeze the review")
    expect(close).to_be_disabled()  # the quarter is not over: closing needs saying so
    page.get_by_text(re.compile(r"^The period is not over \(data up to 3 Dec 2025, 64 of 92 days\)")).click()
    expect(close).to_be_enabled()
    close.click()
    page.get_by_text("Review closed (closing #1): its record is frozen.").wait_for(timeout=60_000)
    page.get_by_text("Record frozen when the review was closed").first.wait_for()
    page.get_by_text(re.compile(r"^Closed before its period ended: figures to date of 3 Dec 2025")).wait_for()
    screenshot(page, "review-closed.png")


# The grid draws on a canvas: a row's selection box sits in its first column, below the header.
HEADER_HEIGHT, ROW_HEIGHT, MARKER_X = 36, 35, 18


def test_an_opportunity_of_the_draft_opens_a_pre_filled_action(app_url, open_page):
    page = open_page(f"{app_url}/review?id=4", "fr-FR")
    page.get_by_role("heading", name=re.compile(r"^#4 · Revue de direction T4 2025")).wait_for()
    page.get_by_role("radio", name="Opportunités d'amélioration", exact=True).click()
    page.get_by_text("Proposées à partir des données").wait_for()
    page.get_by_text("Période en cours : chiffres à date, jusqu'au 03/12/2025 (64 j sur 92)").wait_for()
    grid = page.locator('[data-stale="false"] [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the grid paints its rows after the frame appears
    screenshot(page, "review-opportunities-fr.png")
    box = grid.bounding_box()
    page.mouse.click(box["x"] + MARKER_X, box["y"] + HEADER_HEIGHT + ROW_HEIGHT / 2)
    # The biggest opportunity opens the new-action page, pre-filled from the figures behind it.
    expect(page).to_have_url(re.compile(r"/new-action\?from=(kpi|detractors|channel|ticket|pair)"), timeout=15_000)
    page.get_by_role("heading", name="Nouvelle action").wait_for()
    expect(page.get_by_label("Titre")).not_to_have_value("")
    screenshot(page, "review-opportunity-action-fr.png")
