"""The department view, computed by hand on tests/fixtures.py for July 2025."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from relclient.department_view import DEPARTMENT_KPIS, build_department_view
from relclient.departments import UnknownDepartment
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_its_kpis_are_those_a_department_filter_changes():
    ids = {k.id for k in DEPARTMENT_KPIS}
    assert {"complaints", "nps", "internal_service_score"} <= ids
    assert not ids & {"on_time_delivery", "return_rate", "churn_rate"}


def test_tiles_show_the_department_beside_the_company(kpi_store):
    view = build_department_view(kpi_store, replace(JULY, dept="customer_service"), "en")
    tiles = {tile.kpi_id: tile for tile in view.tiles}
    # Customer service took part in T1, T3 (complaints) and T2; the company has the same two complaints.
    assert tiles["complaints"].value == "2"
    assert tiles["complaints"].comparison == "Company: 2"
    assert tiles["complaints"].sample == "n = 3 (before: 2)"
    # NPS about customer service: (1 - 2) / 3; the company: 16.7.
    assert tiles["nps"].value == "-33.3 pts"
    assert tiles["nps"].comparison == "Company: 16.7 pts"
    expected = compute_kpis(kpi_store, KpiFilter(JULY.period, dept="customer_service"))
    assert view.result.values["nps"].value == expected.values["nps"].value


def test_transfers_sent_and_received_count_the_period_only(kpi_store):
    view = build_department_view(kpi_store, replace(JULY, dept="customer_service"), "en")
    rows = {r.counterpart: (r.sent, r.received) for r in view.transfers.itertuples()}
    # T2: sales -> customer service, then customer service -> logistics (10 July);
    # T3's transfers are on 1 August, T5's in June.
    assert rows == {"Sales": (0, 1), "Logistics": (1, 0)}


def test_ratings_received_and_given_are_the_months_of_the_period(kpi_store):
    view = build_department_view(kpi_store, replace(JULY, dept="customer_service"), "en")
    rows = {r.counterpart: (r.received, r.given) for r in view.ratings.itertuples()}
    assert rows["IT"] == (pytest.approx(5.0), pytest.approx(2.0))


def test_verbatims_put_the_harshest_answer_first(kpi_store):
    view = build_department_view(kpi_store, replace(JULY, dept="customer_service"), "en")
    assert list(view.verbatims["comment"]) == ["Jamais rappelé.", "Trop long.", "Parfait."]


def test_an_unknown_department_is_refused(kpi_store):
    with pytest.raises(UnknownDepartment, match="finance"):
        build_department_view(kpi_store, replace(JULY, dept="finance"), "en")
