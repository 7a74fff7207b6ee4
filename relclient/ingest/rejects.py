"""Rejected rows and issues, worded in the reader's language by SQL (no Python loop per row)."""

from __future__ import annotations

import codecs
import csv
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from relclient.safe_text import spreadsheet_sql, spreadsheet_text
from relclient.i18n import CATALOG
from relclient.ingest.fileinfo import FileInfo
from relclient.ingest.typing_sql import Binder

REJECTS_DIR = Path(tempfile.gettempdir()) / "relclient-rejects"
SHOWN_ISSUES = 1000  # issues kept with a result in memory; the issues file holds them all
PAGE_SIZE = 200  # issues per page on screen
REASON_PREFIX = "ingest.reason."


def message_sql(lang: str, b: Binder) -> str:
    """SQL wording an issue row (column_name, value, code, detail) in `lang`."""
    catalog = CATALOG[lang]
    codes = [k[len(REASON_PREFIX):] for k in catalog if k.startswith(REASON_PREFIX)]
    texts = [catalog[REASON_PREFIX + c] for c in codes]
    template = f"coalesce(map_extract_value(MAP({b.bind(codes)}, {b.bind(texts)}), code), code)"
    worded = f"replace(replace({template}, '{{detail}}', coalesce(detail, '')), '{{value}}', coalesce(value, ''))"
    return f"CASE WHEN column_name IS NULL THEN {worded} ELSE column_name || ' : ' || {worded} END" if lang == "fr" \
        else f"CASE WHEN column_name IS NULL THEN {worded} ELSE column_name || ': ' || {worded} END"


def _issues_sql(lang: str, b: Binder, source: str = "ingest_issues") -> str:
    """Every issue worded in `lang`, errors first then by line: line, column, value, code, reason."""
    msg = message_sql(lang, b)
    words = b.bind([_word("error", lang), _word("warning", lang)])
    severity = f"map_extract_value(MAP(['error', 'warning'], {words}), severity)"
    return (f"SELECT line, column_name, value, code, {msg} AS reason, {severity} AS shown_severity,"
            f" severity = 'error' AS is_error FROM {source}"
            f" ORDER BY is_error DESC, line, column_name, code")


def issue_frame(cur: duckdb.DuckDBPyConnection, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first issues of ingest_issues (line, column, value, code, reason, severity) and the count
    per column and reason, worded in `lang`."""
    b = Binder()
    msg = message_sql(lang, b)
    words = b.bind([_word("error", lang), _word("warning", lang)])
    severity = f"map_extract_value(MAP(['error', 'warning'], {words}), severity)"
    shown = _issues_sql(lang, b) + f" LIMIT {SHOWN_ISSUES}"
    counts = (f"SELECT {severity} AS shown_severity, column_name, any_value({msg}) AS example, code,"
              " count(*) AS rows FROM ingest_issues GROUP BY severity, column_name, code"
              " ORDER BY severity, rows DESC")
    first = cur.execute(shown, b.used_by(shown)).df().rename(columns={"shown_severity": "severity"})
    per_reason = cur.execute(counts, b.used_by(counts)).df().rename(columns={"shown_severity": "severity"})
    return first, per_reason


def write_issues(cur: duckdb.DuckDBPyConnection, lang: str) -> Path:
    """Every issue of this check or load, worded, in a Parquet file the page pages through and the
    CLI lists whole (a million issues never sit in a DataFrame)."""
    b = Binder()
    sql = _issues_sql(lang, b)
    REJECTS_DIR.mkdir(exist_ok=True)
    path = Path(tempfile.mkstemp(prefix="issues-", suffix=".parquet", dir=REJECTS_DIR)[1])
    reader = cur.execute(sql, b.used_by(sql)).to_arrow_reader(100_000)
    with pq.ParquetWriter(path, reader.schema) as out:
        for batch in reader:
            out.write_batch(batch)
    return path


def issue_page(path: Path, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Page `page` (from 0) of an issues file: line, column, value, code, reason, severity."""
    with duckdb.connect() as con:
        return con.execute("SELECT * EXCLUDE (is_error) RENAME (shown_severity AS severity) FROM read_parquet($p)"
                           " LIMIT $n OFFSET $o", {"p": str(path), "n": size, "o": page * size}).df()


def issues_csv(path: Path, lang: str) -> Path:
    """Every issue of an issues file as a CSV for a spreadsheet: line, column, value, code, reason,
    severity (the value as the file wrote it, formulas neutralised)."""
    with duckdb.connect() as con:
        table = con.execute(f"SELECT line, column_name, {spreadsheet_sql('value')}, code,"
                            f" {spreadsheet_sql('reason')}, shown_severity FROM read_parquet($p)",
                            {"p": str(path)}).to_arrow_table()
    names = [_word("line", lang), CATALOG[lang]["data.col_column"], CATALOG[lang]["data.col_value"],
             _word("codes", lang), CATALOG[lang]["data.col_reason"], CATALOG[lang]["data.col_severity"]]
    return _write_csv(table, names, ";")


def prune(folder: Path, max_age_seconds: float = 24 * 3600) -> None:
    """Delete the files of `folder` older than a day (rejects and uploads are kept for the session)."""
    limit = time.time() - max_age_seconds
    for old in folder.glob("*"):
        if old.is_file() and old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


def _write_csv(table: pa.Table, names: list[str], delimiter: str) -> Path:
    REJECTS_DIR.mkdir(exist_ok=True)
    prune(REJECTS_DIR)
    path = Path(tempfile.mkstemp(prefix="rejects-", suffix=".csv", dir=REJECTS_DIR)[1])
    with path.open("wb") as out:
        out.write(codecs.BOM_UTF8)  # Excel opens UTF-8 correctly only with the mark
        # The file's own headers are the file's words: a spreadsheet must not run them either.
        pacsv.write_csv(table.rename_columns([spreadsheet_text(n) for n in names]), out,
                        pacsv.WriteOptions(delimiter=delimiter, quoting_style="needed"))
    return path


def write_rejects(cur: duckdb.DuckDBPyConnection, info: FileInfo, lang: str) -> Path:
    """The rejected rows as a CSV: the file's columns, its line number and the reasons."""
    b = Binder()
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE ingest_reasons AS
        SELECT line, string_agg({message_sql(lang, b)}, ' | ' ORDER BY column_name, code) AS reasons,
               string_agg(code, ' | ' ORDER BY column_name, code) AS codes
        FROM ingest_issues WHERE severity = 'error' GROUP BY line""", b.params)
    width = len(info.headers)
    _split_refused(cur, info)
    # Every cell a spreadsheet would run as a formula starts with a quote, in DuckDB.
    cols = ", ".join(spreadsheet_sql(f"r.c{i}") for i in range(width))
    split = ", ".join(spreadsheet_sql(f"x.cells[{i + 1}]") for i in range(width))
    table = cur.execute(
        f"SELECT m.line, {spreadsheet_sql('m.reasons')}, m.codes, {cols} FROM ingest_cells r"
        " JOIN ingest_typed t USING (slot) JOIN ingest_reasons m ON m.line = t.line"
        f" UNION ALL SELECT m.line, {spreadsheet_sql('m.reasons')}, m.codes, {split}"
        " FROM ingest_refused_cells x JOIN ingest_reasons m USING (line) ORDER BY 1").to_arrow_table()
    return _write_csv(table, [_word("line", lang), _word("reasons", lang), _word("codes", lang), *info.headers],
                      info.delimiter or ";")


def _split_refused(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    """The lines the reader refused, split into the file's columns as far as they go: a line with
    too many fields keeps the extra ones in its last cell, one with too few leaves cells empty.
    These lines are few (each is a reader error), so Python's csv splits them."""
    width = max(1, len(info.headers))
    rows = cur.execute("SELECT line, raw FROM ingest_read_rejects ORDER BY line").fetchall()
    delimiter = info.delimiter or ","
    split = []
    for line, raw in rows:
        try:
            fields = next(csv.reader([raw or ""], delimiter=delimiter), [])
        except csv.Error:
            fields = [raw or ""]
        if len(fields) > width:
            fields = fields[:width - 1] + [delimiter.join(fields[width - 1:])]
        split.append((line, fields + [None] * (width - len(fields))))
    refused = pa.table({"line": pa.array([r[0] for r in split], pa.int64()),
                        "cells": pa.array([r[1] for r in split], pa.list_(pa.string()))})
    cur.register("ingest_refused_split", refused)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE ingest_refused_cells AS SELECT * FROM ingest_refused_split")
    finally:
        cur.unregister("ingest_refused_split")


def stored_rejects(cur: duckdb.DuckDBPyConnection, load_id: int, lang: str) -> Path | None:
    """The rejected rows of a recorded load, as write_rejects gives them right after the upload."""
    row = cur.execute("SELECT headers, rejected FROM loads WHERE load_id = ?", [load_id]).fetchone()
    if row is None or not row[1]:
        return None
    headers = list(row[0])
    b = Binder()
    load = b.bind(load_id)
    cells = ", ".join(spreadsheet_sql(f"x.raw[{i + 1}]") for i in range(len(headers)))
    table = cur.execute(
        f"""SELECT x.line, {spreadsheet_sql('m.reasons')}, m.codes, {cells} FROM load_rejects x JOIN
            (SELECT line, string_agg({message_sql(lang, b)}, ' | ' ORDER BY column_name, code) AS reasons,
                    string_agg(code, ' | ' ORDER BY column_name, code) AS codes
             FROM load_issues WHERE load_id = {load} AND severity = 'error' GROUP BY line) m USING (line)
            WHERE x.load_id = {load} ORDER BY x.line""", b.params).to_arrow_table()
    return _write_csv(table, [_word("line", lang), _word("reasons", lang), _word("codes", lang), *headers], ";")


def _word(key: str, lang: str) -> str:
    return CATALOG[lang][f"ingest.file.{key}"]
