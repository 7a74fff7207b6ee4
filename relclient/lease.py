"""One database file, many processes: each process takes its turn at the file.

DuckDB lets one process at a time open a file for writing; for several writing processes its
documentation ("Concurrency") suggests a cross-process lock with the database opened and closed
around the work. That is what this does, with the operating system's own locks: a process
holds the file only while it works. `FileLease.hold()` takes an exclusive `flock` on
`<db>.lock`, opens DuckDB, and hands out the connection; threads of the same process share it
(DuckDB's MVCC serves them as before). When the last holder of the process lets go, the file
is closed after `linger` idle seconds, at once if another process is waiting (a waiter holds a
shared lock on `<db>.queue`). A process killed at any moment loses its locks with it; DuckDB
replays its log at the next open. DuckDB's client-server protocol (quack) and DuckLake were
measured for this and not chosen: README, "Several processes, one database".
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_WAIT_SECONDS = 600.0  # the longest a turn may take: a 1 GB upload holds the file about 2 minutes
DEFAULT_LINGER_SECONDS = 0.5  # a page's queries come in bursts: keep the file open between them
_POLL = 0.01
_YIELD = 0.25  # how long a process that gave way waits for the waiting one to take the file


class LeaseTimeout(Exception):
    """Another process held the database longer than this one may wait."""


def wait_seconds() -> float:
    """How long a process waits for its turn (RELCLIENT_LOCK_WAIT seconds, 600 by default)."""
    text = os.environ.get("RELCLIENT_LOCK_WAIT")
    return float(text) if text else DEFAULT_WAIT_SECONDS


class FileLease:
    """This process's turn at one DuckDB file: opened on first hold, closed when idle."""

    def __init__(self, path: Path, config: dict[str, str], *, linger: float = DEFAULT_LINGER_SECONDS,
                 on_open: Callable[[duckdb.DuckDBPyConnection], None] | None = None):
        self.path = path
        self._config = config
        self._on_open = on_open
        self._linger = linger
        self._cond = threading.Condition()
        self._holders = 0
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._idle_since = 0.0
        self._closer: threading.Thread | None = None
        self._yielded_until = 0.0
        self._lock_fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        self._queue_fd = os.open(f"{path}.queue", os.O_RDWR | os.O_CREAT, 0o600)
        self.users = 0  # the stores of this process on this file (lease_for / let_go)
        # The file's state when this process's last writing turn began and ended: a change from
        # one to the other is its own (the app need not forget its caches for it).
        self.own_change: tuple[tuple, tuple] = ((), ())
        self._turn_start: tuple = ()

    @contextmanager
    def hold(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open connection, this process's turn held until the block ends."""
        if self._lock_fd < 0:
            raise RuntimeError(f"{self.path}: used after its store was closed")
        with self._cond:
            if self._conn is None:
                self._open()  # other threads of this process wait here too: one turn per process
            self._holders += 1
        try:
            yield self._conn
        finally:
            with self._cond:
                self._holders -= 1
                if self._holders == 0:
                    self._idle_since = time.monotonic()
                    if self._someone_waits():
                        self._close(yielding=True)
                    elif self._linger <= 0:
                        self._close()
                    else:
                        self._start_closer()

    def configure(self, config: dict[str, str]) -> None:
        """The settings the next opening uses (a store opened later may bring other limits)."""
        self._config = config

    def release_files(self) -> None:
        """Close the lock files' descriptors (the lease is not used again)."""
        for fd in (self._lock_fd, self._queue_fd):
            os.close(fd)
        self._lock_fd = self._queue_fd = -1  # a number the system may give to another file now

    def close(self) -> None:
        """Close the file now if nobody in this process holds it (end of a command, tests)."""
        with self._cond:
            if self._holders == 0:
                self._close()

    @property
    def is_open(self) -> bool:
        """Whether this process has the file open right now."""
        return self._conn is not None

    # -- turns ---------------------------------------------------------------------------
    def _open(self) -> None:
        self._take_turn(open_file=True)

    def _take_turn(self, *, open_file: bool) -> None:
        """Wait for the lock (and for DuckDB's own, should another program hold the file), then open."""
        deadline = time.monotonic() + wait_seconds()
        # Just closed for a waiting process: let it in before taking the file again, or a process
        # working in a loop would take every turn (measured: a write waited 90 s behind a KPI loop).
        while time.monotonic() < self._yielded_until and self._someone_waits() and self._lock_is_free():
            time.sleep(_POLL / 4)
        queued = False
        try:
            while True:
                if self._try_lock():
                    self._turn_start = file_version(self.path)
                    if not open_file:
                        return
                    try:
                        self._conn = duckdb.connect(str(self.path), config=self._config)
                    except duckdb.IOException as exc:
                        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                        if "lock" not in str(exc).lower():
                            raise
                        # Something outside relclient (a DuckDB shell) holds the file: wait as for a turn.
                    else:
                        self._opened()
                        return
                if not queued:
                    fcntl.flock(self._queue_fd, fcntl.LOCK_SH)  # tells the holder that someone waits
                    queued = True
                if time.monotonic() > deadline:
                    raise LeaseTimeout(f"{self.path} stayed busy for {wait_seconds():.0f} s "
                                       f"(held by {self._holder() or 'another program'})")
                time.sleep(_POLL)
        finally:
            if queued:
                fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    @contextmanager
    def closed_turn(self) -> Iterator[None]:
        """This process's turn with the file closed: no process opens it until the block ends (a
        restore replaces the file). Nobody in this process may hold it meanwhile."""
        with self._cond:
            if self._holders:
                raise RuntimeError("closed_turn() inside hold()")
            self._close()
            self._take_turn(open_file=False)
            try:
                yield
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _opened(self) -> None:
        """What must run before anything reads the file (finishing what a dead process left)."""
        if self._on_open is None:
            return
        try:
            self._on_open(self._conn)
        except BaseException:
            self._close()
            raise

    def _try_lock(self) -> bool:
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        os.ftruncate(self._lock_fd, 0)  # who holds it, for the message a waiter may have to give
        os.pwrite(self._lock_fd, f"pid {os.getpid()}".encode(), 0)
        return True

    def _lock_is_free(self) -> bool:
        try:  # a shared probe: it fails while someone holds the turn, and takes nothing from anyone
            fcntl.flock(self._lock_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        return True

    def _holder(self) -> str:
        try:
            return Path(f"{self.path}.lock").read_text().strip()
        except OSError:
            return ""

    def _someone_waits(self) -> bool:
        try:
            fcntl.flock(self._queue_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._queue_fd, fcntl.LOCK_UN)
        return False

    def _close(self, *, yielding: bool = False) -> None:
        if self._conn is None:
            return
        if yielding:
            self._yielded_until = time.monotonic() + _YIELD
        try:
            self._conn.close()  # checkpoints what this turn wrote
        finally:
            self._conn = None
            end = file_version(self.path)
            if end != self._turn_start:  # this turn wrote: from what to what
                self.own_change = (self._turn_start, end)
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _start_closer(self) -> None:
        if self._closer is None or not self._closer.is_alive():
            self._closer = threading.Thread(target=self._close_when_idle, name="relclient-lease", daemon=True)
            self._closer.start()

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._conn is not None and self._holders == 0:
                if self._someone_waits():
                    self._close(yielding=True)
                    return
                if time.monotonic() - self._idle_since >= self._linger:
                    self._close()
                    return
                self._cond.wait(_POLL)


def file_version(path: Path) -> tuple:
    """The file's and its log's size and modification time: they change with every commit any
    process makes (a turn that only reads leaves them as they were)."""
    found = []
    for part in (path, Path(f"{path}.wal")):
        try:
            stat = part.stat()
            found.append((stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append(None)
    return tuple(found)


_leases: dict[str, FileLease] = {}
_leases_lock = threading.Lock()


def lease_for(path: Path, config: dict[str, str],
              on_open: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> FileLease:
    """This process's one lease on `path` (two in one process would wait for each other's lock)."""
    key = str(path.resolve())
    with _leases_lock:
        lease = _leases.get(key)
        if lease is None:
            lease = _leases[key] = FileLease(path, config, on_open=on_open)
        else:
            lease.configure(config)
        lease.users += 1
        return lease


def let_go(lease: FileLease) -> None:
    """A store is done with `lease`: close the file now if idle; forget the lease with its last store."""
    with _leases_lock:
        lease.users -= 1
        lease.close()
        if lease.users <= 0 and not lease.is_open:
            _leases.pop(str(lease.path.resolve()), None)
            lease.release_files()
