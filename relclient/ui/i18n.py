"""The interface language: the browser's when French or English, switchable in the sidebar."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from relclient.i18n import LANGUAGES, pick_language, t

_KEY = "lang"
_PREFERRED = "lang_preferred"  # a signed-in person's own language, applied before the switch is drawn


def prefer_language(lang: str) -> None:
    """Switch to a person's own language at the next run's start (the switch may be drawn already)."""
    if lang in LANGUAGES:
        st.session_state[_PREFERRED] = lang


def current_language() -> str:
    """The language of this session ('fr' or 'en'): the person's, else the browser's."""
    if _PREFERRED in st.session_state:
        st.session_state[_KEY] = st.session_state.pop(_PREFERRED)
    if _KEY not in st.session_state:
        st.session_state[_KEY] = pick_language(getattr(st.context, "locale", None))
    return st.session_state[_KEY]


def language_switch(on_change: Callable[[str], None] | None = None) -> str:
    """Draw the language selector in the sidebar and return the chosen language; `on_change`
    remembers a signed-in person's choice."""
    lang = current_language()
    st.sidebar.radio(
        t("sidebar.language", lang), options=list(LANGUAGES), key=_KEY, horizontal=True,
        format_func=lambda code: {"fr": "Français", "en": "English"}[code],
        on_change=(lambda: on_change(st.session_state[_KEY])) if on_change else None,
    )
    return st.session_state[_KEY]
