"""Drawing helpers shared by the pages: KPI tiles, period captions, charts, downloads."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from relclient.addresses import script, url_path
from relclient.i18n import format_date, format_number, t
from relclient.safe_text import markdown_text
from relclient.metrics import KpiFilter
from relclient.overview import KpiTile
from relclient.periods import period_text

TILE_WIDTH = 230  # four to a row on a wide screen, three on a laptop; room for a change's verdict
TILE_HEIGHT = 135  # a tile's metric alone
LINE_HEIGHT = 22  # each caption line under it
LINE_CHARS = 34  # about as many caption characters fit on a line of a tile
CAPTION_GAP = 16  # the space Streamlit leaves between two captions
LINK_HEIGHT = 34  # each page link under it (the rows behind the figure, the actions on the KPI)


def _caption_height(text: str | None) -> int:
    # A caption wraps at the tile's width: as many lines as its length asks for.
    return 0 if not text else CAPTION_GAP + LINE_HEIGHT * -(-len(text) // LINE_CHARS)
# Plotly's own toolbar exports a chart as an image; keep it, drop the rest.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


date_text = format_date  # pages write dates the way the domain does


def period_caption(flt: KpiFilter, lang: str, compare: bool = True) -> None:
    """One line saying which days are shown and (`compare`) which ones they are compared with ("to
    date" when the data stops before the end asked for, in bold so that nobody misses it)."""
    text = period_text(flt.period, lang, compare)
    st.markdown(f"**{text}**" if flt.period.clipped else text)


def kpi_tiles(tiles: list[KpiTile], lang: str | None = None, flt: KpiFilter | None = None) -> None:
    """KPI tiles in rows: value (grey on a small sample), change (coloured only when significant,
    with its verdict), n, target, scope; with `flt`, a link to the rows behind each figure."""
    # Tiles of a fixed width wrap onto as many rows as the screen needs, so that labels and
    # values stay readable on a laptop; one height for all keeps the wrapped rows aligned.
    extra = max((sum(_caption_height(text) for text in (tile.sample, tile.comparison, tile.target, tile.scope_note))
                 + LINK_HEIGHT * ((flt is not None) + (tile.open_actions is not None)) for tile in tiles), default=0)
    height = TILE_HEIGHT + extra if extra else "content"
    with st.container(horizontal=True, wrap=True, gap="small"):
        for tile in tiles:
            with st.container(border=True, height=height, width=TILE_WIDTH):
                # The value is our own formatting (digits and a unit), safe inside Markdown's colour.
                st.metric(tile.label, f":gray[{tile.value}]" if tile.small_sample else tile.value, delta=tile.delta,
                          delta_color=tile.delta_color, help=tile.help, delta_description=tile.verdict_text,
                          delta_arrow="off" if tile.flat else "auto")
                st.caption(tile.sample)
                if tile.comparison:
                    st.caption(tile.comparison)
                if tile.target:
                    # A small sample is never read as good or bad news, against its target neither.
                    colour = "gray" if tile.small_sample else {True: "green", False: "red", None: "gray"}[tile.target_met]
                    st.caption(f":{colour}[{tile.target}]")
                if tile.scope_note:
                    st.caption(f":orange[{tile.scope_note}]")
                if tile.open_actions:
                    st.page_link(script("actions"), label=t("overview.open_actions", lang, n=tile.open_actions),
                                 icon=":material/view_kanban:", query_params={"kpi": tile.kpi_id})
                elif tile.open_actions == 0:
                    st.page_link(script("new_action"), label=t("overview.no_action", lang), icon=":material/add_task:",
                                 query_params={"kpi": tile.kpi_id})
                if flt is not None:
                    st.page_link(script("details"), label=t("overview.details", lang), icon=":material/table_rows:",
                                 query_params={"kpi": tile.kpi_id, "from": flt.period.start.isoformat(),
                                               "to": flt.period.asked().end.isoformat(), **flt.active()})


def plotly(fig: go.Figure, key: str) -> None:
    """Draw a domain-built figure with the export toolbar."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def customer_links(df):
    """The table with its customer_id turned into a link to that customer's record."""
    if "customer_id" not in df.columns:
        return df
    return df.assign(customer_id=[f"/{url_path('customer')}?customer={c}" for c in df["customer_id"]])



def table(df, name: str, lang: str, *, height: int | None = None, links: list[str] | None = None,
          act_from: list[str] | None = None, act_kpi: str | None = None) -> None:
    """A table with its CSV and Excel downloads (formulas neutralised); `links` columns hold
    addresses shown as the customer id they open. With `act_from` (one action source per row,
    e.g. "response:R12"), selecting a row opens a new action pre-filled from it."""
    # Decimals in the reader's own notation (decimal comma in French), links shown as their id,
    # dates the reader's way, and an empty cell empty (never "None").
    decimals = [column for column in df.columns if pd.api.types.is_float_dtype(df[column])]
    config = {column: st.column_config.NumberColumn(column, format="localized") for column in decimals}
    config.update({column: st.column_config.LinkColumn(column, display_text=r"customer=(.*)$")
                   for column in links or []})
    # A grid writes "None" in an empty number cell: such a column is shown as text, written out.
    holed = [c for c in decimals if df[c].isna().any()]
    shown, dates = readable_cells(df.assign(**{column: df[column].round(2) for column in decimals}), lang)
    shown = shown.assign(**{c: ["" if pd.isna(v) else format_number(v, lang, 2) for v in shown[c]] for c in holed})
    config = {c: spec for c, spec in config.items() if c not in holed}
    config.update({column: st.column_config.DatetimeColumn(column, format=fmt) for column, fmt in dates.items()})
    if act_from is None:
        st.dataframe(shown, width="stretch", hide_index=True, height=height or "auto", column_config=config, placeholder="")
    else:
        # The closed loop: one click on a row's box opens the new-action page in this session
        # (a link column would open a new tab, and a new tab means signing in again).
        st.caption(t("table.act_hint", lang))
        picked = st.dataframe(shown, width="stretch", hide_index=True, height=height or "auto",
                              column_config=config, on_select="rerun", selection_mode="single-row",
                              key=f"act-{name}", placeholder="")
        if picked.selection.rows:
            params = {"from": act_from[picked.selection.rows[0]], **({"kpi": act_kpi} if act_kpi else {})}
            st.switch_page(script("new_action"), query_params=params)
    if links:
        # Downloads carry the plain customer id, not the address.
        prefix = f"/{url_path('customer')}?customer="
        df = df.assign(**{c: [v.removeprefix(prefix) if isinstance(v, str) else v for v in df[c]] for c in links})
    download_buttons(df, name, lang)


def download_buttons(df, name: str, lang: str) -> None:
    """A table's CSV and Excel downloads (formulas neutralised)."""
    from relclient.exports import safe_name, to_csv, to_excel

    name = safe_name(name)
    with st.container(horizontal=True, gap="small"):
        st.download_button(t("download.csv", lang), to_csv(df), file_name=f"{name}.csv", mime="text/csv",
                           key=f"csv-{name}", icon=":material/download:", width="content")
        st.download_button(t("download.excel", lang), to_excel(df, name), file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"xlsx-{name}", icon=":material/download:", width="content")


# Dates in a grid, the reader's way (moment.js formats, as Streamlit's date columns take them).
GRID_FORMATS = {"fr": ("DD/MM/YYYY", "DD/MM/YYYY HH:mm"), "en": ("D MMM YYYY", "D MMM YYYY, HH:mm")}


def readable_cells(df: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table as a grid shows it: date columns formatted the reader's way (kept as dates, so that
    sorting still works, unless one is empty: then as text), dates inside text columns written out,
    and empty cells empty. Returns the frame and the grid format of each date column."""
    day_fmt, stamp_fmt = GRID_FORMATS.get(lang, GRID_FORMATS["fr"])
    changes, formats = {}, {}
    for column in df.columns:
        values = df[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            whole_days = bool((values.dropna().dt.normalize() == values.dropna()).all())
            if values.isna().any():
                changes[column] = [format_stamp(v, lang, whole_days) for v in values]
            else:
                formats[column] = day_fmt if whole_days else stamp_fmt
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            changes[column] = [format_stamp(v, lang, False) if isinstance(v, (date, pd.Timestamp))
                               else ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v) for v in values]
    return (df.assign(**changes) if changes else df), formats


def format_stamp(value: object, lang: str, day_only: bool) -> str:
    """A date or date and time the reader's way; empty for a missing one."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and not day_only and (value.hour, value.minute) != (0, 0):
        return f"{format_date(value, lang)} {value:%H:%M}"
    return format_date(value, lang)


def page_header(prefix: str, lang: str) -> None:
    """A page's title and one-line introduction, from the catalogue's `<prefix>.title` and `.intro`."""
    st.title(t(f"{prefix}.title", lang))
    st.caption(t(f"{prefix}.intro", lang))


# Text a person or a file wrote, inside Markdown (titles, captions, labels, tooltips): the one
# helper of relclient.safe_text, so that no page escapes it its own way.
plain = markdown_text
