"""The interface language: the browser's when French or English, switchable in the sidebar."""

from __future__ import annotations

import streamlit as st

from relclient.i18n import LANGUAGES, pick_language, t

_KEY = "lang"


def current_language() -> str:
    """The language of this session ('fr' or 'en')."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = pick_language(getattr(st.context, "locale", None))
    return st.session_state[_KEY]


def language_switch() -> str:
    """Draw the language selector in the sidebar and return the chosen language."""
    lang = current_language()
    st.sidebar.radio(
        t("sidebar.language", lang), options=list(LANGUAGES), key=_KEY, horizontal=True,
        format_func=lambda code: {"fr": "Français", "en": "English"}[code],
    )
    return st.session_state[_KEY]
