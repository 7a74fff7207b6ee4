"""Every additive KPI's counts per day (`kpi_days`), kept exact by the writes.

A share adds up from its rows and hits, an NPS from its answers, promoters and detractors, a count
from its counts: any period's figure is then a sum over its days, exact, whatever the period.
At ten million tickets, summing a few thousand stored days instead of scanning a year of rows is
most of a page's time. The writes store them (a load, an undo, a crash recovery: the days their
rows count on, inside their transaction; the demo and a migration: every day), company-wide
(scope '') and for each department, computed by the KPI layer's own query at the grain of a
day. Medians, means and churn (whose customers are counted at each period's start) are not
additive: they are computed from the rows, as are filters other than the department.

A (scope, KPI) is read only once it has been stored over all the data with the KPI's current
definition (`kpi_days_built`, with a digest of the SQL that computed it): a department added
since, or a KPI whose formula changed, is computed from the rows until the next write stores it
whole. Only days with rows are stored: every row of a dataset lies on a day some write stored,
so a day without a stored row has none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import duckdb

from relclient.metrics.buckets import KpiFilter, bucket_params, bucket_query
from relclient.metrics.registry import KPIS, Kpi
from relclient.metrics.sources import DIMENSIONS, SOURCES
from relclient.periods import Period
from relclient.store import Store

# The filters whose days are stored: none (company-wide) or a department.
STORED_FILTERS = frozenset({"dept"})
_ADDITIVE_TESTS = frozenset({"proportion", "nps", "count"})

# Per dataset, the first and last day a row counts on in an additive KPI (fixed SQL from code).
_SPANS: dict[str, tuple[str, str]] = {
    "tickets": ("least(opened_at, resolved_at)::DATE", "greatest(opened_at, resolved_at)::DATE"),
    "survey_responses": ("answered_at::DATE", "answered_at::DATE"),
    "orders": ("least(ordered_at::DATE, delivered_on)", "greatest(ordered_at::DATE, delivered_on)"),
}
# A transfer changes its ticket's department scope: it counts on its ticket's days.
_TRANSFER_TICKETS = ("(SELECT * FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM ticket_transfers"
                     " WHERE load_id = $load UNION ALL SELECT ticket_id FROM ticket_transfers_history"
                     " WHERE replaced_by = $load))")


def is_additive(k: Kpi) -> bool:
    """Whether a KPI's figure for any period is a sum of its days' counts (rows picked by one
    time column, and a share, an NPS or a count)."""
    return k.formula.test in _ADDITIVE_TESTS and not SOURCES[k.source].joined_sql


ADDITIVE: tuple[Kpi, ...] = tuple(k for k in KPIS if is_additive(k))


@lru_cache(maxsize=None)
def definition(kpi_id: str) -> str:
    """A digest of the SQL that computes this KPI by day, company-wide and for a department."""
    k = [k for k in KPIS if k.id == kpi_id]
    text = bucket_query(k, set(), "day") + bucket_query(k, {"dept"}, "day")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# -- reading -----------------------------------------------------------------------------------

def _figure(k: Kpi, n: int, hits: int, promoters: int, detractors: int) -> float | int | None:
    # The same arithmetic as the KPI's SQL (formulas.py), on the summed counts: bit for bit.
    if k.formula.test == "count":
        return hits
    if n == 0:
        return None
    if k.formula.test == "nps":
        return 100 * (promoters - detractors) / n
    return 100 * hits / n


def read(store: Store, kpis: Iterable[Kpi], flt: KpiFilter,
         buckets: list[tuple[object, date, date]]) -> tuple[dict[object, dict], set[str]]:
    """These KPIs summed over each bucket's days (label, first day, last day), shaped as a bucket
    query's rows by label, for the KPIs whose days are stored for the filter; and those KPIs."""
    wanted = [k for k in kpis if is_additive(k)]
    if not wanted or not buckets or not set(flt.active()) <= STORED_FILTERS:
        return {}, set()
    scope = flt.dept or ""
    built = {r[0] for r in store.fetch_all(
        "SELECT kpi_id FROM kpi_days_built WHERE scope = $scope AND list_contains($current, kpi_id || ':' || definition)",
        {"scope": scope, "current": [f"{k.id}:{definition(k.id)}" for k in wanted]})}
    chosen = [k for k in wanted if k.id in built]
    if not chosen:
        return {}, set()
    labels = [str(label) for label, _, _ in buckets]
    sums = store.fetch_all(
        "WITH b AS (SELECT unnest($labels) AS label, unnest($firsts) AS first_day, unnest($lasts) AS last_day)"
        " SELECT b.label, d.kpi_id, sum(d.n), sum(d.hits), sum(d.promoters), sum(d.detractors)"
        " FROM kpi_days d JOIN b ON d.day BETWEEN b.first_day AND b.last_day"
        " WHERE d.scope = $scope AND list_contains($ids, d.kpi_id) GROUP BY ALL",
        {"labels": labels, "firsts": [first for _, first, _ in buckets], "lasts": [last for _, _, last in buckets],
         "scope": scope, "ids": [k.id for k in chosen]})
    found = {(label, kpi_id): tuple(int(x) for x in counts) for label, kpi_id, *counts in sums}
    rows: dict[object, dict] = {}
    for (label, _, _), text in zip(buckets, labels):
        row: dict[str, object] = {"p": label}
        for k in chosen:
            n, hits, promoters, detractors = found.get((text, k.id), (0, 0, 0, 0))
            row.update({k.id: _figure(k, n, hits, promoters, detractors), f"{k.id}__n": n,
                        f"{k.id}__promoters": promoters, f"{k.id}__detractors": detractors})
        rows[label] = row
    return rows, {k.id for k in chosen}


# -- writing -----------------------------------------------------------------------------------

def kpis_reading(dataset: str) -> list[Kpi]:
    """The additive KPIs whose rows come from this dataset."""
    return [k for k in ADDITIVE if dataset in SOURCES[k.source].datasets]


def span_of_load(cur: duckdb.DuckDBPyConnection, dataset: str, load_id: int) -> tuple[date | None, date | None]:
    """The first and last day a load's rows count on (written, or replaced and deleted: kept in
    the history); before an undo, those it will take back. (None, None): no additive KPI moves."""
    if dataset not in _SPAN_OF_LOAD:  # a name outside the allow-list gets no SQL at all
        return None, None
    found = cur.execute(_SPAN_OF_LOAD[dataset], {"load": load_id}).fetchone()
    return found[0], found[1]


def _span_sql(first: str, last: str, rows: str) -> str:
    return f"SELECT min({first}), max({last}) FROM {rows}"


# Per dataset (the allow-list: _SPANS and the transfers), fixed text built once at import.
_SPAN_OF_LOAD: dict[str, str] = {
    **{d: _span_sql(*_SPANS[d], f"(SELECT * FROM {d} WHERE load_id = $load UNION ALL"
                                f" SELECT * EXCLUDE (replaced_by) FROM {d}_history WHERE replaced_by = $load)")
       for d in _SPANS},
    "ticket_transfers": _span_sql(*_SPANS["tickets"], _TRANSFER_TICKETS),
}


def _data_span(cur: duckdb.DuckDBPyConnection, kpis: list[Kpi]) -> tuple[date | None, date | None]:
    # The first and last day any row of these KPIs' datasets counts on (fixed SQL from _SPANS).
    tables = {d for k in kpis for d in SOURCES[k.source].datasets if d in _SPANS}
    if not tables:
        return None, None
    firsts = ", ".join(f"(SELECT min({_SPANS[t][0]}) FROM {t})" for t in sorted(tables))
    lasts = ", ".join(f"(SELECT max({_SPANS[t][1]}) FROM {t})" for t in sorted(tables))
    return cur.execute(f"SELECT least({firsts}), greatest({lasts})").fetchone()


def _hits(k: Kpi) -> str:
    # Column names from the registry: a count's count, a share's hits out of its figure and n.
    if k.formula.test == "count":
        return f"q.{k.id}"
    if k.formula.test == "nps":
        return "0"
    return f"coalesce(round(q.{k.id} * q.{k.id}__n / 100), 0)"


def _extra(k: Kpi, name: str) -> str:
    return f"q.{k.id}__{name}" if any(n == name for n, _ in k.formula.extra) else "0"


# How a day-grain bucket query's rows become scopes: company-wide; copied into each department
# of $scopes; or one per department group `g` among $scopes.
_SCOPES = {"company": ("''", "q", ""),
           "copies": ("s.scope", "q, unnest($scopes) s(scope)", ""),
           "groups": ("q.g", "q", " AND list_contains($scopes, q.g)")}


def _insert(cur: duckdb.DuckDBPyConnection, kpis: list[Kpi], query: str, how: str, params: dict) -> None:
    # One row per KPI, day and scope with rows, out of the bucket query `q` (fixed SQL from code).
    scope, source, keep = _SCOPES[how]
    rows = " UNION ALL ".join(
        f"SELECT {scope}, q.p, $k{i}, q.{k.id}__n, {_hits(k)}, {_extra(k, 'promoters')}, {_extra(k, 'detractors')}"
        f" FROM {source} WHERE q.{k.id}__n > 0{keep}" for i, k in enumerate(kpis))
    cur.execute(f"INSERT INTO kpi_days WITH q AS MATERIALIZED ({query}) {rows}",
                {**params, **{f"k{i}": k.id for i, k in enumerate(kpis)}})


def _store(cur: duckdb.DuckDBPyConnection, kpis: list[Kpi], scopes: list[str], first: date, last: date) -> None:
    # Replace the days first..last of these KPIs in these scopes: one scan company-wide, one for
    # every department at once (the department dimension is the department filter's scope, per
    # department); a KPI the department filter leaves company-wide has the company's rows.
    ids = [k.id for k in kpis]
    cur.execute("DELETE FROM kpi_days WHERE list_contains($scopes, scope) AND day BETWEEN $first AND $last"
                " AND list_contains($ids, kpi_id)", {"scopes": scopes, "first": first, "last": last, "ids": ids})
    depts = [s for s in scopes if s]
    per_dept = [k for k in kpis if "dept" in SOURCES[k.source].filter_sql]
    flat = [k for k in kpis if k not in per_dept]
    flt = KpiFilter(Period(first, last))
    company = [k for k in kpis if "" in scopes] + [k for k in flat if depts and "" not in scopes]
    if company:
        query = bucket_query(company, set(), "day")
        params = bucket_params(query, first, first, last, flt)
        if "" in scopes:
            _insert(cur, company, query, "company", params)
        if depts and flat:
            _insert(cur, flat, query, "copies", {**params, "scopes": depts})
    if depts and per_dept:
        query = bucket_query(per_dept, set(), "day", DIMENSIONS["dept"])
        _insert(cur, per_dept, query, "groups", {**bucket_params(query, first, first, last, flt), "scopes": depts})


def store_days(cur: duckdb.DuckDBPyConnection, kpis: list[Kpi], first: date | None, last: date | None) -> None:
    """Store these additive KPIs' days from `first` to `last`, company-wide and for each
    department, in the caller's transaction; a (scope, KPI) not yet stored whole with its current
    definition is stored over all the data instead, and marked built."""
    if not kpis or first is None or last is None:
        return
    scopes = [""] + [r[0] for r in cur.execute("SELECT code FROM departments ORDER BY code").fetchall()]
    built = {(s, k) for s, k in cur.execute(
        "SELECT scope, kpi_id FROM kpi_days_built WHERE list_contains($current, kpi_id || ':' || definition)",
        {"current": [f"{k.id}:{definition(k.id)}" for k in kpis]}).fetchall()}
    steady = [k for k in kpis if all((s, k.id) in built for s in scopes)]
    if steady:  # the usual case: every scope stored whole, the days the write touched stored again
        _store(cur, steady, scopes, first, last)
    whole = None
    for k in (k for k in kpis if k not in steady):
        if [s for s in scopes if (s, k.id) in built]:
            _store(cur, [k], [s for s in scopes if (s, k.id) in built], first, last)
        fresh = [s for s in scopes if (s, k.id) not in built]
        whole = whole or _data_span(cur, kpis)
        cur.execute("DELETE FROM kpi_days WHERE list_contains($scopes, scope) AND kpi_id = $k", {"scopes": fresh, "k": k.id})
        if whole[0] is not None:
            _store(cur, [k], fresh, whole[0], whole[1])
        cur.execute("DELETE FROM kpi_days_built WHERE list_contains($scopes, scope) AND kpi_id = $k",
                    {"scopes": fresh, "k": k.id})
        cur.executemany("INSERT INTO kpi_days_built VALUES (?, ?, ?)", [[s, k.id, definition(k.id)] for s in fresh])


def rebuild_days(cur: duckdb.DuckDBPyConnection, kpis: Iterable[Kpi] = ADDITIVE) -> None:
    """Store these additive KPIs' days (every one by default) over all the data (the demo, a
    migration), in the caller's transaction; the others' stored days are dropped, to be stored
    whole by the next write."""
    cur.execute("DELETE FROM kpi_days")
    cur.execute("DELETE FROM kpi_days_built")
    kpis = list(kpis)
    first, last = _data_span(cur, kpis)
    # With no data yet, every (scope, KPI) is built: empty, and the writes keep it.
    store_days(cur, kpis, first or date.today(), last or date.today())
