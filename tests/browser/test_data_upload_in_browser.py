"""An upload in Chromium: drop a French export, check it, load it, see the report and the history."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot

FILE = ("N° client;Nom;Segment;Région;Date de création;Valeur annuelle\n"
        "WB001;Société Générale d’Essai;PME;Nord;03/01/2024;1 234,50\n"
        "WB002;Durand;PME;Sud;31/02/2024;12\n"
        "WB003;Martin;Grand compte;;05/01/2024;\n").encode("cp1252")


def test_a_french_export_is_checked_then_loaded_with_its_report(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/data", "fr-FR")
    page.get_by_role("heading", name="Chargement de données").wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "clients.csv", "mimeType": "text/csv", "buffer": FILE})
    page.get_by_text("texte cp1252").wait_for()
    page.get_by_role("button", name="Vérifier sans charger").click()
    page.get_by_text("Vérification seule").wait_for()
    page.get_by_text("Aperçu typé").wait_for()
    screenshot(page, "data-check.png")
    page.get_by_role("button", name=re.compile(r"Charger$")).click()  # the icon's name comes first
    page.get_by_text("Chargement n°1 terminé").wait_for()
    assert page.get_by_text("2 ajoutées").count() >= 1
    page.get_by_role("heading", name="Historique des chargements").scroll_into_view_if_needed()
    screenshot(page, "data-loaded.png")
