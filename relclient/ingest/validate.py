"""Validate: type the staged text by the mapping and check every contract rule, set-based in DuckDB.

`validate` fills three temporary tables on the caller's cursor: ingest_typed (every row typed),
ingest_issues (line, column, value, code, detail, severity) and ingest_valid (the rows that may
be loaded, duplicates removed). Column identifiers come from the contract, never from the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from relclient.contract import ANONYMOUS_CUSTOMER, SURVEY_SCALES, Column, Dataset
from relclient.ingest import typing_sql as ty
from relclient.ingest.errors import IngestError
from relclient.ingest.modes import LoadMode
from relclient.ingest.mapping import DATE_FORMATS, ColumnMap, Mapping, check_mapping, dataset, lookup_target, normalise
from relclient.ingest.fileinfo import FileInfo
from relclient.ingest.suggest import names_of
from relclient.ingest.staging import column_name

MAX_TEXT = 100_000  # characters in one cell: longer is a broken export, not a verbatim
DETAIL_LINES = 10  # lines listed in a duplicate-key reason
DATE_SAMPLE = 5_000  # rows read to choose each date column's order and pattern


@dataclass(frozen=True)
class Rule:
    """A rule between columns: the violation as SQL over typed columns (code-defined, never user text)."""

    column: str
    violated: str
    code: str
    detail: str = "NULL"  # SQL giving the detail shown with the reason


# A score within its survey's scale, and the scale in words, from the contract's scales (fixed text
# from code: survey names and whole numbers).
_SCALE_OK = " OR ".join(f"(survey = '{name}' AND score BETWEEN {low} AND {high})"
                        for name, (low, high) in SURVEY_SCALES.items())
_SCALE_TEXT = ("coalesce(CASE survey " + " ".join(f"WHEN '{name}' THEN '{low}–{high}'"
                                                   for name, (low, high) in SURVEY_SCALES.items()) + " END, '')")

CROSS_RULES: dict[str, tuple[Rule, ...]] = {
    "customers": (Rule("churned_on", "churned_on < created_on", "before", "'created_on ' || created_on"),),
    "tickets": (
        Rule("first_response_at", "first_response_at < opened_at", "before", "'opened_at ' || opened_at"),
        Rule("resolved_at", "resolved_at < opened_at", "before", "'opened_at ' || opened_at"),
    ),
    "ticket_transfers": (Rule("to_dept", "to_dept = from_dept", "same_dept", "from_dept"),),
    "survey_responses": (Rule("score", f"NOT ({_SCALE_OK})", "score_range", f"survey || ' ' || {_SCALE_TEXT}"),),
    "internal_ratings": (
        Rule("month", "day(month) <> 1", "first_day", "strftime(month, '%Y-%m-01')"),
        Rule("rated_dept", "rated_dept = rater_dept", "same_dept", "rater_dept"),
    ),
}


@dataclass(frozen=True)
class Validation:
    """Counts and choices of one validation; the rows themselves stay in the temporary tables."""

    rows_read: int
    valid: int
    rejected: int
    duplicates: int  # exact copies of an earlier row, skipped
    warnings: int
    formats: tuple[tuple[str, str], ...]  # (column, date order or decimal mark used)


# What a cell may begin or end with and still be the same value: spaces, tabs, line breaks,
# no-break spaces (a cell of blanks is empty).
BLANKS = " \t\r\n\u00a0\u202f"


def _source_sql(mapping: Mapping, headers: tuple[str, ...], b: ty.Binder) -> dict[str, str]:
    """Per contract column, the SQL text it comes from (trimmed, empty as NULL), before value maps:
    a file column (with its time-of-day column, when apart) or a constant."""
    out = {}
    blanks = b.bind(BLANKS)
    for cm in mapping.columns:
        if cm.source is not None:
            cell = f"trim({column_name(headers.index(cm.source))}, {blanks})"
            if cm.time_source is not None:
                cell = f"trim(concat_ws(' ', {cell}, trim({column_name(headers.index(cm.time_source))}, {blanks})))"
            out[cm.target] = f"nullif({cell}, '')"
        elif cm.constant is not None and cm.constant.strip():
            out[cm.target] = b.bind(cm.constant.strip())
    return out


def _lookup_table(cur: duckdb.DuckDBPyConnection, ds: Dataset, cm: ColumnMap, text: str, b: ty.Binder) -> str:
    """A column read from another dataset through the file's key of it (reviews' order_id →
    orders.customer_id), by a small table of the file's distinct keys joined once."""
    other = lookup_target(ds, cm)
    table = f"ingest_lookup_{cm.target}"  # identifiers from the contract only
    sql = (f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT k.v, d.{cm.target} AS found"
           f" FROM (SELECT DISTINCT {text} AS v FROM ingest_cells) k"
           f" LEFT JOIN {other.name} d ON d.{other.key[0]} = k.v")
    cur.execute(sql, b.used_by(sql))
    return f"(SELECT found FROM {table} WHERE v IS NOT DISTINCT FROM {text})"


def _sample_counts(cur: duckdb.DuckDBPyConnection, counts: list[str], b: ty.Binder) -> tuple:
    # Every k-th row, about DATE_SAMPLE in all, tells a column's date order as well as every row
    # would (trying each order's patterns on a million values took a minute). Not DuckDB's
    # USING SAMPLE: on these views it crashed the process now and then (DuckDB 1.5.5).
    rows = cur.execute("SELECT count(*) FROM ingest_rows").fetchone()[0]
    step = b.bind(max(1, rows // DATE_SAMPLE))
    sql = f"SELECT {', '.join(counts)} FROM ingest_cells WHERE slot % {step} = 0"
    return cur.execute(sql, b.used_by(sql)).fetchone()


def _value_table(cur: duckdb.DuckDBPyConnection, column: str, text: str, pairs: list[tuple[str, str]],
                 b: ty.Binder) -> str:
    """A value-mapped column read through a small table of its distinct values: the map (accents,
    case, spaces) runs once per distinct value instead of once per row (channels, departments)."""
    table = f"ingest_values_{column}"
    local = ty.Binder()
    local.params = dict(b.params)
    sql = (f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT DISTINCT {text} AS v,"
           f" {ty.mapped(text, pairs, local)} AS mapped FROM ingest_cells")
    cur.execute(sql, local.used_by(sql))
    return f"(SELECT mapped FROM {table} WHERE v IS NOT DISTINCT FROM {text})"


def _detect_dates(cur: duckdb.DuckDBPyConnection, ds: Dataset, mapping: Mapping,
                  texts: dict[str, str], b: ty.Binder) -> tuple[dict[str, str], dict[str, str]]:
    """Per date column, its date order (the one that reads most values when set to "auto") and,
    within it, the one pattern most values follow (tried first: one pattern per row is fast)."""
    dated = [c for c in ds.columns if c.type in ("date", "timestamp")]
    chosen = {c.name: mapping.column(c.name).fmt for c in dated}
    wanted = [c for c in dated if c.name in texts and chosen[c.name] == "auto"]
    families = list(DATE_FORMATS)
    if wanted:
        probe = ty.Binder()
        probe.params = dict(b.params)  # constants and value maps are already bound by name
        row = _sample_counts(cur, [f"count({ty.timestamp(texts[c.name], f, probe)})" for c in wanted
                                   for f in families], probe)
        for n, col in enumerate(wanted):
            hits = dict(zip(families, row[n * len(families):(n + 1) * len(families)]))
            best = max(families, key=lambda f: (hits[f], -families.index(f)))
            # Day first is the French default: 04/03 is the 4th of March unless month-first reads
            # at least twice as many values (a US export, where days above 12 give it away).
            if best != "iso" and hits["dmy"] and hits["dmy"] * 2 >= hits[best]:
                best = "dmy"
            chosen[col.name] = best
    patterns: dict[str, str] = {}
    read = [c for c in dated if c.name in texts]
    candidates = {c.name: ty.timestamp_formats("iso" if chosen[c.name] == "auto" else chosen[c.name]) for c in read}
    for _ in range(2):
        if not read:
            break
        probe = ty.Binder()
        probe.params = dict(b.params)
        row = iter(_sample_counts(cur, [f"count(try_strptime({texts[c.name]}, {probe.bind(p)}))"
                                        for c in read for p in candidates[c.name]], probe))
        unread = []
        for col in read:
            hits = [next(row) for _ in candidates[col.name]]
            if max(hits):
                patterns[col.name] = candidates[col.name][hits.index(max(hits))]
            else:
                unread.append(col)
        # A column no pattern of its order reads may be written with month names ("22-Apr-15"),
        # as the file writes them (strptime ignores case): a second, rarer probe.
        read = unread
        candidates = {c.name: ty.named_formats() for c in read}
    return chosen, patterns


def _typed(col: Column, r: str, fmt: str, b: ty.Binder, pattern: str | None = None) -> tuple[str | None, str]:
    """(middle, final): a step computed once per row from the text column `r` (or None), then the
    typed value from it, named `m_<column>` — each costly expression is written once per row."""
    m = f"m_{col.name}"
    if col.type == "decimal":
        return ty.clean_number(r, b), ty.number_from_clean(m, fmt)
    if col.type == "integer":
        return ty.clean_number(r, b), ty.integer_from_clean(m)
    if col.type == "boolean":
        return None, ty.boolean(r, b)
    if col.type in ("date", "timestamp"):
        stamp = ty.plausible(m)
        return ty.parse_timestamp(r, "iso" if fmt == "auto" else fmt, b, pattern), \
            (f"CAST({stamp} AS DATE)" if col.type == "date" else stamp)
    return None, r


def validate(cur: duckdb.DuckDBPyConnection, info: FileInfo, mapping: Mapping,
             mode: LoadMode = LoadMode.UPSERT) -> Validation:
    """Type and check the staged rows; fill ingest_typed, ingest_issues and ingest_valid."""
    ds = dataset(mapping.dataset)
    check_mapping(mapping, info.headers)
    b = ty.Binder()
    texts = _source_sql(mapping, info.headers, b)
    anonymous = [cm.target for cm in mapping.columns if cm.anonymous]
    for target in anonymous:  # an empty cell, or every row when no column says, is nobody's
        texts[target] = f"coalesce({texts[target]}, {b.bind(ANONYMOUS_CUSTOMER)})" if target in texts \
            else b.bind(ANONYMOUS_CUSTOMER)
    missing = [c.name for c in ds.columns if c.required and c.name not in texts and c.default is None]
    if missing:
        _refuse_unmapped(ds, missing, info)
    lookups = {cm.target: cm.lookup for cm in mapping.columns if cm.lookup is not None and cm.target in texts}
    keys = {target: texts[target] for target in lookups}  # the file's cell, to say which key was not found
    for cm in mapping.columns:
        if cm.target in lookups:
            texts[cm.target] = _lookup_table(cur, ds, cm, texts[cm.target], b)
    departments = cur.execute("SELECT code, name_fr, name_en FROM departments").fetchall()
    for col in ds.columns:
        if col.name in texts:
            cm = mapping.column(col.name)
            pairs = list(cm.values) + ty.builtin_values(col.type, col.allowed, departments)
            if pairs and cm.source is not None:
                texts[col.name] = _value_table(cur, col.name, texts[col.name], pairs, b)
            else:
                texts[col.name] = ty.mapped(texts[col.name], pairs, b)
    formats, patterns = _detect_dates(cur, ds, mapping, texts, b)
    texts_sql = ["line", "slot"] + [f"{texts.get(c.name, 'NULL::VARCHAR')} AS r_{c.name}" for c in ds.columns]
    texts_sql += [f"{keys[t]} AS k_{t}" for t in lookups]
    middles, finals = ["*"], ["line", "slot"] + [f"r_{c.name}" for c in ds.columns] + [f"k_{t}" for t in lookups]
    for col in ds.columns:
        middle, typed = _typed(col, f"r_{col.name}", formats.get(col.name, mapping.column(col.name).fmt), b,
                               patterns.get(col.name))
        if middle is not None:
            middles.append(f"{middle} AS m_{col.name}")
        if col.default is not None:  # an empty cell, or no column at all, takes the contract's default
            typed = f"CASE WHEN r_{col.name} IS NULL THEN {col.default} ELSE {typed} END"
        finals.append(f"{typed}::{col.sql_type} AS {col.name}")
    cur.execute("DROP TABLE IF EXISTS ingest_typed")
    # Three steps, each a projection DuckDB computes once per row: the text after value maps,
    # the parse (dates, cleaned numbers), then the checked, typed value.
    sql = (f"CREATE TEMP TABLE ingest_typed AS SELECT {', '.join(finals)} FROM ("
           f"SELECT {', '.join(middles)} FROM (SELECT {', '.join(texts_sql)} FROM ingest_raw))")
    cur.execute(sql, b.used_by(sql))
    _find_issues(cur, ds, mode, formats, lookups)
    return _summarise(cur, ds, formats, texts)


def _refuse_unmapped(ds: Dataset, missing: list[str], info: FileInfo) -> None:
    """Required columns without a source: a header the file gives twice is named (the user must
    pick one of its columns), else the missing columns and what the file has."""
    for header, columns in info.duplicated.items():
        for target in missing:
            if normalise(header) in names_of(target):
                raise IngestError("ambiguous_header", header=header, columns=columns, column=target)
    raise IngestError("required_unmapped", columns=", ".join(missing), dataset=ds.name)


FORMAT_LABELS: dict[str, str] = {"auto": "yyyy-mm-dd", "iso": "yyyy-mm-dd", "dmy": "dd/mm/yyyy",
                                  "dmy2": "dd/mm/yy", "mdy": "mm/dd/yyyy", "ymd": "yyyy/mm/dd"}


def _column_checks(ds: Dataset, formats: dict[str, str], lookups: dict[str, str]) -> list[str]:
    """One SELECT per rule and column: (line, column, value, code, detail, severity)."""
    checks = []
    for col in ds.columns:
        c, r = col.name, f"r_{col.name}"
        row = f"SELECT line, '{c}', left({r}, 200), '{{code}}', {{detail}}, 'error' FROM ingest_typed WHERE {{cond}}"

        def add(cond: str, code: str, detail: str = "NULL") -> None:
            checks.append(row.format(code=code, detail=detail, cond=cond))

        if c in lookups:  # identifiers: the contract's dataset names, checked by lookup_target
            checks.append(f"SELECT line, '{c}', left(k_{c}, 200), 'not_found', '{lookups[c]}', 'error'"
                          f" FROM ingest_typed WHERE {r} IS NULL AND k_{c} IS NOT NULL")
        if col.required and col.default is None:
            add(f"{r} IS NULL" + (f" AND k_{c} IS NULL" if c in lookups else ""), "required")
        if col.type in ("date", "timestamp"):
            label = FORMAT_LABELS[formats.get(c, "auto")] + (" hh:mm" if col.type == "timestamp" else "")
            add(f"{r} IS NOT NULL AND {c} IS NULL", f"bad_{col.type}", f"'{label}'")
        elif col.type not in ("text", "dept"):
            add(f"{r} IS NOT NULL AND {c} IS NULL", f"bad_{col.type}")
        add(f"contains({r}, chr(0))", "nul_byte")
        add(f"length({r}) > {MAX_TEXT}", "too_long", f"length({r})::VARCHAR")
        if col.allowed:
            allowed = ", ".join(f"'{v}'" for v in col.allowed)  # the contract's own words
            add(f"{c} IS NOT NULL AND {c} NOT IN ({allowed})", "not_allowed", f"'{', '.join(col.allowed)}'")
        if col.type == "dept":
            add(f"{c} IS NOT NULL AND {c} NOT IN (SELECT code FROM departments)", "unknown_dept")
        ruled = {r.column for r in CROSS_RULES.get(ds.name, ()) if r.code == "score_range"}
        if col.min_value is not None and c not in ruled:  # the survey's own scale says it better
            add(f"{c} < {col.min_value}", "below_min", f"'{col.min_value:g}'")
        if col.max_value is not None and c not in ruled:
            add(f"{c} > {col.max_value}", "above_max", f"'{col.max_value:g}'")
    if ds.name == "customers":  # the anonymous customer is nobody's record
        checks.append(f"SELECT line, 'customer_id', left(r_customer_id, 200), 'reserved_id', NULL, 'error'"
                      f" FROM ingest_typed WHERE customer_id = '{ANONYMOUS_CUSTOMER}'")
    for rule in CROSS_RULES.get(ds.name, ()):
        checks.append(f"SELECT line, '{rule.column}', left(r_{rule.column}, 200), '{rule.code}', {rule.detail},"
                      f" 'error' FROM ingest_typed WHERE {rule.violated}")
    return checks


def _find_issues(cur: duckdb.DuckDBPyConnection, ds: Dataset, mode: LoadMode, formats: dict[str, str],
                 lookups: dict[str, str]) -> None:
    cur.execute("DROP TABLE IF EXISTS ingest_issues")
    cur.execute("CREATE TEMP TABLE ingest_issues (line BIGINT, column_name VARCHAR, value VARCHAR,"
                " code VARCHAR, detail VARCHAR, severity VARCHAR)")
    cur.execute("INSERT INTO ingest_issues " + "\nUNION ALL\n".join(_column_checks(ds, formats, lookups)))
    cur.execute("INSERT INTO ingest_issues SELECT line, NULL, left(raw, 200), code, NULL, 'error'"
                " FROM ingest_read_rejects")
    key = ", ".join(ds.key)
    cols = ", ".join(ds.column_names)
    key_label = " || ' / ' || ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in ds.key)
    # Copies of one row: the first is loaded, the others are skipped with a warning. Rows that
    # share a key but differ cannot both be right: each is rejected, naming the other lines.
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE ingest_keyed AS
        SELECT line, key_label,
               row_number() OVER (PARTITION BY {key}, h ORDER BY line) AS copy,  -- h: a 64-bit hash of the row
               CASE WHEN min(h) OVER k = max(h) OVER k THEN 1 ELSE 2 END AS versions,
               list_sort(list(line) OVER k) AS lines  -- ORDER BY inside the window cost 20 s per million rows
        FROM (SELECT line, {key}, {key_label} AS key_label, hash({cols}) AS h
              FROM ingest_typed WHERE line NOT IN (SELECT line FROM ingest_issues))
        WINDOW k AS (PARTITION BY {key})""")
    cur.execute("""INSERT INTO ingest_issues
        SELECT line, $key, key_label, 'duplicate_key',
               array_to_string(lines[1:$shown], ', ') || CASE WHEN len(lines) > $shown THEN ', …' ELSE '' END,
               'error'
        FROM ingest_keyed WHERE versions > 1
        UNION ALL
        SELECT line, NULL, key_label, 'duplicate_row', NULL, 'warning' FROM ingest_keyed
        WHERE versions = 1 AND copy > 1""", {"key": ds.key[0], "shown": DETAIL_LINES})
    if mode.refuses_stored_keys:
        joined = ds.key_join("t", "i")
        # Identifiers here are the contract's (dataset and key names); the values are bound.
        cur.execute(f"""INSERT INTO ingest_issues
            SELECT v.line, $key, v.key_label, 'exists', NULL, 'error'
            FROM ingest_keyed v JOIN ingest_typed i USING (line) JOIN {ds.name} t ON {joined}
            WHERE v.copy = 1 AND v.versions = 1""", {"key": ds.key[0]})
    if "customer_id" in ds.column_names and ds.name != "customers":
        cur.execute("""INSERT INTO ingest_issues
            SELECT line, 'customer_id', customer_id, 'unknown_customer', NULL, 'warning' FROM ingest_typed
            WHERE customer_id IS NOT NULL AND customer_id <> $anonymous
              AND customer_id NOT IN (SELECT customer_id FROM customers)
              AND line NOT IN (SELECT line FROM ingest_issues WHERE severity = 'error')""",
                    {"anonymous": ANONYMOUS_CUSTOMER})
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE ingest_valid AS
        SELECT line, {cols} FROM ingest_typed
        WHERE line NOT IN (SELECT line FROM ingest_issues WHERE severity = 'error' OR code = 'duplicate_row')""")


def _summarise(cur: duckdb.DuckDBPyConnection, ds: Dataset, formats: dict[str, str],
               texts: dict[str, str]) -> Validation:
    rows_read, valid = cur.execute(
        "SELECT (SELECT count(*) FROM ingest_typed) + (SELECT count(*) FROM ingest_read_rejects),"
        " (SELECT count(*) FROM ingest_valid)").fetchone()
    rejected, duplicates, warnings = cur.execute(
        "SELECT count(DISTINCT line) FILTER (WHERE severity = 'error'),"
        " count(*) FILTER (WHERE code = 'duplicate_row'),"
        " count(*) FILTER (WHERE severity = 'warning') FROM ingest_issues").fetchone()
    shown = tuple((c.name, formats.get(c.name, "auto")) for c in ds.columns
                  if c.name in texts and c.type in ("date", "timestamp"))
    return Validation(rows_read, valid, rejected, duplicates, warnings, shown)
