"""Tables as downloadable files: CSV and Excel, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import re

import pandas as pd

from relclient.safe_text import spreadsheet_text

def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells — and column names, which come from files too — that a spreadsheet
    would run as a formula start with a quote."""
    out = df.rename(columns=lambda c: spreadsheet_text(str(c)))
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_text)
    return out


def safe_name(name: str, limit: int = 80) -> str:
    """A file or sheet name made of letters, digits, '-' and '_' only (names may carry data)."""
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_-]+", "-", name)).strip("-")
    return (cleaned or "data")[:limit]


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM, so that Excel opens accents correctly."""
    return neutralise_formulas(df).to_csv(index=False).encode("utf-8-sig")


def to_excel(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook with one sheet."""
    buffer = io.BytesIO()
    # Text stays text: no URL becomes a live link (file:///\\host\share included), no formula runs.
    options = {"options": {"strings_to_urls": False, "strings_to_formulas": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        neutralise_formulas(df).to_excel(writer, sheet_name=safe_name(sheet, 31), index=False)
    return buffer.getvalue()
