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


def test_the_admin_page_lists_accounts_and_the_audit_of_sign_ins(app_url, open_page):
    page = open_page(f"{app_url}/admin", "fr-FR", user="admin@demo.relclient.fr")
    page.get_by_role("heading", name="Comptes et journal").wait_for()
    page.get_by_role("tab", name="Comptes").wait_for()
    screenshot(page, "admin-accounts.png")
    page.get_by_role("tab", name="Journal").click()
    page.locator('[data-testid="stDataFrame"]').last.wait_for()
    screenshot(page, "admin-audit.png")
