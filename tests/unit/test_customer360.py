"""Customer 360 and the rows behind a figure, by hand on tests/fixtures.py."""

from __future__ import annotations

from datetime import date

import pytest

from relclient.customer360 import customer_record, rows_behind
from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_a_customer_timeline_holds_every_event_newest_first(kpi_store):
    record = customer_record(kpi_store, "C1", "en")
    assert record.info["segment"] == "PME"
    # Tickets T1, T3, T7 opened; T3's 2 transfers; T1 and T7 answered and resolved; answers
    # S1, S3, S6, S7, S10, S12, S13; orders O1, O3; O1 delivered.
    assert len(record.timeline) == 3 + 2 + 2 + 2 + 7 + 2 + 1
    assert list(record.timeline["at"]) == sorted(record.timeline["at"], reverse=True)
    transfer = record.timeline[record.timeline["what"] == "Ticket transferred"]
    assert set(transfer["detail"]) == {"Customer service → Logistics", "Logistics → Customer service"}
    assert "Complaint opened" in set(record.timeline["what"])


def test_a_customer_known_only_from_tickets_still_has_a_timeline(kpi_store):
    record = customer_record(kpi_store, "C9", "fr")
    assert record.info is None
    assert set(record.timeline["reference"]) == {"T6", "S4"}


@pytest.mark.parametrize("kpi_id, expected", [
    ("complaints", {"T1", "T3"}),
    ("handoff_rate", {"T1", "T2", "T3", "T6"}),
    ("resolution_hours", {"T1", "T2", "T5", "T6"}),
    ("nps", {"S1", "S2", "S3", "S4", "S5", "S6"}),
    ("on_time_delivery", {"O1", "O2", "O4"}),
    ("churn_rate", {"C2", "C3"}),
])
def test_the_rows_behind_a_figure_are_the_rows_it_is_computed_from(kpi_store, kpi_id, expected):
    total, rows = rows_behind(kpi_store, kpi_id, JULY)
    assert set(rows.iloc[:, 0]) == expected
    assert total == len(expected)


def test_the_rows_behind_a_count_add_up_to_the_figure_in_the_demo(demo_db):
    from relclient.store import Store

    store = Store(demo_db, read_only=True)
    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)), channel="email")
    total, rows = rows_behind(store, "complaints", flt)
    figure = compute_kpis(store, flt, ["complaints"]).values["complaints"].value
    store.close()
    assert total == figure == len(rows) > 0
    assert set(rows["channel"]) == {"email"}
    assert all(k.id for k in KPIS)


def test_figure_details_give_the_tile_value_with_its_rows(kpi_store):
    from relclient.customer360 import figure_details

    details = figure_details(kpi_store, "complaints", JULY, "en")
    assert details.value == "2"
    assert details.total == 2 and set(details.rows["ticket_id"]) == {"T1", "T3"}
