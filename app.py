"""relclient's frame: page config, navigation by section, the shared sidebar, then the page."""

import logging
import os
from datetime import datetime

import streamlit as st

from relclient.addresses import PAGES
from relclient.i18n import t
from relclient.store import NoDatabase, StoreError, db_path_from_env
from relclient.auth import LOOPBACK, accounts_enabled
from relclient.ui.auth import (account_box, claim_cookie, first_password_page, land, pending_page,
                               remember_language, sign_in_page, signed_in_user)
from relclient.ui.data import forget_if_changed_elsewhere, get_store
from relclient.ui.filters import PAGE_KEY
from relclient.ui.for_me import for_me_sidebar, load_for_me
from relclient.ui.i18n import current_language, language_switch
from relclient.ui.widgets import plain

st.set_page_config(page_title="relclient", page_icon=":material/handshake:", layout="wide")

lang = current_language()  # already holds a new choice from the switch below: widgets update state first
try:
    get_store()  # opens the database and applies pending migrations once per process
except NoDatabase as exc:  # a mistyped RELCLIENT_DB: said, never created empty
    st.error(t("error.no_database", lang, name=plain(exc.missing.name)))
    st.stop()
except StoreError as exc:
    st.error(t("error.database", lang, detail=plain(exc)))
    st.stop()
user = signed_in_user()  # a reload or a new tab finds its session through the cookie
lang = current_language()  # the person's own language, once known
st.sidebar.markdown(f"### {t('app.title', lang)}")
st.sidebar.caption(t("app.tagline", lang))
language_switch(remember_language)
if not accounts_enabled():
    # One person on their own machine: never served to the network, and said on every page.
    if st.get_option("server.address") not in LOOPBACK:
        st.error(t("auth.off_exposed", lang))
        st.stop()
    st.error(t("auth.off_banner", lang), icon=":material/lock_open:")

# The menu, section by section in the registry's order; "For me" counts what needs the person.
waiting = load_for_me(user).count if user is not None and accounts_enabled() else 0
pages: dict[str, list[st.Page]] = {}
for entry in PAGES:
    # A page kept for a role (Admin) is declared signed out too, so that a pasted link survives the
    # sign-in. The page checks the role again: the menu only hides it.
    if entry.min_role is not None and user is not None and not user.at_least(entry.min_role):
        continue
    counted = entry.count_title_key is not None and waiting
    title = t(entry.count_title_key, lang, n=waiting) if counted else t(entry.title_key, lang)
    # The default page lives at "/" (Streamlit ignores a url_path on it): links to the Overview
    # are "/?from=…&to=…".
    pages.setdefault(t(entry.section_key, lang), []).append(
        st.Page(entry.script, title=title, icon=entry.icon, url_path=entry.url_path or None, default=entry.default,
                visibility="visible" if entry.in_menu else "hidden"))
# Signed out, the pages are still declared (hidden), so that a pasted link keeps its address
# through the sign-in and opens once signed in; none of them runs.
# Expanded: every section stays in sight (collapsed, Streamlit hides the pages past the tenth).
# Signed out, waiting for approval or for one's own password: no menu.
gated = user is None or user.status == "pending" or user.must_change_password
page = st.navigation(pages, position="hidden" if gated else "sidebar", expanded=True)
if user is None:
    sign_in_page(lang)
    st.stop()
if user.status == "pending":  # single sign-on, not yet approved: no data
    pending_page(user, lang)
    st.stop()
if user.must_change_password:  # an admin chose it: the account chooses its own first
    first_password_page(user, lang)
    st.stop()
land(user, page)  # a visit's first page, when no address chose one: the person's start page
claim_cookie()  # right after signing in (and landing): the browser's cookie, for reloads and new tabs
st.session_state[PAGE_KEY] = page.url_path  # the filters know when the reader changed page
forget_if_changed_elsewhere()  # the CLI, the inbox or another app process may have written
try:
    with get_store().hold():  # one turn at the shared file for the whole page, not one per query
        page.run()
except Exception:  # a visitor never sees a traceback: the operator reads it in the server's log
    logging.getLogger("relclient").exception("page %r failed", page.url_path)
    if os.environ.get("RELCLIENT_RAISE_ERRORS") == "1":  # the test suite wants to see it
        raise
    st.error(t("error.unexpected", lang, at=datetime.now().strftime("%H:%M:%S")))
if accounts_enabled():  # one person on their own machine has no "me" to tell things to
    for_me_sidebar(user, lang)
account_box(user, lang)  # below the page's filters: who is signed in, sign-out, password
# Last in the sidebar, and only the file's name: which database this is, for whoever asks.
st.sidebar.caption(t("sidebar.database", lang, path=db_path_from_env().name))
