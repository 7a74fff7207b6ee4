"""relclient's frame: page config, navigation by section, the shared sidebar, then the page."""

import logging
import os
from datetime import datetime

import streamlit as st

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

# "For me" first, with what needs the person counted in its menu entry.
waiting = load_for_me(user).count if user is not None and accounts_enabled() else 0
pages = {
    t("page.for_me", lang): [
        st.Page("pages/me/for_me.py", title=t("page.for_me_count", lang, n=waiting) if waiting else t("page.for_me", lang),
                icon=":material/notifications:", url_path="for-me"),
    ],
    t("nav.dashboards", lang): [
        # The default page lives at "/" (Streamlit ignores a url_path on it): links to the
        # Overview are "/?from=…&to=…".
        st.Page("pages/dashboards/overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
                default=True),
        st.Page("pages/dashboards/department.py", title=t("page.department", lang), icon=":material/groups:",
                url_path="department"),
        st.Page("pages/dashboards/silo_map.py", title=t("page.silo", lang), icon=":material/account_tree:",
                url_path="silo-map"),
        st.Page("pages/dashboards/customer_distance.py", title=t("page.distance", lang),
                icon=":material/social_distance:", url_path="customer-distance"),
        st.Page("pages/dashboards/voice.py", title=t("page.voice", lang), icon=":material/record_voice_over:",
                url_path="voice"),
        st.Page("pages/dashboards/internal_customers.py", title=t("page.internal", lang),
                icon=":material/handshake:", url_path="internal-customers"),
        st.Page("pages/dashboards/details.py", title=t("page.details", lang), icon=":material/table_rows:",
                url_path="details"),
        st.Page("pages/dashboards/customer.py", title=t("page.customer", lang), icon=":material/person:",
                url_path="customer"),
        st.Page("pages/dashboards/glossary.py", title=t("page.glossary", lang), icon=":material/menu_book:",
                url_path="glossary"),
    ],
    t("nav.actions", lang): [
        st.Page("pages/actions/board.py", title=t("page.board", lang), icon=":material/view_kanban:",
                url_path="actions"),
        # One action's page opens from a card or a link (it needs the action's number): not in the menu.
        st.Page("pages/actions/action.py", title=t("page.action", lang), icon=":material/task_alt:",
                url_path="action", visibility="hidden"),
        st.Page("pages/actions/new.py", title=t("page.new_action", lang), icon=":material/add_task:",
                url_path="new-action"),
    ],
    t("nav.reviews", lang): [
        st.Page("pages/reviews/reviews.py", title=t("page.reviews", lang), icon=":material/event_note:",
                url_path="reviews"),
        st.Page("pages/reviews/review.py", title=t("page.review", lang), icon=":material/event_available:",
                url_path="review", visibility="hidden"),
    ],
    t("nav.data", lang): [
        st.Page("pages/data/uploads.py", title=t("page.data", lang), icon=":material/upload_file:", url_path="data"),
    ],
}
# Admins see the Admin section; signed out, it is declared too so that an admin's pasted link
# survives the sign-in. The page checks the role again: the menu only hides it.
if user is None or user.at_least("admin"):
    pages[t("nav.admin", lang)] = [st.Page("pages/admin/admin.py", title=t("page.admin", lang),
                                           icon=":material/admin_panel_settings:", url_path="admin")]
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
