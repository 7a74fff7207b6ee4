"""How long the demo company takes to build, set-based in DuckDB, at a given scale.

    python bench/demo_build.py --scale 200

Builds into a fresh file (bench/demo-scale-N.duckdb unless --db), then prints wall time, rows per
dataset, rows per second, file size and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from _common import demo_db, peak_rss_mb

from relclient.contract import DATASETS
from relclient.store import Store


def main() -> None:
    """Build the demo once and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the database file afterwards")
    args = parser.parse_args()

    path, seconds = demo_db(args.scale, args.db, rebuild=True)
    store = Store(path, read_only=True)
    counts = {d.name: store.fetch_one(f"SELECT count(*) FROM {d.name}")[0] for d in DATASETS}
    store.close()
    total = sum(counts.values())
    size_mb = os.path.getsize(path) / 1e6
    print(f"demo build, scale {args.scale:g}, {os.cpu_count()} cores")
    for name, n in counts.items():
        print(f"  {name:<18} {n:>12,}")
    print(f"  {'total rows':<18} {total:>12,}")
    print(f"wall time       {seconds:8.1f} s   ({total / seconds:,.0f} rows/s)")
    print(f"database file   {size_mb:8.0f} MB")
    print(f"peak memory     {peak_rss_mb():8.0f} MB")
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
