"""KPI glossary: every definition in both languages, and each dataset's freshness."""

import streamlit as st

from relclient.glossary import glossary_entries, kpi_glossary, reading_notes
from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.ui.data import load_freshness
from relclient.ui.i18n import current_language
from relclient.ui.widgets import download_buttons, page_header, table

lang = current_language()
page_header("glossary", lang)

st.subheader(t("glossary.kpis", lang))
for entry in glossary_entries(lang):  # a list to read: each definition in full
    with st.container(border=True):
        st.markdown(f"**{entry.label}**")
        st.write(entry.definition)
        st.caption("  \n".join(f"{what} : {value}" if lang == "fr" else f"{what}: {value}" for what, value in entry.facts))
st.caption(t("glossary.download", lang))
download_buttons(kpi_glossary(lang), "kpi-glossary", lang)

st.subheader(t("glossary.reading", lang))
for title, text in reading_notes(lang):  # our own words, from the catalogue
    st.markdown(f"**{title}** — {text}")

st.subheader(t("glossary.datasets", lang))
st.caption(t("glossary.datasets_intro", lang))
table(load_freshness(str(db_path_from_env()), lang), "data-freshness", lang)
