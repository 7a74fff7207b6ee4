"""The rules of an action: baseline, moves between columns, reasons, dependencies, people, links,
history, version conflicts, comments and follow-up, on real DuckDB files."""

from __future__ import annotations

import re

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from relclient.actions import (
    ActionChange,
    ActionConflict,
    ActionError,
    ChecklistItem,
    Link,
    add_comment,
    follow_up_counts,
    get_action,
    history,
    mentions_of,
    move_action,
    movements,
    open_actions_by_kpi,
    set_wip_limits,
    update_action,
    wip_limits,
)
from relclient.actions.movement import movement
from relclient.departments import UnknownDepartment
from relclient.permissions import PermissionDenied
from tests.action_helpers import PEOPLE, new_action, people
from tests.ingest_helpers import table_checksums

# The hand-made company of tests/fixtures.py; its latest activity is 1 August 2025.
END_OF_JULY = datetime(2025, 7, 31, 12, 0)



@pytest.fixture
def crew(kpi_store):
    return people(kpi_store)


def test_a_new_action_measures_its_baseline_for_its_scope_over_the_90_days_before_it(kpi_store, crew):
    # 3 May – 31 July. Customer service's NPS answers: S1 10, S3 6, S5 0, S13 3 (15 June)
    # -> 1 promoter, 3 detractors of 4 = -50. Company: S1 10, S2 9, S3 6, S4 7, S5 0, S6 9, S13 3
    # -> 3 promoters, 3 detractors = 0.
    dept = new_action(kpi_store, crew["cs"], scope_dept="customer_service", now=END_OF_JULY)
    company = new_action(kpi_store, crew["cs"], now=END_OF_JULY)
    assert (dept.baseline_start, dept.baseline_end) == (date(2025, 5, 3), date(2025, 7, 31))
    assert dept.baseline == pytest.approx(-50.0)
    assert company.baseline == pytest.approx(0.0)


def test_the_baseline_window_stops_at_the_latest_data_when_an_action_is_created_later(kpi_store, crew):
    late = new_action(kpi_store, crew["cs"], kpi_id="complaints", now=datetime(2026, 3, 1))
    # Latest activity 1 Aug 2025: 4 May – 1 Aug. Complaints opened then: T7 (29 Jun), T1, T3, T4 (1 Aug).
    assert late.baseline_end == date(2025, 8, 1)
    assert late.baseline == 4


def test_the_movement_compares_the_baseline_with_the_kpi_now_and_says_whether_it_moves_the_right_way(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], scope_dept="customer_service", target=0, now=END_OF_JULY)
    # Now = 4 May – 1 Aug: S12 (10, 1 Aug) joins -> 2 promoters, 3 detractors of 5 = -20.
    moved = movements(kpi_store, [action], date(2025, 8, 1))[action.action_id]
    assert (moved.baseline, moved.now, moved.target) == (pytest.approx(-50), pytest.approx(-20), 0)
    # 4 answers then, 5 now: too few to judge, so no arrow claims a move.
    assert moved.direction == "better" and moved.arrow == "?"
    assert moved.progress == pytest.approx(60.0)  # 30 of the 50 points to the target


def test_an_action_keeps_what_its_baseline_rests_on_and_a_small_move_is_not_coloured(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], scope_dept="customer_service", target=0, now=END_OF_JULY)
    # The baseline's 4 answers: 1 promoter (S1), 3 detractors (S3, S5, S13).
    assert (action.baseline_n, action.baseline_promoters, action.baseline_detractors) == (4, 1, 3)
    moved = movements(kpi_store, [action], date(2025, 8, 1))[action.action_id]
    assert (moved.baseline_n, moved.now_n) == (4, 5)
    # -50 to -20 on 4 and 5 answers: a small sample, never green.
    assert moved.significant is None and moved.colour == "gray"


def test_a_significant_move_is_green_and_one_within_noise_grey(store):
    from relclient.actions.movement import Movement
    from relclient.metrics import kpi
    from relclient.metrics.significance import Sample

    k = kpi("csat")
    action = replace(_csat_action(store), baseline=45.0, baseline_n=40)
    # 45 % of 40 answers, then 75 % of 40: z = 2.74; then 55 % of 40: z = 0.90.
    better = movement(action, 75.0, Sample(75.0, 40))
    assert (better.significant, better.colour, better.verdict(k)) == (True, "green", "better")
    flat = movement(action, 55.0, Sample(55.0, 40))
    assert (flat.direction, flat.significant, flat.colour, flat.verdict(k)) == ("better", False, "gray", "noise")
    unmeasured = movement(replace(action, baseline_n=None), 75.0, Sample(75.0, 40))  # an action from before n
    assert (unmeasured.significant, unmeasured.colour, unmeasured.verdict(k)) == (None, "gray", "not_judged")
    assert Movement(1.0, 2.0, None, "worse", None, True).colour == "red"


def _csat_action(store):
    return new_action(store, people(store)["cs"], kpi_id="csat", now=END_OF_JULY)


def test_a_kpi_where_lower_is_better_improves_when_it_goes_down(kpi_store, crew):
    action = replace(new_action(kpi_store, crew["cs"], kpi_id="first_response_hours"), baseline=10.0, target=5.0)
    assert movement(action, 8.0).direction == "better"
    assert movement(action, 12.0).direction == "worse"
    assert movement(action, 10.0).direction == "flat"
    assert movement(action, None).direction is None


def test_an_action_moves_only_along_the_board_and_a_skipped_column_is_refused(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"])
    with pytest.raises(ActionError) as refused:
        move_action(kpi_store, crew["cs"], action.action_id, 1, "done")
    assert "Proposed" in refused.value.message("en") and "Proposée" in refused.value.message("fr")
    for version, status in enumerate(("todo", "in_progress", "done"), start=1):
        action = move_action(kpi_store, crew["cs"], action.action_id, version, status)
    assert action.status == "done" and action.version == 4


def test_blocked_and_dropped_need_a_reason_which_goes_away_when_the_action_moves_on(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], status="todo")
    with pytest.raises(ActionError, match="needs a reason"):
        move_action(kpi_store, crew["cs"], action.action_id, 1, "blocked")
    action = move_action(kpi_store, crew["cs"], action.action_id, 1, "blocked", "waiting for IT")
    assert action.status_reason == "waiting for IT"
    action = move_action(kpi_store, crew["cs"], action.action_id, 2, "in_progress")
    assert action.status_reason is None


def test_an_action_cannot_be_done_while_an_action_it_waits_for_is_still_open(kpi_store, crew):
    first = new_action(kpi_store, crew["cs"], status="todo")
    second = new_action(kpi_store, crew["cs"], status="todo", blocked_by=(first.action_id,))
    second = move_action(kpi_store, crew["cs"], second.action_id, 1, "in_progress")
    with pytest.raises(ActionError, match=f"waits for actions {first.action_id}"):
        move_action(kpi_store, crew["cs"], second.action_id, 2, "done")
    move_action(kpi_store, crew["cs"], first.action_id, 1, "dropped", "merged into another action")
    assert move_action(kpi_store, crew["cs"], second.action_id, 2, "done").status == "done"


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_a_dependency_loop_is_refused_however_long_it_is_and_changes_nothing(kpi_store, crew):
    a = new_action(kpi_store, crew["cs"])
    b = new_action(kpi_store, crew["cs"], blocked_by=(a.action_id,))
    c = new_action(kpi_store, crew["cs"], blocked_by=(b.action_id,))
    before = table_checksums(kpi_store)
    with pytest.raises(ActionError, match="loop"):
        update_action(kpi_store, crew["cs"], a.action_id, 1, ActionChange(blocked_by=(c.action_id,)))
    with pytest.raises(ActionError, match="itself"):
        update_action(kpi_store, crew["cs"], a.action_id, 1, ActionChange(blocked_by=(a.action_id,)))
    with pytest.raises(ActionError, match="No such action"):
        update_action(kpi_store, crew["cs"], a.action_id, 1, ActionChange(blocked_by=(999,)))
    assert table_checksums(kpi_store) == before


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_every_change_is_in_the_history_with_who_when_and_from_what_to_what(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], now=END_OF_JULY, checklist=(ChecklistItem("script"),))
    later = END_OF_JULY + timedelta(days=2)
    update_action(kpi_store, crew["log"], action.action_id, 1,
                  ActionChange(title="Call detractors within 48 h", priority="high",
                               checklist=(ChecklistItem("script", True), ChecklistItem("daily list"))), now=later)
    changes = [h for h in history(kpi_store, action.action_id) if h.version == 2]
    assert {(h.field, h.old, h.new) for h in changes} == {
        ("title", "Call every detractor back", "Call detractors within 48 h"),
        ("priority", "normal", "high"),
        ("checklist", "[ ] script", "[x] script | [ ] daily list"),
    }
    assert {(h.changed_by, h.changed_at) for h in changes} == {(PEOPLE["log"][0], later)}
    created = history(kpi_store, action.action_id)[0]
    assert (created.version, created.field, created.changed_by) == (1, "created", PEOPLE["cs"][0])


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_a_save_on_a_stale_version_is_refused_saying_who_when_and_what_changed_and_nothing_is_lost(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"])
    update_action(kpi_store, crew["log"], action.action_id, 1, ActionChange(title="Lou's title", priority="high"))
    before = table_checksums(kpi_store)
    with pytest.raises(ActionConflict) as stale:
        update_action(kpi_store, crew["cs2"], action.action_id, 1, ActionChange(title="Cleo's title"))
    message = stale.value.message("en")
    assert "changed by Lou Logistique" in message
    assert "- Title: Call every detractor back → Lou's title" in message
    assert "- Priority: Normal → High" in message
    assert "modifiée par Lou Logistique" in stale.value.message("fr")
    # When, the reader's way (03/12/2026 14:05, 3 Dec 2026 14:05), never an ISO stamp.
    changed = get_action(kpi_store, action.action_id).updated_at
    assert f"{changed:%d/%m/%Y %H:%M}" in stale.value.message("fr")
    assert f"{changed.day} {changed:%b %Y %H:%M}" in message and not re.search(r"\d{4}-\d{2}-\d{2}", message)
    assert table_checksums(kpi_store) == before
    assert get_action(kpi_store, action.action_id).title == "Lou's title"
    # Saved again on the version it now knows, Cleo's change goes through.
    assert update_action(kpi_store, crew["cs2"], action.action_id, 2, ActionChange(title="Cleo's title")).version == 3


def test_the_sponsor_must_be_an_active_leadership_account(kpi_store, crew):
    with pytest.raises(ActionError, match="active leadership account"):
        new_action(kpi_store, crew["cs"], sponsor=PEOPLE["cs2"][0])
    with pytest.raises(ActionError, match="active leadership account"):
        new_action(kpi_store, crew["cs"], sponsor="nobody@example.fr")


def test_only_leadership_changes_the_sponsor(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"])
    with pytest.raises(PermissionDenied):
        update_action(kpi_store, crew["cs"], action.action_id, 1, ActionChange(sponsor=PEOPLE["chair"][0]))
    changed = update_action(kpi_store, crew["boss"], action.action_id, 1, ActionChange(sponsor=PEOPLE["chair"][0]))
    assert changed.sponsor == PEOPLE["chair"][0]


def test_a_single_department_action_is_allowed_but_flagged_and_the_lead_never_contributes(kpi_store, crew):
    alone = new_action(kpi_store, crew["cs"], contributors=())
    assert alone.single_department
    together = new_action(kpi_store, crew["cs"], contributors=("customer_service", "logistics", "sales"))
    assert together.contributors == ("logistics", "sales") and not together.single_department


def test_assignees_must_be_active_accounts_that_can_act(kpi_store, crew):
    with pytest.raises(ActionError, match="viewer@example.fr"):
        new_action(kpi_store, crew["cs"], assignees=(PEOPLE["viewer"][0],))
    assert new_action(kpi_store, crew["cs"], assignees=("LOG@example.fr",)).assignees == (PEOPLE["log"][0],)


def test_a_link_to_a_record_that_is_not_in_the_data_is_refused(kpi_store, crew):
    with pytest.raises(ActionError, match="'ticket:T404' is not in the data"):
        new_action(kpi_store, crew["cs"], links=(Link("ticket", "T404"),))
    with pytest.raises(ActionError, match="pair:sales>sales"):
        new_action(kpi_store, crew["cs"], links=(Link("pair", "sales>sales"),))
    linked = new_action(kpi_store, crew["cs"], links=(Link("response", "S3"), Link("pair", "customer_service>it")))
    assert {link.text() for link in linked.links} == {"response:S3", "pair:customer_service>it"}


def test_members_edit_the_actions_of_their_departments_and_comment_on_any(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"], contributors=())
    with pytest.raises(PermissionDenied) as refused:
        update_action(kpi_store, crew["sales"], action.action_id, 1, ActionChange(priority="high"))
    assert "lead department (Customer service)" in refused.value.message("en")
    add_comment(kpi_store, crew["sales"], action.action_id, "Sales can help with the script.")
    with pytest.raises(PermissionDenied):
        add_comment(kpi_store, crew["viewer"], action.action_id, "I only read.")


def test_a_department_sees_the_comments_that_mention_it(kpi_store, crew):
    action = new_action(kpi_store, crew["cs"])
    add_comment(kpi_store, crew["cs"], action.action_id, "Logistics: the dates?", ("logistics",))
    add_comment(kpi_store, crew["cs"], action.action_id, "Internal note.")
    seen = mentions_of(kpi_store, "logistics")
    assert list(seen["body"]) == ["Logistics: the dates?"] and list(seen["action_id"]) == [action.action_id]
    assert mentions_of(kpi_store, "sales").empty
    with pytest.raises(ActionError, match="empty"):
        add_comment(kpi_store, crew["cs"], action.action_id, "   ")


def test_follow_up_counts_overdue_long_blocked_and_silent_open_actions(kpi_store, crew):
    now = datetime(2025, 9, 1, 12, 0)
    overdue = new_action(kpi_store, crew["cs"], due_date=date(2025, 8, 31), now=now - timedelta(days=5))
    new_action(kpi_store, crew["cs"], due_date=date(2025, 9, 1), now=now)  # due today: not late yet
    blocked = new_action(kpi_store, crew["cs"], status="todo", now=now - timedelta(days=40))
    move_action(kpi_store, crew["cs"], blocked.action_id, 1, "blocked", "waiting", now=now - timedelta(days=15))
    recent = new_action(kpi_store, crew["cs"], status="todo", now=now - timedelta(days=40))
    move_action(kpi_store, crew["cs"], recent.action_id, 1, "blocked", "waiting", now=now - timedelta(days=13))
    silent = new_action(kpi_store, crew["log"], lead_dept="logistics", contributors=(), now=now - timedelta(days=31))
    done = new_action(kpi_store, crew["cs"], status="todo", due_date=date(2025, 1, 1), now=now - timedelta(days=90))
    for version, status in enumerate(("in_progress", "done"), start=1):
        move_action(kpi_store, crew["cs"], done.action_id, version, status, now=now - timedelta(days=60))
    counts = follow_up_counts(kpi_store, now=now)
    # Open: 5 (the done one is not). Overdue: only `overdue`. Silent for 30 days: `silent` alone
    # (the blocked ones moved 15 and 13 days ago).
    assert (counts.open, counts.overdue, counts.blocked_long, counts.stale) == (5, 1, 1, 1)
    assert get_action(kpi_store, overdue.action_id).is_overdue(now.date())
    assert get_action(kpi_store, silent.action_id).is_stale(now)
    # A department counts the actions it leads or contributes to: sales none, logistics all.
    assert follow_up_counts(kpi_store, "sales", now=now).open == 0
    assert follow_up_counts(kpi_store, "logistics", now=now) == counts


def test_open_actions_are_counted_per_kpi_and_closed_ones_are_not(kpi_store, crew):
    new_action(kpi_store, crew["cs"], kpi_id="nps")
    new_action(kpi_store, crew["cs"], kpi_id="nps", lead_dept="sales", contributors=())
    dropped = new_action(kpi_store, crew["cs"], kpi_id="complaints")
    move_action(kpi_store, crew["cs"], dropped.action_id, 1, "dropped", "duplicate")
    assert open_actions_by_kpi(kpi_store) == {"nps": 2}
    assert open_actions_by_kpi(kpi_store, "sales") == {"nps": 1}


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_leadership_sets_the_boards_wip_limits(kpi_store, crew):
    with pytest.raises(PermissionDenied):
        set_wip_limits(kpi_store, crew["cs"], {"in_progress": 3})
    set_wip_limits(kpi_store, crew["boss"], {"in_progress": 3, "blocked": None})
    assert wip_limits(kpi_store) == {"todo": 12, "in_progress": 3}
    with pytest.raises(ActionError, match="at least 1"):
        set_wip_limits(kpi_store, crew["boss"], {"todo": 0})


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_a_refused_action_leaves_the_database_exactly_as_it_was(kpi_store, crew):
    before = table_checksums(kpi_store)
    for bad, refusal in (({"title": " "}, ActionError), ({"kpi_id": "happiness"}, ActionError),
                         ({"lead_dept": "marketing_dept"}, UnknownDepartment), ({"priority": "urgent"}, ActionError),
                         ({"target": 250.0}, ActionError), ({"status": "done"}, ActionError)):
        with pytest.raises(refusal):
            new_action(kpi_store, crew["cs"], **bad)
    assert table_checksums(kpi_store) == before


def test_a_target_out_of_its_kpis_range_is_refused_wholly_in_the_readers_language(kpi_store, crew):
    with pytest.raises(ActionError) as refused:
        new_action(kpi_store, crew["cs"], kpi_id="csat", target=250.0)
    assert refused.value.message("fr") == ("Valeur cible refusée : une cible de Satisfaction (CSAT) doit être "
                                           "comprise entre 0 et 100, pas 250.")
    assert refused.value.message("en") == "Target value refused: a target for Satisfaction (CSAT) must be between 0 and 100, not 250."
