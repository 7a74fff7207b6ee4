"""The sidebar's period picker and the data contract's filters, turned into a KpiFilter."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient.contract import CHANNELS
from relclient.i18n import CHANNEL_LABELS, t
from relclient.metrics import KpiFilter
from relclient.periods import PRESETS, Period, preset_period
from relclient.ui.data import load_choices

_CUSTOM = "custom"


def period_picker(lang: str, anchor: date) -> Period | None:
    """A preset or two chosen dates; None while the chosen range is incomplete."""
    options = [*PRESETS, _CUSTOM]
    preset = st.sidebar.selectbox(
        t("period.label", lang), options, key="period_preset",
        format_func=lambda p: t(f"period.{p}", lang),
    )
    if preset != _CUSTOM:
        return preset_period(preset, anchor)
    default = preset_period("quarter_to_date", anchor)
    chosen = st.sidebar.date_input(
        t("period.range", lang), value=(default.start, default.end), key="period_range",
        format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD",
    )
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        return Period(chosen[0], chosen[1])
    st.sidebar.info(t("period.pick_two_dates", lang))
    return None


def kpi_filter(lang: str, db: str) -> KpiFilter | None:
    """Draw the period and filters in the sidebar; the filter they describe (None if incomplete)."""
    choices = load_choices(db)
    anchor = choices["latest"] or date.today()
    period = period_picker(lang, anchor)
    st.sidebar.caption(t("period.anchor", lang, day=anchor.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")))
    all_label = t("filter.all", lang)
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
    return KpiFilter(period, dept=dept, segment=segment, region=region, channel=channel)
