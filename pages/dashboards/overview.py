"""Overview (leadership): every shared KPI against the previous period and its target, and the
monthly trends of the key KPIs."""

import streamlit as st

from relclient.i18n import t
from relclient.metrics import KPIS
from relclient.overview import TREND_KPIS
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.actions import follow_up
from relclient.ui.auth import acting_user
from relclient.ui.data import get_store, load_choices, load_overview, save_targets
from relclient.ui.filters import page_filter
from relclient.ui.i18n import current_language
from relclient.ui.widgets import (
    date_text,
    kpi_tiles,
    page_header,
    plotly,
)

TRENDS_PER_ROW = 3
TARGETS_PER_ROW = 3

lang = current_language()
db = str(db_path_from_env())
page_header("overview", lang)

flt = page_filter(lang, db)

with st.spinner(t("app.loading", lang)):
    overview = load_overview(db, flt, lang)
if all(v.value in (None, 0) for v in overview.result.values.values()):
    st.info(t("overview.empty_db", lang))
kpi_tiles(overview.tiles, lang, flt)
follow_up(overview.follow_up, lang, dept=flt.dept)

st.subheader(t("overview.trends", lang))
caption = t("overview.trends_caption", lang, end=date_text(flt.period.end, lang))
if any(k in overview.targets for k in TREND_KPIS):
    caption += " " + t("overview.trends_target", lang)
st.caption(caption)
for row_start in range(0, len(overview.trends), TRENDS_PER_ROW):
    row = overview.trends[row_start:row_start + TRENDS_PER_ROW]
    for n, (column, fig) in enumerate(zip(st.columns(TRENDS_PER_ROW), row), start=row_start):
        with column:
            plotly(fig, f"trend-{n}")

user = acting_user()
refusal = (why_not(user, "set_dept_targets", lang, store=get_store(), dept=flt.dept) if flt.dept
           else why_not(user, "set_company_targets", lang))
with st.expander(t("targets.title", lang)):
    names = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
    scope = (t("targets.scope_dept", lang, dept=names.get(flt.dept, flt.dept)) if flt.dept
             else t("targets.scope_company", lang))
    st.markdown(f"**{scope}**")
    st.caption(t("targets.help", lang))
    if refusal:  # shown, not editable: and why
        st.info(refusal)
    own = {k: v.value for k, v in overview.targets.items() if v.dept == flt.dept}
    with st.form("targets"):
        columns = st.columns(TARGETS_PER_ROW)
        entered = {
            k.id: columns[n % TARGETS_PER_ROW].number_input(
                f"{k.label(lang)} ({k.unit.symbol(lang) or '#'})", value=own.get(k.id),
                key=f"target_{k.id}", placeholder="—", format="%.2f")
            for n, k in enumerate(KPIS)
        }
        if st.form_submit_button(t("targets.save", lang), type="primary", disabled=refusal is not None):
            try:
                changed = save_targets(db, user, flt.dept, entered)
                st.success(t("targets.saved", lang, n=changed))
                st.rerun()
            except Problem as exc:
                st.error(t("targets.invalid", lang, detail=exc.message(lang)))
