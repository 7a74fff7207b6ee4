"""Every page in Chromium, in French and in English, as an admin (leadership and more): it renders
without an error, shows no raw code, None, nan, NaT or ISO date, and its English no French word
of the interface's catalogue; a screenshot of each, in each language, is kept."""

from __future__ import annotations

import pytest

from relclient.store import Store
from tests.browser.conftest import goto, screenshot, settle, sign_in, wait_for_session_cookie
from tests.browser.language import (SHOWN_IN_FRENCH_ON_PURPOSE, VISIBLE_TEXT, french_only_words, french_words_in,
                                    raw_tokens, without, written_texts)

PAGES = ["", "for-me", "department?dept=logistics", "silo-map", "customer-distance", "voice", "internal-customers",
         "details?kpi=complaints", "customer?customer=CL0000001", "glossary", "actions", "action?id=4",
         "new-action?from=pair:sales%3Elogistics", "reviews", "review?id=2", "data", "admin"]
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_reads_in_its_language_only(fresh_app_url, demo_db, browser, lang):
    store = Store(demo_db, read_only=True)
    try:
        written = written_texts(store)  # the app's file is a copy of this one
    finally:
        store.close()
    vocabulary = french_only_words() - SHOWN_IN_FRENCH_ON_PURPOSE
    ctx = browser.new_context(locale=LOCALES[lang], viewport={"width": 1440, "height": 1000})
    findings = []
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(fresh_app_url)
        page.wait_for_selector('input[type="password"]')
        sign_in(page, "admin@demo.relclient.fr")
        page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=90_000)  # a new server's first run
        wait_for_session_cookie(page)  # the pages below are opened by address: they need it
        for path in PAGES:
            goto(page, f"{fresh_app_url}/{path}", "admin@demo.relclient.fr")
            settle(page, 500)
            page.locator('[data-testid="stSpinner"]').wait_for(state="detached")
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert page.get_by_text("Page not found").count() == 0, path
            assert page.locator("h1").count() >= 1, path
            text = page.evaluate(VISIBLE_TEXT)
            name = path.split("?")[0] or "overview"
            found = raw_tokens(text) + (french_words_in(without(text, written), vocabulary) if lang == "en" else [])
            findings += [f"{name}: {f}" for f in found]
            screenshot(page, f"page-{name}-{lang}.png")
    finally:
        ctx.close()
    assert findings == [], "\n".join(findings)
