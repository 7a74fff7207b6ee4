"""Drawing helpers shared by the pages: KPI tiles, period captions, charts, downloads."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import streamlit as st

from relclient.i18n import t
from relclient.metrics import KpiFilter
from relclient.overview import KpiTile

TILES_PER_ROW = 5
TILE_HEIGHT = 165
# Plotly's own toolbar exports a chart as an image; keep it, drop the rest.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def date_text(day: date, lang: str) -> str:
    """A date the way each language writes it."""
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def period_caption(flt: KpiFilter, lang: str) -> None:
    """One line saying which days are shown and which ones they are compared with."""
    prev = flt.period.previous()
    st.markdown(t("period.caption", lang, start=date_text(flt.period.start, lang),
                  end=date_text(flt.period.end, lang), days=flt.period.days,
                  prev_start=date_text(prev.start, lang), prev_end=date_text(prev.end, lang)))


def kpi_tiles(tiles: list[KpiTile]) -> None:
    """KPI tiles in rows, each with its change and, when set, its target."""
    for row_start in range(0, len(tiles), TILES_PER_ROW):
        for column, tile in zip(st.columns(TILES_PER_ROW), tiles[row_start:row_start + TILES_PER_ROW]):
            # A fixed height keeps the rows aligned whether or not a tile has a target line.
            with column.container(border=True, height=TILE_HEIGHT):
                st.metric(tile.label, tile.value, delta=tile.delta, delta_color=tile.delta_color,
                          help=tile.help)
                if tile.target:
                    colour = {True: "green", False: "red", None: "gray"}[tile.target_met]
                    st.caption(f":{colour}[{tile.target}]")


def plotly(fig: go.Figure, key: str) -> None:
    """Draw a domain-built figure with the export toolbar."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
