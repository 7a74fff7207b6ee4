"""The row sets KPIs aggregate over, one per way a KPI picks its rows, written once in SQL.

Each source yields rows tagged with a bucket `p`: 'current' or 'previous' when comparing a
period with the one before, or the first day of the month for monthly trends; one scan answers
every bucket. The SQL here is fixed text from code; values arrive as named, bound parameters:
$lo_date, $split_date, $hi_date (first day scanned, first day of the current period, last day),
$ts_lo, $ts_split, $ts_hi (the same as instants, $ts_hi being the instant after the last day),
$cur_start, $cur_end, $prev_start, $prev_end, and the filters $dept, $segment, $region, $channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Filter = str  # one of FILTERS
FILTERS: tuple[Filter, ...] = ("dept", "segment", "region", "channel")
Grain = Literal["compare", "month"]


@dataclass(frozen=True)
class Source:
    """A named row set and the filters it honours.

    Either it picks rows by one time column (`table`, `alias`, `time_column`), or it joins the
    buckets itself (`joined_sql`, with a {where} slot) when a row belongs to several buckets.
    """

    id: str
    datasets: tuple[str, ...]
    # SQL condition per filter this source honours; a filter absent here leaves it company-wide.
    filter_sql: dict[Filter, str]
    table: str = ""
    alias: str = ""
    time_column: str = ""
    time_is_date: bool = False
    joined_sql: str = ""


def _customer_in(alias: str, column: str) -> str:
    # segment and region restrict through the customer's row (the contract's rule).
    return f"{alias}.customer_id IN (SELECT customer_id FROM customers WHERE {column} = ${column})"


def _customer_filters(alias: str) -> dict[Filter, str]:
    return {"segment": _customer_in(alias, "segment"), "region": _customer_in(alias, "region")}


def scope_conditions(active: dict[str, object], alias: str,
                     honoured: tuple[Filter, ...]) -> tuple[str, dict[str, object]]:
    """" AND …" conditions, and their bound values, for the active filters among `honoured`
    (segment, region, channel), on a table or alias `alias` with customer_id (and channel):
    the same conditions the KPI sources use, for queries outside the KPI layer."""
    sql_for = {**_customer_filters(alias), "channel": f"{alias}.channel = $channel"}
    chosen = {f: v for f, v in active.items() if f in honoured}
    return "".join(f" AND {sql_for[f]}" for f in FILTERS if f in chosen), chosen


_TICKET_FILTERS = {**_customer_filters("t"), "dept": "t.owner_dept = $dept", "channel": "t.channel = $channel"}

# Per ticket of the scanned days: whether it was transferred, and whether it came back to a
# department that had passed it on (a transfer whose to_dept was the from_dept of an earlier
# transfer: that department's first hand-off happened before). Computed once per query, only
# when a chosen KPI reads it, and shared by both ticket sources: it is most of their cost.
TICKET_FLOW_CTE = """
flow_transfers AS (
    SELECT x.*
    FROM ticket_transfers x
    WHERE x.ticket_id IN (
        SELECT ticket_id FROM tickets
        WHERE (opened_at >= $ts_lo AND opened_at < $ts_hi) OR (resolved_at >= $ts_lo AND resolved_at < $ts_hi))
),
flow_first_hand_off AS (
    SELECT ticket_id, from_dept AS dept, min(transferred_at) AS first_at
    FROM flow_transfers GROUP BY ALL
),
ticket_flow AS MATERIALIZED (
    SELECT x.ticket_id, bool_or(coalesce(f.first_at < x.transferred_at, false)) AS ping_pong
    FROM flow_transfers x
    LEFT JOIN flow_first_hand_off f ON f.ticket_id = x.ticket_id AND f.dept = x.to_dept
    GROUP BY x.ticket_id
)"""
_FLOW_COLUMNS = ", fl.ticket_id IS NOT NULL AS transferred, coalesce(fl.ping_pong, false) AS ping_pong"
_FLOW_JOIN = " LEFT JOIN ticket_flow fl ON fl.ticket_id = t.ticket_id"

SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source("tickets_opened", ("tickets", "ticket_transfers"), _TICKET_FILTERS,
               "tickets", "t", "opened_at"),
        Source("tickets_resolved", ("tickets", "ticket_transfers"), _TICKET_FILTERS,
               "tickets", "t", "resolved_at"),
        Source("surveys", ("survey_responses",), {**_customer_filters("s"), "dept": "s.dept = $dept"},
               "survey_responses", "s", "answered_at"),
        Source("orders_delivered", ("orders",), _customer_filters("o"),
               "orders", "o", "delivered_on", time_is_date=True),
        Source("orders_ordered", ("orders",), _customer_filters("o"), "orders", "o", "ordered_at"),
        # Churn compares every customer with each bucket's bounds, hence the cross join.
        Source("customers_by_period", ("customers",),
               {"segment": "c.segment = $segment", "region": "c.region = $region"},
               joined_sql="SELECT pr.p, pr.d_start, pr.d_end, c.* FROM periods pr CROSS JOIN customers c"
                          " WHERE true {where}"),
        # Ratings are monthly; a period starting mid-month shares that month with the one
        # before, so each bucket joins its own months.
        Source("internal_ratings_by_period", ("internal_ratings",), {"dept": "r.rated_dept = $dept"},
               joined_sql="SELECT pr.p, r.* FROM periods pr JOIN internal_ratings r"
                          " ON r.month BETWEEN date_trunc('month', pr.d_start) AND date_trunc('month', pr.d_end)"
                          " WHERE true {where}"),
    )
}

# The buckets: their label and first and last day.
PERIODS_CTE: dict[Grain, str] = {
    "compare": """
periods AS (
    SELECT 'current' AS p, $cur_start::DATE AS d_start, $cur_end::DATE AS d_end
    UNION ALL
    SELECT 'previous', $prev_start::DATE, $prev_end::DATE
)""",
    "month": """
periods AS (
    SELECT m::DATE AS p, m::DATE AS d_start,
           least((m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE, $hi_date::DATE) AS d_end
    FROM generate_series($lo_date::DATE, $hi_date::DATE, INTERVAL 1 MONTH) g(m)
)""",
}


def _bucket_label(source: Source, grain: Grain) -> str:
    column = f"{source.alias}.{source.time_column}"
    if grain == "month":
        return f"date_trunc('month', {column})::DATE"
    split = "$split_date" if source.time_is_date else "$ts_split"
    return f"CASE WHEN {column} >= {split} THEN 'current' ELSE 'previous' END"


def _scanned(source: Source) -> str:
    column = f"{source.alias}.{source.time_column}"
    if source.time_is_date:
        return f"{column} BETWEEN $lo_date AND $hi_date"
    return f"{column} >= $ts_lo AND {column} < $ts_hi"


def source_sql(source: Source, active_filters: set[Filter], *, grain: Grain = "compare",
               ticket_flow: bool = False) -> str:
    """The source's rows tagged with their bucket `p`, restricted by the filters it honours
    among `active_filters`, with the per-ticket transfer flags when `ticket_flow` is asked."""
    conditions = [source.filter_sql[f] for f in FILTERS if f in active_filters and f in source.filter_sql]
    where = "".join(f" AND {c}" for c in conditions)
    if source.joined_sql:
        return source.joined_sql.format(where=where)
    a = source.alias
    flow_columns, flow_join = (_FLOW_COLUMNS, _FLOW_JOIN) if ticket_flow else ("", "")
    return (f"SELECT {_bucket_label(source, grain)} AS p, {a}.*{flow_columns}"
            f" FROM {source.table} {a}{flow_join} WHERE {_scanned(source)}{where}")
