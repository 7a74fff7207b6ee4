"""Housekeeping: DuckLake's compaction and old-file cleanup, on demand (`python -m relclient
maintain`) and on a schedule inside the service.

Every commit on a lake adds a snapshot, and a small one adds rows inlined in the catalog or a small
Parquet file; every query then reads the catalog's list of them. Left alone, thousands of small
writes (sign-ins, comments, action moves) slow every page; a pass writes inlined rows out, merges
small files, expires old snapshots and deletes the files no snapshot needs. A database file needs
none of it (DuckDB checkpoints on its own); there a pass checkpoints.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass

from relclient import lake
from relclient.lake import Target
from relclient.service import run_every
from relclient.sessions import forget_old_sessions
from relclient.store import Store, StoreError

log = logging.getLogger("relclient")
EVERY_SECONDS = 3600.0  # an hour: a day of a large company's small writes is a few thousand snapshots
KEEP_DAYS = 7.0  # snapshots kept for time travel and for readers still on an old one


@dataclass(frozen=True)
class Pass:
    """What one housekeeping pass did, and how long it took."""

    flushed: int
    merged: int
    expired: int
    files_removed: int
    seconds: float

    def line(self) -> str:
        """The pass in one line, for the log and the command line."""
        return (f"housekeeping: {self.flushed} inlined rows written out, {self.merged} files merged, "
                f"{self.expired} snapshots expired, {self.files_removed} old files deleted in {self.seconds:.1f} s")


def maintain(store: Store, keep_days: float = KEEP_DAYS) -> Pass:
    """One housekeeping pass on `store`'s database."""
    started = time.monotonic()
    forget_old_sessions(store)  # sessions ended or idle for a month: nothing reads them any more
    with store.hold() as conn:
        if store.is_lake:
            done = lake.maintain(conn, keep_days)
            return Pass(done.flushed, done.merged, done.expired, done.files_removed, time.monotonic() - started)
        conn.execute("CHECKPOINT")
    return Pass(0, 0, 0, 0, time.monotonic() - started)


def every_seconds() -> float | None:
    """How often the service runs a pass: RELCLIENT_MAINTAIN_EVERY seconds (an hour on a lake by
    default; "off" for never, when an operator schedules `maintain` instead)."""
    text = (os.environ.get("RELCLIENT_MAINTAIN_EVERY") or "").strip().lower()
    if text == "off":
        return None
    if not text:
        return EVERY_SECONDS
    try:
        value = float(text)
    except ValueError:
        raise StoreError(f"RELCLIENT_MAINTAIN_EVERY={text!r} is not a number of seconds (or off)") from None
    if value <= 0:
        raise StoreError("RELCLIENT_MAINTAIN_EVERY must be more than 0 seconds (or off)")
    return value


def watch_housekeeping(target: Target, stop: threading.Event) -> threading.Thread | None:
    """Start the service's housekeeping thread for a lake (a file needs none): a pass every
    RELCLIENT_MAINTAIN_EVERY seconds. Several servers may all run it: a pass that meets another's
    commit is refused by DuckLake, logged, and the next one does the work."""
    if not lake.is_lake(target):
        return None
    every = every_seconds()
    if every is None:
        return None

    return run_every("housekeeping", target, every, stop, lambda store: log.info("%s", maintain(store).line()))
