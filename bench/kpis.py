"""The time to compute all 15 KPIs for a quarter and the quarter before, against the SQL floor.

    python bench/kpis.py --scale 20 [--repeat 5] [--db PATH]

Builds a demo database at the scale (end date 2025-12-31, seed 7) into bench/demo-scale-N.duckdb
unless --db, or reuses the file when it already holds the demo's rows at that scale. Then, for
Q3 2025 (2025-07-01..2025-09-30, compared with 2025-04-01..2025-06-30), times three filters:
company-wide, dept customer_service, and segment PME + region Île-de-France:
  * compute_kpis(store, filter): SQL building, the DuckDB query, reading back into KpiValues;
  * the floor: the same SQL and parameters from kpi_query, executed and fetched on a DuckDB
    cursor directly, i.e. what the database alone needs;
each as the median and minimum of --repeat runs after one warm-up run. The difference between
the two medians is the Python overhead of compute_kpis.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from _common import demo_db, peak_rss_mb, timed

from relclient.metrics import KPIS, KpiFilter, compute_kpis, kpi_query
from relclient.periods import Period
from relclient.store import Store

Q3 = Period(date(2025, 7, 1), date(2025, 9, 30))
CASES = {
    "company-wide": KpiFilter(Q3),
    "dept=customer_service": KpiFilter(Q3, dept="customer_service"),
    "segment=PME, region=IdF": KpiFilter(Q3, segment="PME", region="Île-de-France"),
}


def main() -> None:
    """Time the KPI computations and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True, help="1 = 50,000 tickets")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up")
    parser.add_argument("--db", type=Path, default=None, help="default bench/demo-scale-N.duckdb")
    args = parser.parse_args()

    started = time.perf_counter()
    path, built = demo_db(args.scale, args.db)
    prepare = time.perf_counter() - started
    store = Store(path, read_only=True)
    tickets = store.fetch_one("SELECT count(*) FROM tickets")[0]
    transfers = store.fetch_one("SELECT count(*) FROM ticket_transfers")[0]
    print(f"15 KPIs, {Q3.start}..{Q3.end} and the previous quarter; scale {args.scale:g}: "
          f"{tickets:,} tickets, {transfers:,} transfers; {os.cpu_count()} cores; {args.repeat} runs "
          f"after 1 warm-up")
    print(f"database {path}: " + (f"built in {built:.1f} s" if built is not None
                                  else f"reused (checked and opened in {prepare:.1f} s)"))
    head = f"{'filter':<26} {'compute_kpis':>14} {'':>9} {'SQL floor':>14} {'':>9} {'overhead':>10}"
    sub = f"{'':<26} {'median':>14} {'min':>9} {'median':>14} {'min':>9} {'(medians)':>10}"
    print(head)
    print(sub)
    ids = [k.id for k in KPIS]
    for name, flt in CASES.items():
        result = None

        def run(flt: KpiFilter = flt) -> None:
            nonlocal result
            result = compute_kpis(store, flt)

        med, low = timed(run, args.repeat)
        assert result is not None and len(result.values) == 15, "expected 15 KPIs"
        sql, params = kpi_query(ids, flt)

        def floor(sql: str = sql, params: dict = params) -> None:
            with store.cursor() as cur:
                cur.execute(sql, params).fetchall()

        fmed, flow = timed(floor, args.repeat)
        print(f"{name:<26} {med * 1000:>11.1f} ms {low * 1000:>6.1f} ms {fmed * 1000:>11.1f} ms"
              f" {flow * 1000:>6.1f} ms {(med - fmed) * 1000:>7.1f} ms")
    store.close()
    print(f"peak RSS of the process: {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
