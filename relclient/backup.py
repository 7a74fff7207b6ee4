"""Backups while the portal serves, and putting one back.

A backup takes this process's turn at the file (no other process writes meanwhile), folds the
log into the file (CHECKPOINT) and copies it, then opens the copy to check it. A restore waits
for a turn with the file closed, keeps the current file beside it, and puts the backup in its
place; every process opens the restored file at its next turn.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from relclient.audit import record
from relclient.auth import User
from relclient.store import Store, StoreError, load_migrations


LAKE_BACKUP = ("only a database file is backed up and restored by relclient; a DuckLake is backed up with "
               "PostgreSQL's own tools (pg_dump of the catalog) and a copy of its data folder, taken together")


def backup(store: Store, folder: Path, actor: User) -> Path:
    """A consistent copy of the database in `folder` (which must exist); returns its path."""
    if store.is_lake:
        raise StoreError(LAKE_BACKUP)
    if not folder.is_dir():
        raise StoreError(f"no folder {folder}: create it first (backups never create folders they were not given)")
    target = folder / f"{store.path.stem}-{datetime.now():%Y%m%d-%H%M%S}.duckdb"
    if target.exists():
        raise StoreError(f"{target} exists already: nothing was written")
    partial = target.with_name(target.name + ".partial")
    with store.hold() as conn:
        conn.execute("CHECKPOINT")  # the file alone then holds every commit
        shutil.copyfile(store.path, partial)
    version = schema_of(partial)
    os.replace(partial, target)  # a backup under its name is whole
    store.transaction(lambda cur: record(cur, actor.email, "backup", target.name, f"schema {version}"))
    return target


def restore(store: Store, source: Path, actor: User) -> Path:
    """Put the backup `source` in the database's place; return where the replaced file was kept."""
    if store.is_lake:
        raise StoreError(LAKE_BACKUP)
    version = schema_of(source)
    kept = store.path.with_name(f"{store.path.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
    with store.turn_with_file_closed():
        fold_log(store.path)  # the file alone then holds every commit: nothing sits in a log to lose
        shutil.copyfile(store.path, kept)
        incoming = store.path.with_name(store.path.name + ".restoring")
        shutil.copyfile(source, incoming)
        os.replace(incoming, store.path)  # a kill before leaves the old file, after it the backup
    store.migrate()  # a backup made by an older relclient catches up
    store.transaction(lambda cur: record(cur, actor.email, "restore", source.name,
                                         f"schema {version}; the replaced file is {kept.name}"))
    return kept


def fold_log(path: Path) -> None:
    """Fold the write-ahead log a killed process may have left into the file (called in a turn with
    the file closed: no other connection is open)."""
    if Path(f"{path}.wal").exists():
        conn = duckdb.connect(str(path))
        try:
            conn.execute("CHECKPOINT")
        finally:
            conn.close()


def schema_of(path: Path) -> int:
    """The schema version of a relclient database file; StoreError if it is none this code can open."""
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a database relclient can open: {exc}".splitlines()[0]) from exc
    try:
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except duckdb.Error as exc:
        raise StoreError(f"{path} is a DuckDB file but not a relclient database (no schema_version)") from exc
    finally:
        conn.close()
    if version is None or version > len(load_migrations()):
        raise StoreError(f"{path} has schema version {version}, which this relclient cannot open")
    return int(version)
