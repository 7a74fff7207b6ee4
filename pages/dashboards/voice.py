"""Voice of the customer: what customers say by theme, how it moves, their verbatims, who calls
them back, and the theme catalogue."""

from datetime import date

import streamlit as st

from relclient.i18n import CHANNEL_LABELS, format_number, t
from relclient.store import db_path_from_env
from relclient.ui.auth import acting_user
from relclient.ui.data import load_breakdown, load_choices, load_themes, load_verbatims, load_voice
from relclient.ui.filters import ALL_FILTERS, page_filter
from relclient.ui.i18n import current_language
from relclient.ui.voice import (act_on_theme, callback_list, catalogue, close_form, flash, theme_charts, theme_table,
                                verbatim_rows)
from relclient.ui.widgets import kpi_tiles, page_header, table
from relclient.voice.views import BREAKDOWNS

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
page_header("voice", lang)
flt = page_filter(lang, db, filters=ALL_FILTERS, note=t("voice.dept_note", lang))
today = date.today()
with st.spinner(t("app.loading", lang)):
    view = load_voice(db, flt, lang, today)
depts = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
names = {th.code: th.name(lang) for th in load_themes(db, True)}
flash()

themes_tab, verbatims_tab, callbacks_tab, catalogue_tab = st.tabs(
    [t("voice.tab_themes", lang), t("voice.tab_verbatims", lang), t("voice.tab_callbacks", lang),
     t("voice.tab_catalogue", lang)])

with themes_tab:
    s = view.summary
    st.caption(t("voice.totals", lang, n=format_number(s.verbatims, lang, 0), unthemed=format_number(s.unthemed, lang, 0)))
    act_on_theme(s, lang, "voice-act")
    theme_table(s, lang, depts, "themes-figures")
    theme_charts(s, view.months, lang)
    st.subheader(t("voice.breakdown", lang))
    by = st.radio(t("voice.breakdown_by", lang), list(BREAKDOWNS), horizontal=True, key="voice-by",
                  format_func=lambda b: t(f"voice.by_{b}", lang))
    spread = load_breakdown(db, flt, by)
    if spread.empty:
        st.caption(t("voice.no_verbatims", lang))
    else:
        label = {"dept": lambda c: depts.get(c, t("voice.no_group", lang)),
                 "channel": lambda c: CHANNEL_LABELS[lang].get(c, c) if c else t("voice.no_ticket", lang),
                 "segment": lambda c: c or t("voice.no_group", lang)}[by]
        grid = spread.assign(theme=spread["theme"].map(names), grp=spread["grp"].map(label)).pivot_table(
            index="theme", columns="grp", values="verbatims", aggfunc="sum", fill_value=0)
        table(grid.reset_index().rename(columns={"theme": t("voice.col.theme", lang)}), f"themes-by-{by}", lang,
              height=38 + 35 * len(grid))

with verbatims_tab:
    c1, c2 = st.columns([1, 2])
    theme = c1.selectbox(t("voice.col.theme", lang), ["", *names], key="voice-theme",
                         format_func=lambda c: names.get(c, t("voice.all_themes", lang)))
    text = c2.text_input(t("voice.search", lang), key="voice-search", placeholder=t("voice.search_hint", lang),
                         max_chars=200)
    found = load_verbatims(db, flt, theme or None, text)
    st.caption(t("voice.found", lang, n=format_number(len(found), lang, 0)))
    if not found.empty:
        table(verbatim_rows(found, lang, names, depts), "verbatims", lang, height=420,
              links=[t("field.customer_id", lang)])

with callbacks_tab:
    st.caption(t("voice.callbacks_intro", lang))
    kpi_tiles(view.callback_tiles, lang, flt)
    n = view.callback_counts
    st.markdown(t("voice.callback_counts", lang, open=format_number(n["open"], lang, 0),
                  overdue=format_number(n["overdue"], lang, 0), called=format_number(n["called"], lang, 0),
                  unreachable=format_number(n["unreachable"], lang, 0)))
    status = st.radio(t("voice.callbacks_show", lang), ("open", "called", "unreachable"), horizontal=True,
                      key="voice-cb-status", format_func=lambda x: t(f"callback_status.{x}", lang))
    rows = callback_list(db, view.summary.flt, lang, today, depts, status, f"callbacks-{status}")
    if status == "open":
        close_form(rows, user, lang, "voice-close")

with catalogue_tab:
    catalogue(db, view.summary.flt, user, lang, depts)
