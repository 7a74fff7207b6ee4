"""Several processes on one database: what taking turns at the file costs, and what it guarantees.

    python bench/processes.py [--scale 20] [--repeat 5]

On a copy of the demo company at the scale (bench/demo-scale-N.duckdb, built once):
  (a) a turn: opening and closing the file (median of 20), what each process pays when it comes
      back to the database after another had it;
  (b) the Overview (build_overview, Q3 2025) computed in a turn already open (as within one page
      run) and in a fresh turn (the file closed before), median of --repeat;
  (c) 8 processes saving the same action 10 times each, reading again after each refusal: wall
      time, saves per second, and whether every save is in the checklist (lost changes);
  (d) a small write from this process while another process computes the KPIs again and again:
      how long the write waits for its turn (median, 95th percentile, worst of 20);
  (e) a process killed (-9) while it holds the file: how long until a waiting process has it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

from _common import demo_db

from relclient.metrics import KpiFilter
from relclient.overview import build_overview
from relclient.periods import Period
from relclient.store import Store

REPO = Path(__file__).resolve().parents[1]
Q3 = Period(date(2025, 7, 1), date(2025, 9, 30))


def child(db: Path, code: str) -> subprocess.Popen:
    """A Python process running `code` against `db`."""
    script = f"import sys\nsys.path.insert(0, {str(REPO)!r})\n" + textwrap.dedent(code)
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env={**os.environ, "RELCLIENT_DB": str(db)},
                            stdout=subprocess.PIPE, text=True)


def median_ms(samples: list[float]) -> str:
    """A median in milliseconds, as printed."""
    return f"{statistics.median(samples) * 1000:.1f} ms"


def main() -> None:
    """Copy the demo at the scale, measure (a) to (e), print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source, _ = demo_db(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shared.duckdb"
        shutil.copy(source, db)
        store = Store(db)
        lease = store._lease  # noqa: SLF001 - the benchmark looks at the turns themselves
        print(f"demo scale {args.scale:g} ({db.stat().st_size / 2**20:.0f} MB), {os.cpu_count()} cores")

        turns = []
        for _ in range(20):
            lease.close()
            started = time.perf_counter()
            with store.hold():
                pass
            lease.close()
            turns.append(time.perf_counter() - started)
        print(f"(a) a turn (open + close the file): {median_ms(turns)}")

        flt = KpiFilter(Q3)
        held, fresh = [], []
        with store.hold():
            build_overview(store, flt, "en")  # warm-up
            for _ in range(args.repeat):
                started = time.perf_counter()
                build_overview(store, flt, "en")
                held.append(time.perf_counter() - started)
        for _ in range(args.repeat):
            lease.close()
            started = time.perf_counter()
            with store.hold():
                build_overview(store, flt, "en")
            fresh.append(time.perf_counter() - started)
        print(f"(b) Overview in an open turn {median_ms(held)}, in a fresh turn {median_ms(fresh)}")

        action_id = store.fetch_one("SELECT min(action_id) FROM actions")[0]
        lease.close()
        started = time.perf_counter()
        workers = [child(db, f"""
            from relclient.actions import ActionConflict, ChecklistItem, get_action, update_action
            from relclient.auth import get_user
            from relclient.store import Store
            store = Store({str(db)!r}); me = get_user(store, "admin@demo.relclient.fr"); refused = 0
            for step in range(10):
                while True:
                    seen = get_action(store, {action_id})
                    try:
                        update_action(store, me, {action_id}, seen.version,
                                      {{"checklist": (*seen.checklist, ChecklistItem("bench {n} %d" % step))}})
                        break
                    except ActionConflict:
                        refused += 1
            store.close(); print(refused)
        """) for n in range(8)]
        refusals = sum(int(w.communicate()[0] or 0) for w in workers)
        wall = time.perf_counter() - started
        items = [i.text for i in __import__("relclient.actions", fromlist=["get_action"]).get_action(
            store, action_id).checklist if i.text.startswith("bench ")]
        lease.close()
        print(f"(c) 8 processes × 10 saves of one action: {wall:.1f} s, {80 / wall:.1f} saves/s, {refusals} refusals "
              f"on the way, {80 - len(set(items))} lost")

        reader = child(db, """
            import time
            from datetime import date
            from relclient.metrics import KpiFilter, compute_kpis
            from relclient.periods import Period
            from relclient.store import Store
            store = Store(__import__("os").environ["RELCLIENT_DB"]); end = time.monotonic() + 3600
            print("reading", flush=True)
            while time.monotonic() < end:
                with store.hold():
                    compute_kpis(store, KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30))))
        """)
        reader.stdout.readline()
        waits = []
        for n in range(20):
            started = time.perf_counter()
            store.transaction(lambda cur, n=n: cur.execute(
                "INSERT INTO audit_log (happened_at, actor, action, target, detail, outcome)"
                " VALUES (now(), 'bench', 'tick', ?, NULL, 'ok')", [str(n)]))
            lease.close()
            waits.append(time.perf_counter() - started)
            time.sleep(0.2)
        reader.send_signal(signal.SIGKILL)
        reader.wait()
        store.close()
        waits.sort()
        print(f"(d) a small write while another process computes the KPIs in a loop: median {median_ms(waits)}, "
              f"p95 {waits[18] * 1000:.0f} ms, worst {waits[-1] * 1000:.0f} ms")

        holder = child(db, """
            import time
            from relclient.store import Store
            store = Store(__import__("os").environ["RELCLIENT_DB"])
            with store.hold():
                print("holding", flush=True)
                time.sleep(3600)
        """)
        holder.stdout.readline()
        waiter = child(db, """
            import time
            from relclient.store import Store
            store = Store(__import__("os").environ["RELCLIENT_DB"], migrate=False)
            with store.hold():
                print(time.time(), flush=True)
        """)
        time.sleep(1.0)
        killed_at = time.time()
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        got = float(waiter.communicate()[0])
        print(f"(e) holder killed -9: the waiting process had the file {(got - killed_at) * 1000:.0f} ms later")


if __name__ == "__main__":
    main()
