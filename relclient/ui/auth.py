"""Sign-in, the session, and who is acting: the only place the interface learns the user."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from relclient.auth import LOCAL_USER, AuthError, User, accounts_enabled, get_user, session_expired
from relclient.i18n import t
from relclient.sign_in import Identity, authenticate, change_password, sso_user
from relclient.ui.data import get_store
from relclient.ui.widgets import plain

USER_KEY = "auth_email"
SEEN_KEY = "auth_seen"
CURRENT_KEY = "auth_current"
NOTICE_KEY = "auth_notice"  # the catalogue key of what the sign-in page says first


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


def sign_out(notice: str | None = None) -> None:
    """Forget the signed-in user (and say why on the sign-in page)."""
    for key in (USER_KEY, SEEN_KEY, CURRENT_KEY):
        st.session_state.pop(key, None)
    if notice:
        st.session_state[NOTICE_KEY] = f"signin.notice.{notice}"


def signed_in_user() -> User | None:
    """The user of this session, checked against the database on every run; None to sign in."""
    if not accounts_enabled():
        return LOCAL_USER
    store = get_store()
    if USER_KEY not in st.session_state and sso_configured() and st.user.is_logged_in:
        try:
            user = sso_user(store, Identity.from_claims(st.user.to_dict()),
                            st.secrets.get("relclient", {}).get("sso_unknown", "pending"))
            st.session_state[USER_KEY] = user.email
            st.session_state[SEEN_KEY] = datetime.now()  # the idle expiry holds for single sign-on too
        except AuthError as exc:
            st.session_state[NOTICE_KEY] = f"auth.error.{exc.key}"
            st.logout()
    email = st.session_state.get(USER_KEY)
    if not email:
        return None
    seen = st.session_state.get(SEEN_KEY)
    if seen is None or session_expired(seen):
        sign_out("expired")
        if sso_configured() and st.user.is_logged_in:
            st.logout()  # else the provider's cookie would sign the visitor straight back in
        return None
    user = get_user(store, email)  # the role as it is now, not as it was at sign-in
    if user is None or user.status == "disabled":
        sign_out("disabled")
        return None
    st.session_state[SEEN_KEY] = datetime.now()
    st.session_state[CURRENT_KEY] = user
    return user


def acting_user() -> User:
    """The user the page acts for (app.py has signed them in before any page runs)."""
    return st.session_state.get(CURRENT_KEY) or LOCAL_USER


def sign_in_page(lang: str) -> None:
    """The sign-in form (and the single sign-on button when configured)."""
    st.title(t("signin.title", lang))
    st.caption(t("signin.intro", lang))
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
            except AuthError as exc:
                st.error(plain(exc.message(lang)))
            else:
                st.session_state[USER_KEY] = user.email
                st.session_state[SEEN_KEY] = datetime.now()
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
            except AuthError as exc:
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
            except AuthError as exc:
                st.error(plain(exc.message(lang)))
