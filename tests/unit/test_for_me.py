"""What needs a person: their actions overdue or due this week, mentions of their department, and
their department's KPIs significantly worse, on the hand-made company of tests/fixtures.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from relclient import derived
from relclient.actions import add_comment, move_action
from relclient.auth import User
from relclient.for_me import for_me, sections_of, week_end
from relclient.reference import department_names
from tests.action_helpers import PEOPLE, new_action, people

# Thursday 4 December 2025: its week ends on Sunday 7 December.
NOW = datetime(2025, 12, 4, 9, 0)


@pytest.fixture
def crew(kpi_store):
    return people(kpi_store)


def test_a_week_ends_on_sunday():
    assert week_end(date(2025, 12, 4)) == date(2025, 12, 7)
    assert week_end(date(2025, 12, 7)) == date(2025, 12, 7)
    assert week_end(date(2025, 12, 8)) == date(2025, 12, 14)


def test_my_actions_are_those_overdue_or_due_by_sunday_that_i_sponsor_am_assigned_or_my_department_leads(kpi_store, crew):
    lead = User("lead@example.fr", "Lea Lead", "customer_service", "dept_lead")
    overdue = new_action(kpi_store, crew["cs"], title="Overdue", due_date=date(2025, 12, 1), now=NOW)
    sunday = new_action(kpi_store, crew["cs"], title="Sunday", due_date=date(2025, 12, 7),
                        assignees=(PEOPLE["cs"][0],), now=NOW)
    new_action(kpi_store, crew["cs"], title="Next week", due_date=date(2025, 12, 8), now=NOW)
    new_action(kpi_store, crew["cs"], title="No date", now=NOW)
    done = new_action(kpi_store, crew["cs"], title="Done late", due_date=date(2025, 11, 1), status="todo",
                      now=NOW)
    moved = move_action(kpi_store, crew["boss"], done.action_id, done.version, "in_progress", now=NOW)
    move_action(kpi_store, crew["boss"], done.action_id, moved.version, "done", now=NOW)
    logistics = new_action(kpi_store, crew["cs"], title="Logistics leads", lead_dept="logistics",
                           contributors=("customer_service",), due_date=date(2025, 12, 5), now=NOW)

    boss = for_me(kpi_store, crew["boss"], NOW)  # sponsors all four open and dated
    assert [(a.title, a.overdue, a.roles) for a in boss.actions] == [
        ("Overdue", True, ("sponsor",)), ("Logistics leads", False, ("sponsor",)), ("Sunday", False, ("sponsor",))]
    cs = for_me(kpi_store, crew["cs"], NOW)  # a member: only what is assigned to them
    assert [(a.action_id, a.roles) for a in cs.actions] == [(sunday.action_id, ("assigned",))]
    led = for_me(kpi_store, lead, NOW)  # a department lead: what their department leads
    assert [a.action_id for a in led.actions] == [overdue.action_id, sunday.action_id]
    assert logistics.action_id not in [a.action_id for a in led.actions]
    assert for_me(kpi_store, crew["sales"], NOW).empty


def test_mentions_of_my_department_are_those_of_the_last_seven_days_newest_first(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], now=NOW - timedelta(days=20))
    add_comment(kpi_store, crew["boss"], action.action_id, "Old news", ("logistics",), now=NOW - timedelta(days=8))
    add_comment(kpi_store, crew["boss"], action.action_id, "Please check stock", ("logistics",),
                now=NOW - timedelta(days=2))
    add_comment(kpi_store, crew["boss"], action.action_id, "Sales too", ("logistics", "sales"), now=NOW - timedelta(hours=1))
    add_comment(kpi_store, crew["boss"], action.action_id, "Not them", ("sales",), now=NOW - timedelta(hours=2))
    got = for_me(kpi_store, crew["log"], NOW)
    assert [m.body for m in got.mentions] == ["Sales too", "Please check stock"]
    assert got.mentions[0].author == "Bea Boss" and got.count == 2


def test_a_department_kpi_significantly_worse_over_the_last_30_days_is_an_alert(kpi_store, crew):
    # The fixture's latest activity is 1 August 2025: last 30 days 3 Jul – 1 Aug, before 3 Jun – 2 Jul.
    # Customer service's complaints: T3, T4 now and T1, T7 before (2 against 2). 40 more now, each
    # answered in an hour and solved in two: 42 against 2, a Poisson z of 40/√44 ≈ 6.0: worse.
    rows = [(f"X{n}", "C1", datetime(2025, 7, 10, 8) + timedelta(hours=n), "email", True, "customer_service",
             datetime(2025, 7, 10, 9) + timedelta(hours=n), datetime(2025, 7, 10, 10) + timedelta(hours=n), 0)
            for n in range(40)]

    def work(cur):
        cur.executemany("INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept,"
                        " first_response_at, resolved_at, reopened_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        derived.rebuild(cur)

    kpi_store.transaction(work)
    got = for_me(kpi_store, crew["cs"], NOW)
    complaints = {a.kpi_id: a for a in got.alerts}["complaints"]
    assert (complaints.value, complaints.previous) == (42, 2)
    assert got.kpi_period == (date(2025, 7, 3), date(2025, 8, 1))
    assert "no_answer_48h" not in {a.kpi_id for a in got.alerts}  # it got better: no alert
    assert for_me(kpi_store, crew["log"], NOW).alerts == ()  # logistics: nothing changed
    lines = dict(sections_of(got, "fr", department_names(kpi_store, "fr")))
    alert_lines = lines["Indicateurs de mon service nettement dégradés"]
    assert any(line.text.startswith("Réclamations : 42 contre 2") and line.params == {"dept": "customer_service"}
               for line in alert_lines)
