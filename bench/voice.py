"""The voice of the customer at a given scale: deriving every verbatim (stems, sentiment, themes)
and the call-backs, one catalogue change, and what the page reads.

    python bench/voice.py --scale 200

Works on a throwaway copy of the demo database (the migration that adds the voice of the customer
derives everything when the copy is first opened: its time is printed too). The last line:
`verbatims=N derive_s=X page_max_ms=Y`.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import demo_db, peak_rss_mb, timed

from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import Store
from relclient.voice import derive
from relclient.voice.callbacks import due
from relclient.voice.catalogue import STARTER
from relclient.voice.views import proposals, theme_breakdown, theme_months, theme_summary, verbatims

Q3 = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))


def main() -> None:
    """Time the derivation and the page's queries, and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    source, built = demo_db(args.scale)  # built, or opened once: a pending migration 13 derives everything
    opened = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / source.name
        shutil.copy(source, path)
        store = Store(path)
        try:
            answers, n = store.fetch_one("SELECT (SELECT count(*) FROM survey_responses), count(*) FROM verbatims")
            items = store.fetch_one("SELECT count(*) FROM callbacks")[0]
            started = time.perf_counter()
            store.transaction(derive.rebuild)
            derive_s = time.perf_counter() - started
            started = time.perf_counter()
            store.transaction(lambda cur: derive.match(cur, theme=STARTER[0].code))
            match_s = time.perf_counter() - started
            # What a load adds to its transaction when nothing new is to derive: an answers load
            # touching one day, a tickets or orders load (the complaints alone).
            day = date(2025, 9, 15)
            answers_load = timed(lambda: store.transaction(lambda cur: derive.sync(cur, day, day)), args.repeat)[0]
            tickets_load = timed(lambda: store.transaction(lambda cur: derive.sync(cur, date.min, date.min)),
                                 args.repeat)[0]
            print(f"scale {args.scale:g}: {answers:,} answers, {n:,} verbatims, {items:,} call-backs")
            print(f"{'building the demo' if built else 'opening (pending migrations)':<34} {opened:8.2f} s")
            print(f"{'derive everything again':<34} {derive_s:8.2f} s")
            print(f"{'one theme re-read (catalogue edit)':<34} {match_s:8.2f} s")
            print(f"{'a load of answers of one day adds':<34} {answers_load:8.2f} s")
            print(f"{'a load of tickets or orders adds':<34} {tickets_load:8.2f} s")
            reads = {
                "theme_summary (quarter)": lambda: theme_summary(store, Q3),
                "theme_months (12 months)": lambda: theme_months(store, Q3),
                "theme_breakdown (channel)": lambda: theme_breakdown(store, Q3, "channel"),
                "verbatims search 'retards'": lambda: verbatims(store, Q3, text="retards"),
                "proposals (detractors' pairs)": lambda: proposals(store, Q3),
                "call-backs due": lambda: due(store, Q3, today=date(2025, 10, 1)),
                "callback KPIs": lambda: compute_kpis(store, Q3, ["callback_rate", "callback_hours"]),
            }
            slowest = 0.0
            for name, fn in reads.items():
                median, best = timed(fn, args.repeat)
                slowest = max(slowest, median)
                print(f"{name:<34} {median * 1000:8.0f} ms (best {best * 1000:.0f})")
            print(f"peak memory {peak_rss_mb():.0f} MiB")
            print(f"verbatims={n} derive_s={derive_s:.2f} page_max_ms={slowest * 1000:.0f}")
        finally:
            store.close()


if __name__ == "__main__":
    main()
