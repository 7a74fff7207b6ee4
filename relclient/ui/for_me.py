"""What needs the signed-in person: the sidebar's "For me" on every page, and its own page."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from relclient.addresses import script
from relclient.auth import User
from relclient.for_me import ForMe, for_me, sections_of
from relclient.i18n import format_date, t
from relclient.reference import department_names
from relclient.ui.auth import choose_start_page
from relclient.ui.data import _store
from relclient.store import db_path_from_env
from relclient.ui.widgets import plain

SIDEBAR_LINES = 5


@st.cache_data(show_spinner=False, ttl=60)
def _load(db: str, user: User, minute: str) -> ForMe:
    # A minute's worth: the sidebar asks on every run of every page.
    return for_me(_store(db), user)


def load_for_me(user: User) -> ForMe:
    """What needs `user` now (cached for a minute; cleared with every other cache after a write)."""
    return _load(str(db_path_from_env()), user, datetime.now().strftime("%Y-%m-%d %H:%M"))


def _link(line, container=st) -> None:
    container.page_link(script(line.page), label=plain(line.text), query_params=line.params,
                        icon=":material/arrow_forward:")


def for_me_sidebar(user: User, lang: str) -> None:
    """The sidebar's "For me": a count, the first lines, a link to the page."""
    content = load_for_me(user)
    if content.empty:
        return
    names = department_names(_store(str(db_path_from_env())), lang)
    with st.sidebar.expander(t("forme.sidebar", lang, n=content.count), icon=":material/notifications:"):
        shown = 0
        for _title, lines in sections_of(content, lang, names):
            for line in lines[:SIDEBAR_LINES - shown]:
                _link(line)
                shown += 1
        if content.count > shown:
            st.caption(t("forme.more", lang, n=content.count - shown))
        st.page_link(script("for_me"), label=t("forme.open_page", lang), icon=":material/checklist:")


def for_me_page(user: User, lang: str) -> None:
    """Every line that needs the person, by section."""
    st.title(t("forme.title", lang))
    st.caption(t("forme.intro", lang))
    content = load_for_me(user)
    if content.empty:
        st.success(t("forme.nothing", lang))
    names = department_names(_store(str(db_path_from_env())), lang)
    for title, lines in sections_of(content, lang, names):
        st.subheader(f"{title} ({len(lines)})")
        with st.container(border=True):
            for line in lines:
                _link(line)
    if content.kpi_period:
        st.caption(t("forme.kpi_period", lang, start=format_date(content.kpi_period[0], lang),
                     end=format_date(content.kpi_period[1], lang)))
    st.divider()
    choose_start_page(user, lang)
