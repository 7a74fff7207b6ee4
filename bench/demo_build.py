"""How long building the demo company (relclient.demo.build_demo, set-based in DuckDB) takes.

    python bench/demo_build.py --scale 200 [--seed 7] [--end-date 2025-12-31] [--db PATH]

Deletes the database file (bench/demo-scale-N.duckdb unless --db) and builds the demo into it
with build_demo, in one transaction, exactly as `python -m relclient demo` does. Prints:
  * wall time of build_demo (the transaction, commit included), of the closing checkpoint that
    writes the write-ahead log into the file, and of both;
  * rows per dataset and rows per second (all datasets' rows / build seconds);
  * the database file size and the peak resident memory of the process (DuckDB runs in it);
  * the time of each SQL statement of relclient/demo.sql (observed on the cursor build_demo
    uses, nothing re-run), to find the slow ones.
The file is kept (bench/*.duckdb is git-ignored); delete it when done.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from datetime import date
from pathlib import Path

from _common import END, SEED, build_fresh, default_db, peak_rss_mb

from relclient.store import Store


class _TimedCursor:
    """A cursor that notes how long each execute() takes (the statement runs fully in execute)."""

    def __init__(self, cur, log: list[tuple[str, float]]):
        self._cur, self._log = cur, log

    def execute(self, sql, params=None):
        started = time.perf_counter()
        result = self._cur.execute(sql, params)
        self._log.append((sql, time.perf_counter() - started))
        return result

    def __getattr__(self, name):
        return getattr(self._cur, name)


class TimingStore(Store):
    """A Store whose cursors time their statements."""

    def __init__(self, path):
        self.log: list[tuple[str, float]] = []
        super().__init__(path)
        self.log.clear()  # the migrations are not the demo's work

    def cursor(self):
        parent = super().cursor()

        class _Ctx:
            def __enter__(ctx):
                return _TimedCursor(parent.__enter__(), self.log)

            def __exit__(ctx, *exc):
                return parent.__exit__(*exc)

        return _Ctx()


def _label(sql: str) -> str:
    # "CREATE TEMP TABLE demo_tickets", "INSERT INTO tickets", "DELETE FROM orders", ...
    first = " ".join(sql.split())
    m = re.match(r"(CREATE (?:OR REPLACE )?TEMP (?:TABLE|MACRO) \w+|INSERT INTO \w+|DELETE FROM \w+"
                 r"|DROP TABLE IF EXISTS \w+|SET VARIABLE \w+|SELECT count\(\*\) FROM \w+|\w+ ?\w*)", first)
    return m.group(1) if m else first[:50]


def main() -> None:
    """Build the demo once and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True, help="1 = 50,000 tickets")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--end-date", type=date.fromisoformat, default=END)
    parser.add_argument("--db", type=Path, default=None, help="default bench/demo-scale-N.duckdb")
    parser.add_argument("--all-statements", action="store_true",
                        help="list every statement, not only those over 1%% of the build")
    args = parser.parse_args()
    path = args.db or default_db(args.scale)

    started = time.perf_counter()
    holder: list[TimingStore] = []

    def make_store(p):
        holder.append(TimingStore(p))
        return holder[0]

    report, close_seconds = build_fresh(path, args.scale, seed=args.seed, end_date=args.end_date,
                                        store_class=make_store)
    total_wall = time.perf_counter() - started
    size = os.path.getsize(path)
    wal = Path(str(path) + ".wal")
    total_rows = sum(report.rows.values())

    print(f"demo build: scale {args.scale:g}, seed {args.seed}, end {args.end_date}, "
          f"{os.cpu_count()} cores, file {path}")
    print(f"  {'dataset':<20} {'rows':>12} {'rows/s':>12}")
    for name, n in report.rows.items():
        print(f"  {name:<20} {n:>12,} {n / report.seconds:>12,.0f}")
    print(f"  {'all datasets':<20} {total_rows:>12,} {total_rows / report.seconds:>12,.0f}")
    print()
    print(f"  {'build_demo (transaction + commit)':<38} {report.seconds:>9.2f} s")
    print(f"  {'close (checkpoint into the file)':<38} {close_seconds:>9.2f} s")
    print(f"  {'wall, open to close':<38} {total_wall:>9.2f} s")
    print(f"  {'database file':<38} {size / 2**20:>9.1f} MiB"
          + (f" (+ WAL {wal.stat().st_size / 2**20:.1f} MiB)" if wal.exists() else ""))
    print(f"  {'peak RSS of the process':<38} {peak_rss_mb():>9.0f} MiB")
    print()
    log = holder[0].log
    timed_total = sum(s for _, s in log)
    print(f"  statements of build_demo: {len(log)}, {timed_total:.2f} s in execute()")
    print(f"  {'statement':<40} {'seconds':>9} {'share':>7}")
    for sql, secs in log:
        if args.all_statements or secs >= 0.01 * report.seconds:
            print(f"  {_label(sql):<40} {secs:>9.2f} {100 * secs / report.seconds:>6.1f}%")


if __name__ == "__main__":
    main()
