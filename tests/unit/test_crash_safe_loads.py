"""Loads a crash cannot half-write: `ingest` and `undo` killed (-9) at 20+ moments, inside the
COMMIT too, leave the database exactly as before or exactly as after, `loads` agreeing with the
rows; a retry then loads the file completely.

DuckDB 1.5.5 alone kept the new rows of a killed 200,000-row load without its `loads` row
(duckdb/duckdb#25931); relclient announces each load first and takes back what a dead process
left at the next opening of the file (relclient/ingest/journal.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from relclient.ingest import LoadRequest, ingest_file, inspect_file, suggest_mapping
from relclient.store import Store
from tests.ingest_helpers import steward_user

REPO = Path(__file__).resolve().parents[2]
ROWS = 200_000  # the demo's tickets with another category (at most 20,000), the rest new
LEAD = "responsable.sc@demo.relclient.fr"  # customer service's lead: the tickets' steward in the demo
# The load's log grows to about 5 MB: the half-written loads were killed near 4 MB.
WAL_MARKS = [int(mb * 1024**2) for mb in (0.25, 0.5, 1, 2, 3, 3.5, 4, 4.5)]


def _demo_ids(demo_db: Path) -> int:
    store = Store(demo_db)
    try:  # the demo numbers its tickets TK00000001, TK00000002, …
        count, last = store.fetch_one("SELECT count(*), max(ticket_id) FROM tickets")
    finally:
        store.close()
    assert last == f"TK{count:08d}"
    return min(count, 20_000)


@pytest.fixture(scope="module")
def big_file(demo_db, tmp_path_factory) -> Path:
    """200,000 tickets: up to 20,000 of the demo's with another category, the others new."""
    path = tmp_path_factory.mktemp("crash") / "tickets.csv"
    updated = _demo_ids(demo_db)
    conn = duckdb.connect()
    conn.execute(f"""COPY (
        SELECT CASE WHEN i <= {updated} THEN 'TK' || lpad(i::VARCHAR, 8, '0') ELSE 'TN' || lpad(i::VARCHAR, 8, '0') END
                   AS ticket_id,
               'CL' || lpad((1 + i % 5000)::VARCHAR, 7, '0') AS customer_id,
               strftime(TIMESTAMP '2025-06-01 08:00' + to_minutes(i % 200000), '%Y-%m-%d %H:%M') AS opened_at,
               ['phone', 'email', 'web', 'chat'][1 + i % 4] AS channel, 'crash-test' AS category,
               CASE WHEN i % 3 = 0 THEN 'yes' ELSE 'no' END AS is_complaint,
               ['logistics', 'customer_service', 'sales', 'it'][1 + i % 4] AS owner_dept,
               '' AS first_response_at, '' AS resolved_at, '0' AS reopened_count
        FROM range(1, {ROWS + 1}) t(i)) TO '{path}' (HEADER)""")
    conn.close()
    return path


def _copy(demo_db: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    shutil.copy(demo_db, db)
    return db


def _state(db: Path) -> dict:
    """What must be all before or all after: the tickets without their load numbers, the history,
    the loads and what is in flight, the tickets' facts and the days' counts derived from them;
    and whether `loads` agrees with the rows."""
    store = Store(db)  # its opening finishes what a killed process left
    try:
        one = store.fetch_one
        return {
            "tickets": one("SELECT count(*), bit_xor(hash(t)) FROM (SELECT * EXCLUDE (load_id) FROM tickets) t"),
            "history": one("SELECT count(*) FROM tickets_history")[0],
            "loads": one("SELECT count(*) FROM loads WHERE undone_at IS NULL")[0],
            "orphans": one("SELECT count(*) FROM tickets WHERE load_id IS NOT NULL"
                           " AND load_id NOT IN (SELECT load_id FROM loads)")[0],
            "in_flight": one("SELECT count(*) FROM loads_in_flight")[0],
            "facts": one("SELECT count(*), bit_xor(hash(f)) FROM ticket_facts f"),
            "days": one("SELECT count(*), bit_xor(hash(d)) FROM kpi_days d"),
        }
    finally:
        store.close()


# What the Data page does in the app's process: the file inspected first, then ingest_file with it.
PAGE_LOAD = """
import sys
from relclient.auth import get_user
from relclient.ingest import LoadRequest, ingest_file, inspect_file, suggest_mapping
from relclient.store import Store
store = Store(sys.argv[1])
info = inspect_file(sys.argv[2])
ingest_file(store, get_user(store, sys.argv[3]), info.path, LoadRequest(suggest_mapping("tickets", info.headers)),
            name=info.name, lang="fr", progress=lambda fraction, step: None, info=info)
"""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # not written yet, or folded into the file and removed at that instant
        return 0


def _run_and_kill(args: list[str], db: Path, *, after: float | None = None, wal_mark: int | None = None) -> bool:
    """Run `python -m relclient ARGS` (or the page's load, when ARGS is ["page", FILE]); kill -9 it after
    `after` seconds or when its log reaches `wal_mark` bytes. True when it was killed (False: it finished)."""
    env = {**os.environ, "RELCLIENT_DB": str(db), "RELCLIENT_USER": LEAD}
    command = (["-c", PAGE_LOAD, str(db), args[1], LEAD] if args[0] == "page" else ["-m", "relclient", *args])
    proc = subprocess.Popen([sys.executable, *command], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(f"{db}.wal")
    started = time.monotonic()
    while proc.poll() is None:
        waited = time.monotonic() - started
        if (after is not None and waited >= after) or (
                wal_mark is not None and _size(wal) >= wal_mark) or waited > 120:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    return False


@pytest.fixture(scope="module")
def reference(demo_db, big_file, tmp_path_factory) -> dict:
    """The states before and after one load that nobody killed, and how long it took."""
    db = _copy(demo_db, tmp_path_factory.mktemp("ref"), "ref.duckdb")
    before = _state(db)
    started = time.monotonic()
    assert not _run_and_kill(["ingest", "tickets", str(big_file)], db)
    seconds = time.monotonic() - started
    after = _state(db)
    updated = _demo_ids(demo_db)
    assert after["tickets"][0] == before["tickets"][0] + ROWS - updated
    assert after["history"] == before["history"] + updated
    return {"before": before, "after": after, "seconds": seconds, "db": db}


def test_a_load_killed_at_any_moment_leaves_the_database_before_or_after_and_a_retry_completes(
        demo_db, big_file, reference, tmp_path):
    before, after = reference["before"], reference["after"]
    moments = [("after", reference["seconds"] * k / 11) for k in range(1, 11)]  # through reading, checking, writing
    moments += [("wal", mark) for mark in WAL_MARKS]  # inside the load's transaction and its COMMIT
    moments += [("page", 2 * 1024**2), ("page", 4 * 1024**2)]  # the Data page's load, in the app's process
    seen = {"before": 0, "after": 0}
    for n, (how, when) in enumerate(moments):
        db = _copy(demo_db, tmp_path / str(n), "db.duckdb")
        args = ["page", str(big_file)] if how == "page" else ["ingest", "tickets", str(big_file)]
        killed = _run_and_kill(args, db,
                               after=when if how == "after" else None, wal_mark=None if how == "after" else when)
        state = _state(db)
        assert state["orphans"] == 0 and state["in_flight"] == 0, (how, when, state)
        assert state in (before, after), f"kill {how}={when} (killed: {killed}) left {state}"
        seen["before" if state == before else "after"] += 1
        if state == before and n in (len(moments) // 2, len(moments) - 2):  # and a retry loads all of it
            store = Store(db)
            try:
                mapping = suggest_mapping("tickets", inspect_file(big_file).headers)
                ingest_file(store, steward_user(store, "tickets"), big_file, LoadRequest(mapping))
            finally:
                store.close()
            assert _state(db) == after
    assert len(moments) >= 20 and seen["before"] >= 5  # the kills really landed before the end


def test_an_undo_killed_at_any_moment_is_finished_or_not_begun(demo_db, big_file, tmp_path):
    # A smaller load than the reference's: DuckDB deletes under a primary key slowly (an undo of
    # 200,000 rows takes about 8 s), and the kills below need the undo, not its size.
    part = tmp_path / "part.csv"
    part.write_text("".join(big_file.open().readlines()[:60_001]))
    loaded = _copy(demo_db, tmp_path / "loaded", "db.duckdb")
    before = _state(loaded)
    assert not _run_and_kill(["ingest", "tickets", str(part)], loaded)
    after = _state(loaded)
    store = Store(loaded)
    load_id = store.fetch_one("SELECT max(load_id) FROM loads")[0]
    store.close()
    timed = _copy(loaded, tmp_path / "timed", "db.duckdb")
    started = time.monotonic()
    assert not _run_and_kill(["undo", str(load_id)], timed)
    seconds = time.monotonic() - started
    assert _state(timed) == before  # an undo nobody killed puts back the demo
    for n, when in enumerate([seconds * k / 5 for k in range(1, 5)] + [128 * 1024, 512 * 1024]):
        db = _copy(loaded, tmp_path / str(n), "db.duckdb")
        wal = n >= 4
        _run_and_kill(["undo", str(load_id)], db, after=None if wal else when, wal_mark=when if wal else None)
        state = _state(db)
        assert state in (before, after), f"undo killed at {when} left {state}"  # finished, or not begun
