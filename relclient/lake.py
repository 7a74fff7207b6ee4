"""DuckLake with a PostgreSQL catalog: the same portal over a database many machines share.

`RELCLIENT_DB=ducklake:postgres:<libpq string>` with `RELCLIENT_DATA_PATH=<folder>` points relclient
at a DuckLake: the catalog (and small writes, inlined) in PostgreSQL, the data as Parquet files in
the folder. Every process is a client; DuckLake gives each transaction a snapshot and refuses, at
commit, one that updated or deleted from a table another committed to meanwhile (a retryable
conflict: `Store.transaction` runs the work again).

DuckLake has no primary keys, unique or CHECK constraints, sequences or ON CONFLICT. The schema
here is therefore derived from the embedded one, which stays the only definition: the migrations
run on an in-memory template, and the lake gets its tables (columns, types, NOT NULL, literal
defaults) while the template's keys and checks become rules (`rules()`) that the code keeps, in the same
transaction, before every commit (`enforce`):
- a table with a key not drawn from a sequence has a guard table of one row; a transaction that
  wrote to the table also updates its guard, so two such transactions cannot both commit (the
  second is refused, runs again, and sees the first's rows), then checks that no key appears
  twice;
- every CHECK of a written table is counted: a row breaking one aborts the transaction;
- sequences become counters (`_sequences`), each number taken in its own short transaction, as a
  sequence's number is (never given twice, a rolled-back one is skipped).
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from relclient.migrations import SCHEMA_VERSION_DDL, load_migrations

PREFIX = "ducklake:postgres:"
CATALOG = "relclient_lake"  # the name the lake is attached under in every connection
DUCKDB_VERSION = "v1.5.5"
# Where each extension's file is, in the offline wheels requirements.txt pins (README, Dependencies).
EXTENSIONS = (("duckdb_extension_postgres_scanner", "postgres_scanner"), ("duckdb_extension_ducklake", "ducklake"))
_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|[^\s\"]+)", re.IGNORECASE)


class LakeError(Exception):
    """A DuckLake setting or state that stops relclient, worded for the operator."""


@dataclass(frozen=True)
class LakeAddress:
    """Where a DuckLake is: its PostgreSQL catalog (a libpq string) and its data folder."""

    catalog: str
    data_path: str

    @classmethod
    def parse(cls, url: str, data_path: str | None) -> LakeAddress:
        """The address in RELCLIENT_DB (`ducklake:postgres:<libpq>`) with RELCLIENT_DATA_PATH."""
        if not url.startswith(PREFIX) or not url[len(PREFIX):].strip():
            raise LakeError(f"RELCLIENT_DB={_masked(url)!r}: a DuckLake is named ducklake:postgres:<connection string>, "
                            "for example ducklake:postgres:dbname=relclient host=db.example port=5432 user=relclient")
        if not data_path:
            raise LakeError("RELCLIENT_DATA_PATH is not set: name the folder (shared by every app server) "
                            "where the lake's Parquet files go")
        return cls(url[len(PREFIX):].strip(), data_path)

    # A few of Path's answers, so that messages and defaults treat an address as they do a file.
    name = property(lambda self: "DuckLake")
    stem = property(lambda self: "ducklake")
    parent = property(lambda self: Path(self.data_path))

    def exists(self) -> bool:
        """Always: whether the catalog answers and holds a schema is found at opening."""
        return True

    def resolve(self) -> LakeAddress:
        """The address itself (Path's spelling, for open_store's key)."""
        return self

    def __str__(self) -> str:
        return f"DuckLake ({_masked(self.catalog)}; data in {self.data_path})"


def _masked(text: str) -> str:
    return _PASSWORD.sub(r"\1***", text)


Target = Path | LakeAddress


def is_lake(target: object) -> bool:
    """Whether a database target names a DuckLake."""
    return isinstance(target, LakeAddress)


def extension_file(package: str, name: str) -> str:
    """The extension file an offline wheel installed (DuckDB's own download is not reachable)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise LakeError(f"the Python package {package.replace('_', '-')} is missing: `pip install -r requirements.txt`")
    path = Path(spec.origin).parent / "extensions" / DUCKDB_VERSION / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeError(f"{path} is missing: reinstall {package.replace('_', '-')} for DuckDB {DUCKDB_VERSION}")
    return str(path)


def connect(address: LakeAddress, config: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the lake attached and in use (about 0.3 s: PostgreSQL answers)."""
    conn = duckdb.connect(":memory:", config={**config, "autoinstall_known_extensions": False,
                                               "autoload_known_extensions": False})
    try:
        for package, name in EXTENSIONS:
            conn.execute(f"LOAD '{extension_file(package, name)}'")  # a path from this code, not from input
        Path(address.data_path).mkdir(parents=True, exist_ok=True)
        # ATTACH takes no bound parameters: the string is quoted here, and comes from the operator.
        quoted = (PREFIX + address.catalog).replace("'", "''")
        folder = str(Path(address.data_path).resolve()).replace("'", "''") + "/"
        conn.execute(f"ATTACH '{quoted}' AS {CATALOG} (DATA_PATH '{folder}')")
        conn.execute(f"USE {CATALOG}")
    except duckdb.Error as exc:
        conn.close()
        # DuckDB's message repeats the connection string: its password is masked here.
        raise LakeError(f"cannot open the DuckLake {address}: {_masked(str(exc).splitlines()[0])}") from None
    return conn


def cursor(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new cursor on the lake: DuckDB starts every cursor on its in-memory catalog, and USE holds
    for one cursor only (no global setting names a default catalog)."""
    cur = conn.cursor()
    cur.execute(f"USE {CATALOG}")
    return cur


class LakeLink:
    """This process's connection to a lake, shared by its threads (each call takes a cursor)."""

    own_change = None  # every commit counts as another's: the app re-reads after its own writes too

    def __init__(self, address: LakeAddress, config: dict[str, str]):
        self.address = address
        self._conn = connect(address, config)

    @contextmanager
    def hold(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection: a lake needs no turn, DuckLake isolates the processes' transactions."""
        yield self._conn

    def version(self) -> tuple:
        """The lake's latest snapshot: changes with every commit of any process."""
        cur = self._conn.cursor()  # straight to PostgreSQL (3 ms), not through the lake (20 ms)
        try:
            return (cur.execute(f"SELECT max(snapshot_id) FROM __ducklake_metadata_{CATALOG}.public.ducklake_snapshot"
                                ).fetchone()[0],)
        finally:
            cur.close()

    def close(self) -> None:
        """Detach: PostgreSQL's connections end with it."""
        self._conn.close()


# -- the schema, derived from the embedded migrations ---------------------------------------------------
@dataclass(frozen=True)
class TableRules:
    """What the embedded schema enforces on one table and the lake's code keeps instead."""

    keys: tuple[tuple[str, ...], ...] = ()  # primary key and unique column sets
    checks: tuple[str, ...] = ()  # CHECK expressions, as DuckDB wrote them back
    guarded: bool = False  # a key not drawn from a sequence: writers take turns on its guard


# Keys every writer draws from a sequence (the migrations' `nextval`): unique by construction, so
# their tables need no guard (a guard on audit_log would make every write wait for every other).
SEQUENCE_KEYS = frozenset({"loads", "audit_log", "actions", "action_comments", "action_history", "reviews",
                           "review_decisions", "loads_in_flight", "load_rejects"})


@lru_cache(maxsize=None)
def template(version: int) -> duckdb.DuckDBPyConnection:
    """An in-memory database with migrations 1..version applied (about 50 ms): the schema's truth."""
    conn = duckdb.connect(":memory:")
    conn.execute(SCHEMA_VERSION_DDL)
    for migration in load_migrations()[:version]:
        conn.execute(migration.sql)
    return conn


def _tables(conn: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[tuple]]:
    rows = conn.execute(
        "SELECT table_name, column_name, data_type, column_default, is_nullable FROM duckdb_columns()"
        " WHERE database_name = ? AND schema_name = 'main' AND NOT internal ORDER BY table_name, column_index",
        [catalog]).fetchall()
    tables: dict[str, list[tuple]] = {}
    for table, *column in rows:
        tables.setdefault(table, []).append(tuple(column))
    return tables


@lru_cache(maxsize=None)
def rules(version: int) -> dict[str, TableRules]:
    """Every table's keys and checks in the embedded schema at `version`."""
    found: dict[str, dict[str, list]] = {}
    for table, kind, columns, expression in template(version).cursor().execute(
            "SELECT table_name, constraint_type, constraint_column_names, expression FROM duckdb_constraints()"
            " WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'CHECK') ORDER BY table_name, constraint_index"
    ).fetchall():
        entry = found.setdefault(table, {"keys": [], "checks": []})
        if kind == "CHECK":
            entry["checks"].append(expression)
        else:
            entry["keys"].append(tuple(columns))
    return {table: TableRules(tuple(e["keys"]), tuple(e["checks"]),
                              guarded=bool(e["keys"]) and table not in SEQUENCE_KEYS)
            for table, e in found.items()}


def guard_table(table: str) -> str:
    """The one-row table whose update makes two writers of `table` conflict."""
    return f"_guard_{table}"


def _column_sql(name: str, data_type: str, default: str | None, nullable: bool) -> str:
    sql = f"{name} {data_type}"
    # DuckLake keeps constant defaults only: a sequence's number or the clock is given by the code.
    if default is not None and "nextval" not in default and "current_" not in default:
        sql += f" DEFAULT {default}"
    return sql if nullable else sql + " NOT NULL"


_CHANGES_ROWS = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\s+(?:INTO\s+|FROM\s+)?(\w+)", re.IGNORECASE | re.MULTILINE)


def migrate(conn: duckdb.DuckDBPyConnection, current: int, latest: int,
            fills: list[Callable[[Any], None]] = ()) -> list[int]:
    """Bring the lake from schema `current` to `latest` in one transaction: new tables (with the rows
    the migrations seed, and the derived ones filled by `fills`), new columns, guards and counters.
    Returns the versions applied."""
    if current >= latest:
        return []
    # Cursors: the cached templates are shared by the process's threads.
    before = _tables(template(current).cursor(), "memory")
    after = _tables(template(latest).cursor(), "memory")
    pending = load_migrations()[current:latest]
    # A migration that changes rows of a table the lake already has cannot be derived from the
    # schema: refuse rather than leave the lake different from the embedded file.
    for migration in pending:
        for _verb, table in _CHANGES_ROWS.findall(migration.sql):
            if table in before:
                raise LakeError(f"migration {migration.version} ({migration.name}) changes rows of {table}: "
                                "the lake needs a hand-written step for it before this relclient can open it")
    cur = cursor(conn)
    try:
        cur.execute("BEGIN TRANSACTION")
        lake = _tables(cur, CATALOG)
        for table, columns in after.items():
            if table not in lake:
                cur.execute(f"CREATE TABLE {table} ({', '.join(_column_sql(*c) for c in columns)})")
                seeded = template(latest).cursor().execute(f"SELECT * FROM {table}").fetchall()
                if seeded:
                    marks = ", ".join("?" for _ in columns)
                    cur.executemany(f"INSERT INTO {table} VALUES ({marks})", [list(r) for r in seeded])
            else:
                have = {c[0] for c in lake[table]}
                for column in columns:
                    if column[0] not in have:
                        cur.execute(f"ALTER TABLE {table} ADD COLUMN {_column_sql(*column)}")
        for table, rule in rules(latest).items():
            if rule.guarded and guard_table(table) not in lake:
                cur.execute(f"CREATE TABLE {guard_table(table)} (turns BIGINT NOT NULL)")
                cur.execute(f"INSERT INTO {guard_table(table)} VALUES (0)")
        if "_sequences" not in lake:
            cur.execute("CREATE TABLE _sequences (name VARCHAR NOT NULL, last BIGINT NOT NULL)")
        known = {r[0] for r in cur.execute("SELECT name FROM _sequences").fetchall()}
        for name, start in template(latest).cursor().execute(
                "SELECT sequence_name, start_value FROM duckdb_sequences()").fetchall():
            if name not in known:
                cur.execute("INSERT INTO _sequences VALUES (?, ?)", [name, start - 1])
        for fill in fills:
            fill(cur)
        for migration in pending:
            cur.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, current_timestamp)",
                        [migration.version, migration.name])
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()
    return [m.version for m in pending]


def schema_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The highest migration the lake holds (0 for an empty catalog)."""
    cur = cursor(conn)
    try:
        if not cur.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'schema_version'",
                           [CATALOG]).fetchone()[0]:
            return 0
        return int(cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])
    finally:
        cur.close()


# -- the rules, kept by the code ---------------------------------------------------------------------
_WRITES = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|INSERT\s+OR\s+\w+\s+INTO)\s+(\w+)", re.IGNORECASE)


class TrackedCursor:
    """A cursor that notes which tables its statements write to (the lake's rules are checked on
    those at commit). Everything else is the cursor's own."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, address: LakeAddress | None = None):
        self._cur = cur
        self.address = address  # whose counters next_id may keep numbers of
        self.written: set[str] = set()

    def execute(self, sql: str, parameters: Any = None) -> TrackedCursor:
        """Run one statement on the cursor, noting the table it writes."""
        self.written.update(t.lower() for t in _WRITES.findall(sql))
        self._cur.execute(sql, parameters)
        return self

    def executemany(self, sql: str, parameters: Any = None) -> TrackedCursor:
        """Run one statement per parameter set, noting the table it writes."""
        self.written.update(t.lower() for t in _WRITES.findall(sql))
        self._cur.executemany(sql, parameters)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


def take_turns(cur: Any, tables: tuple[str, ...]) -> None:
    """Count these tables as written by the transaction on `cur` (a lake's tracked cursor), so that
    it takes their guards' turns at commit: a write derived from them then conflicts with any
    concurrent write to them. Nothing on a file, where one writer works at a time."""
    if isinstance(cur, TrackedCursor):
        cur.written.update(tables)


class RuleBroken(duckdb.ConstraintException):
    """A write the embedded schema's constraints would refuse (the same type DuckDB raises there)."""


def enforce(cur: TrackedCursor, version: int) -> None:
    """Keep the embedded schema's keys and checks on the tables this transaction wrote: take each
    guarded table's turn, then refuse a key written twice or a row breaking a check. The counts go
    in one query: every statement on a lake costs a few milliseconds of catalog reads."""
    table_rules = rules(version)
    tests: list[tuple[str, str, tuple[str, ...] | str]] = []  # (table, count, the key or the check)
    for table in sorted(cur.written):
        rule = table_rules.get(table)
        if rule is None:
            continue
        if rule.guarded:
            cur._cur.execute(f"UPDATE {guard_table(table)} SET turns = turns + 1")
            tests += [(table, f"(SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {', '.join(k)}"
                              " HAVING count(*) > 1))", k) for k in rule.keys]
        tests += [(table, f"(SELECT count(*) FROM {table} WHERE NOT ({c}))", c) for c in rule.checks]
    if not tests:
        return
    # Scalar subqueries only: one row whatever the tables hold (an emptied table too).
    found = cur._cur.execute("SELECT " + ", ".join(count for _, count, _ in tests)).fetchone()
    for (table, _, rule_part), n in zip(tests, found):
        if not n:
            continue
        if isinstance(rule_part, tuple):
            twice = cur._cur.execute(f"SELECT {', '.join(rule_part)} FROM {table} GROUP BY ALL"
                                     " HAVING count(*) > 1 LIMIT 1").fetchone()
            shown = ", ".join(f"{c}: {v}" for c, v in zip(rule_part, twice))
            raise RuleBroken(f'Constraint Error: Duplicate key "{shown}" violates primary key constraint of {table}')
        raise RuleBroken(f"Constraint Error: CHECK constraint failed on table {table} with expression CHECK{rule_part}")


# Numbers taken from the lake's counter at once, per process, for the sequences whose order only
# needs to hold within one process (an audit line's or a history row's): one counter transaction
# (about 15 ms) for many numbers. Loads, actions and reviews keep one number per transaction, so
# that their numbers follow their creation across processes as a file's sequence does.
BLOCKS = {"audit_ids": 50, "action_history_ids": 50}
_taken: dict[tuple[LakeAddress | None, str], list[int]] = {}
_taken_lock = threading.Lock()


def next_id(cur: duckdb.DuckDBPyConnection, sequence: str) -> int:
    """The next number of `sequence` in the lake, taken in its own transaction like a sequence's
    (never given twice; a number a rolled-back transaction took is skipped)."""
    address = getattr(cur, "address", None)
    block = BLOCKS.get(sequence, 1) if address is not None else 1
    key = (address, sequence)
    with _taken_lock:
        spare = _taken.get(key)
        if spare and spare[0] <= spare[1]:
            spare[0] += 1
            return spare[0] - 1
    last = _take(cur, sequence, block)
    with _taken_lock:
        _taken[key] = [last - block + 2, last]
    return last - block + 1


def _take(cur: duckdb.DuckDBPyConnection, sequence: str, block: int) -> int:
    own = cursor(cur._cur if isinstance(cur, TrackedCursor) else cur)
    try:
        for _attempt in range(200):
            try:
                own.execute("BEGIN TRANSACTION")
                own.execute("UPDATE _sequences SET last = last + ? WHERE name = ?", [block, sequence])
                number = own.execute("SELECT last FROM _sequences WHERE name = ?", [sequence]).fetchone()[0]
                own.execute("COMMIT")
                return int(number)
            except duckdb.TransactionException:
                try:
                    own.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                time.sleep(random.random() * 0.02)
                continue  # another process took numbers meanwhile: take the next ones
        raise LakeError(f"could not take a number from {sequence}: the lake is too busy")
    finally:
        own.close()


# -- housekeeping ----------------------------------------------------------------------------------
@dataclass
class Maintenance:
    """What one housekeeping pass did."""

    flushed: int = 0  # rows written out of the catalog into Parquet
    merged: int = 0  # small files merged
    expired: int = 0
    files_removed: int = 0


def maintain(conn: duckdb.DuckDBPyConnection, keep_days: float = 7.0) -> Maintenance:
    """DuckLake's housekeeping: write inlined rows out, merge small files, expire snapshots older than
    `keep_days`, delete the files no snapshot needs. Thousands of small writes otherwise leave
    thousands of small files every page reads."""
    cur = cursor(conn)
    try:
        done = Maintenance()
        done.flushed = _total(cur, f"CALL ducklake_flush_inlined_data('{CATALOG}')", "rows_flushed")
        done.merged = _total(cur, f"CALL ducklake_merge_adjacent_files('{CATALOG}')", "files_processed")
        cutoff = datetime.now(timezone.utc) - timedelta(days=keep_days)
        done.expired = _total(cur, f"CALL ducklake_expire_snapshots('{CATALOG}', older_than => ?::TIMESTAMPTZ)",
                              params=[cutoff])
        done.files_removed = _total(cur, f"CALL ducklake_cleanup_old_files('{CATALOG}', cleanup_all => true)")
        return done
    finally:
        cur.close()


def _total(cur: duckdb.DuckDBPyConnection, call: str, column: str | None = None, params: list | None = None) -> int:
    # CALL, not SELECT … FROM: only a CALL commits what the function wrote. Read through Arrow: the
    # rows hold time zones, which DuckDB's own Python conversion needs pytz for.
    table = cur.execute(call, params).to_arrow_table()
    return int(sum(v or 0 for v in table.column(column).to_pylist())) if column else table.num_rows


def data_folder_bytes(address: LakeAddress) -> int:
    """The size of the lake's Parquet files."""
    total = 0
    for root, _dirs, files in os.walk(address.data_path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total
