"""Every additive KPI's stored days (kpi_days) equal the raw computation for every KPI, scope and
day, after the demo and after random loads and undos; the KPI layer reads them for any period,
only while they are right, and its figures do not change."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest

from relclient.admin_data import save_department
from relclient.auth import User
from relclient.ingest import IngestError, undo_load
from relclient.metrics import KPIS, KpiFilter, compute_kpis, compute_trend
from relclient.metrics.buckets import bucket_params, bucket_query
from relclient.metrics.daily import ADDITIVE, definition
from relclient.periods import Period
from relclient.store import Store
from tests.ingest_helpers import steward_user, upload, write
from tests.unit.test_ticket_facts import _tickets_file, _transfers_file


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)


def raw_days(store: Store, scope: str, first: date, last: date) -> dict[tuple[date, str], tuple]:
    """(n, hits, promoters, detractors) of every additive KPI on every day with rows, from the rows."""
    flt = KpiFilter(Period(first, last), dept=scope or None)
    sql = bucket_query(list(ADDITIVE), set(flt.active()), "day")
    found = {}
    for row in store.fetch_dicts(sql, bucket_params(sql, first, first, last, flt)):
        for k in ADDITIVE:
            n = row[f"{k.id}__n"]
            if not n:
                continue
            value = row[k.id]
            hits = value if k.formula.test == "count" else 0 if k.formula.test == "nps" else round(value * n / 100)
            found[(row["p"], k.id)] = (n, hits, row.get(f"{k.id}__promoters") or 0, row.get(f"{k.id}__detractors") or 0)
    return found


def check_stored_days(store: Store, whole: bool = True) -> int:
    """Compare the stored days of every built scope and KPI with the rows (every one built, when
    `whole`); return the days compared."""
    span = store.fetch_one("SELECT least((SELECT min(opened_at)::DATE FROM tickets), (SELECT min(answered_at)::DATE"
                           " FROM survey_responses), (SELECT min(ordered_at)::DATE FROM orders)),"
                           " greatest((SELECT max(greatest(opened_at, resolved_at))::DATE FROM tickets),"
                           " (SELECT max(answered_at)::DATE FROM survey_responses), (SELECT max(delivered_on) FROM orders))")
    scopes = [""] + [r[0] for r in store.fetch_all("SELECT code FROM departments ORDER BY code")]
    built = set(store.fetch_all("SELECT scope, kpi_id FROM kpi_days_built"))
    if whole:
        assert built == {(s, k.id) for s in scopes for k in ADDITIVE}, "a scope or KPI is not stored whole"
    compared = 0
    for scope in scopes:
        stored = {(d, k): tuple(rest) for d, k, *rest in store.fetch_all(
            "SELECT day, kpi_id, n, hits, promoters, detractors FROM kpi_days WHERE scope = ?", [scope])}
        raw = raw_days(store, scope, *span) if span[0] else {}
        raw = {key: counts for key, counts in raw.items() if (scope, key[1]) in built}
        assert stored == raw, f"scope {scope!r}: {sorted(set(stored.items()) ^ set(raw.items()))[:4]}"
        compared += len(raw)
    return compared


def test_the_demo_stores_every_additive_kpi_for_every_day_and_department_exactly(demo):
    assert len(ADDITIVE) >= 10 and check_stored_days(demo) > 10_000


@pytest.mark.slow  # random loads and undos, compared with a full derivation each: make test
def test_stored_days_stay_exact_through_random_loads_and_undos(store, tmp_path):
    rng = random.Random(3)
    upload(store, "customers", write(tmp_path, "c.csv", "customer_id;created_on\nC1;2024-01-01\n"))
    loads, kinds = [], []
    for step in range(16):
        kind = rng.choice(["tickets", "transfers", "surveys", "undo"])
        if kind == "undo" and loads:
            try:
                undo_load(store, steward_user(store, "tickets"), loads.pop(rng.randrange(len(loads))))
            except IngestError:
                kind = "undo refused"  # a later load touched its rows: nothing changed
        elif kind == "tickets":
            loads.append(upload(store, "tickets", _tickets_file(tmp_path, rng, rng.randrange(3, 12), f"t{step}.csv")).load_id)
        elif kind == "transfers":
            loads.append(upload(store, "ticket_transfers", _transfers_file(tmp_path, rng, rng.randrange(2, 15),
                                                                           f"x{step}.csv")).load_id)
        elif kind == "surveys":
            lines = ["response_id;customer_id;answered_at;survey;score;dept"] + [
                f"R{rng.randrange(40)};C1;{date(2025, 2, 1) + timedelta(days=rng.randrange(120))} 10:00:00;nps;"
                f"{rng.randrange(11)};{rng.choice(['sales', 'it'])}" for _ in range(rng.randrange(3, 10))]
            upload(store, "survey_responses", write(tmp_path, f"s{step}.csv", "\n".join(lines) + "\n"))
        kinds.append(kind)
        check_stored_days(store)
    assert {"tickets", "transfers", "surveys", "undo"} <= set(kinds), kinds
    assert check_stored_days(store) > 20


PERIODS = [Period(date(2025, 7, 1), date(2025, 9, 30)), Period(date(2025, 6, 12), date(2025, 8, 3))]
FILTERS = [{}, {"dept": "it"}, {"dept": "customer_service"}, {"segment": "PME"}, {"dept": "logistics", "channel": "email"}]


@pytest.mark.parametrize("filters", FILTERS)
def test_every_kpi_from_the_stored_days_equals_the_one_from_the_rows(kpi_store, filters):
    ids = [k.id for k in KPIS]
    for period in PERIODS:
        flt = KpiFilter(period, **filters)
        stored = compute_kpis(kpi_store, flt).values
        trend = compute_trend(kpi_store, flt, ids, 4)
        kpi_store.transaction(lambda cur: cur.execute("UPDATE kpi_days_built SET definition = 'off'"))
        raw = compute_kpis(kpi_store, flt).values
        raw_trend = compute_trend(kpi_store, flt, ids, 4)
        for k in ids:
            a, b = stored[k], raw[k]
            assert (a.n, a.previous_n, a.significant) == (b.n, b.previous_n, b.significant), (period, k)
            assert _same(a.value, b.value) and _same(a.previous, b.previous), (period, k, a, b)
            assert trend.n[k] == raw_trend.n[k] and all(_same(x, y) for x, y in zip(trend.values[k], raw_trend.values[k]))
        _restore_definitions(kpi_store)


def _restore_definitions(store: Store) -> None:
    store.transaction(lambda cur: [cur.execute("UPDATE kpi_days_built SET definition = ? WHERE kpi_id = ?",
                                               [definition(k.id), k.id]) for k in ADDITIVE])


def test_the_kpi_layer_reads_the_stored_days(kpi_store):
    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))
    before = compute_kpis(kpi_store, flt, ["complaints", "csat"]).values
    # Tamper with one stored day: the figure shows it, so it was read, not computed.
    kpi_store.transaction(lambda cur: cur.execute(
        "UPDATE kpi_days SET hits = hits + 40 WHERE scope = '' AND kpi_id = 'complaints'"
        " AND day = (SELECT min(day) FROM kpi_days WHERE kpi_id = 'complaints' AND day >= '2025-07-01')"))
    after = compute_kpis(kpi_store, flt, ["complaints", "csat"]).values
    assert after["complaints"].value == before["complaints"].value + 40 and after["csat"] == before["csat"]


def test_a_kpi_stored_with_another_definition_is_computed_from_the_rows(kpi_store):
    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))
    before = compute_kpis(kpi_store, flt, ["complaints"]).values["complaints"].value
    kpi_store.transaction(lambda cur: (
        cur.execute("UPDATE kpi_days SET hits = hits + 40 WHERE kpi_id = 'complaints'"),
        cur.execute("UPDATE kpi_days_built SET definition = 'an older formula' WHERE kpi_id = 'complaints'")))
    assert compute_kpis(kpi_store, flt, ["complaints"]).values["complaints"].value == before


def test_a_department_added_later_is_computed_from_the_rows_until_a_write_stores_it_whole(store, tmp_path):
    upload(store, "customers", write(tmp_path, "c.csv", "customer_id;created_on\nC1;2024-01-01\n"))
    upload(store, "tickets", write(tmp_path, "t.csv", "ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
                                   "T1;C1;2025-03-01 08:00:00;email;true;sales\n"))
    save_department(store, User("admin@example.fr", "Admin", "direction", "admin"), "quality", "Qualité", "Quality")
    assert ("quality", "complaints") not in set(store.fetch_all("SELECT scope, kpi_id FROM kpi_days_built"))
    upload(store, "ticket_transfers", write(tmp_path, "x.csv", "ticket_id;transferred_at;from_dept;to_dept\n"
                                            "T1;2025-03-01 09:00:00;sales;quality\n"))
    march = KpiFilter(Period(date(2025, 3, 1), date(2025, 3, 31)), dept="quality")
    assert compute_kpis(store, march, ["complaints"]).values["complaints"].value == 1
    built = set(store.fetch_all("SELECT kpi_id FROM kpi_days_built WHERE scope = 'quality'"))
    # The transfers' write stored the ticket KPIs whole for it; the answers' wait for theirs.
    assert ("complaints",) in built and ("nps",) not in built
    assert check_stored_days(store, whole=False) > 0
