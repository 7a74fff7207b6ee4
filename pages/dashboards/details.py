"""Figure details: the rows behind a KPI for the period and filters, with links to customers."""

import streamlit as st

from relclient.i18n import field_label, format_number, t
from relclient.readable import readable_frame
from relclient.closed_loop import action_sources
from relclient.metrics import KPIS, KPIS_BY_ID
from relclient.store import db_path_from_env
from relclient.ui.data import load_choices, load_figure_details
from relclient.ui.filters import page_filter
from relclient.ui.i18n import current_language
from relclient.ui.widgets import customer_links, page_header, table

lang = current_language()
db = str(db_path_from_env())
page_header("details", lang)

# A tile's link names the KPI in the address; apply it when it is new, then let the box rule.
url_kpi = st.query_params.get("kpi")
if url_kpi in KPIS_BY_ID and url_kpi != st.session_state.get("_details_url_kpi"):
    st.session_state["_details_url_kpi"] = url_kpi
    st.session_state["details_kpi"] = url_kpi
kpi_id = st.selectbox(t("details.kpi", lang), [k.id for k in KPIS], key="details_kpi",
                      format_func=lambda i: KPIS_BY_ID[i].label(lang))
st.session_state["_details_url_kpi"] = kpi_id  # what the address will say after this run
flt = page_filter(lang, db, extra={"kpi": kpi_id})
with st.spinner(t("app.loading", lang)):
    details = load_figure_details(db, kpi_id, flt, lang)
total, rows, value = details.total, details.rows, details.value
label = KPIS_BY_ID[kpi_id].label(lang)
if KPIS_BY_ID[kpi_id].is_count:  # the count is the figure itself: say it once
    st.markdown(t("details.count_only", lang, n=format_number(total, lang, 0), kpi=label))
else:
    st.markdown(t("details.count", lang, n=format_number(total, lang, 0), kpi=label, value=value))
if total > len(rows):
    st.caption(t("details.truncated", lang, shown=format_number(len(rows), lang, 0)))
names = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
shown = readable_frame(customer_links(rows), lang, names)  # after the links and sources read the codes
links = [field_label("customer_id", lang)] if "customer_id" in rows.columns else []
table(shown, f"{kpi_id}-{flt.period.start}-{flt.period.end}", lang, height=600, links=links,
      act_from=action_sources(kpi_id, rows), act_kpi=kpi_id)
