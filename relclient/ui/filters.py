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

_CUSTOM = "custom"
_RESTORED = "_filters_from_url"
# Query-string name -> session-state key of the widget it feeds.
_URL_FILTERS = {"dept": "filter_dept", "segment": "filter_segment", "region": "filter_region",
                "channel": "filter_channel"}


def _restore_from_url(choices: dict) -> None:
    # Once per session: a link's values become the widgets' starting values (invalid ones ignored).
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    params = st.query_params
    try:
        start, end = parse_date(params["from"]), parse_date(params["to"])
        if start <= end:
            st.session_state["period_preset"] = _CUSTOM
            st.session_state["period_range"] = (start, end)
    except (KeyError, ValueError):
        pass
    allowed = {"dept": [d.code for d in choices["departments"]], "segment": choices["segments"],
               "region": choices["regions"], "channel": list(CHANNELS)}
    for name, key in _URL_FILTERS.items():
        if params.get(name) in allowed[name]:
            st.session_state[key] = params[name]


def _write_to_url(flt: KpiFilter) -> None:
    # Concrete dates, not the preset: a link pasted in minutes must show the same figures later.
    wanted = {"from": flt.period.start.isoformat(), "to": flt.period.end.isoformat(), **flt.active()}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


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
        format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
    )
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        return Period(chosen[0], chosen[1])
    st.sidebar.info(t("period.pick_two_dates", lang))
    return None


def period_only(lang: str, db: str) -> KpiFilter | None:
    """Draw only the period picker (pages whose data no other filter touches)."""
    choices = load_choices(db)
    _restore_from_url(choices)
    anchor = choices["latest"] or date.today()
    period = period_picker(lang, anchor)
    st.sidebar.caption(t("period.anchor", lang, day=anchor.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")))
    if period is None:
        return None
    flt = KpiFilter(period)
    _write_to_url(flt)
    return flt


def kpi_filter(lang: str, db: str, *, with_dept: bool = True) -> KpiFilter | None:
    """Draw the period and filters in the sidebar; the filter they describe (None if incomplete)."""
    choices = load_choices(db)
    _restore_from_url(choices)
    anchor = choices["latest"] or date.today()
    period = period_picker(lang, anchor)
    st.sidebar.caption(t("period.anchor", lang, day=anchor.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")))
    all_label = t("filter.all", lang)
    dept = None
    if with_dept:
        depts = {d.code: d.name(lang) for d in choices["departments"]}
        dept = st.sidebar.selectbox(
            t("filter.dept", lang), [None, *depts], key="filter_dept",
            format_func=lambda c: all_label if c is None else depts[c], help=t("filter.dept_note", lang),
        )
    segment = st.sidebar.selectbox(
        t("filter.segment", lang), [None, *choices["segments"]], key="filter_segment",
        format_func=lambda s: all_label if s is None else s,
    )
    region = st.sidebar.selectbox(
        t("filter.region", lang), [None, *choices["regions"]], key="filter_region",
        format_func=lambda r: all_label if r is None else r,
    )
    channel = st.sidebar.selectbox(
        t("filter.channel", lang), [None, *CHANNELS], key="filter_channel",
        format_func=lambda c: all_label if c is None else CHANNEL_LABELS[lang][c],
    )
    if period is None:
        return None
    flt = KpiFilter(period, dept=dept, segment=segment, region=region, channel=channel)
    _write_to_url(flt)
    return flt
