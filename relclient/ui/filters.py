"""The sidebar's period picker and the data contract's filters, kept in the URL's query string
so that a pasted link reproduces the view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient.contract import CHANNELS
from relclient.i18n import CHANNEL_LABELS, t
from relclient.metrics import KpiFilter
from relclient.periods import PRESETS, Period, parse_date, preset_period
from relclient.ui.data import load_choices
from relclient.ui.widgets import date_text, period_caption

_CUSTOM = "custom"
# Query-string name -> session-state key of the widget it feeds.
_URL_FILTERS = {"dept": "filter_dept", "segment": "filter_segment", "region": "filter_region",
                "channel": "filter_channel"}
_WIDGETS = ("period_preset", "period_range", *_URL_FILTERS.values())
# Widget state belongs to the page that drew the widget; these plain keys carry the choices
# from page to page.
_SHARED = "_shared_filters"
_WRITTEN = "_url_written"
_SEEDED_FOR = "_filters_seeded_for"  # the page whose widgets were last seeded
PAGE_KEY = "_current_page"  # set by app.py before it runs a page
_ALL = ""  # the "all" choice of a filter: None in a selectbox would show as "Choose an option"


def link_problem(lang: str) -> str | None:
    """What is wrong with the dates a link gives (None when it gives none, or good ones)."""
    params = st.query_params
    if "from" not in params and "to" not in params:
        return None
    try:
        start, end = parse_date(params.get("from", "")), parse_date(params.get("to", ""))
    except ValueError:
        return t("period.bad_link", lang)
    return t("period.bad_link", lang) if start > end else None


def _from_url(choices: dict) -> dict[str, object]:
    """The widget values a link asks for (invalid values ignored). A link without good dates
    (`/department?dept=logistics`) keeps the period already chosen and sets its filters."""
    params = st.query_params
    allowed = {"dept": [d.code for d in choices["departments"]], "segment": choices["segments"],
               "region": choices["regions"], "channel": list(CHANNELS)}
    if not any(name in params for name in ("from", "to", *_URL_FILTERS)):
        return {}
    # A link lists every filter it sets: the others are "all".
    linked: dict[str, object] = {key: (params.get(name) if params.get(name) in allowed[name] else _ALL)
                                 for name, key in _URL_FILTERS.items()}
    try:
        start, end = parse_date(params["from"]), parse_date(params["to"])
    except (KeyError, ValueError):
        return linked
    return linked if start > end else {"period_preset": _CUSTOM, "period_range": (start, end), **linked}


def _seed_widgets(choices: dict) -> None:
    # A link the portal did not write itself (pasted, or a page link) sets the filters; otherwise
    # each widget starts from the choice made on the previous page.
    shared = st.session_state.setdefault(_SHARED, {})
    own = st.session_state.get(_WRITTEN)
    params = dict(st.query_params)
    linked = _from_url(choices) if params and {k: params.get(k) for k in own or {}} != own else {}
    if linked:
        shared.update(linked)
    # Widget state belongs to the page that drew the widget: on arriving at a page (or on a
    # link), its widgets start from the shared choices; afterwards the widgets rule.
    page = st.session_state.get(PAGE_KEY)
    if linked or st.session_state.get(_SEEDED_FOR) != page:
        st.session_state[_SEEDED_FOR] = page
        st.session_state.update({key: shared[key] for key in _WIDGETS if key in shared})


def _write_to_url(flt: KpiFilter, extra: dict[str, str] | None = None) -> None:
    # Concrete dates, not the preset: a link pasted in minutes must show the same figures later.
    asked = flt.period.asked()  # the end asked for: the same link shows more days as data arrives
    wanted = {"from": asked.start.isoformat(), "to": asked.end.isoformat(), **flt.active(),
              **(extra or {})}
    st.session_state[_WRITTEN] = wanted
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def _remember(flt: KpiFilter, extra: dict[str, str] | None) -> None:
    st.session_state[_SHARED].update({key: st.session_state.get(key) for key in _WIDGETS})
    _write_to_url(flt, extra)


def period_picker(lang: str, anchor: date) -> Period | None:
    """A preset or two chosen dates; None while the chosen range is incomplete."""
    options = [*PRESETS, _CUSTOM]
    preset = st.sidebar.selectbox(
        t("period.label", lang), options, key="period_preset",
        format_func=lambda p: t(f"period.{p}", lang),
    )
    if preset != _CUSTOM:
        return preset_period(preset, anchor)
    if "period_range" not in st.session_state:
        default = preset_period("quarter_to_date", anchor)
        st.session_state["period_range"] = (default.start, default.end)
    chosen = st.sidebar.date_input(
        t("period.range", lang), key="period_range",
        format="DD/MM/YYYY",
    )
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        return Period(chosen[0], chosen[1])
    st.sidebar.info(t("period.pick_two_dates", lang))
    return None


ALL_FILTERS: tuple[str, ...] = ("dept", "segment", "region", "channel")
CUSTOMER_FILTERS: tuple[str, ...] = ("segment", "region", "channel")  # pages the dept filter does not reach


def kpi_filter(lang: str, db: str, *, filters: tuple[str, ...] = ALL_FILTERS,
               extra: dict[str, str] | None = None) -> KpiFilter | None:
    """Draw the period and the given filters in the sidebar; the filter they describe (None
    while the chosen dates are incomplete). `extra` adds the page's own values to the address."""
    choices = load_choices(db)
    _seed_widgets(choices)
    anchor = choices["latest"] or date.today()
    period = period_picker(lang, anchor)
    st.sidebar.caption(t("period.anchor", lang, day=date_text(anchor, lang)))
    all_label = t("filter.all", lang)
    depts = {d.code: d.name(lang) for d in choices["departments"]}
    # Per filter: its choices, how each choice reads, and the help under its label.
    widgets = {
        "dept": ([*depts], lambda c: depts.get(c, all_label), t("filter.dept_note", lang)),
        "segment": (choices["segments"], lambda v: v or all_label, None),
        "region": (choices["regions"], lambda v: v or all_label, None),
        "channel": (list(CHANNELS), lambda c: CHANNEL_LABELS[lang].get(c, all_label), None),
    }
    chosen = {}
    for name in ALL_FILTERS:
        if name in filters:
            options, label, help_text = widgets[name]
            chosen[name] = st.sidebar.selectbox(
                t(f"filter.{name}", lang), [_ALL, *options], key=_URL_FILTERS[name],
                format_func=label, help=help_text) or None
    if period is None:
        return None
    # Computed through the latest data day: every page says "to date" and compares like for like.
    flt = KpiFilter(period, **chosen).clipped(choices["latest"])
    _remember(flt, extra)
    return flt


def page_filter(lang: str, db: str, *, filters: tuple[str, ...] = ALL_FILTERS, note: str | None = None,
                extra: dict[str, str] | None = None, compare: bool = True) -> KpiFilter:
    """The sidebar's filter for a dashboard page, its period written under the title (with the days
    it is compared with when the page `compare`s) and `note` (which filters do not apply) below;
    stops the page while the dates are incomplete."""
    problem = link_problem(lang)  # read before the sidebar writes its own period into the address
    flt = kpi_filter(lang, db, filters=filters, extra=extra)
    if flt is None:
        st.stop()
    period_caption(flt, lang, compare)
    if problem:  # a pasted link with impossible dates: said, and the sidebar's period shown instead
        st.warning(problem)
    latest = load_choices(db)["latest"]
    if latest is not None and flt.period.start > latest:
        st.info(t("period.no_data", lang, latest=date_text(latest, lang)))
    if note:
        st.caption(note)
    return flt


def choose_department(code: str | None) -> None:
    """Set the department filter from outside its widget (a callback, before the next run)."""
    st.session_state["filter_dept"] = code or _ALL
    st.session_state.setdefault(_SHARED, {})["filter_dept"] = code or _ALL
