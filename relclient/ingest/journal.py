"""Loads a crash cannot half-write: every load and undo is announced before its transaction.

DuckDB 1.5.5 can bring back part of a large transaction that a kill interrupted inside its
COMMIT (duckdb/duckdb#25931, open upstream): the new rows of a load without its `loads` row,
its history or its audit line. So a load or an undo first commits a row in `loads_in_flight`
(its number, dataset, process), and its own transaction deletes that row with everything else.
A row still there whose process is gone names work that did not finish: at the next opening of
the database, a load is taken back (its rows removed, the versions it replaced put back) and an
undo finished, in one transaction, logged and audited as "recovered". A retry then starts clean.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime

import duckdb

from relclient import derived
from relclient.audit import record
from relclient.auth import User
from relclient.contract import Dataset
from relclient.engine import process_alive
from relclient.ingest.mapping import dataset
from relclient.store import OPEN_HOOKS, Store, next_id

log = logging.getLogger("relclient")
HOST = socket.gethostname()


def announce(store: Store, dataset_name: str, kind: str, actor: User, load_id: int | None = None) -> int:
    """Commit, on its own, that this process starts a load (a new number, returned) or an undo."""

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        number = load_id if load_id is not None else next_id(cur, "load_ids")
        cur.execute("INSERT INTO loads_in_flight (load_id, dataset, kind, actor, pid, host, started_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [number, dataset_name, kind, actor.email, os.getpid(), HOST,
                                                       datetime.now()])
        return number

    return store.transaction(work)


def withdraw(cur: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """The work is done: in its own transaction, so that the row goes only if the work stays."""
    cur.execute("DELETE FROM loads_in_flight WHERE load_id = ?", [load_id])


def forget(store: Store, load_id: int) -> None:
    """The work rolled back whole: nothing is left to take back."""
    store.transaction(lambda cur: cur.execute("DELETE FROM loads_in_flight WHERE load_id = ?", [load_id]))


def take_back(cur: duckdb.DuckDBPyConnection, ds: Dataset, load_id: int) -> tuple[int, int]:
    """Remove the rows `load_id` wrote and put back the versions it replaced or deleted; return how
    many of each. Safe to run again on what a crash left: a version comes back only where its key
    is free, so a change DuckDB lost (the row kept its old version) is not doubled."""
    cols = ", ".join(ds.column_names)
    touched = derived.note(cur, ds.name, load_id)  # before: the history rows go below
    removed = cur.execute(f"DELETE FROM {ds.name} WHERE load_id = ?", [load_id]).fetchone()[0]
    restored = cur.execute(
        f"INSERT INTO {ds.name} ({cols}, load_id) SELECT {cols}, h.load_id FROM {ds.name}_history h"
        f" WHERE h.replaced_by = ? AND NOT EXISTS (SELECT 1 FROM {ds.name} t WHERE {ds.key_join('t', 'h')})",
        [load_id]).fetchone()[0]
    cur.execute(f"DELETE FROM {ds.name}_history WHERE replaced_by = ?", [load_id])
    derived.refresh(cur, touched)
    return removed, restored


def recover(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """Take back the loads and finish the undos whose process died on the way; return their numbers.
    Runs at every opening of the database file, before anything reads it."""
    cur = conn  # the opening's own connection (on a lake, a cursor already in the lake's catalog)
    if not cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'loads_in_flight'"
                       " AND database_name = current_database()").fetchone()[0]:
        return []  # a database older than migration 10: it is applied next
    pending = cur.execute("SELECT load_id, dataset, kind, actor, pid, host FROM loads_in_flight ORDER BY load_id"
                          ).fetchall()
    done = []
    for load_id, dataset_name, kind, actor, pid, host in pending:
        if host != HOST or process_alive(pid):
            continue  # still at work (or on another machine, which alone can tell)
        _recover_one(cur, load_id, dataset(dataset_name), kind, actor)
        done.append(load_id)
    return done


def _recover_one(cur: duckdb.DuckDBPyConnection, load_id: int, ds: Dataset, kind: str, actor: str) -> None:
    cur.execute("BEGIN TRANSACTION")
    try:
        removed, restored = take_back(cur, ds, load_id)
        # What DuckDB replayed of the dead transaction may hold part of its derived rows (a facts
        # row inserted, the one it replaced not deleted) for tickets the load's own rows no longer
        # name: derive them all again from the rows, once, at this rare opening.
        derived.rebuild(cur)
        if kind == "load":  # taken back: as if it had never run
            for table in ("load_issues", "load_rejects", "loads"):
                cur.execute(f"DELETE FROM {table} WHERE load_id = ?", [load_id])
        else:  # the undo is finished
            cur.execute("UPDATE loads SET undone_at = coalesce(undone_at, ?), undone_by = coalesce(undone_by, ?)"
                        " WHERE load_id = ?", [datetime.now(), actor, load_id])
        cur.execute("DELETE FROM loads_in_flight WHERE load_id = ?", [load_id])
        what = "load taken back" if kind == "load" else "undo finished"
        record(cur, actor, "recovered", f"{ds.name} #{load_id}", f"{what} after its process died: -{removed} +{restored}")
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    log.warning("recovered %s #%s of %s (its process died): %s rows removed, %s put back",
                kind, load_id, ds.name, removed, restored)


OPEN_HOOKS.append(recover)
