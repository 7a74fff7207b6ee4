"""The embedded file against DuckLake on PostgreSQL: what the shared store costs.

    python bench/stores.py --scale 20

Starts a throw-away PostgreSQL (Debian's package, tests/postgres_cluster.py), builds the demo at
`--scale` on a DuckLake (the file one is reused from bench/), then measures on both stores:
(a) the Overview page's domain work (build_overview, Q3 2025, no cache), median of --repeat runs;
(b) a small commit (one audit line) and an action save, medians of 30;
(c) a `--rows` French ticket export uploaded (bench/ingest.py's generator), on a copy of the file and
    on the lake;
(d) what housekeeping buys: the Overview after --commits small commits, after the scheduled pass
    (snapshots younger than 7 days kept) and after one that expires them.
Prints one line per figure and, last, `scale=… overview_file_ms=… overview_lake_ms=… …`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import demo_db, timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import BENCH_USER, generate  # noqa: E402

from relclient.audit import audit_entries  # noqa: E402
from relclient.actions import ChecklistItem, get_action, update_action  # noqa: E402
from relclient.auth import get_user  # noqa: E402
from relclient.demo import build_demo  # noqa: E402
from relclient.housekeeping import maintain  # noqa: E402
from relclient.ingest import LoadRequest, ingest_file, inspect_file, suggest_mapping  # noqa: E402
from relclient.lake import LakeAddress, data_folder_bytes  # noqa: E402
from relclient.metrics import KpiFilter  # noqa: E402
from relclient.overview import build_overview  # noqa: E402
from relclient.periods import Period  # noqa: E402
from relclient.store import Store, next_id  # noqa: E402
from tests.postgres_cluster import start_cluster  # noqa: E402

Q3 = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))
ADMIN = "admin@demo.relclient.fr"


def small_commit(store: Store) -> None:
    """One audit line: what a sign-in or a comment commits."""
    store.transaction(lambda cur: cur.execute(
        "INSERT INTO audit_log (audit_id, happened_at, actor, action, outcome) VALUES (?, now(), 'bench', 'tick', 'ok')",
        [next_id(cur, "audit_ids")]))


def action_save(store: Store, action_id: int, n: int) -> None:
    """One checklist item added to an action, with its version check."""
    me = get_user(store, ADMIN)
    seen = get_action(store, action_id)
    update_action(store, me, action_id, seen.version, {"checklist": (*seen.checklist, ChecklistItem(f"bench {n}"))})


def median_of(n: int, fn) -> float:
    """Median seconds of n runs of fn(i)."""
    runs = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def upload(target, csv: Path) -> tuple[float, int]:
    """Seconds and rows inserted for the tickets export into `target`."""
    store = Store(target)
    mapping = suggest_mapping("tickets", inspect_file(csv).headers)
    started = time.perf_counter()
    result = ingest_file(store, BENCH_USER, csv, LoadRequest(mapping))
    seconds = time.perf_counter() - started
    if result.rejects_path:
        result.rejects_path.unlink()
    store.close()
    return seconds, result.inserted + result.updated


def main() -> None:
    """Measure both stores and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--commits", type=int, default=2000, help="small commits before housekeeping")
    args = parser.parse_args()

    file_db, _ = demo_db(args.scale)
    work = Path(tempfile.mkdtemp(prefix="relclient-stores-"))
    cluster = start_cluster()
    try:
        lake = LakeAddress(cluster.create_database("bench"), str(work / "lake"))
        store = Store(lake)
        started = time.perf_counter()
        build_demo(store, scale=args.scale, seed=7, end_date=date(2025, 12, 31))
        build_s = time.perf_counter() - started
        print(f"demo at scale {args.scale:g} built on the lake in {build_s:.1f} s "
              f"({data_folder_bytes(lake) / 2**20:.0f} MiB of Parquet)")
        store.close()

        figures: dict[str, float] = {}
        for kind, target in (("file", file_db), ("lake", lake)):
            store = Store(target, read_only=kind == "file")
            figures[f"overview_{kind}_ms"] = timed(lambda s=store: build_overview(s, Q3, "en"), args.repeat)[0] * 1000
            store.close()
        copy = work / "copy.duckdb"
        shutil.copy(file_db, copy)
        for kind, target in (("file", copy), ("lake", lake)):
            store = Store(target)
            action_id = store.fetch_one("SELECT min(action_id) FROM actions WHERE status NOT IN ('done', 'dropped')")[0]
            figures[f"commit_{kind}_ms"] = median_of(30, lambda _i, s=store: small_commit(s)) * 1000
            figures[f"action_save_{kind}_ms"] = median_of(30, lambda i, s=store, a=action_id: action_save(s, a, i)) * 1000
            store.close()
        for name in ("overview", "commit", "action_save"):
            print(f"{name:<12} file {figures[f'{name}_file_ms']:8.0f} ms   lake {figures[f'{name}_lake_ms']:8.0f} ms"
                  f"   ×{figures[f'{name}_lake_ms'] / figures[f'{name}_file_ms']:.1f}")

        csv, _ = generate(args.rows, args.scale)
        for kind, target in (("file", copy), ("lake", lake)):
            seconds, rows = upload(target, csv)
            figures[f"upload_{kind}_s"] = seconds
            print(f"upload of {args.rows:,} tickets into the {kind}: {seconds:.1f} s ({rows:,} rows written)")

        store = Store(lake)
        overview = lambda: build_overview(store, Q3, "en")  # noqa: E731
        # The audit trail as the Admin page reads it: the table the small commits write.
        audit = lambda: audit_entries(store, limit=500)  # noqa: E731
        figures["overview_before_commits_ms"] = timed(overview, args.repeat)[0] * 1000  # the upload's rows in
        figures["audit_before_commits_ms"] = timed(audit, 20)[0] * 1000
        for _ in range(args.commits):
            small_commit(store)
        figures["overview_after_commits_ms"] = timed(overview, args.repeat)[0] * 1000
        figures["audit_after_commits_ms"] = timed(audit, 20)[0] * 1000
        kept = maintain(store)  # the scheduled pass: snapshots younger than 7 days stay
        figures["overview_after_maintain_ms"] = timed(overview, args.repeat)[0] * 1000
        figures["audit_after_maintain_ms"] = timed(audit, 20)[0] * 1000
        expired = maintain(store, keep_days=0.0)  # what the same pass does once they are 7 days old
        figures["maintain_s"] = kept.seconds + expired.seconds
        figures["overview_after_expiry_ms"] = timed(overview, args.repeat)[0] * 1000
        figures["audit_after_expiry_ms"] = timed(audit, 20)[0] * 1000
        store.close()
        print(f"overview on the lake {figures['overview_before_commits_ms']:.0f} ms, after {args.commits:,} small "
              f"commits {figures['overview_after_commits_ms']:.0f} ms; "
              f"{kept.line()}: {figures['overview_after_maintain_ms']:.0f} ms; once they are a week old, "
              f"{expired.line()}: {figures['overview_after_expiry_ms']:.0f} ms")
        print(f"the audit trail (500 newest lines): {figures['audit_before_commits_ms']:.0f} ms before the commits, "
              f"{figures['audit_after_commits_ms']:.0f} ms after, {figures['audit_after_maintain_ms']:.0f} ms after "
              f"the pass, {figures['audit_after_expiry_ms']:.0f} ms after the expiry")
        print(f"scale={args.scale:g} rows={args.rows} lake_demo_build_s={build_s:.1f} "
              + " ".join(f"{k}={v:.1f}" for k, v in figures.items()))
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
