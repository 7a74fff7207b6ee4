"""The store and cached query results for the pages; the cache is keyed by plain values."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient import reference
from relclient.metrics import KpiFilter
from relclient.overview import Overview, build_overview
from relclient.periods import Period
from relclient.store import Store, db_path_from_env, open_store


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # One connection for the whole server process; every call takes its own cursor.
    return open_store(path)


def get_store() -> Store:
    """The process-wide store for RELCLIENT_DB."""
    return _store(str(db_path_from_env()))


@st.cache_data(show_spinner=False, ttl=600)
def load_overview(db: str, start: date, end: date, dept: str | None, segment: str | None,
                  region: str | None, channel: str | None, lang: str) -> Overview:
    """The Overview for a filter, cached per database and filter values."""
    flt = KpiFilter(Period(start, end), dept=dept, segment=segment, region=region, channel=channel)
    return build_overview(_store(db), flt, lang)


@st.cache_data(show_spinner=False, ttl=600)
def load_choices(db: str) -> dict[str, list]:
    """Filter choices (departments, segments, regions) and the latest day with data."""
    store = _store(db)
    return {
        "departments": reference.departments(store),
        "segments": reference.segments(store),
        "regions": reference.regions(store),
        "latest": reference.latest_activity(store),
    }

