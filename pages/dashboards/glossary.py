"""KPI glossary: every definition in both languages, and each dataset's freshness."""

import streamlit as st

from relclient.glossary import kpi_glossary, reading_notes
from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.ui.data import load_freshness
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, table

lang = current_language()
page_header("glossary", lang)

st.subheader(t("glossary.kpis", lang))
table(kpi_glossary(lang), "kpi-glossary", lang)

st.subheader(t("glossary.reading", lang))
for title, text in reading_notes(lang):  # our own words, from the catalogue
    st.markdown(f"**{title}** — {text}")

st.subheader(t("glossary.datasets", lang))
st.caption(t("glossary.datasets_intro", lang))
table(load_freshness(str(db_path_from_env()), lang), "data-freshness", lang)
