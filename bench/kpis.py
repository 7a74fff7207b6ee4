"""The time to compute every KPI for a quarter and its previous quarter, against the SQL floor.

    python bench/kpis.py --scale 20

Builds (or reuses) a demo database at the scale, then times compute_kpis for Q3 2025 company-wide,
for one department and for a segment and region, and the same SQL run directly on a DuckDB cursor
(the floor: what the database itself needs). Prints median and minimum of --repeat runs.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from _common import demo_db, peak_rss_mb, timed

from relclient.metrics import KpiFilter, compute_kpis, kpi_query
from relclient.periods import Period
from relclient.store import Store

Q3 = Period(date(2025, 7, 1), date(2025, 9, 30))
CASES = {
    "company-wide": KpiFilter(Q3),
    "dept customer_service": KpiFilter(Q3, dept="customer_service"),
    "segment PME + Île-de-France": KpiFilter(Q3, segment="PME", region="Île-de-France"),
}


def main() -> None:
    """Time the KPI computations and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    path, built = demo_db(args.scale, args.db)
    store = Store(path, read_only=True)
    tickets = store.fetch_one("SELECT count(*) FROM tickets")[0]
    print(f"15 KPIs, Q3 2025 and the previous quarter, {tickets:,} tickets (scale {args.scale:g})"
          + (f"; database built in {built:.1f} s" if built else ""))
    print(f"{'filter':<30} {'compute_kpis median':>20} {'min':>8} {'SQL floor median':>18} {'overhead':>9}")
    for name, flt in CASES.items():
        med, low = timed(lambda: compute_kpis(store, flt), args.repeat)
        sql, params = kpi_query([k for k in compute_kpis(store, flt).values], flt)

        def floor() -> None:
            with store.cursor() as cur:
                cur.execute(sql, params).fetchall()

        fmed, _ = timed(floor, args.repeat)
        print(f"{name:<30} {med * 1000:>17.0f} ms {low * 1000:>5.0f} ms {fmed * 1000:>15.0f} ms"
              f" {(med - fmed) * 1000:>6.1f} ms")
    print(f"peak memory {peak_rss_mb():.0f} MB")
    store.close()


if __name__ == "__main__":
    main()
