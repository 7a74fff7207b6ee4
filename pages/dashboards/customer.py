"""Customer 360: one customer's record and timeline (opened from any table, or by id)."""

import streamlit as st

from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.ui.data import load_customer
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain, table

lang = current_language()
db = str(db_path_from_env())
page_header("c360", lang)

if "customer_id" not in st.session_state:
    st.session_state["customer_id"] = st.query_params.get("customer", "")
customer_id = st.text_input(t("c360.customer_id", lang), key="customer_id").strip()
if not customer_id:
    st.info(t("c360.ask", lang))
    st.stop()
st.query_params.from_dict({"customer": customer_id})

with st.spinner(t("app.loading", lang)):
    record = load_customer(db, customer_id, lang)
if record.info is None:
    st.warning(t("c360.unknown", lang, customer=plain(customer_id)))
else:
    info = record.info
    st.subheader(f"{plain(info.get('name') or customer_id)} · {plain(customer_id)}")
    st.caption(" · ".join(plain(v) for v in (info.get("segment"), info.get("region")) if v))
st.subheader(t("c360.timeline", lang))
st.caption(t("c360.events", lang, n=len(record.timeline)))
table(record.timeline.rename(columns={"at": t("col.at", lang), "what": t("col.what", lang),
                                      "reference": t("col.reference", lang), "department": t("col.dept", lang),
                                      "detail": t("col.detail", lang)}), f"customer-{customer_id}", lang, height=600)
