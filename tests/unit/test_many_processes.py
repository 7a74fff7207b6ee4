"""One database, many processes: the portal serves while the CLI and the inbox work, processes
saving the same action lose no change, and a process killed while it holds the file stops nobody.

Real processes on one real file: the served app (relclient.ui.serve), `python -m relclient`
commands, and small Python children; each takes its turn at the file (relclient/lease.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from relclient.actions import get_action, history
from relclient.store import Store
from tests.action_helpers import checklist_saver
from tests.browser.conftest import serve

REPO = Path(__file__).resolve().parents[2]
LEAD = "responsable.sc@demo.relclient.fr"
ADMIN = "admin@demo.relclient.fr"
TICKETS = ("ticket_id,customer_id,opened_at,channel,category,is_complaint,owner_dept\n"
           "TQ001,CL0000001,2025-11-03 09:00,phone,billing,yes,sales\n"
           "TQ002,CL0000002,2025-11-04 10:30,web,delivery,no,logistics\n")


def _cli(db: Path, *args: str, user: str | None = LEAD, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELCLIENT_DB": str(db), **({"RELCLIENT_USER": user} if user else {})}
    return subprocess.run([sys.executable, "-m", "relclient", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout, input="A-long-and-unguessable-passphrase-42\n")


def _child(db: Path, code: str, **kwargs) -> subprocess.Popen:
    """A Python process running `code` against `db` (as a scheduled job or a second server would)."""
    script = "import sys\nsys.path.insert(0, %r)\n" % str(REPO) + textwrap.dedent(code)
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env={**os.environ, "RELCLIENT_DB": str(db)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture
def db(demo_copy) -> Path:
    return demo_copy


def test_while_the_portal_serves_every_command_line_tool_works_and_the_portal_still_answers(db, tmp_path):
    file = tmp_path / "tickets.csv"
    file.write_text(TICKETS)
    (tmp_path / "backups").mkdir()
    with serve(db, tmp_path / "app.log") as url:
        urllib.request.urlopen(url, timeout=30).read()  # the app has opened the database
        done = {
            "ingest": _cli(db, "ingest", "tickets", str(file)),
            "kpis": _cli(db, "kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--format", "json"),
            "users add": _cli(db, "users", "add", "nouvelle@example.fr", "--name", "Nouvelle", "--dept", "it",
                              "--role", "member", user=None),
            "actions list": _cli(db, "actions", "list", "--format", "json"),
            "reviews list": _cli(db, "reviews", "list", "--format", "json"),
            "loads": _cli(db, "loads"),
            "backup": _cli(db, "backup", str(tmp_path / "backups"), user=None),
        }
        for name, result in done.items():
            assert result.returncode == 0, f"{name}: {result.stderr}"
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as health:
            assert health.read().strip() == b"ok"
    store = Store(db)
    try:
        assert store.fetch_one("SELECT count(*) FROM tickets WHERE ticket_id IN ('TQ001', 'TQ002')")[0] == 2
        assert store.fetch_one("SELECT role FROM users WHERE email = 'nouvelle@example.fr'")[0] == "member"
    finally:
        store.close()
    assert len(list((tmp_path / "backups").glob("*.duckdb"))) == 1


def test_a_file_dropped_in_the_inbox_is_loaded_by_the_service_within_a_minute(db, tmp_path, monkeypatch):
    monkeypatch.setenv("RELCLIENT_INBOX_EVERY", "1")  # the service looks every second here (15 s by default)
    monkeypatch.setenv("RELCLIENT_INBOX_SETTLE", "1")
    inbox = db.parent / "inbox" / "tickets"
    with serve(db, tmp_path / "app.log"):
        inbox.mkdir(parents=True)
        partial = inbox / ".tickets.csv.part"  # written under a hidden name, then renamed, as schedulers do
        partial.write_text(TICKETS)
        partial.rename(inbox / "tickets.csv")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((inbox / "done").glob("*tickets.csv.report.txt")):
            time.sleep(0.5)
        reports = list((inbox / "done").glob("*tickets.csv.report.txt"))
        assert reports, (tmp_path / "app.log").read_text()[-2000:]
        assert reports[0].read_text().startswith("LOADED: tickets.csv")
    assert not (inbox / "tickets.csv").exists()
    store = Store(db)
    try:
        assert store.fetch_one("SELECT count(*) FROM tickets WHERE ticket_id IN ('TQ001', 'TQ002')")[0] == 2
        # as the dataset's steward: customer service's department lead
        assert store.fetch_one("SELECT actor FROM loads ORDER BY load_id DESC LIMIT 1")[0] == LEAD
    finally:
        store.close()


def test_processes_saving_the_same_action_at_once_lose_no_change(db):
    store = Store(db)
    action_id = store.fetch_one("SELECT min(action_id) FROM actions WHERE status NOT IN ('done', 'dropped')")[0]
    before = len(history(store, action_id))
    store.close()
    saves = 6
    workers = [_child(db, checklist_saver(action_id, n, saves, ADMIN)) for n in range(4)]
    for worker in workers:
        _, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
    store = Store(db)
    try:
        items = [item.text for item in get_action(store, action_id).checklist]
        assert sorted(i for i in items if i.startswith("process ")) == sorted(
            f"process {n} step {s}" for n in range(4) for s in range(saves))
        assert len(history(store, action_id)) >= before + 4 * saves  # each accepted save, in the history
    finally:
        store.close()


def test_a_process_killed_while_it_holds_the_file_lets_the_others_go_on(db):
    holder = _child(db, """
        import time
        from relclient.store import Store
        store = Store(__import__("os").environ["RELCLIENT_DB"])
        with store.hold() as conn:
            conn.execute("CREATE TABLE half_done AS SELECT 1 AS x")
            print("holding", flush=True)
            time.sleep(600)
    """)
    assert holder.stdout.readline().strip() == "holding"
    waiter = _child(db, """
        from relclient.store import Store
        store = Store(__import__("os").environ["RELCLIENT_DB"])
        print(store.fetch_one("SELECT count(*) FROM tickets")[0])
    """)
    time.sleep(1.5)
    assert waiter.poll() is None  # it waits its turn
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    out, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 0 and int(out) > 0, err


def test_a_process_tells_another_processs_commit_from_its_own(db):
    # The app clears its caches for the CLI's or another server's commits, not for its own sign-in
    # counters (at 10 M tickets a cleared cache costs the next page seconds).
    store = Store(db)
    seen = store.file_version()
    store.transaction(lambda cur: cur.execute(
        "INSERT INTO audit_log (happened_at, actor, action, target, detail, outcome)"
        " VALUES (now(), 'me', 'tick', NULL, NULL, 'ok')"))
    store.close()  # the turn ends: the file as this process left it
    assert store.file_version() != seen and not store.changed_by_others(seen)
    seen = store.file_version()
    other = _child(db, """
        from relclient.store import Store
        store = Store(__import__("os").environ["RELCLIENT_DB"])
        store.transaction(lambda cur: cur.execute("DELETE FROM audit_log WHERE actor = 'me'"))
        store.close()
    """)
    assert other.wait(timeout=60) == 0
    assert store.changed_by_others(seen)
