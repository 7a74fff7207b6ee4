"""Each KPI against values computed by hand from tests/fixtures.py (July 2025 vs 31 May–30 June)."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.contract import DEPARTMENT_CODES
from relclient.metrics import KPIS, KpiFilter, compute_kpis, kpi_query
from relclient.periods import Period

JULY = Period(date(2025, 7, 1), date(2025, 7, 31))


def values(store, **filters):
    result = compute_kpis(store, KpiFilter(JULY, **filters))
    return {k: v.value for k, v in result.values.items()}, {k: v.previous for k, v in result.values.items()}


# --- company-wide, July -------------------------------------------------------------------
# Tickets opened in July: T1, T2, T3, T6 (T4 opens at 1 Aug 00:00, T5 and T7 in June).
# Resolved in July: T1 (24 h), T2 (240 h), T5 (360 h), T6 (60 h).
# NPS answers in July: S1 10, S2 9, S3 6, S4 7, S5 0, S6 9 -> 3 promoters, 2 detractors of 6.
# CSAT: S7 5, S8 4, S9 3 -> 2 of 3. CES: S10 7, S11 2 -> 4.5.
# Orders delivered in July: O1 on time, O2 late, O4 late. Ordered in July: O1, O3, O4 (returned), O5.
# Churn: C2 and C3 churn in July; active at 1 July: C1, C2, C5 (C3, C6 created later, C4 gone).
# Ratings of July: 2, 3, 5. Detractors of July: S3 (called back after 30 h) and S5 (never).
JULY_EXPECTED = {
    "nps": 100 * (3 - 2) / 6,
    "csat": 100 * 2 / 3,
    "ces": 4.5,
    "complaints": 2,                     # T1, T3
    "first_response_hours": 48.0,        # median of 10, 72, 48
    "unanswered_48h_rate": 100 * 2 / 4,  # T3 never, T2 after 72 h; T6 at exactly 48 h is in time
    "resolution_hours": (60 + 240) / 2,  # median of 24, 60, 240, 360
    "reopen_rate": 100 * 1 / 4,          # T2
    "handoff_rate": 100 * 2 / 4,         # T2, T3
    "ping_pong_rate": 100 * 1 / 4,       # T3 (T2 received then passed on: no ping-pong)
    "one_touch_rate": 100 * 2 / 4,       # T1, T6
    "on_time_delivery": 100 * 1 / 3,
    "return_rate": 100 * 1 / 4,
    "churn_rate": 100 * 2 / 3,
    "internal_service_score": (2 + 3 + 5) / 3,
    "callback_rate": 100 * 1 / 2,        # S3 within 7 days, S5 not
    "callback_hours": 30.0,              # the one call of July
}

# Previous period, 31 May – 30 June: opened T5 (1 h, ping-pong via IT) and T7 (0.5 h, complaint);
# resolved T7 only (24 h, reopened); one NPS answer (3); no CSAT or CES answer (NULL, never 0);
# no delivery (NULL); ordered O2 (returned); churn C4 of C1, C2, C4; the June rating 1.
JUNE_EXPECTED = {
    "nps": -100.0,
    "csat": None,
    "ces": None,
    "complaints": 1,
    "first_response_hours": 0.75,
    "unanswered_48h_rate": 0.0,
    "resolution_hours": 24.0,
    "reopen_rate": 100.0,
    "handoff_rate": 50.0,
    "ping_pong_rate": 50.0,
    "one_touch_rate": 0.0,
    "on_time_delivery": None,
    "return_rate": 100.0,
    "churn_rate": 100 * 1 / 3,
    "internal_service_score": 1.0,
    "callback_rate": 0.0,                # S13 never called back
    "callback_hours": None,              # no call in June
}


@pytest.mark.parametrize("kpi_id", [k.id for k in KPIS])
def test_each_kpi_equals_its_hand_computed_value_for_july(kpi_store, kpi_id):
    current, _ = values(kpi_store)
    assert current[kpi_id] == pytest.approx(JULY_EXPECTED[kpi_id])


@pytest.mark.parametrize("kpi_id", [k.id for k in KPIS])
def test_each_kpi_of_the_previous_period_equals_its_hand_computed_value(kpi_store, kpi_id):
    _, previous = values(kpi_store)
    expected = JUNE_EXPECTED[kpi_id]
    if expected is None:
        assert previous[kpi_id] is None
    else:
        assert previous[kpi_id] == pytest.approx(expected)


def test_an_empty_period_gives_zero_counts_and_null_rates(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(Period(date(2030, 1, 1), date(2030, 1, 31))))
    for k in KPIS:
        if k.id == "churn_rate":
            continue  # C1, C5 and C6 are still customers in 2030: nobody left, a real 0 %
        expected = 0 if k.is_count else None
        assert result.values[k.id].value == expected, k.id
        assert result.values[k.id].previous == expected, k.id


def test_churn_is_zero_when_customers_are_active_and_none_leave(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(Period(date(2030, 1, 1), date(2030, 1, 31))))
    assert result.values["churn_rate"].value == 0.0


def test_an_empty_database_gives_zero_counts_and_null_rates(store):
    result = compute_kpis(store, KpiFilter(JULY))
    assert result.values["complaints"].value == 0
    assert result.values["nps"].value is None
    assert result.values["churn_rate"].value is None


def test_the_department_filter_keeps_the_tickets_it_took_part_in_its_surveys_and_ratings(kpi_store):
    current, _ = values(kpi_store, dept="customer_service")
    # Opened in July with customer service taking part: T1 (owns it, 10 h), T2 (received it from
    # sales, passed it to logistics; 72 h), T3 (owns it, never answered).
    assert current["complaints"] == 2                              # T1, T3
    assert current["first_response_hours"] == pytest.approx(41.0)  # median of 10 and 72
    assert current["unanswered_48h_rate"] == pytest.approx(100 * 2 / 3)  # T2 after 72 h, T3 never
    # Resolved in July with customer service: T1 (24 h), T2 (240 h, reopened), T5 (owns it, 360 h).
    assert current["resolution_hours"] == pytest.approx(240.0)
    assert current["reopen_rate"] == pytest.approx(100 / 3)
    assert current["one_touch_rate"] == pytest.approx(100 / 3)     # T1 only: T2 and T5 were transferred
    # NPS answers about customer service: S1 10, S3 6, S5 0 -> (1 - 2) / 3.
    assert current["nps"] == pytest.approx(-100 / 3)
    assert current["ces"] is None  # both CES answers are about logistics
    # Ratings received by customer service in July: 5.
    assert current["internal_service_score"] == pytest.approx(5.0)
    # Orders and churn stay company-wide.
    assert current["on_time_delivery"] == pytest.approx(JULY_EXPECTED["on_time_delivery"])
    assert current["churn_rate"] == pytest.approx(JULY_EXPECTED["churn_rate"])


def test_the_rated_department_filter_averages_what_it_receives(kpi_store):
    current, previous = values(kpi_store, dept="it")
    assert current["internal_service_score"] == pytest.approx(2.5)  # 2 and 3
    assert previous["internal_service_score"] == pytest.approx(1.0)


def test_the_segment_filter_goes_through_the_customer_row(kpi_store):
    current, _ = values(kpi_store, segment="PME")  # customers C1, C3, C6
    assert current["complaints"] == 2                            # T1, T3 (C1); T6's customer is unknown
    assert current["nps"] == pytest.approx(100 * (2 - 1) / 3)    # S1 10, S3 6, S6 9
    assert current["csat"] == pytest.approx(100.0)               # S7 5
    assert current["on_time_delivery"] == pytest.approx(50.0)    # O1 on time, O4 late
    assert current["return_rate"] == pytest.approx(100 / 3)      # O1, O3, O4 (returned)
    assert current["churn_rate"] == pytest.approx(100.0)         # C3 churned; C1 active at start
    assert current["internal_service_score"] == pytest.approx(10 / 3)  # not customer-linked


def test_the_region_filter_goes_through_the_customer_row(kpi_store):
    current, _ = values(kpi_store, region="Normandie")  # C3, C4
    assert current["complaints"] == 0  # T4 opens in August
    assert current["on_time_delivery"] == pytest.approx(0.0)  # O4 late
    assert current["churn_rate"] is None  # nobody in Normandie was active on 1 July


def test_the_channel_filter_restricts_ticket_kpis_only(kpi_store):
    current, _ = values(kpi_store, channel="email")
    assert current["complaints"] == 1                          # T1
    assert current["first_response_hours"] == pytest.approx(10.0)
    assert current["resolution_hours"] == pytest.approx(192.0)  # T1 24 h, T5 360 h
    assert current["one_touch_rate"] == pytest.approx(50.0)
    assert current["nps"] == pytest.approx(JULY_EXPECTED["nps"])


def test_ratings_of_a_month_shared_by_both_periods_count_in_each(kpi_store):
    # 15–31 July; the previous period, 28 June – 14 July, spans June and July.
    result = compute_kpis(kpi_store, KpiFilter(Period(date(2025, 7, 15), date(2025, 7, 31))))
    assert result.values["internal_service_score"].value == pytest.approx(10 / 3)
    assert result.values["internal_service_score"].previous == pytest.approx((1 + 2 + 3 + 5) / 4)


def test_a_subset_of_kpis_comes_back_in_the_order_asked(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(JULY), ["return_rate", "nps", "complaints", "nps"])
    assert list(result.values) == ["return_rate", "nps", "complaints"]
    assert result.values["nps"].value == pytest.approx(JULY_EXPECTED["nps"])


def test_filter_values_travel_as_bound_parameters(kpi_store):
    hostile = "x' OR '1'='1"
    sql, params = kpi_query(["complaints"], KpiFilter(JULY, segment=hostile))
    assert hostile not in sql
    assert params["segment"] == hostile
    current, _ = values(kpi_store, segment=hostile)
    assert current["complaints"] == 0


def test_the_registry_describes_every_kpi_in_both_languages():
    contract_ids = {"nps", "csat", "ces", "complaints", "first_response_hours", "unanswered_48h_rate",
                    "resolution_hours", "reopen_rate", "handoff_rate", "ping_pong_rate", "one_touch_rate",
                    "on_time_delivery", "return_rate", "churn_rate", "internal_service_score"}
    voice_ids = {"callback_rate", "callback_hours"}  # the voice of the customer's (README, "KPIs")
    assert {k.id for k in KPIS} == contract_ids | voice_ids
    for k in KPIS:
        assert k.label_fr and k.label_en and k.definition_fr and k.definition_en
        assert k.definition_fr != k.definition_en
        assert k.owner in DEPARTMENT_CODES
        assert k.datasets


def test_a_monthly_trend_gives_each_month_the_value_of_that_month_alone(kpi_store):
    from relclient.metrics import compute_trend

    trend = compute_trend(kpi_store, KpiFilter(JULY), [k.id for k in KPIS], months=2)
    assert trend.months == [date(2025, 6, 1), date(2025, 7, 1)]
    for k in KPIS:
        assert trend.values[k.id][1] == pytest.approx(JULY_EXPECTED[k.id]), k.id
    june = compute_kpis(kpi_store, KpiFilter(Period(date(2025, 6, 1), date(2025, 6, 30))))
    for k in KPIS:
        assert trend.values[k.id][0] == june.values[k.id].value or (
            trend.values[k.id][0] == pytest.approx(june.values[k.id].value)), k.id


def test_the_last_month_of_a_trend_stops_at_the_period_end(kpi_store):
    from relclient.metrics import compute_trend

    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 15)))
    trend = compute_trend(kpi_store, flt, ["complaints", "internal_service_score"], months=1)
    assert trend.months == [date(2025, 7, 1)]
    assert trend.values["complaints"] == [1]  # T1 only: T3 opens on the 31st
    assert trend.values["internal_service_score"] == [pytest.approx(10 / 3)]
