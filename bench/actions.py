"""The action board's work: the board page, one save, the Overview's follow-up counts, and many
people saving the same action at once — on the demo company and on a board of 2,000 actions.

    python bench/actions.py --scale 1

Builds (or reuses) the demo database, copies it, and measures on the copy:
(a) seeding the demo's 40 actions (create and move them through the domain, baselines included);
(b) build_board, the board page's one domain call (list, KPI movement per scope, follow-up);
(c) follow_up_counts + open_actions_by_kpi, what the Overview adds;
(d) one update_action (a version-checked save with its history);
then grows the board to 2,000 actions (copies of the demo's, inserted in SQL) and measures (b)-(d)
again, and (e) eight threads saving the same action 25 times each, retrying after each refusal.
Prints each median and, on its last line, the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import datetime

from _common import scratch_copy, timed

from relclient.actions import ActionConflict, ActionQuery, follow_up_counts, get_action, open_actions_by_kpi
from relclient.actions import update_action
from relclient.actions.demo_actions import seed_demo_actions
from relclient.actions.views import build_board
from relclient.auth import get_user
from relclient.store import Store

END = datetime(2025, 12, 31, 18, 0)
BIG = 2000
THREADS, SAVES = 8, 25


def _grow(store: Store, target: int) -> None:
    # Copies of the demo's actions with new ids (and their departments), until the board holds `target`.
    def work(cur) -> None:
        have, top = cur.execute("SELECT count(*), max(action_id) FROM actions").fetchone()
        for n in range(1, (target - have) // have + 1):
            shift = {"shift": n * top, "top": top}
            cur.execute("INSERT INTO actions SELECT * REPLACE (action_id + $shift AS action_id) FROM actions"
                        " WHERE action_id <= $top", shift)
            cur.execute("INSERT INTO action_contributors SELECT action_id + $shift, dept FROM action_contributors"
                        " WHERE action_id <= $top", shift)
    store.transaction(work)


def _measure(store: Store, repeat: int) -> dict[str, float]:
    boss = get_user(store, "direction@demo.relclient.fr")
    board, _ = timed(lambda: build_board(store, ActionQuery(), "fr", END), repeat)
    counts, _ = timed(lambda: (follow_up_counts(store, now=END), open_actions_by_kpi(store)), repeat)
    target = get_action(store, store.fetch_one("SELECT min(action_id) FROM actions")[0])
    priorities = iter(["low", "high"] * (repeat + 1))

    def save() -> None:
        current = get_action(store, target.action_id)
        update_action(store, boss, target.action_id, current.version, {"priority": next(priorities)})

    one_save, _ = timed(save, repeat)
    return {"board_s": board, "overview_counts_s": counts, "save_s": one_save}


def _race(store: Store, action_id: int) -> dict[str, float]:
    boss = get_user(store, "direction@demo.relclient.fr")
    refused = [0]
    lock = threading.Lock()

    def worker(n: int) -> None:
        for step in range(SAVES):
            while True:
                seen = get_action(store, action_id)
                try:
                    update_action(store, boss, action_id, seen.version, {"title": f"t{n}-{step}"})
                    break
                except ActionConflict:
                    with lock:
                        refused[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {"race_saves": THREADS * SAVES, "race_s": seconds, "race_refusals": refused[0],
            "race_saves_per_s": THREADS * SAVES / seconds}


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with scratch_copy(args.scale) as store:
        store.transaction(lambda cur: [cur.execute(f"DELETE FROM {t}") for t in (
            "actions", "action_contributors", "action_assignees", "action_checklist", "action_dependencies",
            "action_links", "action_comments", "action_mentions", "action_history")])
        started = time.perf_counter()
        seeded = seed_demo_actions(store, END.date())
        figures: dict[str, float] = {"scale": args.scale, "seed_actions": seeded,
                                     "seed_s": time.perf_counter() - started}
        figures.update({f"demo_{k}": v for k, v in _measure(store, args.repeat).items()})
        _grow(store, BIG)
        figures["big_actions"] = store.fetch_one("SELECT count(*) FROM actions")[0]
        figures.update({f"big_{k}": v for k, v in _measure(store, args.repeat).items()})
        raced = store.fetch_one("SELECT max(action_id) FROM actions")[0]
        before = get_action(store, raced).version
        figures.update(_race(store, raced))
        assert get_action(store, raced).version == before + THREADS * SAVES, "a save was lost"
    for key, value in figures.items():
        print(f"{key:<26} {value:,.3f}" if isinstance(value, float) else f"{key:<26} {value}")
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()
