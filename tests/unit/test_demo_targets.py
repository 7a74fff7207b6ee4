"""The demo sets targets as a leadership team would: each KPI's best complete quarter of the last
two years, rounded, for the company and for each department on the KPIs it owns."""

from __future__ import annotations

from datetime import date


from relclient.metrics import KPIS, kpi
from relclient.targets import targets_for

# The complete quarters of the session's demo (24 months to 3 December 2025).
QUARTERS = [(date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 4, 1), date(2024, 6, 30)),
            (date(2024, 7, 1), date(2024, 9, 30)), (date(2024, 10, 1), date(2024, 12, 31)),
            (date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30)),
            (date(2025, 7, 1), date(2025, 9, 30))]


def test_the_company_has_a_target_for_every_kpi_but_those_that_grow_with_the_period(demo):
    company = targets_for(demo, None)
    # Complaints (a count) and churn (who left) grow with the period's length: no target.
    assert set(company) == {k.id for k in KPIS} - {"complaints", "churn_rate"}
    assert len(company) >= 8 and all(t.dept is None for t in company.values())


def test_a_target_is_the_best_quarter_rounded(demo):
    # On-time delivery per quarter, the plain way: orders delivered on or before the promise.
    shares = [demo.fetch_one("SELECT 100.0 * count(*) FILTER (WHERE delivered_on <= promised_on) / count(*)"
                             " FROM orders WHERE delivered_on BETWEEN ? AND ?", list(q))[0] for q in QUARTERS]
    assert targets_for(demo, None)["on_time_delivery"].value == round(max(shares))
    # Lower is better: the median resolution time of the best quarter, to the half hour.
    medians = [demo.fetch_one("SELECT quantile_cont(epoch(resolved_at - opened_at) / 3600, 0.5) FROM tickets"
                              " WHERE resolved_at >= ? AND resolved_at < ? + INTERVAL 1 DAY", list(q))[0]
               for q in QUARTERS]
    assert targets_for(demo, None)["resolution_hours"].value == round(min(medians) * 2) / 2


def test_the_departments_that_own_kpis_have_their_own_targets(demo):
    cs = targets_for(demo, "customer_service")
    own = {k.id for k in KPIS if k.owner == "customer_service" and "dept" in k.filters and not k.grows_with_length}
    assert {i for i, t in cs.items() if t.dept == "customer_service"} == own
    assert {i for i, t in targets_for(demo, "direction").items() if t.dept == "direction"} == {"internal_service_score"}
    # Marketing owns NPS; its own touchpoints get a target only when they rest on enough answers
    # (over the two years at least), else the company's applies.
    answers = demo.fetch_one("SELECT count(*) FROM survey_responses WHERE survey = 'nps' AND dept = 'marketing'"
                             " AND answered_at >= '2024-01-01' AND answered_at < '2025-10-01'")[0]
    assert targets_for(demo, "marketing")["nps"].dept == ("marketing" if answers >= 30 else None)
    # Logistics owns on-time delivery, which its filter leaves company-wide: the company's target applies.
    assert targets_for(demo, "logistics")["on_time_delivery"].dept is None


def test_every_target_is_one_the_kpis_unit_allows(demo):
    for kpi_id, target in targets_for(demo, None).items():
        assert kpi(kpi_id).unit.allows(target.value), kpi_id
