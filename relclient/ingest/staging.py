"""Stage: the file's rows into one temporary table of text columns, each with its line number.

Columns are named c0, c1, … by position, never after the file's headers, so that no header
(however odd) ever becomes an SQL identifier. Lines the reader cannot split into the header's
columns land in `ingest_read_rejects` with DuckDB's reason instead of stopping the read.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from relclient.ingest.errors import IngestError
from relclient.ingest.fileinfo import FileInfo
from relclient.ingest.sources import readable_copy

RAW = "ingest_raw"  # line, slot, c0, c1, …: every row read, with its line in the file
CELLS = "ingest_cells"  # slot, c0, c1, …: the same rows without the line numbering (cheaper)
MAX_LINE_BYTES = 16 * 1024 * 1024
BUFFER_BYTES = 2 * MAX_LINE_BYTES
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
    cur.execute("DROP VIEW IF EXISTS " + RAW)
    cur.execute("DROP VIEW IF EXISTS " + CELLS)
    for table in ("ingest_rows", "ingest_offset", "ingest_refused", "ingest_breaks", "ingest_read_rejects", "ingest_csv_rejects",
                  "ingest_csv_rejects_scan"):
        cur.execute("DROP TABLE IF EXISTS " + table)
    cur.execute("CREATE TEMP TABLE ingest_read_rejects (line BIGINT, code VARCHAR, raw VARCHAR)")
    # The same lines split into the file's columns, filled when the rejects file is written.
    cur.execute("CREATE OR REPLACE TEMP TABLE ingest_refused_cells (line BIGINT, cells VARCHAR[])")
    try:
        if info.kind == "csv":
            _stage_csv(cur, info)
        elif info.kind == "excel":
            _stage_excel(cur, info)
        else:
            _stage_parquet(cur, info)
    except duckdb.Error as exc:
        raise IngestError("unreadable", name=info.name, detail=str(exc).splitlines()[0][:300]) from exc
    rows = cur.execute("SELECT count(*) FROM ingest_rows").fetchone()[0]
    rejects = cur.execute("SELECT count(*) FROM ingest_read_rejects").fetchone()[0]
    if rows == 0 and rejects == 0:
        raise IngestError("no_rows", name=info.name)
    return Staged(rows, rejects)


def _stage_csv(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    width = len(info.headers)
    columns = {column_name(i): "VARCHAR" for i in range(width)}
    copy = (readable_copy(info.path, info.encoding if info.transcode else None, info.bare_cr)
            if info.transcode or info.bare_cr else None)
    try:
        cur.execute(
            "CREATE TEMP TABLE ingest_rows AS SELECT * FROM read_csv($path, auto_detect=false, header=false,"
            " skip=$skip, delim=$delim, quote='\"', escape='\"', columns=$columns, encoding=$encoding,"
            " max_line_size=$max_line, buffer_size=$buffer, store_rejects=true, rejects_table='ingest_csv_rejects',"
            " rejects_scan='ingest_csv_rejects_scan')",
            {"path": str(copy or info.read_path), "skip": info.header_row, "delim": info.delimiter,
             "columns": columns, "encoding": "utf-8" if info.transcode or info.encoding == "utf-8" else "latin-1",
             "max_line": MAX_LINE_BYTES, "buffer": BUFFER_BYTES})
    finally:
        if copy is not None:
            copy.unlink(missing_ok=True)  # the rows are in the table now
    cols = ", ".join(column_name(i) for i in range(width))
    # DuckDB numbers records (the header and blank lines count) and keeps the rows in file order:
    # a row's slot is its record number had no line been refused. Its line in the file adds the
    # refused records before it and the line breaks inside quoted fields of the rows before it.
    # Both corrections come from small tables, so the rows are never copied to number them.
    # The offset from rowid to slot is a value: it sits in a one-row table the views read, so
    # that only identifiers (c0, c1, … and table names) are ever written into the SQL text.
    cur.execute("CREATE TEMP TABLE ingest_offset AS SELECT $skip + 1 - coalesce(min(rowid), 0) AS delta"
                " FROM ingest_rows", {"skip": info.header_row})
    cur.execute("CREATE TEMP VIEW " + CELLS + " AS SELECT rowid + (SELECT delta FROM ingest_offset) AS slot, "
                + cols + " FROM ingest_rows")
    cur.execute("""CREATE TEMP TABLE ingest_refused AS
        SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot FROM (SELECT DISTINCT line FROM ingest_csv_rejects)""")
    cur.execute("CREATE TEMP TABLE ingest_breaks (slot BIGINT, before_next BIGINT)")
    records = cur.execute("SELECT (SELECT count(*) FROM ingest_rows) + (SELECT count(*) FROM ingest_refused)").fetchone()[0]
    if info.newlines is None or info.newlines > info.header_row + records:
        # More line ends than records: some fields hold line breaks (or blank lines sit between rows).
        joined = "concat_ws('', " + cols + ", '')"
        breaks = "length(" + joined + ") - length(replace(" + joined + ", chr(10), ''))"
        cur.execute("INSERT INTO ingest_breaks SELECT slot, sum(breaks) OVER (ORDER BY slot) FROM ("
                    "SELECT slot, " + breaks + " AS breaks FROM " + CELLS + ") WHERE breaks > 0")
    corrections = cur.execute("SELECT (SELECT count(*) FROM ingest_refused) + (SELECT count(*) FROM ingest_breaks)"
                              ).fetchone()[0]
    if corrections == 0:  # the usual file: one line per row, none refused
        cur.execute("CREATE TEMP VIEW " + RAW + " AS SELECT slot AS line, * FROM " + CELLS)
    else:
        cur.execute("CREATE TEMP VIEW " + RAW + """ AS
            SELECT s.slot + (SELECT count(*) FROM ingest_refused r WHERE r.slot <= s.slot)
                          + coalesce((SELECT max(b.before_next) FROM ingest_breaks b WHERE b.slot < s.slot), 0)
                   AS line, s.*
            FROM """ + CELLS + " s")
    reasons = " ".join("WHEN ? THEN ?" for _ in _READ_REASONS)
    cur.execute(
        f"""INSERT INTO ingest_read_rejects
        SELECT r.line + coalesce((SELECT max(b.before_next) FROM ingest_breaks b WHERE b.slot < r.line), 0),
               CASE r.error_type {reasons} ELSE 'unreadable_line' END, left(r.csv_line, 2000)
        FROM (SELECT line, arg_min(error_type, column_idx) AS error_type, any_value(csv_line) AS csv_line
              FROM ingest_csv_rejects GROUP BY line) r""",
        [v for pair in _READ_REASONS.items() for v in pair])


def _stage_excel(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    from relclient.ingest.excel import sheet_table

    table = sheet_table(info)  # noqa: F841 - read by DuckDB's replacement scan below
    cur.register("ingest_sheet", table)
    try:
        cur.execute("CREATE TEMP TABLE ingest_rows AS SELECT * FROM ingest_sheet")
        _line_views(cur, len(info.headers))
    finally:
        cur.unregister("ingest_sheet")


def _stage_parquet(cur: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    casts = ", ".join(f"CAST(#{i + 1} AS VARCHAR) AS {column_name(i)}" for i in range(len(info.headers)))
    sql = ("CREATE TEMP TABLE ingest_rows AS SELECT file_row_number + 1 AS line, " + casts
           + " FROM read_parquet($path, file_row_number=true)")
    cur.execute(sql, {"path": str(info.read_path)})
    _line_views(cur, len(info.headers))


def _line_views(cur: duckdb.DuckDBPyConnection, width: int) -> None:
    """Excel and Parquet rows know their line already: it is also their slot."""
    cols = ", ".join(column_name(i) for i in range(width))
    cur.execute("CREATE TEMP VIEW " + CELLS + " AS SELECT line AS slot, " + cols + " FROM ingest_rows")
    cur.execute("CREATE TEMP VIEW " + RAW + " AS SELECT line, line AS slot, " + cols + " FROM ingest_rows")
