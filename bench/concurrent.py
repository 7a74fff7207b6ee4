"""Many readers at once: N sessions open the Overview at the same moment (the Monday review).

    python bench/concurrent.py [--sessions 20] [--scale 1] [--rounds 3]

Builds (or reuses) a demo database, copies it (the app opens its file read-write), and runs the
real app (app.py, leadership signed in) in N Streamlit AppTest sessions, each in its own thread of
this one process, as one server would serve N browsers. One session runs first, so that the
data is cached as it is on a server that has been up for a while; then, each round, N sessions
start together. A session is complete when its Overview has every KPI tile and trend chart and
no exception. Prints each round's figures and, on its last line, `sessions=N median_ms=X max_ms=Y`
over every session of every round.
"""

from __future__ import annotations

import os
import sys

if __name__ != "__main__":
    # bench/ is the first folder on the path of every script run from it, so the standard
    # library's `concurrent` package (concurrent.futures: pandas and asyncio import it) would be
    # this file. Imported so, it hands over to the real package; the benchmark itself lives in
    # many_readers.py, which this file runs.
    import importlib.util
    import sysconfig

    _real = os.path.join(sysconfig.get_paths()["stdlib"], "concurrent")
    _spec = importlib.util.spec_from_file_location("concurrent", os.path.join(_real, "__init__.py"),
                                                   submodule_search_locations=[_real])
    _package = importlib.util.module_from_spec(_spec)
    sys.modules["concurrent"] = _package
    _spec.loader.exec_module(_package)
else:
    from many_readers import main

    main()
