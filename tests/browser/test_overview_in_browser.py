"""The Overview in a real browser: tiles with numbers, in the browser's language."""

from __future__ import annotations

import re

from relclient.metrics import KPIS
from tests.browser.conftest import screenshot

TILE = '[data-testid="stMetric"]'


def test_the_overview_shows_every_kpi_tile_with_a_number(app_url, open_page):
    page = open_page(app_url, "en-US")
    page.wait_for_selector(TILE)
    # The KPI tiles, then the three follow-up counts of the action board.
    page.wait_for_function(f"document.querySelectorAll('{TILE}').length === {len(KPIS) + 3}")
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert len(values) == len(KPIS) + 3
    assert all(re.search(r"\d", v) for v in values), values
    assert page.get_by_role("heading", name="Overview").is_visible()
    # The demo's data stops mid-quarter: the quarter is computed to date, against as many days before.
    page.get_by_text("to date: 64 of 92 days (data up to 3 Dec 2025), compared with the 64 days before").wait_for()
    assert page.get_by_text(re.compile(r"^n = [\d,]+ \(before: [\d,]+\)")).count() == len(KPIS)
    assert screenshot(page, "overview-en.png").stat().st_size > 10_000


def test_a_french_browser_gets_the_page_in_french(app_url, open_page):
    page = open_page(app_url, "fr-FR")
    page.wait_for_selector(TILE)
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    page.get_by_text("Réclamations", exact=True).wait_for()
    page.get_by_text("à date : 64 j sur 92").wait_for()
    page.get_by_text("dans le bruit").first.wait_for()
    screenshot(page, "overview-fr.png")


def test_the_language_switch_translates_the_page(fresh_app_url, open_page):
    # Its own server: the choice becomes the person's (kept with the account), which would turn the
    # shared server's later French-browser pages English.
    page = open_page(fresh_app_url, "fr-FR")
    page.wait_for_selector(TILE)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Overview").wait_for()
    page.get_by_text("Complaints", exact=True).wait_for()  # raises if the tile never turns English


def test_hovering_a_tile_shows_the_kpi_definition(app_url, open_page):
    page = open_page(app_url, "en-US")
    page.wait_for_selector(TILE)
    tile = page.locator(TILE).filter(has_text="Complaints")
    tile.locator('[data-testid="stTooltipHoverTarget"]').hover()
    page.get_by_text("flagged as complaints").wait_for()
    screenshot(page, "overview-tooltip.png")
