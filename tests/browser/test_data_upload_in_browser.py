"""An upload in Chromium: the customer-service lead drops a French export, checks it, loads it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot

LEAD = "responsable.sc@demo.relclient.fr"  # customer service stewards the tickets
FILE = ("N° ticket;N° client;Ouvert le;Canal;Réclamation;Service;Résolu le\n"
        "WB-1;CL0000001;03/02/2025 09:15;Téléphone;oui;Logistique;04/02/2025 10:00\n"
        "WB-2;CL0000002;31/02/2025 10:00;E-mail;non;Service clients;\n"
        "WB-3;CL0000003;05/02/2025 11:00;Site web;non;it;05/02/2025 09:00\n"
        "WB-4;CL0000004;06/02/2025 08:30;Magasin;oui;production;\n").encode("cp1252")


def test_a_french_export_is_checked_then_loaded_with_its_report(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/data", "fr-FR", user=LEAD)
    page.get_by_role("heading", name="Chargement de données").wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Jeu de données").click()
    page.get_by_role("option", name="Tickets", exact=True).click()
    page.get_by_text("Contrat du jeu « Tickets »").wait_for()
    # The customers' upload box lingers, marked stale, until the rerun ends: use the fresh one.
    fresh = page.locator('[data-stale="false"] [data-testid="stFileUploader"] input[type="file"]')
    expect(fresh).to_have_count(1)
    fresh.set_input_files(
        {"name": "tickets.csv", "mimeType": "text/csv", "buffer": FILE})
    page.get_by_text("texte cp1252").wait_for()
    page.get_by_role("button", name="Vérifier sans charger").click()
    page.get_by_text("Vérification seule").wait_for()
    page.get_by_text("Aperçu typé").wait_for()
    screenshot(page, "data-check.png")
    page.get_by_role("button", name=re.compile(r"Charger$")).click()  # the icon's name comes first
    page.get_by_text("Chargement n°1 terminé").wait_for()
    assert page.get_by_text("2 ajoutées").count() >= 1  # WB-2 (31/02) and WB-3 (resolved before opened) rejected
    page.get_by_role("heading", name="Historique des chargements").scroll_into_view_if_needed()
    screenshot(page, "data-loaded.png")


COMPLAINTS = ("Ticket #,Customer Complaint,Date,Time,Received Via,Status\n"
              "250635,Internet speeds,22-04-25,3:53:50 PM,Customer Care Call,Closed\n"
              "223441,Payment disappeared,04-08-25,10:22:56 AM,Internet,Open\n").encode("utf-8")


def test_a_real_complaints_export_shows_what_was_found_and_what_is_missing_in_both_languages(fresh_app_url,
                                                                                              open_page):
    for locale, lang, missing in (("en-US", "en", "Required columns still without a source"),
                                  ("fr-FR", "fr", "Colonnes obligatoires encore sans source")):
        page = open_page(f"{fresh_app_url}/data", locale, user=LEAD)
        page.locator('[data-testid="stSelectbox"]').filter(has_text=re.compile("Dataset|Jeu de données")).click()
        page.get_by_role("option", name="Tickets", exact=True).click()
        # The tickets' uploader, once the rerun that draws it is over (the customers' one lingers).
        page.get_by_text(re.compile(r"(Contrat du jeu « Tickets »|The 'Tickets' contract)")).wait_for()
        fresh = page.locator('[data-stale="false"] [data-testid="stFileUploader"] input[type="file"]')
        expect(fresh).to_have_count(1)
        fresh.set_input_files({"name": "complaints.csv", "mimeType": "text/csv", "buffer": COMPLAINTS})
        warning = page.get_by_text(missing)
        warning.wait_for()
        expect(warning).to_contain_text("customer_id, is_complaint, owner_dept")
        # The automatic check says the same, as an error that names the dataset.
        expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("customer_id, is_complaint")
        screenshot(page, f"data-suggested-{lang}.png")


HOSTILE = '**gras** <img src=x id=pwned>'
HOSTILE_FILE = (f"ticket_id,{HOSTILE},{HOSTILE},opened_at\n"
                "T1,a,b,2025-02-03 10:00\nT2,c\rd,e,2025-02-04 10:00\n").encode("utf-8")


def test_a_files_hostile_headers_are_shown_as_text_in_its_notes(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/data", "fr-FR", user=LEAD)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Jeu de données").click()
    page.get_by_role("option", name="Tickets", exact=True).click()
    page.get_by_text("Contrat du jeu « Tickets »").wait_for()
    fresh = page.locator('[data-stale="false"] [data-testid="stFileUploader"] input[type="file"]')
    expect(fresh).to_have_count(1)
    fresh.set_input_files({"name": "evil.csv", "mimeType": "text/csv", "buffer": HOSTILE_FILE})
    # The same header twice and a bare CR: both notes name what the file wrote, as text.
    note = page.get_by_text("est donné à plusieurs colonnes")
    note.wait_for()
    expect(note).to_contain_text(HOSTILE)
    page.get_by_text("retour(s) chariot isolé(s)").wait_for()
    assert page.locator("#pwned").count() == 0 and page.locator("strong", has_text="gras").count() == 0
    screenshot(page, "data-hostile-headers.png")
