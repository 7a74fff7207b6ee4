"""The demo company: deterministic, complete, valid against the contract, and telling its stories."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.contract import DATASETS, DEPARTMENT_CODES
from relclient.demo import DemoRefused, build_demo
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import Store
from tests.conftest import DEMO_END

END = DEMO_END  # the session's demo (tests/conftest.py), rebuilt here to compare


def _fingerprint(store: Store) -> dict[str, tuple]:
    return {d.name: store.fetch_one(
        f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {d.name}") for d in DATASETS}


def test_the_same_seed_and_end_date_give_the_same_data(tmp_path, demo):
    other = Store(tmp_path / "again.duckdb")
    build_demo(other, scale=0.1, seed=7, end_date=END)
    assert _fingerprint(other) == _fingerprint(demo)
    other.close()


def test_another_seed_gives_other_data(tmp_path, demo):
    other = Store(tmp_path / "other.duckdb")
    build_demo(other, scale=0.1, seed=8, end_date=END)
    assert _fingerprint(other)["tickets"] != _fingerprint(demo)["tickets"]
    other.close()


def test_every_dataset_is_filled_at_the_volumes_of_the_scale(demo):
    counts = {d.name: demo.fetch_one(f"SELECT count(*) FROM {d.name}")[0] for d in DATASETS}
    assert counts["customers"] == 500
    assert counts["tickets"] == 5000
    assert counts["orders"] == 2000
    assert counts["ticket_transfers"] > 1000
    assert counts["survey_responses"] > 2000
    # One rating a month for each ordered pair of the ten departments, over the 25 calendar months
    # the 24 months to 3 December touch.
    assert counts["internal_ratings"] == 25 * 10 * 9


def test_the_data_covers_24_months_ending_at_the_end_date(demo):
    first, last = demo.fetch_one("SELECT min(opened_at)::DATE, max(opened_at)::DATE FROM tickets")
    assert first >= date(2023, 12, 4)
    assert last <= END
    months = demo.fetch_one("SELECT count(DISTINCT date_trunc('month', opened_at)) FROM tickets")[0]
    assert months == 25  # 4 December 2023 to 3 December 2025


def test_every_department_code_in_the_demo_is_a_contract_department(demo):
    used = {r[0] for r in demo.fetch_all(
        "SELECT owner_dept FROM tickets UNION SELECT from_dept FROM ticket_transfers "
        "UNION SELECT to_dept FROM ticket_transfers UNION SELECT dept FROM survey_responses WHERE dept IS NOT NULL "
        "UNION SELECT rater_dept FROM internal_ratings")}
    assert used <= DEPARTMENT_CODES


def test_transfers_chain_from_one_department_to_the_next(demo):
    broken = demo.fetch_one(
        "SELECT count(*) FROM (SELECT from_dept, lag(to_dept) OVER (PARTITION BY ticket_id ORDER BY transferred_at) AS prev_to "
        "FROM ticket_transfers) WHERE prev_to IS NOT NULL AND prev_to <> from_dept")[0]
    assert broken == 0
    owner_mismatch = demo.fetch_one(
        "SELECT count(*) FROM tickets t JOIN (SELECT ticket_id, arg_max(to_dept, transferred_at) AS last_to "
        "FROM ticket_transfers GROUP BY ticket_id) x USING (ticket_id) WHERE t.owner_dept <> x.last_to")[0]
    assert owner_mismatch == 0


def test_tickets_that_ping_pong_between_logistics_and_customer_service_score_worse(demo):
    csat_by_kind = dict(demo.fetch_all("""
        WITH pp AS (
            SELECT DISTINCT a.ticket_id FROM ticket_transfers a JOIN ticket_transfers b
              ON a.ticket_id = b.ticket_id AND b.from_dept = a.to_dept AND b.transferred_at < a.transferred_at
            WHERE a.to_dept IN ('logistics', 'customer_service'))
        SELECT s.ticket_id IN (SELECT ticket_id FROM pp) AS ping_pong, avg(score)
        FROM survey_responses s WHERE survey = 'csat' GROUP BY 1"""))
    assert csat_by_kind[True] < csat_by_kind[False] - 0.5


def test_the_quarter_of_late_deliveries_drags_nps_down(demo):
    q2 = compute_kpis(demo, KpiFilter(Period(date(2025, 4, 1), date(2025, 6, 30))), ["on_time_delivery", "nps"])
    q3 = compute_kpis(demo, KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30))), ["on_time_delivery", "nps"])
    assert q2.values["on_time_delivery"].value < q2.values["on_time_delivery"].previous - 15
    assert q2.values["nps"].value < q2.values["nps"].previous - 8
    assert q3.values["nps"].value > q2.values["nps"].value + 8


def test_one_department_is_rated_poorly_by_the_others(demo):
    scores = dict(demo.fetch_all("SELECT rated_dept, avg(score) FROM internal_ratings GROUP BY 1"))
    worst = min(scores, key=scores.get)
    assert worst == "it"
    others = [v for k, v in scores.items() if k != "it"]
    assert scores["it"] < min(others) - 0.5


def test_the_demo_refuses_to_overwrite_data_without_replace(tmp_path):
    s = Store(tmp_path / "db.duckdb")
    build_demo(s, scale=0.01, seed=1, end_date=END)
    before = _fingerprint(s)
    with pytest.raises(DemoRefused, match="--replace"):
        build_demo(s, scale=0.01, seed=2, end_date=END)
    assert _fingerprint(s) == before
    build_demo(s, scale=0.01, seed=2, end_date=END, replace=True)
    assert _fingerprint(s) != before
    s.close()


def test_the_demo_leaves_no_work_tables_behind(demo):
    # The session's demo, built by build_demo like any other (a build of its own took 6 s).
    tables = {r[0] for r in demo.fetch_all("SELECT table_name FROM duckdb_tables()")}
    assert "tickets" in tables and not any(t.startswith("demo_") for t in tables)


def test_the_demo_board_holds_forty_actions_at_every_stage_some_late_some_that_moved_their_kpi(demo):
    from collections import Counter
    from datetime import datetime

    from relclient.actions import STATUSES, follow_up_counts, list_actions, movements

    actions = list_actions(demo)
    from_reviews = demo.fetch_one("SELECT count(action_id) FROM review_decisions")[0]
    assert from_reviews > 0 and len(actions) == 40 + from_reviews  # the board's forty, and the reviews' decisions
    assert set(Counter(a.status for a in actions)) == {s.id for s in STATUSES}
    end = datetime.combine(DEMO_END, datetime.min.time()).replace(hour=18)
    counts = follow_up_counts(demo, now=end)
    assert counts.overdue > 0 and counts.blocked_long > 0 and counts.stale > 0
    directions = Counter(m.direction for m in movements(demo, actions, end.date()).values())
    assert directions["better"] > 0 and directions["worse"] > 0
    assert any(a.blocked_by for a in actions) and any(a.links for a in actions)
    assert sum(not a.contributors for a in actions) == 1  # the one flagged as one department alone


def test_a_rebuilt_demo_keeps_the_board_it_finds(tmp_path):
    from relclient.actions import list_actions

    store = Store(tmp_path / "board.duckdb")
    build_demo(store, scale=0.01, end_date=date(2025, 12, 31))
    before = [a.action_id for a in list_actions(store)]
    report = build_demo(store, scale=0.01, end_date=date(2025, 12, 31), replace=True)
    assert report.actions == 0 and [a.action_id for a in list_actions(store)] == before
    store.close()
