"""Management reviews on the hand-made company of tests/fixtures.py: inputs equal the KPI layer,
a closed review keeps its figures when data changes, decisions become actions, reopening keeps
the earlier record."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relclient import derived
from relclient.actions import get_action
from relclient.audit import audit_entries
from relclient.departments import UnknownDepartment
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
    for k in KPIS:
        v, figures = layer.values[k.id], content.inputs["kpis"][k.id]
        assert (figures["value"], figures["n"], figures["previous_period"], figures["previous_n"],
                figures["significant"]) == (v.value, v.n, v.previous, v.previous_n, v.significant), k.id
    # By hand (tests/fixtures.py): NPS in July 3 promoters, 2 detractors of 6; complaints T1, T3
    # (T7 in June), none with a category.
    assert content.inputs["kpis"]["nps"]["value"] == pytest.approx(100 * (3 - 2) / 6)
    assert content.inputs["kpis"]["nps"]["n"] == 6
    assert content.inputs["complaint_categories"] == [
        {"category": "", "complaints": 2, "previous_period": 1, "significant": False}]
    assert content.inputs["period"] == {"start": "2025-07-01", "end": "2025-07-31", "through": "2025-07-31",
                                        "days": 31, "of": 31, "previous_start": "2025-05-31",
                                        "previous_end": "2025-06-30"}
    assert not content.partial
    # July's commented NPS detractors, lowest score first: S5 (0), S3 (6).
    assert [v["response_id"] for v in content.inputs["detractor_verbatims"]] == ["S5", "S3"]
    assert [(r["a"], r["b"], r["example"]) for r in content.inputs["routes"]] == [("customer_service", "logistics", "T3")]
    assert content.inputs["weakest_pairs"][0] == {"rater_dept": "customer_service", "rated_dept": "it", "score": 2.0,
                                                  "ratings": 1}
    # Detractors S3 (C1 opened T3 afterwards) and S5 (C2, nothing after): one never heard again.
    assert content.inputs["unheard_detractors"] == {"total": 2, "unheard": 1}
    # Unanswered within 48 h in July: T3 (chat, never) and T2 (phone, after 72 h), one each.
    assert {c["channel"]: (c["unanswered"], c["tickets"]) for c in content.inputs["unanswered_by_channel"]} == {
        "chat": (1, 1), "phone": (1, 1), "email": (0, 1), "web": (0, 1)}
    assert not content.frozen


def test_each_input_has_the_previous_reviews_figures_beside_it(kpi_store, crew):
    june = create_review(kpi_store, crew["boss"], "Revue de juin", JUNE, BOSS)
    july = create_review(kpi_store, crew["boss"], "Revue de juillet", JULY, BOSS)
    content = review_content(kpi_store, july)
    assert content.previous_title == "Revue de juin"
    june_layer = compute_kpis(kpi_store, KpiFilter(JUNE))
    assert content.previous["kpis"]["complaints"]["value"] == june_layer.values["complaints"].value == 1  # T7
    result = compare(content)
    assert result["basis"] == "previous_review"
    assert (result["kpis"]["complaints"]["value"], result["kpis"]["complaints"]["before"],
            result["kpis"]["complaints"]["change"]) == (2, 1, 1)
    assert review_content(kpi_store, june).previous is None


def test_a_closed_review_keeps_its_figures_when_new_data_is_loaded(kpi_store, crew):
    review_id = _held(kpi_store, crew)
    set_comment(kpi_store, crew["boss"], review_id, "satisfaction", "Le NPS tient.")
    close_review(kpi_store, crew["boss"], review_id)
    frozen = review_content(kpi_store, review_id)
    kpi_store.transaction(lambda cur: (cur.execute(
        "INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept)"
        " VALUES ('T99', 'C1', '2025-07-15 10:00:00', 'email', true, 'sales')"), derived.rebuild(cur)))
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
    with pytest.raises(UnknownDepartment, match="nowhere"):
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


def test_opportunities_carry_their_figure_n_size_and_the_action_they_open(kpi_store, crew):
    from relclient.closed_loop import prefill
    from relclient.targets import set_targets

    set_targets(kpi_store, crew["boss"], None, {"nps": 50, "complaints": 1})
    content = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue", JULY, BOSS))
    by_kind = {}
    for item in content.proposed:
        by_kind.setdefault(item["kind"], []).append(item)
    # NPS 16.7 for 50 rests on 6 answers: a small sample is not a fact to act on. Complaints 2
    # for a target of 1: one complaint too many.
    assert [(i["kpi"], i["value"], i["target"], i["size"]) for i in by_kind["kpi"]] == [("complaints", 2, 1, 1)]
    assert by_kind["route"][0]["source"] == "ticket:T3"
    assert by_kind["detractors"] == [{"kind": "detractors", "unheard": 1, "total": 2, "size": 1,
                                      "source": "detractors:2025-07-01:2025-07-31"}]
    assert {i["channel"] for i in by_kind["channel"]} == {"chat", "phone"}
    assert by_kind["pair"][0]["source"] == "pair:customer_service>it" and by_kind["pair"][0]["ratings"] == 1
    # Every one opens a pre-filled action.
    for item in content.proposed:
        assert prefill(kpi_store, item["source"], "fr").title


def test_the_sizes_of_opportunities_are_the_rows_that_would_have_to_change(kpi_store, crew):
    from relclient.reviews.inputs import propose_opportunities

    inputs = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue", JULY, BOSS)).inputs
    inputs["kpis"]["on_time_delivery"] |= {"value": 80.0, "n": 500, "target": 95.0}  # 15 points of 500 orders
    inputs["kpis"]["resolution_hours"] |= {"value": 30.0, "n": 400, "target": 24.0, "beyond_target": 260}
    inputs["kpis"]["ces"] |= {"value": 4.0, "n": 120, "target": 5.0}  # a point on a 6-point scale
    sizes = {i["kpi"]: i["size"] for i in propose_opportunities(inputs) if i["kind"] == "kpi"}
    assert sizes["on_time_delivery"] == pytest.approx(75.0)
    assert sizes["resolution_hours"] == pytest.approx(60.0)  # 260 beyond 24 h, 200 may be
    assert sizes["ces"] == pytest.approx(20.0)
    ranked = [i["size"] for i in propose_opportunities(inputs)]
    assert ranked == sorted(ranked, reverse=True)


def test_the_lists_show_the_same_days_before_and_the_previous_reviews_figure_beside_each_row(kpi_store, crew):
    from relclient.reviews.sections import section_tables

    create_review(kpi_store, crew["boss"], "Revue de juin", JUNE, BOSS)
    july = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue de juillet", JULY, BOSS))
    tables = section_tables(july, "en", {})
    categories = next(tb for tb in tables["satisfaction"] if tb.title == "Top complaint categories")
    assert categories.columns == ["Category", "This review", "Previous period (31 May 2025 – 30 Jun 2025)",
                                  "Previous review"]
    # Complaints without a category: T1 and T3 in July, T7 in June (both the period and the review).
    assert categories.rows == [["—", "2", "1", "1"]]
    routes = next(tb for tb in tables["alignment"] if tb.title == "Worst ping-pong routes")
    # July's bounce is on customer service ⇄ logistics (T3); June's was IT ⇄ sales ⇄ R&D (T5).
    assert routes.rows == [["customer_service ⇄ logistics", "1", "50.0 %", "0", "—"]]
    kpis = tables["satisfaction"][0]
    assert kpis.columns[:5] == ["KPI", "This review", "Previous period (31 May 2025 – 30 Jun 2025)", "Change", "Verdict"]
    assert kpis.rows[0][:5] == ["NPS", "16.7 pts · n = 6", "-100.0 pts · n = 1", "+116.7 pts", "small sample"]


AUGUST_ON = Period(date(2025, 7, 15), date(2025, 8, 31))  # the fixture's data stops on 1 August


def test_a_review_of_a_period_not_over_never_sets_it_against_a_complete_one(kpi_store, crew):
    from relclient.reviews.sections import period_note, section_tables

    create_review(kpi_store, crew["boss"], "Revue de juin", JUNE, BOSS)
    content = review_content(kpi_store, create_review(kpi_store, crew["boss"], "Revue d'été", AUGUST_ON, BOSS))
    assert content.partial and content.inputs["period"]["through"] == "2025-08-01"
    assert period_note(content, "en") == ("Period still running: figures to date, up to 1 Aug 2025 (18 of 48 days), "
                                          "set against the same 18 days before (27 Jun 2025 – 14 Jul 2025), never "
                                          "against a complete period.")
    tables = section_tables(content, "en", {})
    for section, found in tables.items():
        for tb in found:
            assert "Previous review" not in tb.columns, (section, tb.title)
    assert tables["satisfaction"][0].columns[1:3] == ["To date (18 of 48 days)",
                                                      "The same 18 days before (27 Jun 2025 – 14 Jul 2025)"]
    result = compare(content)
    assert result["basis"] == "previous_period"
    # Complaints 15 July – 1 August: T3, T4; 27 June – 14 July: T7, T1 — not June's whole month.
    assert (result["kpis"]["complaints"]["value"], result["kpis"]["complaints"]["before"]) == (2, 2)


def test_closing_a_review_before_its_period_ends_asks_for_confirmation_and_records_it(kpi_store, crew):
    review_id = _held(kpi_store, crew, period=AUGUST_ON, title="Revue d'été")
    with pytest.raises(ReviewError, match="not over") as refused:
        close_review(kpi_store, crew["boss"], review_id)
    assert "18 of 48 days" in refused.value.message("en")
    assert latest_record(kpi_store, review_id) is None
    close_review(kpi_store, crew["boss"], review_id, confirm_partial=True)
    record = latest_record(kpi_store, review_id)
    assert record["closed_early"] == {"through": "2025-08-01", "days": 18, "of": 48, "by": BOSS}
    assert review_content(kpi_store, review_id).closed_early["days"] == 18
    log = audit_entries(kpi_store, action="review_close")
    assert list(log["detail"]) == ["closing 1 (to date: 18 of 48 days)"]


def test_the_demos_draft_proposes_at_least_five_opportunities_biggest_first_each_opening_an_action(demo_db):
    from relclient.closed_loop import prefill
    from relclient.reviews import list_reviews
    from relclient.store import Store

    store = Store(demo_db, read_only=True)
    try:
        draft = int(list_reviews(store).query("status == 'draft'").iloc[0]["review_id"])
        proposed = review_content(store, draft).proposed
        assert len(proposed) >= 5
        sizes = [p["size"] for p in proposed]
        assert sizes == sorted(sizes, reverse=True) and sizes[-1] > 0
        assert len({p["kind"] for p in proposed}) >= 3  # not only KPIs: routes, detractors, channels…
        assert all(p["kind"] != "kpi" or p["n"] >= 30 for p in proposed)
        for p in proposed:
            assert prefill(store, p["source"], "en").kpi_id
    finally:
        store.close()
