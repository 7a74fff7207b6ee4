"""Sign-in, the session, and who is acting: the only place the interface learns the user."""

from __future__ import annotations

import json

import streamlit as st

from relclient.addresses import script
from relclient.auth import LOCAL_USER, START_PAGES, AuthError, User, accounts_enabled, set_preferences, start_page
from relclient.i18n import t
from relclient.problems import Problem
from relclient.sessions import COOKIE, end_session, resume_session, session_user, start_session
from relclient.sign_in import Identity, authenticate, change_password, sso_user
from relclient.ui.data import get_store
from relclient.ui.i18n import prefer_language
from relclient.ui.widgets import plain

SESSION_KEY = "auth_session"  # the id of this visitor's row in the sessions table
CLAIM_KEY = "auth_claim"  # a one-time code the browser has yet to trade for its cookie
CURRENT_KEY = "auth_current"
NOTICE_KEY = "auth_notice"  # the catalogue key of what the sign-in page says first
LANDED_KEY = "auth_landed"  # the start page has been chosen for this visit
FORGET_KEY = "auth_forget"  # signed out: the browser's cookie is to be dropped


def sso_configured() -> bool:
    """Whether .streamlit/secrets.toml configures an identity provider ([auth])."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def source_address() -> str | None:
    """The address the visitor's request comes from (sign-ins are throttled per address too)."""
    try:
        return st.context.ip_address
    except Exception:  # no request behind this run (AppTest, a bare script run)
        return None


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no request behind this run (AppTest, a bare script run)
        return None
    return value if isinstance(value, str) else None


def begin_session(user: User) -> None:
    """Open a session for a user who has just signed in, and queue the browser's cookie claim."""
    started = start_session(get_store(), user)
    st.session_state[SESSION_KEY] = started.id
    st.session_state[CLAIM_KEY] = started.claim
    st.session_state.pop(LANDED_KEY, None)
    if user.lang:
        prefer_language(user.lang)


def sign_out(notice: str | None = None) -> None:
    """End this session, in every tab that shares it (and say why on the sign-in page)."""
    session_id = st.session_state.pop(SESSION_KEY, None)
    if session_id:
        end_session(get_store(), session_id)
    for key in (CURRENT_KEY, CLAIM_KEY, LANDED_KEY):
        st.session_state.pop(key, None)
    st.session_state[FORGET_KEY] = True  # the sign-in page has the browser drop its cookie
    if notice:
        st.session_state[NOTICE_KEY] = f"signin.notice.{notice}"


def signed_in_user() -> User | None:
    """The user of this session, checked against the database on every run; None to sign in.
    A new tab or a reload finds its session through the browser's cookie."""
    if not accounts_enabled():
        return LOCAL_USER
    store = get_store()
    if SESSION_KEY not in st.session_state:
        resumed = resume_session(store, _cookie())
        if resumed:
            st.session_state[SESSION_KEY] = resumed
            user, _ended = session_user(store, resumed)
            if user is not None and user.lang:
                prefer_language(user.lang)
    if SESSION_KEY not in st.session_state and sso_configured() and st.user.is_logged_in:
        try:
            begin_session(sso_user(store, Identity.from_claims(st.user.to_dict()),
                                   st.secrets.get("relclient", {}).get("sso_unknown", "pending")))
        except AuthError as exc:
            st.session_state[NOTICE_KEY] = f"auth.error.{exc.key}"
            st.logout()
    session_id = st.session_state.get(SESSION_KEY)
    if not session_id:
        return None
    user, ended = session_user(store, session_id)  # the role as it is now, not as it was at sign-in
    if user is None:
        sign_out(ended)
        if sso_configured() and st.user.is_logged_in:
            st.logout()  # else the provider's cookie would sign the visitor straight back in
        return None
    st.session_state[CURRENT_KEY] = user
    return user


# The browser trades the one-time code for its HttpOnly cookie (relclient.ui.routes): in a request's
# body, never in the address. The code is spent at once and lives two minutes.
_CLAIM_JS = """<script>
fetch(window.location.origin + "/api/session", {method: "POST", credentials: "same-origin",
  headers: {"Content-Type": "application/json"}, body: %s});
</script>"""


def land(user: User, page: st.navigation) -> None:
    """On a visit's first page, when the address chose none (the portal's root, nothing after it),
    go to the person's start page: their department for a member or a lead, the Overview for
    leadership, or the page they chose."""
    if st.session_state.get(LANDED_KEY) or not accounts_enabled():
        return
    st.session_state[LANDED_KEY] = True
    if page.url_path or st.query_params:  # a pasted link or a page already chosen: keep it
        return
    start = start_page(user)
    if start == "overview":
        return
    st.switch_page(script(start), query_params={"dept": user.dept} if start == "department" else None)


def remember_language(lang: str) -> None:
    """Keep a signed-in person's language choice for their next visits."""
    user = st.session_state.get(CURRENT_KEY)
    if user is not None and accounts_enabled():
        set_preferences(get_store(), user, lang=lang)


def choose_start_page(user: User, lang: str) -> None:
    """The person's own start page (on the For-me page)."""
    options = list(START_PAGES)
    current = start_page(user)
    chosen = st.selectbox(t("account.start_page", lang), options, index=options.index(current),
                                  format_func=lambda code: t(f"start.{code}", lang), key="start_page_choice")
    if chosen != current:
        set_preferences(get_store(), user, start=chosen)
        st.toast(t("account.start_saved", lang, page=t(f"start.{chosen}", lang)), icon=":material/check:")


def claim_cookie() -> None:
    """Have the browser claim its session cookie, once, right after signing in."""
    claim = st.session_state.pop(CLAIM_KEY, None)
    if claim:
        st.html(_CLAIM_JS % json.dumps(json.dumps({"claim": claim})), unsafe_allow_javascript=True)


_FORGET_JS = """<script>
fetch(window.location.origin + "/api/session", {method: "DELETE", credentials: "same-origin"});
</script>"""


def acting_user() -> User:
    """The user the page acts for (app.py has signed them in before any page runs)."""
    return st.session_state.get(CURRENT_KEY) or LOCAL_USER


def sign_in_page(lang: str) -> None:
    """The sign-in form (and the single sign-on button when configured)."""
    st.title(t("signin.title", lang))
    st.caption(t("signin.intro", lang))
    if st.session_state.pop(FORGET_KEY, False):
        st.html(_FORGET_JS, unsafe_allow_javascript=True)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(t(notice, lang))
    store = get_store()
    if store.fetch_one("SELECT count(*) FROM users")[0] == 0:
        st.info(t("signin.no_accounts", lang))
    with st.form("signin"):
        email = st.text_input(t("signin.email", lang), key="signin_email")
        password = st.text_input(t("signin.password", lang), type="password", key="signin_password")
        if st.form_submit_button(t("signin.submit", lang), type="primary", icon=":material/login:"):
            try:
                user = authenticate(store, email, password)
            except Problem as exc:
                st.error(plain(exc.message(lang)))
            else:
                begin_session(user)
                st.rerun()
    if sso_configured():
        st.button(t("signin.sso", lang), on_click=st.login, icon=":material/key:")


def pending_page(user: User, lang: str) -> None:
    """What an account waiting for an admin's approval sees: no data, and who to ask."""
    st.title(t("pending.title", lang))
    st.info(t("pending.body", lang, email=plain(user.email)))
    if st.button(t("account.sign_out", lang), icon=":material/logout:", key="pending_sign_out"):
        sign_out()
        if sso_configured() and st.user.is_logged_in:
            st.logout()
        st.rerun()


def first_password_page(user: User, lang: str) -> None:
    """An account an admin created chooses its own password before anything else."""
    st.title(t("first_password.title", lang))
    st.info(t("first_password.body", lang))
    with st.form("first_password"):
        old = st.text_input(t("first_password.given", lang), type="password")
        new = st.text_input(t("account.new", lang), type="password", help=t("password.rules", lang))
        again = st.text_input(t("first_password.again", lang), type="password")
        if st.form_submit_button(t("account.change", lang), type="primary"):
            if new != again:
                st.error(t("first_password.differ", lang))
                return
            try:
                change_password(get_store(), user, old, new, source=source_address())
            except Problem as exc:
                st.error(plain(exc.message(lang)))
            else:
                st.rerun()


def account_box(user: User, lang: str) -> None:
    """Who is signed in, sign-out, and one's password (sidebar)."""
    if not accounts_enabled():
        st.sidebar.caption(t("account.off", lang))
        return
    status = "" if user.status == "active" else f" — {t(f'status.{user.status}', lang)}"
    st.sidebar.caption(t("account.signed_in", lang, name=plain(user.name), role=t(f"role.{user.role}", lang))
                       + status)
    if st.sidebar.button(t("account.sign_out", lang), icon=":material/logout:", key="sign_out"):
        sign_out()
        if sso_configured() and st.user.is_logged_in:
            st.logout()
        st.rerun()
    with st.sidebar.expander(t("account.password", lang)), st.form("password_change", clear_on_submit=True):
        old = st.text_input(t("account.old", lang), type="password")
        new = st.text_input(t("account.new", lang), type="password", help=t("password.rules", lang))
        if st.form_submit_button(t("account.change", lang)):
            try:
                change_password(get_store(), user, old, new)
                st.success(t("account.changed", lang))
            except Problem as exc:
                st.error(plain(exc.message(lang)))
