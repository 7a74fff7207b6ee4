"""Backups while others work, and putting one back: consistent, checked, audited, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from relclient.backup import backup, restore
from relclient.cli_users import operator
from relclient.store import Store, StoreError

REPO = Path(__file__).resolve().parents[2]


def _tables(store: Store) -> dict[str, tuple]:
    names = [r[0] for r in store.fetch_all("SELECT table_name FROM duckdb_tables() WHERE NOT temporary"
                                           " AND table_name NOT IN ('audit_log') ORDER BY 1")]
    return {n: store.fetch_one(f"SELECT count(*), bit_xor(hash(x)) FROM {n} x") for n in names}


@pytest.fixture
def db(demo_copy) -> Path:
    return demo_copy


def test_a_backup_taken_while_another_process_writes_holds_every_commit_before_it(db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(REPO)!r})
        from relclient.store import Store
        store = Store({str(db)!r})
        for n in range(300):  # small commits, as the portal makes them, during the backup
            store.transaction(lambda cur, n=n: cur.execute(
                "INSERT INTO audit_log (happened_at, actor, action, target, detail, outcome)"
                " VALUES (now(), 'writer', 'tick', ?, NULL, 'ok')", [str(n)]))
        store.close()
    """)], cwd=REPO)
    store = Store(db)
    try:
        copy = backup(store, folder, operator())
    finally:
        store.close()
    assert writer.wait(timeout=120) == 0
    saved = Store(copy, read_only=True)
    try:  # a prefix of the writer's commits, in order: consistent, never half of one
        ticks = [int(r[0]) for r in saved.fetch_all("SELECT target FROM audit_log WHERE actor = 'writer' ORDER BY 1")]
        assert sorted(ticks) == list(range(len(ticks)))
        assert saved.fetch_one("SELECT count(*) FROM tickets")[0] > 0
    finally:
        saved.close()
    assert not list(folder.glob("*.partial"))


def test_a_restore_puts_the_backup_back_keeps_the_replaced_file_and_says_so(db, tmp_path):
    store = Store(db)
    before = _tables(store)
    copy = backup(store, tmp_path, operator())
    store.transaction(lambda cur: cur.execute("DELETE FROM actions"))  # a mistake to undo
    assert _tables(store) != before
    kept = restore(store, copy, operator())
    assert _tables(store) == before
    assert store.fetch_one("SELECT action, outcome FROM audit_log ORDER BY audit_id DESC LIMIT 1") == ("restore", "ok")
    store.close()
    replaced = Store(kept, read_only=True)
    try:
        assert replaced.fetch_one("SELECT count(*) FROM actions")[0] == 0  # the mistake, kept aside
    finally:
        replaced.close()


def test_a_file_that_is_not_a_relclient_database_is_refused_and_nothing_changes(db, tmp_path):
    store = Store(db)
    before = _tables(store)
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(b"not a database at all")
    with pytest.raises(StoreError, match="not a database relclient can open"):
        restore(store, bogus, operator())
    with pytest.raises(StoreError, match="no folder"):
        backup(store, tmp_path / "missing", operator())
    assert _tables(store) == before
    store.close()


def test_backup_and_restore_from_the_command_line(db, tmp_path):
    env = {**os.environ, "RELCLIENT_DB": str(db)}
    (tmp_path / "b").mkdir()
    done = subprocess.run([sys.executable, "-m", "relclient", "backup", str(tmp_path / "b")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "backup written" in done.stdout, done.stderr
    copy = next((tmp_path / "b").glob("*.duckdb"))
    done = subprocess.run([sys.executable, "-m", "relclient", "restore", str(copy)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "is kept as" in done.stdout, done.stderr


def test_a_restore_keeps_what_a_killed_process_committed_in_the_replaced_file(db, tmp_path):
    store = Store(db)
    copy = backup(store, tmp_path, operator())
    store.close()
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time; sys.path.insert(0, {str(REPO)!r})
        from relclient.store import Store
        store = Store({str(db)!r})
        with store.hold():  # committed, still in the log, and the process dies before folding it in
            store.transaction(lambda cur: cur.execute("DELETE FROM actions"))
            print("committed", flush=True)
            time.sleep(600)
    """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "committed"
    writer.kill()
    writer.wait()
    assert Path(f"{db}.wal").exists()
    store = Store(db, migrate=False)  # nothing opens the file before the restore does
    kept = restore(store, copy, operator())
    assert store.fetch_one("SELECT count(*) FROM actions")[0] > 0  # the backup's actions
    store.close()
    replaced = Store(kept, read_only=True)
    try:
        assert replaced.fetch_one("SELECT count(*) FROM actions")[0] == 0  # the killed process's commit, kept
    finally:
        replaced.close()
