"""`python -m relclient actions list`: the board for scripts, filtered, as a table or JSON."""

from __future__ import annotations

import json

from relclient.actions import ActionQuery, list_actions
from relclient.store import Store
from tests.unit.test_cli import run_cli


def _board(demo_db, **query):
    store = Store(demo_db, read_only=True)
    try:
        return list_actions(store, ActionQuery(**query))
    finally:
        store.close()


def test_actions_list_json_prints_every_action_of_the_board_with_its_kpi_movement(demo_db):
    done = run_cli(["actions", "list", "--format", "json"], demo_db)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    board = _board(demo_db)
    assert [a["id"] for a in printed] == [a.action_id for a in board]
    assert len(printed) == len(board) >= 40  # the board's forty, and the reviews' decisions
    first = printed[0]
    assert first["baseline"] == board[0].baseline and first["status"] == board[0].status
    assert {"now", "target", "direction", "overdue", "contributors", "sponsor"} <= first.keys()


def test_actions_list_filters_by_status_and_by_department_involved(demo_db):
    blocked = json.loads(run_cli(["actions", "list", "--status", "blocked", "--format", "json"], demo_db).stdout)
    assert blocked and {a["status"] for a in blocked} == {"blocked"}
    logistics = json.loads(run_cli(["actions", "list", "--dept", "logistics", "--format", "json"], demo_db).stdout)
    assert logistics and all(a["lead_dept"] == "logistics" or "logistics" in a["contributors"] for a in logistics)
    assert len(logistics) == len(_board(demo_db, dept="logistics")) < 40


def test_actions_list_as_a_table_prints_one_line_per_action_and_a_count(demo_db):
    done = run_cli(["actions", "list", "--status", "done"], demo_db)
    lines = done.stdout.splitlines()
    done_actions = _board(demo_db, status="done")
    assert len(lines) == len(done_actions) + 2 and lines[-1].startswith(f"{len(done_actions)} action(s)")
    assert all(" done " in line for line in lines[1:-1])


def test_actions_list_names_the_known_departments_when_given_an_unknown_one(demo_db):
    done = run_cli(["actions", "list", "--dept", "nowhere"], demo_db)
    assert done.returncode == 2 and "'nowhere' is not a department" in done.stderr and "logistics" in done.stderr
