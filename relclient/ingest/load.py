"""Load: the whole pipeline in one transaction, the load's record, and undo.

`ingest_file` reads, maps and validates a file into temporary tables of one cursor, then loads it
inside one `Store.transaction` on that cursor: it either completes (rows written, load recorded
with its rejects, the mapping saved when asked) or changes nothing (all-or-nothing refusals write
nothing; dry runs and errors roll back). Every stored row keeps the id of the load that last
wrote it; the versions a load replaced go to `<dataset>_history`, so the load can be undone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from relclient import derived
from relclient.contract import Dataset
from relclient.ingest.errors import IngestError
from relclient.ingest.mapping import Mapping, dataset, save_mapping
from relclient.ingest.modes import LoadMode
from relclient.ingest.journal import announce, forget, take_back, withdraw
from relclient.ingest.rejects import issue_frame, write_issues, write_rejects
from relclient.ingest.fileinfo import FileInfo, ReadOptions
from relclient.ingest.sources import inspect_file
from relclient.ingest.staging import stage
from relclient.ingest.validate import Validation, validate
from relclient.audit import record
from relclient.auth import User
from relclient.engine import MB, max_check_mb
from relclient.permissions import allowed, require
from relclient.problems import Amount
from relclient.stewards import steward_of
from relclient.store import Store

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class LoadRequest:
    """What the user asks: which dataset, how to map, how to load."""

    mapping: Mapping
    mode: LoadMode = LoadMode.UPSERT
    all_or_nothing: bool = False
    dry_run: bool = False
    confirm_replace: bool = False  # replace deletes the rows the file does not hold: say so first
    # A name: the mapping is saved under it by the load's own transaction, so a refused or failed
    # load saves none, and every saved mapping read a file that was loaded. A check saves nothing.
    save_mapping_as: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.mode, LoadMode):  # text is read once, where it comes in: LoadMode.parse
            raise TypeError(f"LoadRequest.mode must be a LoadMode, not {self.mode!r}")

    @property
    def dataset(self) -> str:
        """The dataset the mapping feeds."""
        return self.mapping.dataset


@dataclass(frozen=True)
class LoadResult:
    """What happened: loaded, refused (nothing changed) or checked only (dry run)."""

    status: str  # loaded | refused | dry_run
    file: FileInfo
    validation: Validation
    load_id: int | None = None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    duration_ms: int = 0
    issues: pd.DataFrame = field(default_factory=pd.DataFrame)  # the first issues, worded
    issue_counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # per column and reason
    rejects_path: Path | None = None  # the rejected rows with their reasons, to fix and upload
    issues_path: Path | None = None  # every issue, worded (Parquet): paged on screen, listed whole by the CLI
    issue_total: int = 0
    mapping: Mapping | None = None  # the mapping the file was read with
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)  # the first rows as they would be stored

    @property
    def changed(self) -> bool:
        """Whether the dataset's rows changed."""
        return self.status == "loaded" and (self.inserted + self.updated + self.deleted) > 0


class _Undo(Exception):
    """Raised inside the transaction to roll it back and still hand the result over."""

    def __init__(self, result: LoadResult):
        self.result = result


def _noop(_fraction: float, _step: str) -> None:
    pass


def ingest_file(store: Store, actor: User, path: Path | str, request: LoadRequest, *,
                options: ReadOptions = ReadOptions(), name: str | None = None, lang: str = "en",
                progress: Progress = _noop, info: FileInfo | None = None) -> LoadResult:
    """Read, map and validate one file, then load it in one transaction (all of it or nothing);
    `info`, when the caller has already inspected the file, saves a second pass over its bytes."""
    if request.mode.needs_confirmation and not request.confirm_replace and not request.dry_run:
        raise IngestError("replace_unconfirmed", dataset=request.dataset)
    saving = request.save_mapping_as is not None and not request.dry_run
    if saving and not request.save_mapping_as.strip():
        raise IngestError("mapping_name_empty")
    ds = dataset(request.dataset)
    with store.cursor() as cur:
        steward = steward_of(cur, ds.name)
    if not request.dry_run:  # checking a file changes nothing: anyone signed in may
        require(actor, "upload", store=store, steward=steward)
        if saving:  # refused before the file is read, not after it is loaded
            require(actor, "save_mapping", store=store, steward=steward)
    elif not allowed(actor, "upload", steward=steward):
        # ... up to a size: a viewer must not make the server read a gigabyte for a preview.
        size, limit = info.size if info else _size(path), max_check_mb()
        if size > limit * MB:
            raise IngestError("check_too_large", name=name or Path(path).name, size=Amount(size / MB, 1),
                              limit=Amount(limit))
    with _one_at_a_time(actor):
        return _ingest(store, actor, path, request, ds, options, name, lang, progress, info)


def _ingest(store: Store, actor: User, path: Path | str, request: LoadRequest, ds: Dataset, options: ReadOptions,
            name: str | None, lang: str, progress: Progress, info: FileInfo | None) -> LoadResult:
    started, clock = datetime.now(), time.perf_counter()
    progress(0.05, "inspect")
    info = info or inspect_file(path, options, name)

    with store.cursor() as cur:
        # Reading and checking write only temporary tables of this cursor: they run before the
        # transaction, which then holds just the writes (DuckDB scans faster outside one). Under
        # the process's memory limit they spill to its own temporary folder (relclient/engine.py).
        progress(0.15, "read")
        stage(cur, info)
        progress(0.45, "validate")
        checked = validate(cur, info, request.mapping, request.mode)
        base = _report(cur, ds, info, checked, lang) | {"mapping": request.mapping}
        if (request.all_or_nothing and checked.rejected) or (checked.valid == 0
                                                             and not request.mode.loads_without_valid_rows):
            return LoadResult("refused", **base)

        # A real load is announced first, in a transaction of its own: if the process dies inside
        # the load's COMMIT, the next opening of the database takes back whatever DuckDB replays.
        load_id = 0 if request.dry_run else announce(store, ds.name, "load", actor)

        def work(tx: duckdb.DuckDBPyConnection) -> LoadResult:
            progress(0.7, "load")
            written = _write(tx, ds, request.mode, load_id)
            elapsed = int((time.perf_counter() - clock) * 1000)
            result = LoadResult("dry_run" if request.dry_run else "loaded",
                                load_id=None if request.dry_run else load_id, duration_ms=elapsed,
                                **written, **base)
            if request.dry_run:
                raise _Undo(result)
            _record(tx, result, request, actor, started)
            if request.save_mapping_as is not None:
                save_mapping(tx, request.save_mapping_as, request.mapping, result.file.headers, actor, store=store)
            withdraw(tx, load_id)  # with the load itself: both are there after COMMIT, or neither
            progress(1.0, "done")
            return result

        try:
            return store.transaction(work, cursor=cur)
        except _Undo as undo:
            return undo.result
        except BaseException:
            if load_id:
                forget(store, load_id)  # rolled back whole: nothing to take back
            raise


_running: set[str] = set()
_running_changed = threading.Condition()
BUSY_WAIT_SECONDS = 20.0  # a page's rerun starts before the run it replaces has stopped: wait for it


@contextmanager
def _one_at_a_time(actor: User) -> Iterator[None]:
    """One upload or check per person at a time in this process: a second click, or a script
    looping on the page, waits for the first (a rerun stops it at its next progress step) instead
    of stacking up gigabyte reads, and is refused if the first is still at work after a while."""
    with _running_changed:
        if not _running_changed.wait_for(lambda: actor.email not in _running, timeout=BUSY_WAIT_SECONDS):
            raise IngestError("busy")
        _running.add(actor.email)
    try:
        yield
    finally:
        with _running_changed:
            _running.discard(actor.email)
            _running_changed.notify_all()


def _size(path: Path | str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # inspect_file says the file is missing, in the reader's words


def _report(cur: duckdb.DuckDBPyConnection, ds: Dataset, info: FileInfo, checked: Validation, lang: str) -> dict:
    """What every outcome shows: the issues worded, the rejects file, the typed preview."""
    issues, counts = issue_frame(cur, lang)
    total = cur.execute("SELECT count(*) FROM ingest_issues").fetchone()[0]
    rejects = write_rejects(cur, info, lang) if checked.rejected else None
    every = write_issues(cur, lang) if total else None
    shown = ", ".join(f"strftime({c.name}, '%Y-%m-%d') AS {c.name}" if c.type == "date" else c.name
                      for c in ds.columns)  # a date, not pandas' midnight timestamp
    preview = cur.execute(f"SELECT line, {shown} FROM ingest_typed ORDER BY line LIMIT 20").df()
    return dict(file=info, validation=checked, issues=issues, issue_counts=counts, rejects_path=rejects,
                issues_path=every, issue_total=total, preview=preview)


def _write(cur: duckdb.DuckDBPyConnection, ds: Dataset, mode: LoadMode, load_id: int) -> dict[str, int]:
    """Apply ingest_valid to the dataset; keep the versions it replaces; return the counts."""
    cols = ", ".join(ds.column_names)
    others = [c for c in ds.column_names if c not in ds.key]
    same = " AND ".join(f"v.{c} IS NOT DISTINCT FROM t.{c}" for c in others) or "true"
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE ingest_plan AS
        SELECT v.*, CASE WHEN t.{ds.key[0]} IS NULL THEN 'insert' WHEN {same} THEN 'same' ELSE 'update' END AS action
        FROM ingest_valid v LEFT JOIN {ds.name} t ON {ds.key_join('t', 'v')}""")
    counts = dict(cur.execute(
        "SELECT action, count(*) FROM ingest_plan GROUP BY action").fetchall())
    deleted = 0
    if mode.deletes_absent_rows:
        gone = f"NOT EXISTS (SELECT 1 FROM ingest_plan p WHERE {ds.key_join('p', ds.name)})"
        cur.execute(f"INSERT INTO {ds.name}_history SELECT *, $load FROM {ds.name} WHERE {gone}", {"load": load_id})
        deleted = cur.execute(f"DELETE FROM {ds.name} WHERE {gone}").fetchone()[0]
    if counts.get("update") and others:
        cur.execute(f"""INSERT INTO {ds.name}_history
            SELECT t.*, $load FROM {ds.name} t JOIN ingest_plan p ON {ds.key_join('t', 'p')}
            WHERE p.action = 'update'""", {"load": load_id})
        sets = ", ".join(f"{c} = p.{c}" for c in others)
        cur.execute(f"""UPDATE {ds.name} SET {sets}, load_id = $load FROM ingest_plan p
            WHERE {ds.key_join(ds.name, 'p')} AND p.action = 'update'""", {"load": load_id})
    if counts.get("insert"):
        cur.execute(f"INSERT INTO {ds.name} ({cols}, load_id) SELECT {cols}, $load FROM ingest_plan"
                    " WHERE action = 'insert'", {"load": load_id})
    # The per-ticket facts and the stored months of what this load touched, in its transaction.
    derived.refresh(cur, derived.note(cur, ds.name, load_id))
    return {"inserted": counts.get("insert", 0), "updated": counts.get("update", 0),
            "unchanged": counts.get("same", 0), "deleted": deleted}


def customers_left_pointed_at(cur: duckdb.DuckDBPyConnection, load_id: int) -> dict[str, int]:
    """Rows of tickets, orders and answers whose customer a customers load added: undoing it would
    leave them pointing at nobody (they stay, counted as unknown customers)."""
    tickets, orders, answers = cur.execute(
        """WITH added AS (SELECT customer_id FROM customers WHERE load_id = $load AND customer_id NOT IN
                          (SELECT customer_id FROM customers_history WHERE replaced_by = $load))
           SELECT (SELECT count(*) FROM tickets WHERE customer_id IN (SELECT customer_id FROM added)),
                  (SELECT count(*) FROM orders WHERE customer_id IN (SELECT customer_id FROM added)),
                  (SELECT count(*) FROM survey_responses WHERE customer_id IN (SELECT customer_id FROM added))""",
        {"load": load_id}).fetchone()
    return {"tickets": tickets, "orders": orders, "answers": answers}


def _record(cur: duckdb.DuckDBPyConnection, result: LoadResult, request: LoadRequest, actor: User,
            started: datetime) -> None:
    info, v = result.file, result.validation
    cur.execute(
        "INSERT INTO loads (load_id, dataset, actor, started_at, duration_ms, file_name, file_size, sha256,"
        " file_format, mode, all_or_nothing, mapping, headers, rows_read, inserted, updated, unchanged, deleted,"
        " rejected, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [result.load_id, request.dataset, actor.email, started, result.duration_ms, info.name, info.size, info.sha256,
         info.describe(), request.mode.value, request.all_or_nothing, request.mapping.to_json(), list(info.headers),
         v.rows_read, result.inserted, result.updated, result.unchanged, result.deleted, v.rejected, v.warnings])
    cur.execute("INSERT INTO load_issues SELECT $load, * FROM ingest_issues", {"load": result.load_id})
    record(cur, actor.email, "upload", f"{request.dataset} #{result.load_id}",
           f"{info.name} {request.mode.value}: +{result.inserted} ~{result.updated} -{result.deleted} ✗{v.rejected}")
    width = len(info.headers)
    values = ", ".join(f"c{i}" for i in range(width))
    cur.execute(f"""INSERT INTO load_rejects
        SELECT $load, t.line, [{values}] FROM ingest_cells c JOIN ingest_typed t USING (slot)
        WHERE t.line IN (SELECT line FROM ingest_issues WHERE severity = 'error')
        UNION ALL SELECT $load, line, cells FROM ingest_refused_cells""", {"load": result.load_id})


def undo_load(store: Store, actor: User, load_id: int, *, confirm_orphans: bool = False) -> dict[str, int]:
    """Put back exactly the rows `load_id` inserted, changed or deleted, unless a later load touched
    them. Undoing customers that tickets, orders or answers point to is refused with the counts
    until `confirm_orphans` says the person has read them."""

    def work(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
        row = cur.execute("SELECT dataset, undone_at, actor FROM loads WHERE load_id = ?", [load_id]).fetchone()
        if row is None:
            raise IngestError("no_load", load_id=load_id)
        require(actor, "undo_load", store=store, load_actor=row[2], steward=steward_of(cur, row[0]))
        if row[1] is not None:
            raise IngestError("already_undone", load_id=load_id, at=row[1])
        ds = dataset(row[0])
        if ds.name == "customers" and not confirm_orphans:
            orphans = customers_left_pointed_at(cur, load_id)
            if any(orphans.values()):
                raise IngestError("undo_orphans", load_id=load_id, **{k: Amount(v) for k, v in orphans.items()})
        blockers = cur.execute(
            f"SELECT replaced_by, count(*) FROM {ds.name}_history WHERE load_id = ? GROUP BY replaced_by"
            " ORDER BY replaced_by", [load_id]).fetchall()
        if blockers:
            later = ", ".join(f"#{b} ({n})" for b, n in blockers)
            raise IngestError("undo_blocked", load_id=load_id, later=later, first=blockers[-1][0])
        retaken = cur.execute(
            f"SELECT min(t.load_id), count(*) FROM {ds.name}_history h JOIN {ds.name} t ON {ds.key_join('t', 'h')}"
            " WHERE h.replaced_by = ? AND t.load_id IS DISTINCT FROM ?", [load_id, load_id]).fetchone()
        if retaken[1]:  # a later load wrote again a row this one had deleted
            raise IngestError("undo_blocked", load_id=load_id, later=f"#{retaken[0]} ({retaken[1]})",
                              first=retaken[0])
        removed, restored = take_back(cur, ds, load_id)
        cur.execute("UPDATE loads SET undone_at = ?, undone_by = ? WHERE load_id = ?",
                    [datetime.now(), actor.email, load_id])
        record(cur, actor.email, "undo", f"{ds.name} #{load_id}", f"-{removed} +{restored}")
        withdraw(cur, load_id)
        return {"removed": removed, "restored": restored}

    with store.hold():
        row = store.fetch_one("SELECT dataset FROM loads WHERE load_id = ? AND undone_at IS NULL", [load_id])
        if row is None:  # unknown or already undone: the transaction below says which
            return store.transaction(work)
        announce(store, row[0], "undo", actor, load_id)
        try:
            return store.transaction(work)
        except BaseException:
            forget(store, load_id)
            raise
