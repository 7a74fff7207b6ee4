"""Shared helpers of the benchmarks: build or reuse a demo database, time a callable, memory."""

from __future__ import annotations

import math
import shutil
import tempfile
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from relclient.demo import DemoReport, build_demo
from relclient.store import Store

BENCH_DIR = Path(__file__).resolve().parent
END = date(2025, 12, 31)
SEED = 7


def default_db(scale: float) -> Path:
    """bench/demo-scale-N.duckdb (git-ignored)."""
    return BENCH_DIR / f"demo-scale-{scale:g}.duckdb"


def expected_rows(scale: float) -> dict[str, int]:
    """The rows demo.sql makes for the scaled datasets (its volume() macro: round(n * scale), >= 1)."""
    def volume(per_unit: int) -> int:
        return max(1, math.floor(per_unit * scale + 0.5))
    return {"customers": volume(5000), "tickets": volume(50000), "orders": volume(20000)}


def has_demo(path: Path, scale: float) -> bool:
    """Whether `path` exists and holds the demo company's rows at `scale`."""
    if not path.exists():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        for table, n in expected_rows(scale).items():
            if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] != n:
                return False
        return True
    except duckdb.Error:
        return False
    finally:
        con.close()


def remove_db(path: Path) -> None:
    """Delete a database file and its write-ahead log."""
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def build_fresh(path: Path, scale: float, *, seed: int = SEED, end_date: date = END,
                store_class: Callable[[Path], Store] = Store) -> tuple[DemoReport, float]:
    """Delete `path`, build the demo into it; the report and the seconds the final close took
    (DuckDB checkpoints the write-ahead log into the file when the connection closes)."""
    remove_db(path)
    store = store_class(path)
    report = build_demo(store, scale=scale, seed=seed, end_date=end_date)
    started = time.perf_counter()
    store.close()
    return report, time.perf_counter() - started


def demo_db(scale: float, path: Path | None = None, *, rebuild: bool = False) -> tuple[Path, float | None]:
    """A demo database at `scale` (end date 2025-12-31, seed 7), reused when the file already
    holds its rows, built otherwise; returns the path and the build seconds (None when reused)."""
    path = path or default_db(scale)
    if rebuild or not has_demo(path, scale):
        report, close_seconds = build_fresh(path, scale)
        return path, report.seconds + close_seconds
    Store(path).close()  # applies the migrations added since the file was built
    return path, None


@contextmanager
def scratch_copy(scale: float) -> Iterator[Store]:
    """A read-write store on a throwaway copy of the demo database at `scale` (benchmarks that write)."""
    source, _ = demo_db(scale)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / source.name
        shutil.copy(source, path)
        store = Store(path)
        try:
            yield store
        finally:
            store.close()


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and minimum seconds of `repeat` runs, after one warm-up run."""
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), min(runs)


def peak_rss_mb() -> float:
    """Peak resident memory of this process (DuckDB runs in it), in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
