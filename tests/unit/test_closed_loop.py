"""The closed loop: a detractor, a complaint, a bouncing ticket or a weak pair pre-fills a new
action with its link and KPI (rows of tests/fixtures.py)."""

from __future__ import annotations

import pytest

from relclient.actions import ActionError, Link
from relclient.closed_loop import prefill, source_address


def test_a_detractors_answer_prefills_its_survey_kpi_its_department_and_its_links(kpi_store):
    draft = prefill(kpi_store, "response:S3", "en")
    assert (draft.kpi_id, draft.scope_dept, draft.lead_dept) == ("nps", "customer_service", "customer_service")
    assert draft.links == (Link("response", "S3"), Link("customer", "C1"))
    assert draft.title == 'NPS 6/10: "Trop long."'
    assert "Customer C1 answered 6/10" in draft.problem
    assert prefill(kpi_store, "response:S3", "fr").title == "NPS 6/10 : « Trop long. »"


def test_a_complaint_prefills_the_complaints_kpi_for_the_department_holding_it(kpi_store):
    draft = prefill(kpi_store, "complaint:T3", "en")
    # T3 went customer service -> logistics -> customer service, and customer service holds it.
    assert (draft.kpi_id, draft.scope_dept, draft.lead_dept) == ("complaints", "customer_service", "customer_service")
    assert draft.contributors == ("logistics",)
    assert draft.links == (Link("ticket", "T3"), Link("customer", "C1"))


def test_a_bouncing_ticket_prefills_the_ping_pong_rate_with_every_department_it_went_through(kpi_store):
    draft = prefill(kpi_store, "ticket:T5", "en")
    # T5: IT -> sales -> R&D -> IT; the company's ping-pong rate, led by where it started.
    assert (draft.kpi_id, draft.scope_dept, draft.lead_dept) == ("ping_pong_rate", None, "it")
    assert draft.contributors == ("sales", "rnd", "customer_service")
    assert "IT → Sales → R&D" in draft.title


def test_a_weak_pair_prefills_the_internal_service_score_of_the_rated_department(kpi_store):
    draft = prefill(kpi_store, "pair:customer_service>it", "en")
    # Customer service rated IT 2 (July), 1 (June), 5 (August): 8 / 3 = 2.67 over 3 ratings.
    assert (draft.kpi_id, draft.scope_dept, draft.lead_dept, draft.contributors) == (
        "internal_service_score", "it", "it", ("customer_service",))
    assert "2.67/5 on average (3 ratings)" in draft.problem


@pytest.mark.parametrize("source", ["response:S404", "complaint:T404", "pair:sales>it", "happiness:1", "ticket:"])
def test_a_source_that_is_not_in_the_data_gets_a_clear_error(kpi_store, source):
    with pytest.raises(ActionError) as refused:
        prefill(kpi_store, source, "en")
    assert source in refused.value.message("en")


def test_the_dashboards_link_to_the_new_action_page_with_the_source_in_the_address():
    assert source_address("response", "R 1") == "/new-action?from=response:R%201"


def test_rows_behind_a_kpi_name_the_source_each_row_would_open_an_action_from():
    import pandas as pd

    from relclient.closed_loop import action_sources

    assert action_sources("nps", pd.DataFrame({"response_id": ["S1", "S3"], "ticket_id": [None, "T1"]})) == [
        "response:S1", "response:S3"]
    assert action_sources("complaints", pd.DataFrame({"ticket_id": ["T1"]})) == ["complaint:T1"]
    assert action_sources("resolution_hours", pd.DataFrame({"ticket_id": ["T2"]})) == ["ticket:T2"]
    assert action_sources("on_time_delivery", pd.DataFrame({"order_id": ["O1"]})) is None


def test_the_dashboards_give_each_row_its_source_in_the_rows_order(kpi_store):
    from datetime import date

    from relclient.department_view import build_department_view
    from relclient.internal_customers import build_internal_customers
    from relclient.metrics import KpiFilter
    from relclient.periods import Period
    from relclient.silo_map import build_silo_map

    july = KpiFilter(Period(date(2025, 7, 1), date(2025, 8, 1)))
    view = build_department_view(kpi_store, KpiFilter(july.period, dept="customer_service"), "en")
    # Customer service's commented answers, lowest first: S5 (nps 0), S3 (nps 6), S7 (csat 5).
    assert view.verbatim_sources == ["response:S5", "response:S3", "response:S7"]
    assert list(view.verbatims["comment"]) == ["Jamais rappelé.", "Trop long.", "Parfait."]
    silo = build_silo_map(kpi_store, july, "en")
    assert silo.route_sources == ["ticket:T3"]  # the one bounce in the period
    internal = build_internal_customers(kpi_store, KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31))), "en")
    # July's ratings: customer service → IT 2, logistics → IT 3, IT → customer service 5.
    assert internal.pair_sources == ["pair:customer_service>it", "pair:logistics>it", "pair:it>customer_service"]
    assert list(internal.pairs["rater_dept"]) == ["Customer service", "Logistics", "IT"]


def test_what_an_action_was_prefilled_from_is_said_in_words_not_codes():
    from relclient.closed_loop import source_text

    names = {"customer_service": "Service clients", "it": "Informatique"}
    assert source_text("detractors:2025-10-01:2025-12-03", "fr", names) == \
        "les détracteurs non recontactés du 01/10/2025 au 03/12/2025"
    assert source_text("kpi:nps:2025-10-01:2025-12-03", "en", names) == 'the KPI "NPS" from 1 Oct 2025 to 3 Dec 2025'
    assert source_text("channel:social:2025-10-01:2025-12-03", "fr", names) == \
        "le canal Réseaux sociaux du 01/10/2025 au 03/12/2025"
    assert source_text("pair:customer_service>it", "fr", names) == "la relation interne Service clients → Informatique"
    assert source_text("ticket:T3", "en", names) == "ticket T3"
    assert source_text("kpi:nonsense", "en", names) == "kpi:nonsense"  # unreadable: shown as given, escaped


def test_a_source_read_over_a_period_is_written_once_and_read_back_by_the_prefill():
    from datetime import date

    from relclient.closed_loop import period_source

    assert period_source("kpi", "nps", date(2025, 10, 1), date(2025, 12, 3)) == "kpi:nps:2025-10-01:2025-12-03"
    assert period_source("detractors", None, "2025-10-01", "2025-12-03") == "detractors:2025-10-01:2025-12-03"
    names = {"logistics": "Logistique"}
    from relclient.closed_loop import source_text

    assert source_text(period_source("kpi", "nps", date(2025, 10, 1), date(2025, 12, 3)), "en", names) == \
        'the KPI "NPS" from 1 Oct 2025 to 3 Dec 2025'
