"""Customer distance: response by channel, complaints, unheard detractors, silence after the sale."""

import streamlit as st

from relclient.i18n import format_number, t
from relclient.store import db_path_from_env
from relclient.ui.data import load_customer_distance
from relclient.ui.filters import CUSTOMER_FILTERS, page_filter
from relclient.ui.i18n import current_language
from relclient.ui.widgets import (
    customer_links,
    date_text,
    page_header,
    plotly,
    table,
)

lang = current_language()
db = str(db_path_from_env())
page_header("distance", lang)

flt = page_filter(lang, db, filters=CUSTOMER_FILTERS, note=t("distance.dept_note", lang), compare=False)
with st.spinner(t("app.loading", lang)):
    view = load_customer_distance(db, flt, lang)

st.subheader(t("distance.response", lang))
st.caption(t("distance.response_caption", lang))
# The chart, then its table at full width: French column names need the room.
plotly(view.by_channel_chart, "distance-channels")
table(view.by_channel.round(1).rename(columns={
    "channel": t("col.channel", lang), "unanswered_48h_rate": t("col.unanswered", lang),
    "first_response_hours": t("col.first_response", lang), "tickets": t("col.n_tickets", lang)}),
    "response-by-channel", lang)

st.subheader(t("distance.complaints", lang))
st.caption(t("distance.complaints_caption", lang))
table(view.complaints.rename(columns={"channel": t("col.channel", lang), "category": t("col.category", lang),
                                      "complaints": t("col.complaints", lang)}), "complaints", lang, height=300)

st.subheader(t("distance.detractors", lang))
st.caption(t("distance.detractors_caption", lang, unheard=format_number(view.detractors_unheard_total, lang, 0),
             total=format_number(view.detractors_total, lang, 0)))
table(customer_links(view.detractors_unheard).rename(columns={
    "answered_at": t("col.answered_at", lang), "customer_id": t("col.customer", lang),
    "score": t("col.score", lang), "dept": t("col.dept", lang), "comment": t("col.comment", lang)}),
    "unheard-detractors", lang, height=300, links=[t("col.customer", lang)])

st.subheader(t("distance.silent", lang))
st.caption(t("distance.silent_caption", lang, total=format_number(view.silent_total, lang, 0), days=90,
             end=date_text(flt.period.end, lang)))
table(customer_links(view.silent).rename(columns={
    "customer_id": t("col.customer", lang), "name": t("col.name", lang), "segment": t("col.segment", lang),
    "region": t("col.region", lang), "annual_value": t("col.annual_value", lang),
    "last_delivery": t("col.last_delivery", lang), "days_silent": t("col.days_silent", lang)}),
    "silent-customers", lang, height=300, links=[t("col.customer", lang)])
