"""Management reviews on the hand-made company of tests/fixtures.py: inputs equal the KPI layer,
a closed review keeps its figures when data changes, decisions become actions, reopening keeps
the earlier record."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relclient.actions import get_action
from relclient.audit import audit_entries
from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.permissions import PermissionDenied
from relclient.reviews import (
    ReviewError,
    add_decision,
    close_review,
    compare,
    create_review,
    decision_of_action,
    hold_review,
    latest_record,
    records,
    reopen_review,
    review_content,
    set_comment,
)
from tests.action_helpers import PEOPLE, people

JULY = Period(date(2025, 7, 1), date(2025, 7, 31))
JUNE = Period(date(2025, 6, 1), date(2025, 6, 30))
BOSS = PEOPLE["boss"][0]


@pytest.fixture
def crew(kpi_store):
    return people(kpi_store)


def _held(store, crew, period=JULY, title="Revue de juillet") -> int:
    review_id = create_review(store, crew["boss"], title, period, BOSS)
    hold_review(store, crew["boss"], review_id, period.end)
    return review_id


def test_the_inputs_are_the_kpi_layers_figures_for_the_period(kpi_store, crew):
    review_id = create_review(kpi_store, crew["boss"], "Revue de juillet", JULY, BOSS)
    content = review_content(kpi_store, review_id, today=date(2025, 8, 2))
    layer = compute_kpis(kpi_store, KpiFilter(JULY))
    assert {k.id: content.inputs["kpis"][k.id]["value"] for k in KPIS} == {k: v.value for k, v in layer.values.items()}
    # By hand (tests/fixtures.py): NPS in July 3 promoters, 2 detractors of 6; complaints T1, T3.
    assert content.inputs["kpis"]["nps"]["value"] == pytest.approx(100 * (3 - 2) / 6)
    assert content.inputs["complaint_categories"] == [{"category": "", "complaints": 2}]
    # July's commented NPS detractors, lowest score first: S5 (0), S3 (6).
    assert [v["response_id"] for v in content.inputs["detractor_verbatims"]] == ["S5", "S3"]
    assert [(r["a"], r["b"]) for r in content.inputs["routes"]] == [("customer_service", "logistics")]
    assert content.inputs["weakest_pairs"][0]["rater_dept"] == "customer_service"
    assert not content.frozen


def test_each_input_has_the_previous_reviews_figures_beside_it(kpi_store, crew):
    june = create_review(kpi_store, crew["boss"], "Revue de juin", JUNE, BOSS)
    july = create_review(kpi_store, crew["boss"], "Revue de juillet", JULY, BOSS)
    content = review_content(kpi_store, july)
    assert content.previous_title == "Revue de juin"
    june_layer = compute_kpis(kpi_store, KpiFilter(JUNE))
    assert content.previous["kpis"]["complaints"]["value"] == june_layer.values["complaints"].value == 1  # T7
    delta = compare(content)["kpis"]["complaints"]
    assert (delta["value"], delta["previous_review"], delta["change"]) == (2, 1, 1)
    assert review_content(kpi_store, june).previous is None


def test_a_closed_review_keeps_its_figures_when_new_data_is_loaded(kpi_store, crew):
    review_id = _held(kpi_store, crew)
    set_comment(kpi_store, crew["boss"], review_id, "satisfaction", "Le NPS tient.")
    close_review(kpi_store, crew["boss"], review_id)
    frozen = review_content(kpi_store, review_id)
    kpi_store.transaction(lambda cur: cur.execute(
        "INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept)"
        " VALUES ('T99', 'C1', '2025-07-15 10:00:00', 'email', true, 'sales')"))
    assert compute_kpis(kpi_store, KpiFilter(JULY), ["complaints"]).values["complaints"].value == 3
    after = review_content(kpi_store, review_id)
    assert after.frozen and after.inputs == frozen.inputs
    assert after.inputs["kpis"]["complaints"]["value"] == 2
    assert after.comments == {"satisfaction": "Le NPS tient."}
    with pytest.raises(ReviewError, match="closed"):
        set_comment(kpi_store, crew["boss"], review_id, "satisfaction", "Trop tard.")


def test_a_decision_that_calls_for_work_becomes_an_action_linked_both_ways(kpi_store, crew):
    review_id = _held(kpi_store, crew)
    decision = add_decision(kpi_store, crew["boss"], review_id, "Rappeler chaque détracteur sous 48 h",
                            "customer_service", BOSS, date(2025, 9, 30), action_kpi="nps",
                            contributors=("logistics",))
    action = get_action(kpi_store, decision.action_id)
    assert (action.title, action.lead_dept, action.sponsor, action.due_date, action.status, action.kpi_id) == (
        "Rappeler chaque détracteur sous 48 h", "customer_service", BOSS, date(2025, 9, 30), "todo", "nps")
    assert action.contributors == ("logistics",)
    assert decision_of_action(kpi_store, action.action_id) == (review_id, "Revue de juillet")
    plain = add_decision(kpi_store, crew["boss"], review_id, "Budget formation validé", "direction", BOSS)
    assert plain.action_id is None
    # The next review lists it among the actions decided earlier, with its due date then and now.
    august = create_review(kpi_store, crew["boss"], "Revue d'août", Period(date(2025, 8, 1), date(2025, 8, 31)),
                           BOSS)
    decided = review_content(kpi_store, august, today=date(2025, 10, 1)).inputs["decided_actions"]
    assert [(d["action_id"], d["decided_due"], d["due"], d["overdue"]) for d in decided] == [
        (action.action_id, "2025-09-30", "2025-09-30", True)]


def test_a_refused_decision_writes_neither_the_decision_nor_its_action(kpi_store, crew):
    review_id = _held(kpi_store, crew)
    with pytest.raises(ReviewError, match="nowhere"):
        add_decision(kpi_store, crew["boss"], review_id, "Faire mieux", "nowhere", BOSS, action_kpi="nps")
    assert kpi_store.fetch_one("SELECT count(*) FROM actions")[0] == 0
    assert kpi_store.fetch_one("SELECT count(*) FROM review_decisions")[0] == 0


def test_only_the_chair_reopens_a_closed_review_which_keeps_its_earlier_record(kpi_store, crew):
    review_id = _held(kpi_store, crew)
    assert close_review(kpi_store, crew["boss"], review_id) == 1
    first = latest_record(kpi_store, review_id)
    with pytest.raises(PermissionDenied) as refused:
        reopen_review(kpi_store, crew["chair"], review_id, "oubli")
    assert BOSS in refused.value.message("en")
    with pytest.raises(ReviewError, match="why"):
        reopen_review(kpi_store, crew["boss"], review_id, " ")
    reopen_review(kpi_store, crew["boss"], review_id, "Décision oubliée", now=datetime(2025, 8, 5))
    add_decision(kpi_store, crew["boss"], review_id, "Décision oubliée", "sales", BOSS)
    assert close_review(kpi_store, crew["boss"], review_id) == 2
    assert [n for n, _ in records(kpi_store, review_id)] == [1, 2]
    assert first["decisions"] == [] and len(latest_record(kpi_store, review_id)["decisions"]) == 1
    log = audit_entries(kpi_store, action="review_reopen")
    assert list(log["detail"]) == ["Décision oubliée"] and list(log["actor"]) == [BOSS]


def test_a_review_is_closed_only_once_held_and_only_leadership_prepares_one(kpi_store, crew):
    review_id = create_review(kpi_store, crew["boss"], "Revue", JULY, BOSS)
    with pytest.raises(ReviewError, match="held"):
        close_review(kpi_store, crew["boss"], review_id)
    with pytest.raises(PermissionDenied):
        create_review(kpi_store, crew["cs"], "Revue", JULY, BOSS)
    with pytest.raises(ReviewError, match="chair"):
        create_review(kpi_store, crew["boss"], "Revue", JULY, PEOPLE["cs"][0])


def test_opportunities_are_proposed_from_gaps_to_target_and_worst_trends(kpi_store, crew):
    from relclient.targets import set_targets

    set_targets(kpi_store, crew["boss"], None, {"nps": 50, "complaints": 1})
    content = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue", JULY, BOSS))
    proposed = content.proposed
    # NPS 16.7 for 50 (67 % short), complaints 2 for 1 (100 % over): complaints first.
    assert [(p["kind"], p["kpi"]) for p in proposed[:2]] == [("gap", "complaints"), ("gap", "nps")]
    assert all(p["kind"] == "trend" for p in proposed[2:])


def test_the_lists_show_the_previous_reviews_figure_beside_each_row(kpi_store, crew):
    from relclient.reviews.sections import section_tables

    create_review(kpi_store, crew["boss"], "Revue de juin", JUNE, BOSS)
    july = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue de juillet", JULY, BOSS))
    tables = section_tables(july, "en", {})
    categories = next(tb for tb in tables["satisfaction"] if tb.title == "Top complaint categories")
    # Complaints without a category: T1 and T3 in July, T7 in June.
    assert categories.rows == [["—", "2", "1"]]
    routes = next(tb for tb in tables["alignment"] if tb.title == "Worst ping-pong routes")
    # July's bounce is on customer service ⇄ logistics (T3); June's was IT ⇄ sales ⇄ R&D (T5).
    assert routes.rows[0][0] == "customer_service ⇄ logistics" and routes.rows[0][3] == "—"
