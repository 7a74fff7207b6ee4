"""Work the service does by itself, on a schedule: the inbox, the lake's housekeeping."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from relclient.lake import Target
from relclient.store import Store

log = logging.getLogger("relclient")


def run_every(name: str, target: Target, seconds: float, stop: threading.Event,
              work: Callable[[Store], None]) -> threading.Thread:
    """A daemon thread that opens the database every `seconds` and runs `work` on it until `stop`
    is set; a round that fails is logged and the next one runs (the service outlives it)."""

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                store = Store(target, create=False)
                try:
                    work(store)
                finally:
                    store.close()
            except Exception:  # the log says what happened; the next round tries again
                log.exception("%s: the round failed", name)

    thread = threading.Thread(target=loop, name=f"relclient-{name}", daemon=True)
    thread.start()
    return thread
