"""Rejected rows and issues, worded in the reader's language by SQL (no Python loop per row)."""

from __future__ import annotations

import codecs
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from relclient.safe_text import spreadsheet_sql, spreadsheet_text
from relclient.i18n import CATALOG
from relclient.ingest.sources import FileInfo
from relclient.ingest.typing_sql import Binder

REJECTS_DIR = Path(tempfile.gettempdir()) / "relclient-rejects"
SHOWN_ISSUES = 1000  # issues listed on screen; the download holds them all
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


def issue_frame(cur: duckdb.DuckDBPyConnection, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first issues of ingest_issues (line, column, value, reason, severity) and the count per
    column and reason, worded in `lang`."""
    b = Binder()
    msg = message_sql(lang, b)
    words = b.bind([_word("error", lang), _word("warning", lang)])
    severity = f"map_extract_value(MAP(['error', 'warning'], {words}), severity)"
    shown = (f"SELECT line, column_name, value, {msg} AS reason, {severity} AS shown_severity,"
             f" severity = 'error' AS is_error FROM ingest_issues"
             f" ORDER BY is_error DESC, line, column_name LIMIT {SHOWN_ISSUES}")
    counts = (f"SELECT {severity} AS shown_severity, column_name, any_value({msg}) AS example, code,"
              " count(*) AS rows FROM ingest_issues GROUP BY severity, column_name, code"
              " ORDER BY severity, rows DESC")
    first = cur.execute(shown, b.used_by(shown)).df().rename(columns={"shown_severity": "severity"})
    per_reason = cur.execute(counts, b.used_by(counts)).df().rename(columns={"shown_severity": "severity"})
    return first, per_reason


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
        SELECT line, string_agg({message_sql(lang, b)}, ' | ' ORDER BY column_name) AS reasons
        FROM ingest_issues WHERE severity = 'error' GROUP BY line""", b.params)
    # Every cell a spreadsheet would run as a formula starts with a quote, in DuckDB.
    cols = ", ".join(spreadsheet_sql(f"r.c{i}") for i in range(len(info.headers)))
    padding = ", NULL" * (len(info.headers) - 1)  # a line the reader could not split: whole, in the first column
    table = cur.execute(
        f"SELECT m.line, {spreadsheet_sql('m.reasons')}, {cols} FROM ingest_cells r JOIN ingest_typed t USING (slot)"
        " JOIN ingest_reasons m ON m.line = t.line"
        f" UNION ALL SELECT m.line, {spreadsheet_sql('m.reasons')}, {spreadsheet_sql('x.raw')}{padding}"
        " FROM ingest_read_rejects x JOIN ingest_reasons m USING (line) ORDER BY 1").to_arrow_table()
    return _write_csv(table, [_word("line", lang), _word("reasons", lang), *info.headers], info.delimiter or ";")


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
        f"""SELECT x.line, {spreadsheet_sql('m.reasons')}, {cells} FROM load_rejects x JOIN
            (SELECT line, string_agg({message_sql(lang, b)}, ' | ' ORDER BY column_name) AS reasons
             FROM load_issues WHERE load_id = {load} AND severity = 'error' GROUP BY line) m USING (line)
            WHERE x.load_id = {load} ORDER BY x.line""", b.params).to_arrow_table()
    return _write_csv(table, [_word("line", lang), _word("reasons", lang), *headers], ";")


def _word(key: str, lang: str) -> str:
    return CATALOG[lang][f"ingest.file.{key}"]
