"""Customer distance, by hand on tests/fixtures.py, and checked independently on the demo."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from relclient.customer_distance import SILENCE_DAYS, build_customer_distance
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import Store

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_response_by_channel_is_the_kpi_layer_per_channel(kpi_store):
    view = build_customer_distance(kpi_store, JULY, "en")
    rows = {r.channel: r for r in view.by_channel.itertuples()}
    # Email in July: T1, answered in 10 h.
    assert rows["Email"].first_response_hours == pytest.approx(10.0)
    assert rows["Email"].unanswered_48h_rate == pytest.approx(0.0)
    # Chat: T3, never answered.
    assert rows["Chat"].unanswered_48h_rate == pytest.approx(100.0)
    assert pd.isna(rows["Mail"].unanswered_48h_rate)  # no mail ticket: no rate, not 0


def test_complaints_by_channel_and_category_add_up_to_the_kpi(kpi_store):
    view = build_customer_distance(kpi_store, JULY, "en")
    assert view.complaints["complaints"].sum() == compute_kpis(kpi_store, JULY, ["complaints"]).values["complaints"].value


def test_a_detractor_is_unheard_when_no_ticket_follows_the_answer(kpi_store):
    view = build_customer_distance(kpi_store, JULY, "en")
    # July detractors: S3 (C1, followed by T3 on 31 July) and S5 (C2, nothing after).
    assert view.detractors_total == 2
    assert view.detractors_unheard_total == 1
    assert list(view.detractors_unheard["customer_id"]) == ["C2"]


def test_silent_customers_have_no_contact_since_their_last_delivery(demo_db):
    store = Store(demo_db, read_only=True)
    end = date(2025, 12, 31)
    view = build_customer_distance(store, KpiFilter(Period(date(2025, 10, 1), end)), "fr")
    assert view.silent_total > 0
    for row in view.silent.head(20).itertuples():
        assert row.last_delivery < end - timedelta(days=SILENCE_DAYS)
        contacts = store.fetch_one(
            "SELECT (SELECT count(*) FROM tickets WHERE customer_id = ? AND opened_at >= ?)"
            " + (SELECT count(*) FROM survey_responses WHERE customer_id = ? AND answered_at >= ?)",
            [row.customer_id, row.last_delivery, row.customer_id, row.last_delivery])[0]
        assert contacts == 0
    store.close()


def test_complaints_follow_the_customer_and_channel_filters(demo_db):
    store = Store(demo_db, read_only=True)
    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)), segment="PME", channel="email")
    view = build_customer_distance(store, flt, "fr")
    expected = store.fetch_one(
        "SELECT count(*) FROM tickets t JOIN customers c USING (customer_id) WHERE is_complaint"
        " AND channel = 'email' AND segment = 'PME' AND opened_at >= '2025-07-01' AND opened_at < '2025-10-01'")[0]
    store.close()
    assert view.complaints["complaints"].sum() == expected > 0
