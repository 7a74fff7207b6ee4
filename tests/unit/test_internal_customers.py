"""Internal customers, by hand on tests/fixtures.py, and the trend from the KPI layer."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.internal_customers import build_internal_customers
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_pairs_come_lowest_rated_first_with_their_mean(kpi_store):
    view = build_internal_customers(kpi_store, JULY, "en")
    rows = [(r.rater_dept, r.rated_dept, r.score) for r in view.pairs.itertuples()]
    assert rows == [("Customer service", "IT", 2.0), ("Logistics", "IT", 3.0), ("IT", "Customer service", 5.0)]


def test_the_heatmap_puts_each_score_in_its_rater_row_and_rated_column(kpi_store):
    heat = build_internal_customers(kpi_store, JULY, "en").heatmap.data[0]
    row, column = list(heat.y).index("Customer service"), list(heat.x).index("IT")
    assert heat.z[row][column] == 2.0
    assert heat.z[column][row] == 5.0  # IT rates customer service 5
    assert sum(v is not None for r in heat.z for v in r) == 3


def test_the_trend_is_the_kpi_layer_month_by_month(kpi_store):
    view = build_internal_customers(kpi_store, JULY, "en")
    ys = list(view.trend.data[0].y)
    july = compute_kpis(kpi_store, JULY, ["internal_service_score"]).values["internal_service_score"].value
    assert ys[-1] == pytest.approx(july)
    assert ys[-2] == pytest.approx(1.0)  # June: the one rating of 1


def test_comments_are_listed_lowest_scores_first(demo_db):
    from relclient.store import Store

    store = Store(demo_db, read_only=True)
    view = build_internal_customers(store, KpiFilter(Period(date(2025, 1, 1), date(2025, 12, 31))), "fr")
    store.close()
    scores = list(view.comments["score"])
    assert scores == sorted(scores) and scores[0] <= 2
    assert view.pairs.iloc[0]["rated_dept"] in ("Informatique", "Logistique")
