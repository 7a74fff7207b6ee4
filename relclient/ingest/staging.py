"""Stage: the file's rows into one temporary table of text columns, each with its line number.

Columns are named c0, c1, … by position, never after the file's headers, so that no header
(however odd) ever becomes an SQL identifier. Lines the reader cannot split into the header's
columns land in `ingest_read_rejects` with DuckDB's reason instead of stopping the read.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from relclient.ingest.errors import IngestError
from relclient.ingest.sources import FileInfo

RAW = "ingest_raw"
MAX_LINE_BYTES = 64 * 1024 * 1024  # a 1 MB comment is a real export; 64 MB is a broken file
MAX_COLUMNS = 4096

# DuckDB's reader error types, as our reason codes.
_READ_REASONS = {
    "MISSING COLUMNS": "too_few_fields",
    "TOO MANY COLUMNS": "too_many_fields",
    "UNQUOTED VALUE": "bad_quotes",
    "INVALID UNICODE": "invalid_unicode",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "INVALID STATE": "bad_quotes",
}


@dataclass(frozen=True)
class Staged:
    """How many rows were read into ingest_raw, and how many lines the reader refused."""

    rows: int
    read_rejects: int


def column_name(index: int) -> str:
    """The staged column holding the file's column number `index` (0-based)."""
    return f"c{index}"


def stage(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> Staged:
    """Read every row of the file into the temporary table ingest_raw(line, c0, c1, …)."""
    width = len(info.headers)
    if width > MAX_COLUMNS:
        raise IngestError("too_many_columns", name=info.name, n=width, limit=MAX_COLUMNS)
    for table in (RAW, "ingest_read_rejects", "ingest_csv_rejects", "ingest_csv_rejects_scan"):
        cur.execute("DROP TABLE IF EXISTS " + table)
    cur.execute("CREATE TEMP TABLE ingest_read_rejects (line BIGINT, code VARCHAR, raw VARCHAR)")
    try:
        if info.kind == "csv":
            _stage_csv(cur, info)
        elif info.kind == "excel":
            _stage_excel(cur, info)
        else:
            _stage_parquet(cur, info)
    except duckdb.Error as exc:
        raise IngestError("unreadable", name=info.name, detail=str(exc).splitlines()[0][:300]) from exc
    rows = cur.execute("SELECT count(*) FROM " + RAW).fetchone()[0]
    rejects = cur.execute("SELECT count(*) FROM ingest_read_rejects").fetchone()[0]
    if rows == 0 and rejects == 0:
        raise IngestError("no_rows", name=info.name)
    return Staged(rows, rejects)


def _stage_csv(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    width = len(info.headers)
    columns = {column_name(i): "VARCHAR" for i in range(width)}
    cur.execute(
        "CREATE TEMP TABLE ingest_scan AS SELECT * FROM read_csv($path, auto_detect=false, header=false,"
        " skip=$skip, delim=$delim, quote='\"', escape='\"', columns=$columns, encoding=$encoding,"
        " max_line_size=$max_line, store_rejects=true, rejects_table='ingest_csv_rejects',"
        " rejects_scan='ingest_csv_rejects_scan')",
        {"path": str(info.read_path), "skip": info.header_row, "delim": info.delimiter, "columns": columns,
         "encoding": "latin-1" if info.encoding == "latin-1" or (info.encoding == "cp1252" and info.read_path == info.path)
         else "utf-8", "max_line": MAX_LINE_BYTES})
    cols = ", ".join(column_name(i) for i in range(width))
    joined = f"concat_ws('', {cols}, '')"
    # DuckDB numbers records (the header and blank lines count); a record's line in the file is
    # its record number plus the line breaks inside the quoted fields of the records before it.
    numbered = f"""CREATE TEMP TABLE ingest_numbered AS
        WITH valid AS (
            -- rowid counts in file order; a temporary table's first rowid is not 0
            SELECT rowid - (SELECT min(rowid) FROM ingest_scan) + $skip + 1 AS slot, {cols},
                   length({joined}) - length(replace({joined}, chr(10), '')) AS breaks
            FROM ingest_scan),
        refused AS (
            SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot
            FROM (SELECT DISTINCT line FROM ingest_csv_rejects))
        SELECT v.slot + (SELECT count(*) FROM refused r WHERE r.slot <= v.slot) AS record, v.*
        FROM valid v"""
    cur.execute(numbered, {"skip": info.header_row})
    raw = f"""CREATE TEMP TABLE {RAW} AS
        SELECT record + coalesce(sum(breaks) OVER (ORDER BY record ROWS BETWEEN UNBOUNDED PRECEDING
                                                   AND 1 PRECEDING), 0) AS line, {cols}
        FROM ingest_numbered"""
    cur.execute(raw)
    reasons = " ".join("WHEN ? THEN ?" for _ in _READ_REASONS)
    cur.execute(
        f"""INSERT INTO ingest_read_rejects
        SELECT r.line + coalesce((SELECT sum(n.breaks) FROM ingest_numbered n WHERE n.record < r.line), 0),
               CASE r.error_type {reasons} ELSE 'unreadable_line' END, left(r.csv_line, 2000)
        FROM (SELECT line, arg_min(error_type, column_idx) AS error_type, any_value(csv_line) AS csv_line
              FROM ingest_csv_rejects GROUP BY line) r""",
        [v for pair in _READ_REASONS.items() for v in pair])
    cur.execute("DROP TABLE ingest_scan")
    cur.execute("DROP TABLE ingest_numbered")


def _stage_excel(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    from relclient.ingest.excel import sheet_table

    table = sheet_table(info)  # noqa: F841 - read by DuckDB's replacement scan below
    cur.register("ingest_sheet", table)
    try:
        cur.execute("CREATE TEMP TABLE " + RAW + " AS SELECT * FROM ingest_sheet")
    finally:
        cur.unregister("ingest_sheet")


def _stage_parquet(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    casts = ", ".join(f"CAST(#{i + 1} AS VARCHAR) AS {column_name(i)}" for i in range(len(info.headers)))
    sql = (f"CREATE TEMP TABLE {RAW} AS SELECT file_row_number + 1 AS line, {casts}"
           " FROM read_parquet($path, file_row_number=true)")
    cur.execute(sql, {"path": str(info.read_path)})
