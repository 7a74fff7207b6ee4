"""An action change as a typed object: built from what a form sent, only what the reader changed,
refusals worded in both languages; and the arithmetic the action page used to do itself (the KPI's
change and its arrow, progress to the target, the checklist ticked, the board's quick moves)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime

import pytest

from relclient.actions import (
    FIELDS,
    KEEP,
    STATUS_BY_ID,
    Action,
    ActionChange,
    ActionError,
    ChecklistItem,
    EditForm,
    Link,
    NewForm,
    get_action,
    update_action,
)
from relclient.actions.movement import Movement, movement
from relclient.departments import UnknownDepartment
from relclient.metrics import kpi
from tests.action_helpers import new_action, people

CREATED = datetime(2025, 7, 1, 9, 0)


def _seen(**values: object) -> Action:
    """An action as a form shows it, without a database."""
    base = dict(action_id=7, title="Call every detractor back", problem="Too many detractors", kpi_id="nps",
                scope_dept=None, baseline=-50.0, baseline_start=date(2025, 4, 2), baseline_end=date(2025, 6, 30),
                target=0.0, target_date=None, lead_dept="customer_service", sponsor="boss@example.fr",
                priority="normal", due_date=date(2025, 8, 1), status="blocked", status_reason="waiting for IT",
                status_since=CREATED, created_by="cs@example.fr", created_at=CREATED, updated_by="cs@example.fr",
                updated_at=CREATED, version=3, contributors=("logistics", "sales"), assignees=("cs@example.fr",),
                checklist=(ChecklistItem("script"), ChecklistItem("daily list", True)),
                blocked_by=(2,), links=(Link("ticket", "T1"), Link("response", "S3")))
    return Action(**(base | values))


def _as_shown(seen: Action, **sent: object) -> EditForm:
    """The edit form as it was shown for `seen`, with `sent` typed over it."""
    shown = dict(title=seen.title, problem=seen.problem, kpi_id=seen.kpi_id, scope_dept=seen.scope_dept or "",
                 target=seen.target, target_date=seen.target_date, lead_dept=seen.lead_dept,
                 contributors=seen.contributors, sponsor=seen.sponsor, assignees=seen.assignees,
                 priority=seen.priority, due_date=seen.due_date, status=seen.status,
                 status_reason=seen.status_reason or "", ticks=tuple(i.done for i in seen.checklist), new_items="",
                 blocked_by=seen.blocked_by, kept_links=tuple(link.text() for link in seen.links), new_link="")
    return EditForm(**(shown | sent))


def test_the_typed_change_has_one_field_per_field_of_an_action_in_the_pages_order():
    assert tuple(f.name for f in fields(ActionChange)) == FIELDS
    assert ActionChange().is_empty and ActionChange(priority="high").set_fields() == {"priority": "high"}


def test_a_form_saved_as_it_was_shown_changes_nothing_whatever_the_order_and_blanks():
    seen = _seen()
    sent = _as_shown(seen, contributors=("sales", "logistics"), assignees=(" CS@example.fr ",),
                     title="  Call every detractor back ", kept_links=("response:S3", "ticket:T1"))
    assert sent.change(seen).is_empty


def test_a_form_sends_only_what_the_reader_changed_with_ticks_new_lines_and_a_typed_link():
    seen = _seen()
    sent = _as_shown(seen, priority="high", ticks=(True, True), new_items="call list\n\n  \nscript v2\n",
                     kept_links=("ticket:T1",), new_link=" customer : C042 ", scope_dept="")
    change = sent.change(seen)
    assert set(change.set_fields()) == {"priority", "checklist", "links"}
    assert change.priority == "high" and change.title is KEEP and change.scope_dept is KEEP
    assert change.checklist == (ChecklistItem("script", True), ChecklistItem("daily list", True),
                                ChecklistItem("call list"), ChecklistItem("script v2"))
    assert change.links == (Link("ticket", "T1"), Link("customer", "C042"))


def test_blank_dates_scope_and_reason_are_none_in_the_draft_a_form_says():
    seen = _seen()
    draft = _as_shown(seen, status="in_progress", status_reason="   ", due_date=None, scope_dept="").draft(seen)
    assert (draft.status_reason, draft.due_date, draft.scope_dept) == (None, None, None)


def test_a_change_applied_drops_the_reason_of_a_block_it_ends_and_keeps_the_lead_out_of_contributors():
    seen = _seen()
    after = ActionChange(status="in_progress", lead_dept="sales").applied_to(seen)
    assert (after.status, after.status_reason) == ("in_progress", None)
    assert after.contributors == ("logistics",)  # sales now leads
    assert after.title == seen.title and after.checklist == seen.checklist  # the rest as stored
    kept = ActionChange(status="dropped", status_reason="merged").applied_to(seen)
    assert kept.status_reason == "merged"


def test_the_new_action_form_reads_its_lines_links_and_blank_choices():
    draft = NewForm(title="Rappeler", problem="", kpi_id="nps", scope_dept="", lead_dept="logistics",
                    contributors=("customer_service",), sponsor=None, assignees=(), priority="normal",
                    due_date=date(2025, 9, 1), target=None, target_date=None, status="todo",
                    checklist="script\n\n appeler \n", links=("response:S3", "pair:logistics>it")).draft()
    assert (draft.scope_dept, draft.sponsor) == (None, "")
    assert draft.checklist == (ChecklistItem("script"), ChecklistItem(" appeler "))
    assert draft.links == (Link("response", "S3"), Link("pair", "logistics>it"))


def test_a_change_naming_a_field_an_action_does_not_have_is_refused_in_both_languages():
    with pytest.raises(ActionError) as refused:
        ActionChange.of({"priority": "high", "colour": "red"})
    assert refused.value.message("en") == "Unknown field(s): colour."
    assert refused.value.message("fr") == "Champ(s) inconnu(s) : colour."
    assert ActionChange.of({"priority": "high"}) == ActionChange(priority="high")


def test_a_refused_change_is_worded_in_the_readers_language_and_writes_nothing(kpi_store):
    crew = people(kpi_store)
    action = new_action(kpi_store, crew["cs"])
    seen = get_action(kpi_store, action.action_id)
    typed = _as_shown(seen, new_link="T-000123").change(seen)  # no "kind:" before the reference
    with pytest.raises(ActionError) as refused:
        update_action(kpi_store, crew["cs"], seen.action_id, seen.version, typed)
    assert refused.value.message("en").startswith("Unknown link kind 'T-000123'")
    assert refused.value.message("fr").startswith("Lien de type « T-000123 » inconnu")
    kpi_store.transaction(lambda cur: cur.execute("UPDATE departments SET active = false WHERE code = 'sales'"))
    with pytest.raises(UnknownDepartment) as retired:  # new work goes to active departments only
        update_action(kpi_store, crew["cs"], seen.action_id, seen.version, ActionChange(contributors=("sales",)))
    assert "'sales' is not a department" in retired.value.message("en")
    assert "« sales » n'est pas un service" in retired.value.message("fr")
    assert get_action(kpi_store, action.action_id) == seen


def test_the_kpi_change_and_its_arrow_are_worked_out_by_the_movement():
    nps = kpi("nps")  # points, one decimal
    # 12.0 -> 18.5 towards 25.0: +6.5 of the 13 points to go, 50 %.
    moved = Movement(12.0, 18.5, 25.0, "better", 50.0)
    assert moved.change == pytest.approx(6.5) and moved.shows_move(nps)
    assert nps.format_change(moved.change, "en") == "+6.5 pts"
    # +0.04 reads "+0.0": no arrow claims a move; +0.06 reads "+0.1": it does.
    assert not Movement(12.0, 12.04, None, "better", None).shows_move(nps)
    assert Movement(12.0, 12.06, None, "better", None).shows_move(nps)
    assert not Movement(12.0, 12.0, None, "flat", None).shows_move(nps)
    assert Movement(None, 3.0, None, None, None).change is None


def test_progress_to_the_target_counts_the_right_way_for_a_kpi_where_lower_is_better():
    # First response 10 h -> 8 h, target 5 h: 2 of the 5 hours to gain, 40 %.
    action = _seen(kpi_id="first_response_hours", baseline=10.0, target=5.0, baseline_n=None)
    moved = movement(action, 8.0)
    assert (moved.direction, moved.change, moved.progress) == ("better", -2.0, pytest.approx(40.0))
    assert kpi("first_response_hours").format_change(moved.change, "fr") == "-2,0 h"


def test_the_checklist_counts_its_ticked_items():
    assert _seen().checklist_done == 1
    assert replace(_seen(), checklist=()).checklist_done == 0


def test_a_card_moves_in_one_click_only_where_no_reason_is_needed():
    # To do may go to in progress, blocked, proposed or dropped; blocked and dropped need a reason.
    assert STATUS_BY_ID["todo"].quick_moves == ("in_progress", "proposed")
    assert STATUS_BY_ID["blocked"].quick_moves == ("in_progress", "todo")
    assert STATUS_BY_ID["done"].quick_moves == ("in_progress",)
