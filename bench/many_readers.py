"""Many readers at once: N sessions open the Overview at the same moment (the Monday review).

    python bench/concurrent.py (this module: bench/many_readers.py) [--sessions 20] [--scale 1] [--rounds 3]

Builds (or reuses) a demo database, copies it (the app opens its file read-write), and runs the
real app (app.py, leadership signed in) in N Streamlit AppTest sessions, each in its own thread of
this one process, as one server would serve N browsers. One session runs first, so that the
data is cached as it is on a server that has been up for a while; then, each round, N sessions
start together (they share the first session's scan of installed components, as a server's
sessions do: AppTest would otherwise repeat it for each). A session is complete when its Overview has every KPI tile and trend chart and
no exception. Prints each round's figures and, on its last line, `sessions=N median_ms=X max_ms=Y`
over every session of every round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import threading
import time
from relclient.auth import get_user
from relclient.sessions import start_session
from relclient.store import open_store
from pathlib import Path

from _common import demo_db

REPO = Path(__file__).resolve().parents[1]
DIRECTION = "direction@demo.relclient.fr"


def _share_the_runtime() -> None:
    """AppTest is made for one session at a time: each run sets a process-wide mock Runtime and
    clears it at its end, which would pull it from under the sessions still running, and compiles
    the page scripts again (CPython 3.11's compiler is not safe to run in threads at once: "AST
    constructor recursion depth mismatch"). Here the sessions share one runtime and one compiled
    script cache, as a server's sessions do."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    scripts = ScriptCache()
    app_test.ScriptCache = lambda: scripts

    class _KeptRuntime:
        def __setattr__(self, name: str, value: object) -> None:
            if not (name == "_instance" and value is None):
                setattr(Runtime, name, value)

        def __getattr__(self, name: str) -> object:
            return getattr(Runtime, name)

        def __dir__(self) -> list[str]:
            return dir(Runtime)

    app_test.Runtime = _KeptRuntime()


# AppTest scans every installed package for components at each new session's first run (0.2 s
# of CPU); a server does it once when it starts. The sessions share the first one's scan.
_components: list = []


def one_session(timeout: float) -> tuple[float, str]:
    """Open the app as leadership and run it to a complete Overview: (seconds, problem or '')."""
    from streamlit.testing.v1 import AppTest

    from relclient.metrics import KPIS
    from relclient.overview import TREND_KPIS

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    if _components:
        at._bidi_component_manager = _components[0]
    at.session_state["auth_session"] = start_session(open_store(), get_user(open_store(), DIRECTION)).id
    at.session_state["auth_landed"] = True
    started = time.perf_counter()
    try:
        at.run()
    except Exception as exc:  # a timeout: counted, not fatal to the other sessions
        return time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    if not _components:
        _components.append(at._bidi_component_manager)
    if at.exception:
        return seconds, at.exception[0].value
    charts = len(at.get("plotly_chart"))
    if len(at.metric) < len(KPIS) or charts < len(TREND_KPIS):
        return seconds, f"incomplete: {len(at.metric)} tiles, {charts} charts"
    return seconds, ""


def main() -> None:
    """Run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    source, _ = demo_db(args.scale)
    work = Path(tempfile.mkdtemp(prefix="relclient-concurrent-"))
    db = work / "app.duckdb"
    shutil.copyfile(source, db)
    os.environ["RELCLIENT_DB"] = str(db)
    os.environ.setdefault("RELCLIENT_INBOX", "off")
    os.chdir(REPO)
    _share_the_runtime()
    try:
        first, problem = one_session(args.timeout)
        print(f"first session (computes and caches the data): {first * 1000:.0f} ms {problem}")
        times: list[float] = []
        failed: list[str] = []
        for round_no in range(1, args.rounds + 1):
            results: list[tuple[float, str]] = []
            lock = threading.Lock()
            gate = threading.Barrier(args.sessions)

            def session() -> None:
                gate.wait()  # all start together
                outcome = one_session(args.timeout)
                with lock:
                    results.append(outcome)

            threads = [threading.Thread(target=session) for _ in range(args.sessions)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            done = sorted(s for s, p in results if not p)
            failed += [p for _, p in results if p]
            times += done
            print(f"round {round_no}: {len(done)}/{args.sessions} complete, median "
                  f"{statistics.median(done) * 1000:.0f} ms, worst {max(done) * 1000:.0f} ms, "
                  f"all done in {wall * 1000:.0f} ms" if done else f"round {round_no}: none complete")
        if failed:
            print(f"failed sessions: {len(failed)}: {failed[:3]}")
        print(f"sessions={args.sessions} median_ms={statistics.median(times) * 1000:.0f} "
              f"max_ms={max(times) * 1000:.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
