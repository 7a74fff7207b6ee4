"""Department view: one department's KPIs beside the company's, its verbatims, its internal
ratings and its transfers."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.i18n import t
from relclient.metrics import MIN_RATINGS
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.data import load_choices, load_department_view
from relclient.ui.filters import choose_department, page_filter
from relclient.ui.i18n import current_language
from relclient.ui.actions import follow_up
from relclient.ui.voice import callback_list, theme_table
from relclient.ui.widgets import date_text, kpi_tiles, page_header, plain, plotly, table

lang = current_language()
db = str(db_path_from_env())
page_header("department", lang)

flt = page_filter(lang, db)
names = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
if flt.dept is None:
    # The sidebar's department filter chooses the department; offer it here too.
    st.pills(t("department.pick", lang), list(names), format_func=lambda code: plain(names[code]), key="department_pick",
             on_change=lambda: choose_department(st.session_state.department_pick))
    st.stop()

with st.spinner(t("app.loading", lang)):
    try:
        view = load_department_view(db, flt, lang)
    except Problem as exc:  # a department gone from the reference list since the filter was chosen
        st.error(plain(exc.message(lang)))
        st.stop()
st.subheader(f"{plain(names[flt.dept])} — {t('department.kpis', lang)}")
kpi_tiles(view.tiles, lang)
follow_up(view.follow_up, lang, dept=flt.dept)

st.subheader(t("department.verbatims", lang))
if view.verbatims.empty:
    st.info(t("department.no_verbatims", lang))
else:
    table(view.verbatims.assign(survey=[t(f"survey.{s}", lang) for s in view.verbatims["survey"]]).rename(columns={
        "answered_at": t("col.answered_at", lang), "survey": t("col.survey", lang), "score": t("col.score", lang),
        "comment": t("col.comment", lang), "customer_id": t("col.customer", lang),
        "ticket_id": t("col.ticket", lang)}), f"verbatims-{flt.dept}", lang, height=300,
        act_from=view.verbatim_sources)

# What its customers say, by the themes that concern it, and whom it has to call back.
st.subheader(t("voice.department_themes", lang))
theme_table(view.themes, lang, names, f"themes-{flt.dept}")
st.subheader(t("voice.department_callbacks", lang))
callback_list(db, view.themes.flt, lang, date.today(), names, "open", f"callbacks-{flt.dept}")
st.page_link(script("voice"), label=t("voice.department_more", lang), icon=":material/record_voice_over:")

left, right = st.columns(2)
with left:
    st.subheader(t("department.transfers", lang))
    st.caption(t("department.transfers_caption", lang))
    plotly(view.transfers_chart, "department-transfers")
    table(view.transfers.rename(columns={"counterpart": t("col.counterpart", lang), "sent": t("col.sent", lang),
                                         "received": t("col.received", lang)}), f"transfers-{flt.dept}", lang)
with right:
    st.subheader(t("department.ratings", lang))
    st.caption(t("department.ratings_caption", lang))
    plotly(view.ratings_chart, "department-ratings")
    st.caption(t("department.ratings_n", lang, n=MIN_RATINGS))
    table(view.ratings.rename(columns={"counterpart": t("col.counterpart", lang),
                                       "received": t("col.rating_received", lang),
                                       "received_n": t("col.ratings", lang),
                                       "given": t("col.rating_given", lang),
                                       "given_n": t("col.ratings_given", lang)}), f"ratings-{flt.dept}", lang)

st.subheader(t("department.mentions", lang))
st.caption(t("department.mentions_caption", lang))
if view.mentions.empty:
    st.info(t("department.no_mentions", lang))
for row in view.mentions.head(10).itertuples():
    with st.container(border=True):
        st.page_link(script("action"), label=f"#{row.action_id} · {plain(row.title)}", query_params={"id": row.action_id})
        st.caption(f"{date_text(row.written_at.date(), lang)} · {plain(row.author)}")
        st.text(row.body)
