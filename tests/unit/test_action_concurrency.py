"""Many people saving the same actions at once: every accepted change is in the history, none is lost."""

from __future__ import annotations

import threading

from relclient.actions import ActionChange, ActionConflict, ChecklistItem, get_action, history, update_action
from relclient.auth import User
from tests.action_helpers import new_action, people

# Across processes, and on a DuckLake: tests/unit/test_many_processes.py, test_ducklake_processes.py.
THREADS = 8
STEPS = 5  # checklist items each thread adds to each action


def test_threads_saving_the_same_actions_lose_no_change_and_the_history_holds_each_one(kpi_store):
    crew = people(kpi_store)
    actions = [new_action(kpi_store, crew["cs"]).action_id for _ in range(2)]
    accepted: list[tuple[int, int, str]] = []  # action, version it produced, item added
    refused = [0]
    lock = threading.Lock()

    def worker(n: int) -> None:
        me = User("cs@example.fr", "Carl", "customer_service", "member")
        for step in range(STEPS):
            for action_id in actions:
                item = f"thread {n} step {step}"
                while True:  # what a person does after a refusal: read again, redo the change
                    seen = get_action(kpi_store, action_id)
                    try:
                        saved = update_action(kpi_store, me, action_id, seen.version,
                                              ActionChange(checklist=(*seen.checklist, ChecklistItem(item))))
                    except ActionConflict:
                        with lock:
                            refused[0] += 1
                        continue
                    with lock:
                        accepted.append((action_id, saved.version, item))
                    break

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert refused[0] > 0, "the threads never met: the test did not test concurrency"
    for action_id in actions:
        final = get_action(kpi_store, action_id)
        mine = [(version, item) for a, version, item in accepted if a == action_id]
        # No change lost: every thread's every item is on the checklist, once.
        assert sorted(i.text for i in final.checklist) == sorted(
            f"thread {n} step {s}" for n in range(THREADS) for s in range(STEPS))
        # Each accepted save produced its own version, and the versions follow one another.
        assert sorted(v for v, _ in mine) == list(range(2, 2 + THREADS * STEPS)) == list(range(2, final.version + 1))
        # The history holds each accepted change: at its version, the item it added is the one new.
        changes = {h.version: h for h in history(kpi_store, action_id, since_version=1)}
        for version, item in mine:
            assert changes[version].field == "checklist"
            assert changes[version].new.endswith(f"[ ] {item}")
            assert changes[version].new.count("[ ]") == changes[version].old.count("[ ]") + 1
