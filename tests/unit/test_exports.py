"""Downloads: CSV with accents intact, Excel readable, spreadsheet formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd

from relclient.exports import neutralise_formulas, to_csv, to_excel


def test_text_that_a_spreadsheet_would_run_starts_with_a_quote():
    df = pd.DataFrame({"comment": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "ok"], "n": [1, -2, 3, 4, 5]})
    safe = neutralise_formulas(df)
    assert list(safe["comment"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "ok"]
    assert list(safe["n"]) == [1, -2, 3, 4, 5]  # numbers stay numbers


def test_csv_keeps_accents_for_excel():
    data = to_csv(pd.DataFrame({"service": ["Réclamations é"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Réclamations é" in data.decode("utf-8-sig")


def test_excel_reads_back_the_same_table():
    df = pd.DataFrame({"kpi": ["nps", "=csat"], "value": [12.5, 70.0]})
    data = to_excel(df, "x")
    back = pd.read_excel(io.BytesIO(data), engine="calamine")
    assert list(back["kpi"]) == ["nps", "'=csat"]
    assert list(back["value"]) == [12.5, 70.0]


def test_names_that_come_from_the_data_make_safe_file_and_sheet_names():
    from relclient.exports import safe_name

    assert safe_name("customer-[click](http://x)/../é") == "customer-click-http-x"
    assert safe_name("***") == "data"
    data = to_excel(pd.DataFrame({"a": [1]}), "customer-[x]:*?/\\\\")
    assert data[:2] == b"PK"
