"""Internal customers: the rater × rated matrix, the weakest relationships, the trend, the comments."""

import streamlit as st

from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.ui.data import load_internal_customers
from relclient.ui.filters import page_filter
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plotly, table

lang = current_language()
db = str(db_path_from_env())
page_header("internal", lang)

flt = page_filter(lang, db, filters=(), note=t("internal.filters_note", lang), compare=False)
with st.spinner(t("app.loading", lang)):
    view = load_internal_customers(db, flt, lang)

plotly(view.heatmap, "internal-heatmap")
left, right = st.columns([3, 2])
with left:
    st.subheader(t("internal.weakest", lang))
    table(view.pairs.rename(columns={"rater_dept": t("col.rater", lang), "rated_dept": t("col.rated", lang),
                                     "score": t("col.score", lang), "ratings": t("col.ratings", lang),
                                     "few": t("col.note", lang)}),
          "internal-pairs", lang, height=350, act_from=view.pair_sources)
with right:
    st.subheader(t("internal.trend", lang))
    plotly(view.trend, "internal-trend")

st.subheader(t("internal.comments", lang))
if view.comments.empty:
    st.info(t("internal.no_comments", lang))
else:
    table(view.comments.rename(columns={"month": t("col.month", lang), "rater_dept": t("col.rater", lang),
                                        "rated_dept": t("col.rated", lang), "score": t("col.score", lang),
                                        "comment": t("col.comment", lang)}), "internal-comments", lang)
