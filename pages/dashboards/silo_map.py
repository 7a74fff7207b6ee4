"""Silo map: the Sankey of ticket transfers, the ping-pong routes, and the cost of silos."""

import streamlit as st

from relclient.i18n import format_number, t
from relclient.store import db_path_from_env
from relclient.ui.data import load_silo_map
from relclient.ui.filters import CUSTOMER_FILTERS, page_filter
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plotly, table

lang = current_language()
db = str(db_path_from_env())
page_header("silo", lang)

flt = page_filter(lang, db, filters=CUSTOMER_FILTERS, note=t("silo.dept_note", lang), compare=False)
with st.spinner(t("app.loading", lang)):
    silo = load_silo_map(db, flt, lang)

st.subheader(t("silo.flows", lang))
if silo.total_transfers == 0:
    st.info(t("silo.no_transfers", lang))
else:
    st.caption(t("silo.flows_caption", lang, total=format_number(silo.total_transfers, lang, 0)))
    plotly(silo.sankey, "silo-sankey")

st.subheader(t("silo.cost", lang))
st.caption(t("silo.cost_caption", lang))
plotly(silo.cost_chart, "silo-cost")
table(silo.cost.rename(columns={
    "bucket": t("col.bucket", lang), "tickets": t("col.tickets", lang),
    "median_hours": t("col.median_hours", lang), "reopen_rate": t("col.reopen_rate", lang),
    "nps": t("col.nps", lang), "answers": t("col.answers", lang)}), "cost-of-silos", lang)

st.subheader(t("silo.routes", lang))
st.caption(t("silo.routes_caption", lang))
table(silo.ping_pong_routes.rename(columns={"route": t("col.route", lang), "tickets": t("col.tickets", lang),
                                            "share": t("col.share", lang)}), "ping-pong-routes", lang,
      act_from=silo.route_sources)
