"""The voice of the customer in Chromium: from a theme to an action pre-filled with its figures and
verbatims, and a department lead recording a call-back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, settle, wait_for_session_cookie

QUARTER = "from=2025-10-01&to=2025-12-31"


def test_a_theme_becomes_an_action_pre_filled_with_its_figures_and_verbatims(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/voice?{QUARTER}", "fr-FR")
    page.get_by_role("heading", name="Voix du client").wait_for()
    wait_for_session_cookie(page)  # the sign-in's last rerun is over: the tabs keep what is chosen
    settle(page)
    page.get_by_text("verbatims dans la période").first.wait_for()
    screenshot(page, "voice-themes-fr.png")
    page.get_by_role("tab", name="Verbatims").click()
    page.get_by_label("Rechercher dans les verbatims").fill("RETARDS")
    page.get_by_label("Rechercher dans les verbatims").press("Enter")
    settle(page)
    page.get_by_role("tab", name="Verbatims").click()  # already chosen: nothing changes
    page.get_by_text(re.compile(r"^\d+ verbatims, les plus récents d'abord")).wait_for()
    screenshot(page, "voice-verbatims-fr.png")

    page.get_by_role("tab", name="Thèmes", exact=True).click()
    picker = page.get_by_label("Agir sur un thème")
    picker.click()
    page.get_by_role("option", name=re.compile(r"^Retard de livraison \(")).click()
    settle(page)
    page.get_by_role("button", name="Créer une action sur ce thème").click()
    expect(page).to_have_url(re.compile(r"/new-action\?from=theme(:|%3A)delivery_delay"), timeout=15_000)
    page.get_by_role("heading", name="Nouvelle action").wait_for()
    expect(page.get_by_label("Titre")).to_have_value(re.compile(r"^Thème « Retard de livraison » : \d+ verbatims à traiter$"))
    expect(page.get_by_label("Problème client")).to_have_value(re.compile(r"NPS de ces clients : .*\(n = \d+\)"))
    page.get_by_text("le thème « Retard de livraison » du 01/10/2025 au").wait_for()
    screenshot(page, "voice-action-from-theme-fr.png")
    page.get_by_role("button", name="Créer l'action").click()
    heading = page.get_by_role("heading", name=re.compile(r"^#\d+ · Thème « Retard de livraison »"))
    heading.wait_for()


def test_a_department_lead_records_a_call_back_and_it_leaves_the_list(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/voice?{QUARTER}&dept=customer_service", "en-GB",
                     user="responsable.sc@demo.relclient.fr")
    page.get_by_role("heading", name="Voice of the customer").wait_for()
    wait_for_session_cookie(page)
    settle(page)
    page.get_by_role("tab", name="Call-backs").click()
    settle(page)
    counts = page.get_by_text(re.compile(r"to call, \d+ of them overdue"))
    before = int(re.match(r"(\d+) to call", counts.inner_text()).group(1))
    assert before > 0
    screenshot(page, "voice-callbacks-en.png")
    page.get_by_label("Note").fill("Called: apologised, new delivery date given")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"^Call-back of customer CL\d+ recorded: Called\.$")).wait_for()
    settle(page)
    after = int(re.match(r"(\d+) to call", page.get_by_text(re.compile(r"to call, \d+ of them overdue")).inner_text()).group(1))
    assert after == before - 1
    screenshot(page, "voice-callback-recorded-en.png")
