"""Customer 360: one customer's record and timeline (opened from any table, or by id)."""

import streamlit as st

from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.customer360 import find_customers
from relclient.ui.data import get_store, load_customer
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain, table

lang = current_language()
db = str(db_path_from_env())
page_header("c360", lang)

# A link names the customer; otherwise a search by name or id: an exact id or a single match opens
# at once, several are listed to pick from.
linked = st.query_params.get("customer", "")
search = st.text_input(t("c360.search", lang), key="customer_search", placeholder=t("c360.search_hint", lang)).strip()
if search:
    found = find_customers(get_store(), search)
    exact = [c for c, _ in found if c.lower() == search.lower()]
    if exact or len(found) == 1:
        linked = (exact or [found[0][0]])[0]
    elif found:
        names = dict(found)
        choice = st.selectbox(t("c360.matches", lang, n=len(found)), list(names), index=None,
                              format_func=lambda c: f"{names[c] or '—'} · {c}", key=f"customer_pick_{search}",
                              placeholder=t("c360.pick", lang))
        linked = choice or ""
    else:
        st.warning(t("c360.no_match", lang, text=plain(search)))
        st.stop()
customer_id = linked.strip()
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
