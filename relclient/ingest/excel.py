"""Excel workbooks (.xlsx, .xls) through python-calamine: sheets, header row, cells as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from python_calamine import CalamineWorkbook

from relclient.ingest.errors import IngestError
from relclient.ingest.fileinfo import OLE_SIGNATURE, SAMPLE_ROWS, FileInfo, ReadOptions
from relclient.ingest.headers import clean_headers

_SCAN_ROWS = 20  # rows looked at to find the header


def _open(path: Path, name: str, head: bytes) -> CalamineWorkbook:
    if not head.startswith(b"PK\x03\x04") and not head.startswith(OLE_SIGNATURE):
        raise IngestError("not_excel", name=name)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        if head.startswith(OLE_SIGNATURE) and Path(name).suffix.lower() != ".xls":
            raise IngestError("encrypted", name=name) from exc  # Office encrypts into an OLE box
        raise IngestError("bad_excel", name=name, detail=str(exc).splitlines()[0][:200]) from exc


def _rows(book: CalamineWorkbook, sheet: str, limit: int | None = None) -> list[list]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=limit)


def _filled(row: list) -> int:
    return sum(1 for cell in row if cell not in ("", None))


def inspect_workbook(path: Path, name: str, size: int, sha256: str, head: bytes, options: ReadOptions) -> FileInfo:
    """Sheets, the chosen sheet (the first holding data unless told) and its header row."""
    book = _open(path, name, head)
    sheets = tuple(book.sheet_names)
    warnings: list[tuple[str, dict]] = []
    if options.sheet is not None:
        if options.sheet not in sheets:
            raise IngestError("no_sheet", name=name, sheet=options.sheet, sheets=", ".join(sheets))
        sheet = options.sheet
    else:
        # The widest sheet is the data; notes and cover pages hold one or two columns.
        widths = {s: max((_filled(r) for r in _rows(book, s, _SCAN_ROWS)), default=0) for s in sheets}
        sheet = max(sheets, key=lambda s: (widths[s], -sheets.index(s)))
        if widths[sheet] == 0:
            raise IngestError("empty", name=name)
        if len(sheets) > 1:
            warnings.append(("several_sheets", {"sheet": sheet, "sheets": ", ".join(sheets)}))
    top = _rows(book, sheet, _SCAN_ROWS)
    if options.header_row is not None:
        header_row = options.header_row
    else:
        widest = max((_filled(r) for r in top), default=0)
        header_row = next((n for n, r in enumerate(top, start=1) if _filled(r) == widest), 1)
    if header_row > len(top):
        raise IngestError("no_header_row", name=name, row=header_row)
    raw = list(top[header_row - 1])
    while raw and raw[-1] in ("", None):
        raw.pop()  # trailing empty cells are the sheet's used area, not columns
    headers, dup = clean_headers([_text(c) or "" for c in raw])
    samples = tuple(tuple(_text(c) or "" for c in r) for r in _rows(book, sheet, header_row + SAMPLE_ROWS)[header_row:] if _filled(r))
    return FileInfo(path, name, size, sha256, "excel", tuple(headers), header_row, sheet=sheet, sheets=sheets,
                    read_path=path, warnings=tuple(warnings + dup), samples=samples)


def _text(cell: object) -> str | None:
    """A cell as the text a CSV export would hold: ISO dates, integers without '.0'."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date, dt.time)):
        return cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else cell.isoformat()
    return str(cell)


def sheet_table(info: FileInfo) -> pa.Table:
    """The sheet's rows below the header as an Arrow table of text: line, c0, c1, …"""
    book = CalamineWorkbook.from_path(str(info.read_path))
    rows = _rows(book, info.sheet)[info.header_row:]
    width = len(info.headers)
    # A workbook is at most about a million rows: calamine hands them over as Python lists,
    # turned into columns once, then everything else happens in DuckDB.
    lines, columns = [], [[] for _ in range(width)]
    for n, row in enumerate(rows, start=info.header_row + 1):
        cells = [_text(c) for c in row[:width]]
        if not any(cells):
            continue  # an empty row in a sheet is layout, not data
        lines.append(n)
        for i in range(width):
            columns[i].append(cells[i] if i < len(cells) else None)
    arrays = {"line": pa.array(lines, pa.int64())}
    arrays.update({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    return pa.table(arrays)
