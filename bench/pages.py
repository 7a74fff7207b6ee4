"""The domain work behind every dashboard page at a given scale (first view, before caching).

    python bench/pages.py --scale 200

Builds (or reuses) a demo database and times each page's build function for Q3 2025,
median of --repeat runs. The last line: `pages=N max_page_ms=X` (the slowest page's median).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from _common import demo_db, timed

from relclient.customer360 import customer_record, rows_behind
from relclient.customer_distance import build_customer_distance
from relclient.department_view import build_department_view
from relclient.glossary import dataset_freshness
from relclient.internal_customers import build_internal_customers
from relclient.metrics import KpiFilter
from relclient.overview import build_overview
from relclient.periods import Period
from relclient.silo_map import build_silo_map
from relclient.store import Store

Q3 = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))


def main() -> None:
    """Time every page's domain function and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    path, _ = demo_db(args.scale, args.db)
    store = Store(path, read_only=True)
    tickets = store.fetch_one("SELECT count(*) FROM tickets")[0]
    pages = {
        "overview": lambda: build_overview(store, Q3, "fr"),
        "department view": lambda: build_department_view(store, replace(Q3, dept="logistics"), "fr"),
        "silo map": lambda: build_silo_map(store, Q3, "fr"),
        "customer distance": lambda: build_customer_distance(store, Q3, "fr"),
        "internal customers": lambda: build_internal_customers(store, Q3, "fr"),
        "figure details (ping-pong)": lambda: rows_behind(store, "ping_pong_rate", Q3),
        "customer record": lambda: customer_record(store, "CL0000001", "fr"),
        "glossary freshness": lambda: dataset_freshness(store, "fr"),
    }
    print(f"page build times, Q3 2025, {tickets:,} tickets (scale {args.scale:g}), median of {args.repeat}")
    medians = {}
    for name, build in pages.items():
        medians[name], _ = timed(build, args.repeat)
        print(f"  {name:<28} {medians[name] * 1000:8.0f} ms")
    store.close()
    print(f"pages={len(medians)} max_page_ms={max(medians.values()) * 1000:.0f}")


if __name__ == "__main__":
    main()
