"""Daily use in Chromium: a session survives a reload and a new tab and ends everywhere at sign-out,
a person keeps their language, a lead starts on their department, a pasted link keeps its department."""

from __future__ import annotations

import json
from contextlib import contextmanager
import urllib.error
import urllib.request

from tests.browser.conftest import DEMO_PASSWORDS, screenshot, settle, sign_in, wait_for_session_cookie

LEAD = "responsable.sc@demo.relclient.fr"
NAV_OR_FORM = '[data-testid="stSidebarNav"], input[type="password"]'


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(NAV_OR_FORM)
    settle(page)


def _signed_in(page) -> bool:
    return page.locator('[data-testid="stSidebarNav"]').count() == 1


@contextmanager
def _tab(browser, locale: str = "fr-FR"):
    """A new browser (its own cookies) and a first tab in it; closed afterwards."""
    ctx = browser.new_context(locale=locale, viewport={"width": 1440, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        yield ctx, page
    finally:
        ctx.close()


def _post(url: str, body: bytes, content_type: str = "application/json") -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_session_survives_reloads_and_new_tabs_keeps_its_language_and_ends_everywhere(fresh_app_url, browser):
    with _tab(browser) as (ctx, page):
        _open(page, fresh_app_url)
        sign_in(page, LEAD)
        page.locator('[data-testid="stSidebarNav"]').wait_for()
        settle(page)
        # The cookie the browser claimed: HttpOnly (no script reads it), SameSite=Lax, for the whole site.
        assert wait_for_session_cookie(page)
        cookie = next(c for c in ctx.cookies() if c["name"] == "relclient_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert cookie["value"] not in page.url and "relclient_session" not in page.evaluate("document.cookie")

        page.get_by_text("English", exact=True).click()  # a preference of the person, not of the tab
        settle(page)
        page.reload()
        page.wait_for_selector(NAV_OR_FORM)
        settle(page)
        assert _signed_in(page) and page.get_by_role("heading", name="Department view").count() == 1
        other = ctx.new_page()
        _open(other, f"{fresh_app_url}/actions")
        assert _signed_in(other) and other.get_by_role("heading", name="Cross-team action board").count() == 1
        screenshot(other, "daily-new-tab-en.png")

        page.get_by_role("button", name="Sign out").click()
        settle(page)
        assert page.get_by_role("heading", name="Sign in").count() == 1
        other.reload()
        other.wait_for_selector(NAV_OR_FORM)
        assert not _signed_in(other)  # signed out in one tab: signed out in every tab
        assert "relclient_session" not in [c["name"] for c in ctx.cookies()]

    # A French browser, the next day: the person's English comes back with the sign-in.
    with _tab(browser) as (_ctx, page):
        _open(page, fresh_app_url)
        assert page.get_by_role("heading", name="Connexion").count() == 1
        sign_in(page, LEAD)
        page.get_by_role("heading", name="Department view").wait_for()

    # The cookie's route: only a valid one-time code, in a JSON body, gets a cookie.
    assert _post(f"{fresh_app_url}/api/session", json.dumps({"claim": "made-up"}).encode()) == 403
    assert _post(f"{fresh_app_url}/api/session", b"claim=x", "application/x-www-form-urlencoded") == 400
    assert _post(f"{fresh_app_url}/api/session", b"{not json") == 400


def test_a_lead_starts_on_their_department_and_a_pasted_link_keeps_its_department(app_url, browser):
    with _tab(browser) as (_ctx, page):
        _open(page, app_url)
        sign_in(page, LEAD)
        page.get_by_role("heading", name="Vue service").wait_for()
        settle(page)
        assert "dept=customer_service" in page.url
        assert page.get_by_role("heading", name="Service clients — Ses indicateurs").count() == 1
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Pour moi ·").count() == 1  # the badge
        screenshot(page, "daily-lead-start-fr.png")

    with _tab(browser) as (_ctx, page):
        _open(page, f"{app_url}/department?dept=logistics")
        sign_in(page, "direction@demo.relclient.fr", DEMO_PASSWORDS["direction@demo.relclient.fr"])
        page.get_by_role("heading", name="Logistique — Ses indicateurs").wait_for()
        assert "dept=logistics" in page.url
