"""compute_kpis equals a plain, one-query-per-KPI reading of the contract on the demo company.

The reference below is written straight from data-contract.md, one KPI at a time, without the
KPI layer's shared row sets, period tagging or transfer pre-computation, so that a mistake in
that machinery shows up on realistic data.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import Store

PING_PONG = """EXISTS (SELECT 1 FROM ticket_transfers a, ticket_transfers b
    WHERE a.ticket_id = t.ticket_id AND b.ticket_id = t.ticket_id
      AND a.to_dept = b.from_dept AND b.transferred_at < a.transferred_at)"""
TRANSFERRED = "EXISTS (SELECT 1 FROM ticket_transfers x WHERE x.ticket_id = t.ticket_id)"
# With a department D (the contract's department scope): the tickets D took part in; handoff is
# D passing it on, ping-pong a transfer back to D later than one from D.
TOOK_PART = ("(owner_dept = $dept OR EXISTS (SELECT 1 FROM ticket_transfers x WHERE x.ticket_id = t.ticket_id"
             " AND $dept IN (x.from_dept, x.to_dept)))")
PASSED_ON = "EXISTS (SELECT 1 FROM ticket_transfers x WHERE x.ticket_id = t.ticket_id AND x.from_dept = $dept)"
CAME_BACK = """EXISTS (SELECT 1 FROM ticket_transfers a, ticket_transfers b
    WHERE a.ticket_id = t.ticket_id AND b.ticket_id = t.ticket_id
      AND a.to_dept = $dept AND b.from_dept = $dept AND b.transferred_at < a.transferred_at)"""
HOURS = "epoch({0} - opened_at) / 3600"

REFERENCE = {
    "nps": ("survey_responses", "answered_at", "survey = 'nps'",
            "100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / nullif(count(*), 0)"),
    "csat": ("survey_responses", "answered_at", "survey = 'csat'",
             "100.0 * count(*) FILTER (WHERE score >= 4) / nullif(count(*), 0)"),
    "ces": ("survey_responses", "answered_at", "survey = 'ces'", "avg(score)"),
    "complaints": ("tickets", "opened_at", "is_complaint", "count(*)"),
    "first_response_hours": ("tickets", "opened_at", "first_response_at IS NOT NULL",
                             f"quantile_cont({HOURS.format('first_response_at')}, 0.5)"),
    "unanswered_48h_rate": ("tickets", "opened_at", "true",
                            f"100.0 * count(*) FILTER (WHERE first_response_at IS NULL OR "
                            f"{HOURS.format('first_response_at')} > 48) / nullif(count(*), 0)"),
    "resolution_hours": ("tickets", "resolved_at", "true", f"quantile_cont({HOURS.format('resolved_at')}, 0.5)"),
    "reopen_rate": ("tickets", "resolved_at", "true",
                    "100.0 * count(*) FILTER (WHERE reopened_count > 0) / nullif(count(*), 0)"),
    "handoff_rate": ("tickets", "opened_at", "true",
                     f"100.0 * count(*) FILTER (WHERE {TRANSFERRED}) / nullif(count(*), 0)"),
    "ping_pong_rate": ("tickets", "opened_at", "true",
                       f"100.0 * count(*) FILTER (WHERE {PING_PONG}) / nullif(count(*), 0)"),
    "one_touch_rate": ("tickets", "resolved_at", "true",
                       f"100.0 * count(*) FILTER (WHERE NOT {TRANSFERRED} AND reopened_count = 0) / nullif(count(*), 0)"),
    "return_rate": ("orders", "ordered_at", "true", "100.0 * count(*) FILTER (WHERE returned) / nullif(count(*), 0)"),
}


def reference(store: Store, kpi_id: str, p: Period, dept: str | None, segment: str | None, channel: str | None):
    """One KPI for one period, the plain way. Values are bound; names come from the table above."""
    customer = "customer_id IN (SELECT customer_id FROM customers WHERE segment = $segment)" if segment else "true"
    if kpi_id == "on_time_delivery":
        sql = ("SELECT 100.0 * count(*) FILTER (WHERE delivered_on <= promised_on) / nullif(count(*), 0) FROM orders "
               f"WHERE delivered_on BETWEEN $d1 AND $d2 AND {customer}")
    elif kpi_id == "churn_rate":
        seg = "segment = $segment" if segment else "true"
        sql = (f"SELECT 100.0 * (SELECT count(*) FROM customers WHERE churned_on BETWEEN $d1 AND $d2 AND {seg})"
               f" / nullif((SELECT count(*) FROM customers WHERE created_on < $d1"
               f" AND (churned_on IS NULL OR churned_on >= $d1) AND {seg}), 0)")
    elif kpi_id == "internal_service_score":
        rated = "rated_dept = $dept" if dept else "true"
        sql = ("SELECT avg(score) FROM internal_ratings WHERE month >= date_trunc('month', $d1::DATE)"
               f" AND month <= date_trunc('month', $d2::DATE) AND {rated}")
    elif kpi_id == "callback_rate":
        # Detractors read from the answers; the department concerned is the answer's, else its
        # ticket's owner's, else customer service; "called" from the call-back marks.
        concerned = "coalesce(s.dept, (SELECT owner_dept FROM tickets t WHERE t.ticket_id = s.ticket_id), 'customer_service')"
        sql = ("SELECT 100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM callbacks c WHERE c.kind = 'detractor'"
               " AND c.ref = s.response_id AND c.status = 'called' AND c.done_at < s.answered_at + INTERVAL 7 DAY))"
               " / nullif(count(*), 0) FROM survey_responses s WHERE ((survey = 'nps' AND score <= 6)"
               " OR (survey = 'csat' AND score <= 2)) AND answered_at >= $d1::TIMESTAMP"
               f" AND answered_at < ($d2::DATE + 1)::TIMESTAMP AND {customer}"
               f" AND {concerned + ' = $dept' if dept else 'true'}")
    elif kpi_id == "callback_hours":
        # Calls made in the period, from when the customer spoke: the answer, or the complaint's opening.
        spoke = ("coalesce((SELECT answered_at FROM survey_responses s WHERE c.kind = 'detractor' AND s.response_id = c.ref),"
                 " (SELECT opened_at FROM tickets t WHERE c.kind = 'complaint' AND t.ticket_id = c.ref))")
        sql = (f"SELECT quantile_cont(epoch(done_at - {spoke}) / 3600, 0.5) FROM callbacks c WHERE status = 'called'"
               " AND done_at >= $d1::TIMESTAMP AND done_at < ($d2::DATE + 1)::TIMESTAMP"
               f" AND {customer} AND {'dept = $dept' if dept else 'true'}")
    else:
        table, column, condition, aggregate = REFERENCE[kpi_id]
        extra = [customer]
        if table == "tickets":
            extra += [TOOK_PART if dept else "true", "channel = $channel" if channel else "true"]
            if dept and kpi_id == "handoff_rate":
                aggregate = f"100.0 * count(*) FILTER (WHERE {PASSED_ON}) / nullif(count(*), 0)"
            if dept and kpi_id == "ping_pong_rate":
                aggregate = f"100.0 * count(*) FILTER (WHERE {CAME_BACK}) / nullif(count(*), 0)"
        elif table == "survey_responses":
            extra.append("dept = $dept" if dept else "true")
        sql = (f"SELECT {aggregate} FROM {table} t WHERE {column} >= $d1::TIMESTAMP"
               f" AND {column} < ($d2::DATE + 1)::TIMESTAMP AND {condition} AND {' AND '.join(extra)}")
    params = {"d1": p.start, "d2": p.end, "dept": dept, "segment": segment, "channel": channel}
    params = {k: v for k, v in params.items() if f"${k}" in sql}
    value = store.fetch_one(sql, params)[0]
    return None if value is None else float(value)


CASES = [
    (Period(date(2025, 7, 1), date(2025, 9, 30)), {}),
    (Period(date(2025, 4, 1), date(2025, 6, 30)), {"dept": "logistics"}),
    (Period(date(2025, 11, 4), date(2025, 12, 3)), {"segment": "PME", "channel": "email"}),
]


@pytest.mark.parametrize("period, filters", CASES)
def test_every_kpi_equals_the_plain_reading_of_the_contract_for_both_periods(demo, period, filters):
    result = compute_kpis(demo, KpiFilter(period, **filters))
    args = (filters.get("dept"), filters.get("segment"), filters.get("channel"))
    for k in KPIS:
        for p, got in ((period, result.values[k.id].value), (period.previous(), result.values[k.id].previous)):
            expected = reference(demo, k.id, p, *args)
            if expected is None:
                assert got is None, (k.id, p)
            else:
                assert got == pytest.approx(expected, rel=1e-9), (k.id, p)


def test_the_reference_is_not_vacuous(demo):
    # The cases above must compare real numbers, not two NULLs.
    p = CASES[0][0]
    assert all(reference(demo, k.id, p, None, None, None) not in (None, 0.0) for k in KPIS)
    assert p.previous().end == p.start - timedelta(days=1)


def test_every_month_of_a_trend_equals_the_kpi_layer_for_that_month(demo):
    from relclient.metrics import compute_trend

    flt = KpiFilter(Period(date(2025, 10, 1), date(2025, 12, 31)), dept="customer_service")
    trend = compute_trend(demo, flt, [k.id for k in KPIS], months=12)
    assert len(trend.months) == 12 and trend.months[0] == date(2025, 1, 1)
    for n, month in enumerate(trend.months):
        end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        single = compute_kpis(demo, KpiFilter(Period(month, end), dept="customer_service"))
        for k in KPIS:
            expected = single.values[k.id].value
            got = trend.values[k.id][n]
            assert (got is None and expected is None) or got == pytest.approx(expected), (k.id, month)
