"""Every page renders in Chromium without an error, in French; a screenshot of each is kept."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

PAGES = [
    ("", "Vue d'ensemble"),
    ("department?dept=logistics", "Vue service"),
    ("silo-map", "Carte des silos"),
    ("customer-distance", "Distance client"),
    ("internal-customers", "Clients internes"),
    ("details?kpi=complaints", "Détail d'un chiffre"),
    ("customer?customer=CL0000001", "Fiche client"),
    ("glossary", "Glossaire des indicateurs"),
    ("actions", "Tableau des actions transverses"),
    ("action?id=4", "#4 · "),
    ("new-action?from=pair:sales%3Elogistics", "Nouvelle action"),
    ("reviews", "Revues de direction"),
    ("review?id=2", "#2 · Revue de direction"),
]


@pytest.mark.parametrize("path, heading", PAGES)
def test_every_page_renders_without_an_error(app_url, open_page, path, heading):
    sep = "&" if "?" in path else "?"
    page = open_page(f"{app_url}/{path}{sep}from=2025-07-01&to=2025-09-30", "fr-FR")
    page.get_by_role("heading", name=heading).wait_for()
    page.wait_for_load_state("networkidle")
    page.locator('[data-testid="stSpinner"]').wait_for(state="detached")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    name = (path.split("?")[0] or "overview")
    screenshot(page, f"page-{name}-fr.png")
