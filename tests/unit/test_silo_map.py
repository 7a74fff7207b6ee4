"""The silo map, computed by hand on tests/fixtures.py, and its flows against the data."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.reference import department_names

from relclient.metrics import KpiFilter
from relclient.periods import Period
from relclient.silo_map import build_silo_map
from relclient.store import Store

JULY_AUGUST = KpiFilter(Period(date(2025, 7, 1), date(2025, 8, 31)))


def test_flows_are_the_transfers_of_the_period_by_route(kpi_store):
    silo = build_silo_map(kpi_store, JULY_AUGUST, "en")
    flows = {(r.from_dept, r.to_dept): r.transfers for r in silo.flows.itertuples()}
    # T2 (10 July) and T3 (1 August); T5's transfers are in June.
    assert flows == {("sales", "customer_service"): 1, ("customer_service", "logistics"): 2,
                     ("logistics", "customer_service"): 1}
    assert silo.total_transfers == 4


def test_ping_pong_routes_name_the_pair_tickets_bounce_between(kpi_store):
    silo = build_silo_map(kpi_store, JULY_AUGUST, "en")
    # Tickets opened in July–August: T2 (no bounce), T3 (customer service ⇄ logistics), T4, T6.
    assert list(silo.ping_pong_routes["route"]) == ["Customer service ⇄ Logistics"]
    assert list(silo.ping_pong_routes["tickets"]) == [1]
    # T2 and T3 both went through that pair; one of them bounced.
    assert list(silo.ping_pong_routes["share"]) == [pytest.approx(50.0)]


def test_the_cost_of_silos_groups_tickets_by_departments_beyond_the_first(kpi_store):
    cost = build_silo_map(kpi_store, KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31))), "en").cost
    rows = {r.bucket: r for r in cost.itertuples()}
    # Resolved in July: T1 (24 h) and T6 (60 h) with no transfer; T2 through sales, customer
    # service, logistics (2 beyond the first, 240 h, reopened); T5 through it, sales, rnd (2, 360 h).
    assert rows["0"].tickets == 2 and rows["0"].median_hours == pytest.approx(42.0)
    assert rows["2"].tickets == 2 and rows["2"].median_hours == pytest.approx(300.0)
    assert rows["2"].reopen_rate == pytest.approx(50.0)
    assert rows["1"].tickets == 0 and rows["3+"].tickets == 0
    assert list(cost["bucket"]) == ["0", "1", "2", "3+"]


def test_the_flows_sum_to_the_transfers_in_the_data(demo_db):
    store = Store(demo_db, read_only=True)
    flt = KpiFilter(Period(date(2025, 1, 1), date(2025, 12, 31)))
    silo = build_silo_map(store, flt, "fr")
    names = department_names(store, "fr")
    in_data = store.fetch_one("SELECT count(*) FROM ticket_transfers WHERE transferred_at >= ? AND transferred_at < ?",
                              [flt.period.ts_start, flt.period.ts_end_exclusive])[0]
    store.close()
    assert silo.total_transfers == in_data > 0
    sankey = silo.sankey.data[0]
    assert sum(sankey.link.value) == in_data
    # Each node says its department and its count; a department has one colour on both sides.
    sent = silo.flows.groupby("from_dept")["transfers"].sum()
    first = sorted(sent.index)[0]
    assert sankey.node.label[0] == f"{names[first]} ({sent[first]:,}) →".replace(",", "\u202f")
    colours = dict(zip(sankey.node.label, sankey.node.color))
    assert len(set(sankey.node.color)) > 1
    for label, colour in colours.items():
        if label.startswith("→ "):
            twin = next((c for lbl, c in colours.items() if lbl.endswith(" →") and lbl.split(" (")[0] == label[2:].split(" (")[0]), None)
            assert twin in (None, colour)


def test_tickets_passed_through_more_departments_score_worse_in_the_demo(demo_db):
    store = Store(demo_db, read_only=True)
    cost = build_silo_map(store, KpiFilter(Period(date(2025, 1, 1), date(2025, 12, 31))), "fr").cost
    store.close()
    nps = dict(zip(cost["bucket"], cost["nps"]))
    assert nps["0"] > nps["1"] > nps["3+"]
