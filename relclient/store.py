"""The store: the database file shared by turns between processes (relclient/lease.py), or a
DuckLake on PostgreSQL shared by many machines (relclient/lake.py); a cursor per call, migrations,
transactions.

Every database access of relclient goes through a `Store`, so that the same code runs on both.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from relclient import lake
from relclient.engine import EngineSettingError, check_settings, duckdb_config
from relclient.lake import LakeAddress, LakeError, Target, is_lake
from relclient.lease import LeaseTimeout, file_version, lease_for, let_go
from relclient.migrations import SCHEMA_VERSION_DDL, Migration, fills, load_migrations

DEFAULT_DB_PATH = Path("data/relclient.duckdb")
T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any] | None



class StoreError(Exception):
    """A database problem worded for a person: what happened and what to do next."""


class NoDatabase(StoreError):
    """No database file where RELCLIENT_DB (or the path given) points."""

    def __init__(self, path: Path | LakeAddress):
        self.missing = path
        super().__init__(f"no database at {path}: create an empty one with `python -m relclient init`, "
                         "or the demo company with `python -m relclient demo`")


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer relclient than this one."""


def db_path_from_env() -> Target:
    """The database: RELCLIENT_DB when set (a file, or `ducklake:postgres:<libpq>` with
    RELCLIENT_DATA_PATH), else data/relclient.duckdb."""
    value = os.environ.get("RELCLIENT_DB") or str(DEFAULT_DB_PATH)
    if value.startswith("ducklake:"):
        try:
            return LakeAddress.parse(value, os.environ.get("RELCLIENT_DATA_PATH"))
        except LakeError as exc:
            raise StoreError(str(exc)) from exc
    return Path(value)


def _is_write_conflict(exc: duckdb.Error) -> bool:
    # DuckDB's optimistic concurrency control reports a conflict between two transactions
    # writing the same rows as a TransactionException mentioning "conflict".
    return isinstance(exc, duckdb.TransactionException) and "onflict" in str(exc)


class Store:
    """A DuckDB database: hands out cursors, runs transactions, keeps the schema current."""

    def __init__(self, path: Path | str | LakeAddress, *, read_only: bool = False, migrate: bool = True,
                 create: bool = True):
        self.path = path if is_lake(path) else Path(path)
        self.read_only = read_only
        self.is_lake = is_lake(path)
        # Only `init` and `demo` create a database (and the tests their own): a mistyped
        # RELCLIENT_DB must not become an empty database that every page then shows as empty.
        if not self.is_lake and str(self.path) != ":memory:" and (read_only or not create) and not self.path.exists():
            raise NoDatabase(self.path)
        if not self.is_lake and str(self.path) != ":memory:" and not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            check_settings()
            config = duckdb_config(self.path)
        except EngineSettingError as exc:
            raise StoreError(str(exc)) from exc
        self.temp_dir = Path(config["temp_directory"])
        # A file is shared with the other processes (the app, the CLI, the inbox): this process
        # opens it for its turns only (relclient/lease.py). `:memory:` is this process's alone.
        # A lake is shared by design: every process connects, DuckLake isolates the transactions.
        self._conn = duckdb.connect(":memory:", config=config) if str(self.path) == ":memory:" else None
        if self.is_lake:
            try:
                self._lease = lake.LakeLink(self.path, config)
            except LakeError as exc:
                raise StoreError(str(exc)) from exc
        else:
            self._lease = lease_for(self.path, config, _after_open) if self._conn is None else None
        self._lock = threading.Lock()
        self._closed = False
        # A catalog nobody built is a missing database: only init and demo create the schema.
        if self.is_lake and (read_only or not create) and self.schema_version() == 0:
            self._lease.close()
            raise NoDatabase(self.path)
        if migrate:
            self.migrate()
        if self.is_lake:
            with self.cursor() as cur:
                _after_open(lake.TrackedCursor(cur, self.path))

    @contextmanager
    def hold(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This process's turn at the database for the whole block (a page run, a command): the
        calls inside share one opening of the file instead of taking a turn each."""
        if self._lease is None:
            yield self._conn
            return
        try:
            with self._lease.hold() as conn:
                yield conn
        except LeaseTimeout as exc:
            raise StoreError(f"the database is busy: {exc}. Try again when the long task (an upload?) is over.") from exc

    # -- reading -------------------------------------------------------------------------
    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor on this process's connection, closed afterwards (one per call, per thread),
        inside a turn at the file."""
        with self.hold() as conn:
            cur = lake.cursor(conn) if self.is_lake else conn.cursor()
            try:
                yield cur
            finally:
                cur.close()

    @contextmanager
    def turn_with_file_closed(self) -> Iterator[None]:
        """This process's turn with the file closed: nobody opens it until the block ends (restore)."""
        if self._lease is None or self.is_lake:
            raise StoreError("only a database file can be replaced whole")
        try:
            with self._lease.closed_turn():
                yield
        except LeaseTimeout as exc:
            raise StoreError(f"the database is busy: {exc}") from exc

    def file_version(self) -> tuple:
        """The file's state (size and time of the file and its log), or the lake's latest snapshot:
        changes with every commit."""
        if self.is_lake:
            return self._lease.version()
        return file_version(self.path)

    def changed_by_others(self, seen: tuple) -> bool:
        """Whether a process other than this one committed since the file was `seen` (the app
        clears its caches then; its own writes clear them where they are made)."""
        now = self.file_version()
        return now != seen and (self._lease is None or self._lease.own_change is None
                                or self._lease.own_change != (seen, now))

    def fetch_all(self, sql: str, params: Params = None) -> list[tuple]:
        """Run a read query with bound parameters and return every row."""
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchall()

    def fetch_one(self, sql: str, params: Params = None) -> tuple | None:
        """Run a read query with bound parameters and return its first row (or None)."""
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchone()

    def fetch_dicts(self, sql: str, params: Params = None) -> list[dict]:
        """Run a read query and return its rows as dicts keyed by column name."""
        with self.cursor() as cur:
            result = cur.execute(sql, params)
            names = [d[0] for d in result.description]
            return [dict(zip(names, row)) for row in result.fetchall()]

    def fetch_df(self, sql: str, params: Params = None) -> pandas.DataFrame:  # noqa: F821
        """Run a read query and return its rows as a pandas DataFrame (for tables and downloads)."""
        with self.cursor() as cur:
            return cur.execute(sql, params).df()

    # -- writing -------------------------------------------------------------------------
    def transaction(
        self,
        work: Callable[[duckdb.DuckDBPyConnection], T],
        *,
        attempts: int | None = None,
        backoff_seconds: float = 0.05,
        cursor: duckdb.DuckDBPyConnection | None = None,
    ) -> T:
        """Run `work(cursor)` in one transaction: commit all of it or nothing.

        A write conflict with another transaction rolls back and runs `work` again, at most
        `attempts` times in all (5 on a file; 40 on a lake, where every process writes at once), so
        `work` must only touch the database through its cursor.
        `cursor` runs the transaction on a cursor the caller holds (its temporary tables).
        On a lake, the embedded schema's keys and checks are kept before the commit (lake.enforce).
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; writing needs a read-write store")
        attempts = attempts or (LAKE_ATTEMPTS if self.is_lake else 5)
        for attempt in range(1, attempts + 1):
            with (nullcontext(cursor) if cursor is not None else self.cursor()) as raw:
                cur = lake.TrackedCursor(raw, self.path) if self.is_lake else raw
                cur.execute("BEGIN TRANSACTION")
                try:
                    result = work(cur)
                    if self.is_lake:
                        lake.enforce(cur, self._latest)
                    cur.execute("COMMIT")
                    return result
                except duckdb.Error as exc:
                    _rollback(raw)
                    if _is_write_conflict(exc) and attempt < attempts:
                        # Jittered, so that processes refused together do not all come back together.
                        time.sleep(backoff_seconds * min(attempt, 8) * (0.5 + random.random()))
                        continue
                    raise
                except BaseException:
                    _rollback(cur)
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    # -- schema --------------------------------------------------------------------------
    @property
    def _latest(self) -> int:
        return len(load_migrations())

    def schema_version(self) -> int:
        """The highest migration applied to this database (0 for a new one)."""
        if self.is_lake:
            with self.hold() as conn:
                return lake.schema_version(conn)
        row = self.fetch_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
            " AND table_catalog = current_database()"
        )
        if not row or row[0] == 0:
            return 0
        row = self.fetch_one("SELECT coalesce(max(version), 0) FROM schema_version")
        return int(row[0]) if row else 0

    def migrate(self) -> list[int]:
        """Apply the pending migrations, each in its own transaction; return the versions applied."""
        migrations = load_migrations()
        latest = migrations[-1].version if migrations else 0
        with self._lock:
            current = self.schema_version()
            if current > latest:
                raise SchemaTooNewError(
                    f"the database {self.path} has schema version {current}, newer than this "
                    f"relclient (which knows up to {latest}); upgrade relclient before opening it"
                )
            if self.read_only:
                if current < latest:
                    raise StoreError(
                        f"the database {self.path} needs migrations {current + 1}..{latest}; "
                        "open it once read-write to apply them"
                    )
                return []
            if self.is_lake:
                with self.hold() as conn:
                    try:
                        return lake.migrate(conn, current, latest, fills(range(current + 1, latest + 1)))
                    except LakeError as exc:
                        raise StoreError(str(exc)) from exc
            applied = []
            for migration in migrations:
                if migration.version <= current:
                    continue
                self.transaction(lambda cur, m=migration: _apply(cur, m))
                applied.append(migration.version)
            return applied

    def close(self) -> None:
        """Let go of the file now (tests and the CLI): other processes need not wait for the linger."""
        if self.is_lake:
            if not self._closed:
                self._closed = True
                self._lease.close()
        elif self._lease is not None:
            if not self._closed:
                self._closed = True
                let_go(self._lease)
        else:
            self._conn.close()


# What runs at every opening of a database file, before anything reads it: the ingest package
# registers the recovery of loads a dead process left (relclient/ingest/journal.py).
OPEN_HOOKS: list[Callable[[duckdb.DuckDBPyConnection], object]] = []


def _after_open(conn: duckdb.DuckDBPyConnection) -> None:
    for hook in OPEN_HOOKS:
        hook(conn)


LAKE_ATTEMPTS = 40
# The sequences the migrations create: the only names next_id accepts (they go into SQL text).
SEQUENCES = frozenset({"load_ids", "audit_ids", "action_ids", "action_comment_ids", "action_history_ids",
                       "review_ids", "review_decision_ids"})


def next_id(cur: duckdb.DuckDBPyConnection, sequence: str) -> int:
    """The next number of `sequence`: DuckDB's sequence in a file, the lake's counter in a DuckLake
    (whose cursors are TrackedCursors: relclient/lake.py)."""
    if sequence not in SEQUENCES:
        raise ValueError(f"unknown sequence {sequence!r}")
    if isinstance(cur, lake.TrackedCursor):
        return lake.next_id(cur, sequence)
    return int(cur.execute(f"SELECT nextval('{sequence}')").fetchone()[0])


def _apply(cur: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    cur.execute(SCHEMA_VERSION_DDL)
    cur.execute(migration.sql)
    for fill in fills([migration.version]):
        fill(cur)
    cur.execute(
        "INSERT INTO schema_version (version, name) VALUES (?, ?)", [migration.version, migration.name]
    )


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass  # the transaction may already be aborted; nothing left to undo


_open_stores: dict[tuple[str, bool], Store] = {}
_open_lock = threading.Lock()


def _target(name: Path | str | LakeAddress) -> Target:
    # The pages key their caches by the database's name (a string): a DuckLake's name is its
    # description with the password masked, so the lake itself comes from the environment.
    if is_lake(name):
        return name
    if isinstance(name, str) and name.startswith("DuckLake ("):
        configured = db_path_from_env()
        if str(configured) == name:
            return configured
    return Path(name)


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> Store:
    """The process-wide store for `path` (RELCLIENT_DB by default), opened once and shared; it must
    exist (NoDatabase otherwise)."""
    resolved = _target(path) if path is not None else db_path_from_env()
    key = (str(resolved.resolve()) if str(resolved) != ":memory:" else ":memory:", read_only)
    with _open_lock:
        store = _open_stores.get(key)
        if store is None:
            store = Store(resolved, read_only=read_only, create=False)
            _open_stores[key] = store
        return store


def close_all() -> None:
    """Close every store opened through open_store (tests, end of a CLI command)."""
    with _open_lock:
        for store in _open_stores.values():
            store.close()
        _open_stores.clear()
