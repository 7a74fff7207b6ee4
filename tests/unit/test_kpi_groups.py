"""The KPI layer split by one dimension (channel, category, segment, department, reach, pair) and
with a row filter: each group equals the KPI layer filtered to it, and the dashboards read it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from relclient.contract import CHANNELS
from relclient.metrics import KPIS, KpiFilter, compute_groups, compute_kpis
from relclient.metrics.sources import DIMENSIONS
from relclient.periods import Period

QUARTER = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))


def _same(got, expected):
    if expected.value is None:
        assert got.value is None
    else:
        assert got.value == pytest.approx(expected.value)
    assert (got.n, got.previous_n, got.significant) == (expected.n, expected.previous_n, expected.significant)
    assert got.previous == pytest.approx(expected.previous) if expected.previous is not None else got.previous is None


def test_each_channel_equals_the_kpi_layer_filtered_to_that_channel(demo):
    ticket_kpis = [k.id for k in KPIS if "channel" in k.filters]
    groups = compute_groups(demo, QUARTER, ticket_kpis, "channel", compare=True)
    assert set(groups.groups) == set(CHANNELS)
    for channel in CHANNELS:
        filtered = compute_kpis(demo, replace(QUARTER, channel=channel), ticket_kpis).values
        for kpi_id in ticket_kpis:
            _same(groups.values[channel][kpi_id], filtered[kpi_id])


def test_each_department_equals_the_kpi_layer_filtered_to_that_department(demo):
    dept_kpis = [k.id for k in KPIS if "dept" in k.filters]
    groups = compute_groups(demo, QUARTER, dept_kpis, "dept", compare=True)
    assert {"customer_service", "logistics", "it"} <= set(groups.groups)
    for dept in groups.groups:
        filtered = compute_kpis(demo, replace(QUARTER, dept=dept), dept_kpis).values
        for kpi_id in dept_kpis:
            _same(groups.values[dept][kpi_id], filtered[kpi_id])


def test_each_segment_equals_the_kpi_layer_filtered_to_that_segment(demo):
    kpis = [k.id for k in KPIS if "segment" in k.filters]
    groups = compute_groups(demo, QUARTER, kpis, "segment")
    assert set(groups.groups) == {"Particulier", "PME", "Grand compte"}
    for segment in groups.groups:
        filtered = compute_kpis(demo, replace(QUARTER, segment=segment), kpis).values
        for kpi_id in kpis:
            assert groups.values[segment][kpi_id].value == pytest.approx(filtered[kpi_id].value)
            assert groups.values[segment][kpi_id].n == filtered[kpi_id].n


def test_reach_groups_add_up_to_the_company_and_keep_their_empty_buckets(kpi_store):
    july = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))
    groups = compute_groups(kpi_store, july, ["resolution_hours", "reopen_rate"], "reach")
    assert groups.groups == list(DIMENSIONS["reach"].groups)
    # Resolved in July: T1, T6 (no transfer); T2 (sales, customer service, logistics) and T5 (IT,
    # sales, R&D): 2 departments beyond the first each.
    assert groups.sizes("reopen_rate") == [2, 0, 2, 0]
    assert groups.column("resolution_hours") == [pytest.approx(42.0), None, pytest.approx(300.0), None]


def test_a_row_filter_keeps_the_answers_about_a_ticket(kpi_store):
    july = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))
    # No answer of the fixture names a ticket: nothing is left.
    assert compute_groups(kpi_store, july, ["nps"], "reach", where="about_ticket").sizes("nps") == [0, 0, 0, 0]
    assert sum(compute_groups(kpi_store, july, ["nps"], "reach").sizes("nps")) == 6


def test_a_kpi_the_dimension_does_not_split_is_refused(kpi_store):
    with pytest.raises(ValueError, match="cannot be grouped by channel"):
        compute_groups(kpi_store, QUARTER, ["nps"], "channel")
