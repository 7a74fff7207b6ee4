"""The closed loop: a detractor, a complaint, a bouncing ticket or a weak pair pre-fills a new
action with its link and KPI (rows of tests/fixtures.py)."""

from __future__ import annotations

import pytest

from relclient.actions import ActionError, Link, prefill, source_address


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
