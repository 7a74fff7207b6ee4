"""Values read from the page's address: only what the allow-lists and forms expect gets through
(a pasted or crafted link is input like any other)."""

from __future__ import annotations

import re

import streamlit as st

_ID = re.compile(r"[0-9]{1,9}")


def id_param(name: str = "id") -> int | None:
    """A record's number from the address (1 to 999,999,999); None when absent or not a number."""
    text = st.query_params.get(name, "")
    return int(text) if _ID.fullmatch(text) and int(text) > 0 else None


def raw_param(name: str, limit: int = 60) -> str:
    """A value from the address as given, cut to `limit` characters, for a message that names it
    (show it through widgets.plain: it is text a visitor wrote)."""
    return st.query_params.get(name, "")[:limit]
