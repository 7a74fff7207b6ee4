"""What the review pages used to work out themselves, now in relclient.reviews.forms and .views:
the new review's proposal and period, the forms' writes and their refusals (in both languages),
the comparison's KPI changes, the list's progress, and who may do what. Figures computed by hand."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from relclient.auth import User
from relclient.departments import UnknownDepartment
from relclient.periods import Period
from relclient.reviews import Review, ReviewContent, ReviewError, decisions, get_review, hold_review, list_reviews
from relclient.reviews.forms import (
    DecisionForm,
    NewReview,
    Preparation,
    chosen_period,
    decide,
    open_or_create,
    prepare,
    proposal,
    save_opportunities,
)
from relclient.reviews.queries import review_texts
from relclient.reviews.views import (
    STEPS,
    access,
    closing_question,
    comparison,
    decision_table,
    next_step,
    opportunities_draft,
    review_groups,
    step_label,
)
from tests.action_helpers import PEOPLE, people

JULY = Period(date(2025, 7, 1), date(2025, 7, 31))
BOSS = PEOPLE["boss"][0]
NAMES = {email: name for email, name, _, _ in PEOPLE.values()}
DEPTS = {"logistics": "Logistique", "sales": "Ventes"}


@pytest.fixture
def crew(kpi_store):
    return people(kpi_store)


def _review(status: str = "held", **changes: object) -> Review:
    stamp = datetime(2025, 10, 1, 9, 0)
    fields = dict(review_id=4, title="Revue T4", period_start=date(2025, 10, 1), period_end=date(2025, 12, 31),
                  meeting_date=None, chair=BOSS, status=status, resource_needs="", target_changes="",
                  created_by=BOSS, created_at=stamp, updated_by=BOSS, updated_at=stamp)
    return Review(**(fields | changes))


def _content(*, through: str = "2025-12-31", previous: dict | None = None, **changes: object) -> ReviewContent:
    # The fourth quarter (92 days); `through` before its end makes it a period still running.
    inputs = {"period": {"start": "2025-10-01", "end": "2025-12-31", "through": through, "days": 64 if through < "2025-12-31" else 92,
                         "of": 92},
              "kpis": {"nps": {"value": 30.0, "previous_period": 35.0}, "csat": {"value": 80.0, "previous_period": None},
                       "ces": {"value": None, "previous_period": 4.0}},
              "decided_actions": [{"action_id": 12, "title": "Rappeler les détracteurs", "status": "done"},
                                  {"action_id": 15, "title": "Former l'accueil", "status": "blocked"}]}
    fields = dict(review=_review(), frozen=False, inputs=inputs, comments={}, opportunities=[], proposed=[],
                  decisions=[], previous=previous, previous_title="Revue T3" if previous else None)
    return ReviewContent(**(fields | changes))


def test_a_new_review_proposes_the_quarter_of_the_latest_data_titled_after_it():
    fourth = proposal(date(2025, 12, 3), date(2026, 2, 10), "fr")
    assert (fourth.title, fourth.period) == ("Revue de direction T4 2025", Period(date(2025, 10, 1), date(2025, 12, 31)))
    # Without data, today's quarter: 10 February is in January–March, the first.
    first = proposal(None, date(2026, 2, 10), "en")
    assert (first.title, first.period) == ("Management review Q1 2026", Period(date(2026, 1, 1), date(2026, 3, 31)))


def test_the_period_picker_is_refused_until_both_days_are_chosen_in_order_in_both_languages():
    assert chosen_period((date(2026, 1, 1), date(2026, 3, 31))) == Period(date(2026, 1, 1), date(2026, 3, 31))
    with pytest.raises(ReviewError) as one_day:
        chosen_period((date(2026, 1, 1),))
    assert one_day.value.message("fr") == "Choisissez le premier et le dernier jour de la période."
    assert one_day.value.message("en") == "Pick the first and the last day of the period."
    with pytest.raises(ReviewError) as reversed_days:
        chosen_period((date(2026, 3, 31), date(2026, 1, 1)))
    assert reversed_days.value.message("fr") == ("La période finit avant de commencer : choisissez son premier jour, "
                                                 "puis son dernier.")
    assert reversed_days.value.message("en") == "The period ends before it starts: pick its first day, then its last."


def test_a_period_that_has_its_review_opens_it_instead_of_making_a_second(kpi_store, crew):
    form = NewReview("Revue de juillet", (JULY.start, JULY.end), BOSS)
    made = open_or_create(kpi_store, crew["boss"], form)
    again = open_or_create(kpi_store, crew["boss"], NewReview("Une autre", (JULY.start, JULY.end), BOSS))
    assert made.created and not again.created and again.review_id == made.review_id
    assert list(list_reviews(kpi_store)["title"]) == ["Revue de juillet"]


def test_a_refused_new_review_writes_nothing(kpi_store, crew):
    with pytest.raises(ReviewError, match="first and the last day"):
        open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start,), BOSS))
    with pytest.raises(ReviewError) as no_chair:
        open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start, JULY.end), None))
    assert no_chair.value.message("fr").startswith("Le président de séance doit être un compte actif de la direction")
    assert no_chair.value.message("en").startswith("The chair must be an active leadership account")
    assert list_reviews(kpi_store).empty


def test_a_decision_becomes_an_action_only_when_the_form_says_so(kpi_store, crew):
    review_id = open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start, JULY.end), BOSS)).review_id
    kept = decide(kpi_store, crew["boss"], review_id,
                  DecisionForm("Suivre les délais", "logistics", BOSS, None, False, "on_time_delivery"))
    acted = decide(kpi_store, crew["boss"], review_id,
                   DecisionForm("Tenir les délais", "logistics", BOSS, date(2025, 9, 30), True, "on_time_delivery",
                                ("sales",)))
    assert kept.action_id is None and acted.action_id is not None
    assert kpi_store.fetch_one("SELECT kpi_id, lead_dept FROM actions WHERE action_id = ?", [acted.action_id]) == (
        "on_time_delivery", "logistics")
    assert [d.text for d in decisions(kpi_store, review_id)] == ["Suivre les délais", "Tenir les délais"]


def test_a_decision_for_an_unknown_or_retired_department_is_refused_in_both_languages(kpi_store, crew):
    review_id = open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start, JULY.end), BOSS)).review_id
    with pytest.raises(UnknownDepartment) as unknown:
        decide(kpi_store, crew["boss"], review_id, DecisionForm("Faire mieux", "nowhere", BOSS, None, False, None))
    assert unknown.value.message("fr").startswith("« nowhere » n'est pas un service du référentiel (services : ")
    assert unknown.value.message("en").startswith("'nowhere' is not a department of the reference list (departments: ")
    kpi_store.transaction(lambda cur: cur.execute("UPDATE departments SET active = false WHERE code = 'sales'"))
    with pytest.raises(UnknownDepartment, match="'sales' is not a department"):
        decide(kpi_store, crew["boss"], review_id, DecisionForm("Vendre mieux", "sales", BOSS, None, False, None))
    with pytest.raises(ReviewError) as empty:
        decide(kpi_store, crew["boss"], review_id, DecisionForm("  ", "logistics", BOSS, None, False, None))
    assert (empty.value.message("fr"), empty.value.message("en")) == ("La décision est vide.", "The decision is empty.")
    assert decisions(kpi_store, review_id) == []


def test_the_preparation_sets_the_planned_day_only_while_the_review_is_a_draft(kpi_store, crew):
    review_id = open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start, JULY.end), BOSS)).review_id
    prepare(kpi_store, crew["boss"], get_review(kpi_store, review_id),
            Preparation("Revue de juillet", (BOSS,), ("logistics",), date(2025, 8, 5)))
    draft = get_review(kpi_store, review_id)
    assert (draft.title, draft.people, draft.departments, draft.meeting_date) == (
        "Revue de juillet", (BOSS,), ("logistics",), date(2025, 8, 5))
    hold_review(kpi_store, crew["boss"], review_id, date(2025, 8, 6))
    prepare(kpi_store, crew["boss"], get_review(kpi_store, review_id),
            Preparation("Revue de juillet", (BOSS,), ("logistics",), date(2025, 9, 1)))
    assert get_review(kpi_store, review_id).meeting_date == date(2025, 8, 6)  # the day it was held stays
    with pytest.raises(UnknownDepartment, match="nowhere"):
        prepare(kpi_store, crew["boss"], get_review(kpi_store, review_id),
                Preparation("Revue de juillet", (), ("logistics", "nowhere"), None))
    assert get_review(kpi_store, review_id).departments == ("logistics",)


def test_the_opportunities_box_is_saved_one_per_line_without_the_blank_ones(kpi_store, crew):
    review_id = open_or_create(kpi_store, crew["boss"], NewReview("Revue", (JULY.start, JULY.end), BOSS)).review_id
    save_opportunities(kpi_store, crew["boss"], review_id, "Rappeler les détracteurs\n\n   Former l'accueil  \n")
    assert review_texts(kpi_store, review_id)["opportunities"] == ["Rappeler les détracteurs", "Former l'accueil"]
    assert opportunities_draft(_content(opportunities=["Rappeler", "Former"]), "fr", DEPTS) == "Rappeler\nFormer"


def test_the_comparison_sets_each_kpi_against_the_previous_review_when_both_periods_are_complete():
    before = {"kpis": {"nps": {"value": 22.5}, "csat": {"value": 85.0}, "ces": {"value": 4.0}}}
    shown = comparison(_content(previous=before), "fr")
    assert not shown.running and shown.note.startswith("Chaque indicateur face à la revue « Revue T3 »")
    assert shown.kpis.columns == ["Indicateur", "Cette revue", "Revue précédente", "Écart"]
    # NPS 30.0 against 22.5: +7.5 points; CSAT 80.0 against 85.0: -5.0 points; CES has no figure now.
    assert shown.kpis.rows == [["NPS", "30,0 pts", "22,5 pts", "+7,5 pts"],
                               ["Satisfaction (CSAT)", "80,0 %", "85,0 %", "-5,0 pts"],
                               [shown.kpis.rows[2][0], "—", shown.kpis.rows[2][2], "—"]]
    assert shown.done == ["#12 Rappeler les détracteurs"]
    assert shown.not_done == ["#15 Former l'accueil · Bloquée"]


def test_while_the_period_runs_the_comparison_is_with_as_many_days_before_never_the_previous_review():
    before = {"kpis": {"nps": {"value": 22.5}, "csat": {"value": 85.0}, "ces": {"value": 4.0}}}
    shown = comparison(_content(through="2025-12-03", previous=before), "en")
    assert shown.running and "same 64 days before" in shown.note
    assert shown.kpis.columns[2] == "Previous period"
    # NPS 30.0 against the same days before, 35.0: -5.0 points; CSAT has nothing before.
    assert shown.kpis.rows[:2] == [["NPS", "30.0 pts", "35.0 pts", "-5.0 pts"],
                                   ["Satisfaction (CSAT)", "80.0 %", "—", "—"]]
    assert comparison(_content(), "en") is None  # a complete period and no review before: nothing to compare


def test_the_decisions_read_their_due_day_the_readers_way_and_the_action_they_became():
    decided = [{"text": "Tenir les délais", "owner_dept": "logistics", "sponsor": BOSS, "due_date": "2025-12-31",
                "action_id": 12},
               {"text": "Suivre", "owner_dept": "gone", "sponsor": "old@example.fr", "due_date": None, "action_id": None}]
    fr = decision_table(_content(decisions=decided), "fr", DEPTS, NAMES)
    assert fr.rows == [["Tenir les délais", "Logistique", "Bea Boss", "31/12/2025", "#12"],
                       ["Suivre", "gone", "old@example.fr", "—", "—"]]
    assert decision_table(_content(decisions=decided), "en", DEPTS, NAMES).rows[0][3] == "31 Dec 2025"


def test_closing_a_period_still_running_asks_to_confirm_with_its_days():
    assert closing_question(_content(through="2025-12-03"), "fr") == (
        "La période n'est pas terminée (données jusqu'au 03/12/2025, 64 j sur 92) : je clos quand même, et le "
        "compte rendu le dira.")
    assert closing_question(_content(through="2025-12-03"), "en").startswith(
        "The period is not over (data up to 3 Dec 2025, 64 of 92 days)")
    assert closing_question(_content(), "fr") is None


def _listed(**row: object) -> pd.DataFrame:
    base = {"review_id": 4, "title": "Revue T4", "period_start": pd.Timestamp("2025-10-01"),
            "period_end": pd.Timestamp("2025-12-31"), "meeting_date": pd.NaT, "status": "draft", "chair": BOSS,
            "decisions": 4, "actions": 3, "done": 2, "open": 1}
    return pd.DataFrame([base | row])


def test_the_list_shows_each_reviews_share_of_actions_done_and_an_open_period_to_date():
    (upcoming, [row]), (past, none) = review_groups(_listed(), date(2025, 12, 3), "fr")
    assert (upcoming, past, none) == ("À venir et en cours", "Passées", [])
    # 2 of its 3 actions done; 1 October to 3 December is 64 of the quarter's 92 days.
    assert row.done_share == pytest.approx(2 / 3)
    assert row.progress == "2 actions terminées sur 3 (4 décisions)"
    assert row.line == "Du 01/10/2025 au 31/12/2025 · En préparation · réunion le —"
    assert row.to_date == "à date (64 j sur 92)"
    (_, none), (_, [closed]) = review_groups(_listed(status="closed", actions=0, done=0,
                                                     meeting_date=pd.Timestamp("2026-01-08")), date(2025, 12, 3), "en")
    assert none == [] and closed.done_share is None and closed.to_date is None
    assert (closed.progress, closed.line) == ("4 decisions, no action",
                                              "1 Oct 2025 to 31 Dec 2025 · Closed · meeting on 8 Jan 2026")


def test_the_steps_go_through_the_inputs_then_decide_compare_write_and_hold():
    assert STEPS[-4:] == ("decisions", "compare", "minutes", "meeting")
    assert next_step("opportunities") == "decisions" and next_step("meeting") is None
    assert step_label("satisfaction", "en") == "Customer satisfaction and feedback"
    assert step_label("minutes", "fr") == "Compte rendu"


def test_only_leadership_changes_a_review_not_closed_and_only_its_chair_reopens_it():
    boss, other = User(*PEOPLE["boss"]), User(*PEOPLE["chair"])
    viewer = User(*PEOPLE["viewer"])
    held, closed = _review("held"), _review("closed")
    assert access(held, boss, "fr").editable and not access(closed, boss, "fr").editable
    refused = access(held, viewer, "en")
    assert not refused.editable and refused.refusal.startswith("Not allowed: management reviews are prepared and held by")
    assert access(closed, boss, "en").reopen_refusal is None
    assert BOSS in access(closed, other, "fr").reopen_refusal
