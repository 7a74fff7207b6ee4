"""Department scopes that mean something: a department's ticket KPIs count the tickets it took part
in, handoff its own hand-offs, ping-pong the tickets that came back to it. By hand on
tests/fixtures.py (July 2025 against 31 May – 30 June), then on the demo for every department."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.contract import DEPARTMENT_CODES
from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period

JULY = Period(date(2025, 7, 1), date(2025, 7, 31))


def dept_values(store, dept):
    return compute_kpis(store, KpiFilter(JULY, dept=dept)).values


def test_handoff_and_ping_pong_read_the_departments_own_part(kpi_store):
    cs = dept_values(kpi_store, "customer_service")
    # Customer service took part in T1, T2, T3 (opened in July); it passed on T2 and T3, and T3
    # came back to it (cs → logistics, then logistics → cs); T2 reached it before it passed it on.
    assert cs["handoff_rate"].n == 3
    assert cs["handoff_rate"].value == pytest.approx(100 * 2 / 3)
    assert cs["ping_pong_rate"].value == pytest.approx(100 / 3)
    # Before (June): T5 and T7, both its own, neither passed on by it.
    assert (cs["handoff_rate"].previous, cs["ping_pong_rate"].previous, cs["handoff_rate"].previous_n) == (0.0, 0.0, 2)


def test_a_department_that_only_receives_tickets_still_has_a_handoff_rate_below_100(kpi_store):
    logistics = dept_values(kpi_store, "logistics")
    # Logistics took part in T2 (received it and kept it) and T3 (received it, passed it back).
    assert logistics["handoff_rate"].n == 2
    assert logistics["handoff_rate"].value == pytest.approx(50.0)
    assert logistics["ping_pong_rate"].value == pytest.approx(0.0)
    assert logistics["complaints"].value == 1  # T3


def test_a_ticket_that_came_back_counts_for_the_department_it_came_back_to(kpi_store):
    # T5 (June): IT → sales → R&D → IT. For IT: passed on, and back to it; for sales: passed on, not back.
    it, sales = dept_values(kpi_store, "it"), dept_values(kpi_store, "sales")
    assert (it["handoff_rate"].previous, it["ping_pong_rate"].previous) == (100.0, 100.0)
    assert (sales["handoff_rate"].previous, sales["ping_pong_rate"].previous) == (100.0, 0.0)
    # July: sales took part in T2 (passed it to customer service) and T6 (its own): 1 of 2 passed on.
    assert sales["handoff_rate"].value == pytest.approx(50.0)
    # Resolved in July with IT: T5 only (360 h, transferred: not one-touch).
    assert (it["resolution_hours"].value, it["one_touch_rate"].value, it["handoff_rate"].n) == (360.0, 0.0, 0)


def test_the_figure_details_list_the_tickets_the_department_took_part_in(kpi_store):
    from relclient.customer360 import rows_behind

    total, rows = rows_behind(kpi_store, "handoff_rate", KpiFilter(JULY, dept="customer_service"))
    assert total == 3 and sorted(rows["ticket_id"]) == ["T1", "T2", "T3"]
    assert dict(zip(rows["ticket_id"], rows["passed_on"])) == {"T1": False, "T2": True, "T3": True}


def test_no_department_kpi_of_the_demo_is_fixed_by_construction(demo):
    """Over the demo's two years, every rate of every department that rests on enough rows lies
    strictly between 0 and 100: none is true by construction (always 0 % or 100 %)."""
    two_years = KpiFilter(Period(date(2024, 1, 1), date(2025, 12, 31)))
    fixed = []
    for dept in sorted(DEPARTMENT_CODES):
        values = compute_kpis(demo, KpiFilter(two_years.period, dept=dept)).values
        for k in KPIS:
            v = values[k.id]
            if "dept" in k.filters and k.unit.id == "percent" and v.n >= 30 and v.value in (0.0, 100.0):
                fixed.append((dept, k.id, v.value))
    assert fixed == []
    # The departments that handle tickets all have figures to judge.
    handled = {d for d in DEPARTMENT_CODES if compute_kpis(demo, KpiFilter(two_years.period, dept=d),
                                                           ["one_touch_rate"]).values["one_touch_rate"].n >= 30}
    assert handled >= {"customer_service", "logistics", "sales", "it", "rnd", "production", "communication"}
