"""Every download — tables as CSV and Excel, the rejected rows of an upload — opens in a spreadsheet
as text: no formula runs (header row included) and no URL becomes a live link."""

from __future__ import annotations

import csv
import re
import io
import zipfile

import pandas as pd
import pytest

from relclient.exports import to_csv, to_excel
from relclient.ingest.rejects import stored_rejects
from relclient.safe_text import markdown_text, spreadsheet_text
from tests.ingest_helpers import upload, write
from tests.security.hostile import HOSTILE

FORMULAS = ['=HYPERLINK("https://evil.example","Cliquez")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "=cmd|' /C calc'!A0", " =1+1", "\t=1+1"]
URLS = ["https://evil.example/login", "file:///\\\\evil.example\\share", "www.evil.example", "mailto:x@evil.example"]


def _csv_cells(data: bytes, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter) for cell in row]


def _formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_table_downloaded_as_csv_runs_no_formula_in_a_cell_or_a_header():
    df = pd.DataFrame({"=HYPERLINK(\"https://evil.example\")": FORMULAS, "n": range(len(FORMULAS))})
    cells = _csv_cells(to_csv(df))
    assert not [c for c in cells if _formula(c)]
    assert "'=HYPERLINK(\"https://evil.example\")" in cells and "'+cmd|' /C calc'!A0" in cells


def test_a_table_downloaded_as_excel_holds_no_formula_and_no_live_link():
    df = pd.DataFrame({"+header": FORMULAS + URLS, "n": range(len(FORMULAS) + len(URLS))})
    data = to_excel(df, "x")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: book.read(name).decode() for name in book.namelist()}
    assert "<f>" not in parts["xl/worksheets/sheet1.xml"]  # no formula
    assert "<hyperlink" not in parts["xl/worksheets/sheet1.xml"]  # no link in the sheet…
    assert not [name for name, xml in parts.items() if "relationships/hyperlink" in xml]  # …nor to one
    back = pd.read_excel(io.BytesIO(data), engine="calamine")
    assert list(back.columns)[0] == "'+header"
    assert list(back.iloc[:, 0])[-4:] == URLS  # the addresses, as the plain text they were


def test_the_rejected_rows_csv_runs_no_formula_header_row_included(store, tmp_path):
    # Every row is rejected (no creation date a reader can read), each cell a formula, the header too.
    lines = "\n".join(f"C{n};{f};{f}" for n, f in enumerate(FORMULAS))
    result = upload(store, "customers", write(tmp_path, "evil.csv", f"customer_id;name;created_on;=cmd|x\n{lines}\n"),
                    mapping=None)
    assert result.validation.rejected == len(FORMULAS)
    for path in (result.rejects_path,):
        cells = _csv_cells(path.read_bytes(), ";")
        assert not [c for c in cells if _formula(c)], [c for c in cells if _formula(c)]
        assert "'=cmd|x" in cells


@pytest.mark.parametrize("text", [HOSTILE, "[a](http://x)", "www.x.fr", "a@b.fr", "https://x.fr", ":red[x]",
                                  "line\n# heading", "<script>x</script>"])
def test_markdown_text_leaves_nothing_markdown_or_a_link_could_read(text):
    safe = markdown_text(text)
    assert "www." not in safe and ":/" not in safe and "@" + "e" not in safe  # autolinks broken
    assert "\n" not in safe and "](" not in safe and "[" not in safe.replace("\\[", "")
    assert "<" not in safe.replace("\\<", "")  # no HTML
    assert re.search(r"(?<!\\):", safe) is None  # no :colour[…] directive, no emoji or icon code
    assert safe.replace("\\", "").replace("\u200b", "") == text.replace("\n", " ")  # the same words


def test_spreadsheet_text_quotes_a_formula_and_leaves_the_rest():
    assert [spreadsheet_text(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert spreadsheet_text("Dupont") == "Dupont" and spreadsheet_text(-3) == -3
