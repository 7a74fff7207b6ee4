"""Signing in, in Chromium: a wrong password is refused, the right one opens the page asked for."""

from __future__ import annotations

from tests.browser.conftest import screenshot, sign_in


def test_a_wrong_then_a_right_password_opens_the_linked_page(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/glossary", "en-US", user=None)
    page.get_by_role("heading", name="Sign in").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing is shown before signing in
    sign_in(page, "admin@demo.relclient.fr", "not-the-password")
    page.get_by_text("Wrong email or password.").wait_for()
    screenshot(page, "sign-in-refused.png")
    sign_in(page, "admin@demo.relclient.fr", "admin-demo-2025")
    page.get_by_role("heading", name="KPI glossary").wait_for()  # the pasted link survives the sign-in
    page.get_by_text("Signed in: Alice Admin (admin)").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Accounts and audit").count() == 1
    screenshot(page, "signed-in-admin.png")
