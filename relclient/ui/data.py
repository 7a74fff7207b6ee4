"""The store and cached query results for the pages; caches are keyed by plain values and
cleared after every write."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient import reference
from relclient.customer360 import customer_record, figure_details
from relclient.customer_distance import build_customer_distance
from relclient.department_view import build_department_view
from relclient.glossary import dataset_freshness
from relclient.ingest import journal  # noqa: F401 - every opening of the file finishes what a dead process left
from relclient.internal_customers import build_internal_customers
from relclient.metrics import KpiFilter
from relclient.overview import Overview, build_overview
from relclient.silo_map import build_silo_map
from relclient.store import Store, db_path_from_env, open_store
from relclient.auth import User
from relclient.targets import set_targets
from relclient.voice.callbacks import due as callbacks_due
from relclient.voice.catalogue import themes
from relclient.voice.views import proposals, theme_breakdown, verbatims, voice_page


@st.cache_resource(show_spinner=False)
def _store(db: str) -> Store:
    # One connection for the whole server process; every call takes its own cursor.
    return open_store(db)


def get_store() -> Store:
    """The process-wide store for RELCLIENT_DB."""
    return _store(str(db_path_from_env()))


# Pages whose results hold Plotly figures share them between sessions as they are: st.cache_data
# would pickle them and unpickle them at every view, and unpickling a figure validates it again
# (0.23 s of a 0.38 s cached Overview, 6 charts). Pages only read these results.
_SHARED: list = []


def _shared(fn):
    cached = st.cache_resource(show_spinner=False, ttl=3600, max_entries=500)(fn)
    _SHARED.append(cached)
    return cached


# The filter travels whole from the sidebar to the SQL; the cache keys on it (a frozen dataclass).
@_shared
def load_overview(db: str, flt: KpiFilter, lang: str) -> Overview:
    """The Overview for a filter, cached per database and filter."""
    return build_overview(_store(db), flt, lang)


@st.cache_data(show_spinner=False, ttl=3600)
def load_choices(db: str) -> dict[str, list]:
    """Filter choices (departments, segments, regions) and the latest day with data."""
    store = _store(db)
    return {
        "departments": reference.departments(store),
        "segments": reference.segments(store),
        "regions": reference.regions(store),
        "latest": reference.latest_activity(store),
    }


def clear_caches() -> None:
    """Forget every cached result: the data changed."""
    st.cache_data.clear()
    for cached in _SHARED:
        cached.clear()


_seen_version: list[tuple] = []  # the file's state when this process last trusted its caches


def forget_if_changed_elsewhere() -> None:
    """Clear the caches when another process changed the database since this one last looked: the
    CLI, the inbox, another app process (each closes the file after its turn, so every commit shows
    in the file's or its log's size and time). This process's own writes (a sign-in's counters, a
    saved action) do not: those that change figures clear the caches where they are made."""
    store = get_store()
    if _seen_version and store.changed_by_others(_seen_version[0]):
        clear_caches()
    _seen_version[:] = [store.file_version()]


def save_targets(db: str, actor: User, dept: str | None, targets: dict[str, float | None]) -> int:
    """Save targets of one scope, then clear the caches so every page shows them."""
    changed = set_targets(_store(db), actor, dept, targets)
    clear_caches()
    return changed


@st.cache_data(show_spinner=False, ttl=3600)
def load_freshness(db: str, lang: str):
    """Rows and newest date per dataset."""
    return dataset_freshness(_store(db), lang)


@_shared
def load_department_view(db: str, flt: KpiFilter, lang: str):
    """The view of the filter's department."""
    return build_department_view(_store(db), flt, lang)


@_shared
def load_silo_map(db: str, flt: KpiFilter, lang: str):
    """The silo map for a filter."""
    return build_silo_map(_store(db), flt, lang)


@_shared
def load_internal_customers(db: str, flt: KpiFilter, lang: str):
    """The internal-customers page for a filter's period."""
    return build_internal_customers(_store(db), flt, lang)


@_shared
def load_customer_distance(db: str, flt: KpiFilter, lang: str):
    """The customer-distance page for a filter."""
    return build_customer_distance(_store(db), flt, lang)


@st.cache_data(show_spinner=False, ttl=3600)
def load_customer(db: str, customer_id: str, lang: str):
    """One customer's record and timeline."""
    return customer_record(_store(db), customer_id, lang)


@st.cache_data(show_spinner=False, ttl=3600)
def load_figure_details(db: str, kpi_id: str, flt: KpiFilter, lang: str):
    """One KPI's figure for a filter and the rows behind it."""
    return figure_details(_store(db), kpi_id, flt, lang)


@_shared
def load_voice(db: str, flt: KpiFilter, lang: str, today: date):
    """The voice of the customer page for a filter."""
    return voice_page(_store(db), flt, lang, today)


@st.cache_data(show_spinner=False, ttl=600)
def load_themes(db: str, include_retired: bool = False):
    """The theme catalogue."""
    return themes(_store(db), include_retired=include_retired)


@st.cache_data(show_spinner=False, ttl=600)
def load_breakdown(db: str, flt: KpiFilter, by: str):
    """Verbatims per theme and department, channel or segment."""
    return theme_breakdown(_store(db), flt, by)


@st.cache_data(show_spinner=False, ttl=600)
def load_verbatims(db: str, flt: KpiFilter, theme: str | None, text: str):
    """The period's verbatims of a theme or a search, newest first."""
    return verbatims(_store(db), flt, theme=theme, text=text)


@st.cache_data(show_spinner=False, ttl=600)
def load_callbacks(db: str, flt: KpiFilter, status: str, today: date):
    """The period's call-backs in a status, the most overdue first."""
    return callbacks_due(_store(db), flt, today=today, status=status)


@st.cache_data(show_spinner=False, ttl=600)
def load_proposals(db: str, flt: KpiFilter):
    """Phrases detractors repeat that no theme covers."""
    return proposals(_store(db), flt)
