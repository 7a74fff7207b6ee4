"""Overview: every shared KPI as a tile, against the previous period."""

import streamlit as st

from relclient.i18n import t
from relclient.store import db_path_from_env
from relclient.ui.data import load_overview
from relclient.ui.filters import kpi_filter
from relclient.ui.i18n import current_language

TILES_PER_ROW = 5

lang = current_language()
db = str(db_path_from_env())
st.title(t("overview.title", lang))
st.caption(t("overview.intro", lang))

flt = kpi_filter(lang, db)
if flt is None:
    st.stop()

prev = flt.period.previous()
fmt = "%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"
st.markdown(t("period.caption", lang, start=flt.period.start.strftime(fmt), end=flt.period.end.strftime(fmt),
              days=flt.period.days, prev_start=prev.start.strftime(fmt), prev_end=prev.end.strftime(fmt)))

overview = load_overview(db, flt.period.start, flt.period.end, flt.dept, flt.segment, flt.region,
                         flt.channel, lang)
if all(v.value in (None, 0) for v in overview.result.values.values()):
    st.info(t("overview.empty_db", lang))

for row_start in range(0, len(overview.tiles), TILES_PER_ROW):
    columns = st.columns(TILES_PER_ROW)
    for column, tile in zip(columns, overview.tiles[row_start:row_start + TILES_PER_ROW]):
        column.metric(tile.label, tile.value, delta=tile.delta, delta_color=tile.delta_color,
                      help=tile.help, border=True)
