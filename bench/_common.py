"""Shared helpers of the benchmarks: build or reuse a demo database, time a callable."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relclient.demo import build_demo  # noqa: E402
from relclient.store import Store  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
END = date(2025, 12, 31)


def demo_db(scale: float, path: Path | None = None, *, rebuild: bool = False) -> tuple[Path, float | None]:
    """A demo database at `scale` (built unless it already holds the company); build seconds or None."""
    path = path or BENCH_DIR / f"demo-scale-{scale:g}.duckdb"
    if rebuild or not path.exists():
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
        store = Store(path)
        report = build_demo(store, scale=scale, seed=7, end_date=END)
        store.close()
        return path, report.seconds
    Store(path).close()  # applies the migrations added since the file was built
    return path, None


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
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
