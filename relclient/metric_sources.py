"""The row sets KPIs aggregate over, one per way a KPI picks its rows, written once in SQL.

Each source yields rows tagged with `p` = 'current' or 'previous', so one scan answers both
periods. The SQL here is fixed text from code; values arrive as named, bound parameters:
$cur_start, $cur_end, $prev_start, $prev_end (dates), $ts_lo, $ts_split, $ts_hi (timestamps:
previous start, current start, the instant after the current end), and the filters $dept,
$segment, $region, $channel.
"""

from __future__ import annotations

from dataclasses import dataclass

Filter = str  # one of FILTERS
FILTERS: tuple[Filter, ...] = ("dept", "segment", "region", "channel")


@dataclass(frozen=True)
class Source:
    """A named row set: its SQL (with {where} and {flow} slots) and the filters it honours."""

    id: str
    datasets: tuple[str, ...]
    sql: str
    # SQL condition per filter this source honours; a filter absent here leaves it company-wide.
    filter_sql: dict[Filter, str]


def _customer_in(alias: str, column: str) -> str:
    # segment and region restrict through the customer's row (the contract's rule).
    return f"{alias}.customer_id IN (SELECT customer_id FROM customers WHERE {column} = ${column})"


def _customer_filters(alias: str) -> dict[Filter, str]:
    return {"segment": _customer_in(alias, "segment"), "region": _customer_in(alias, "region")}


def _ticket_filters() -> dict[Filter, str]:
    return {**_customer_filters("t"), "dept": "t.owner_dept = $dept", "channel": "t.channel = $channel"}


# Per ticket of either period: whether it was transferred, and whether it came back to a
# department that had passed it on (a transfer whose to_dept was the from_dept of an earlier
# transfer: the department's first hand-off happened before). Computed once per query, only
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
TICKET_FLOW_JOIN = """,
                   fl.ticket_id IS NOT NULL AS transferred, coalesce(fl.ping_pong, false) AS ping_pong
            FROM tickets t LEFT JOIN ticket_flow fl ON fl.ticket_id = t.ticket_id"""


def _rows_in_periods(table: str, alias: str, column: str, *, flow: bool = False) -> str:
    # Both periods are contiguous, so one range scan tags each row with the period it falls in.
    # Arguments are fixed names from this module, never input.
    source = "{flow}" if flow else f"\n            FROM {table} {alias}"
    return f"""
            SELECT CASE WHEN {alias}.{column} >= $ts_split THEN 'current' ELSE 'previous' END AS p,
                   {alias}.*{source}
            WHERE {alias}.{column} >= $ts_lo AND {alias}.{column} < $ts_hi {{where}}
            """


SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "tickets_opened",
            ("tickets", "ticket_transfers"),
            _rows_in_periods("tickets", "t", "opened_at", flow=True),
            _ticket_filters(),
        ),
        Source(
            "tickets_resolved",
            ("tickets", "ticket_transfers"),
            _rows_in_periods("tickets", "t", "resolved_at", flow=True),
            _ticket_filters(),
        ),
        Source(
            "surveys",
            ("survey_responses",),
            _rows_in_periods("survey_responses", "s", "answered_at"),
            {**_customer_filters("s"), "dept": "s.dept = $dept"},
        ),
        Source(
            "orders_delivered",
            ("orders",),
            """
            SELECT CASE WHEN o.delivered_on >= $cur_start THEN 'current' ELSE 'previous' END AS p, o.*
            FROM orders o
            WHERE o.delivered_on BETWEEN $prev_start AND $cur_end {where}
            """,
            _customer_filters("o"),
        ),
        Source(
            "orders_ordered",
            ("orders",),
            _rows_in_periods("orders", "o", "ordered_at"),
            _customer_filters("o"),
        ),
        # Churn compares every customer with each period's bounds, hence the cross join.
        Source(
            "customers_by_period",
            ("customers",),
            """
            SELECT pr.p, pr.d_start, pr.d_end, c.*
            FROM periods pr CROSS JOIN customers c
            WHERE true {where}
            """,
            {"segment": "c.segment = $segment", "region": "c.region = $region"},
        ),
        # Ratings are monthly; both periods may share a month, so each period joins its own.
        Source(
            "internal_ratings_by_period",
            ("internal_ratings",),
            """
            SELECT pr.p, r.*
            FROM periods pr
            JOIN internal_ratings r
              ON r.month BETWEEN date_trunc('month', pr.d_start) AND date_trunc('month', pr.d_end)
            WHERE true {where}
            """,
            {"dept": "r.rated_dept = $dept"},
        ),
    )
}

PERIODS_CTE = """
periods AS (
    SELECT 'current' AS p, $cur_start::DATE AS d_start, $cur_end::DATE AS d_end
    UNION ALL
    SELECT 'previous', $prev_start::DATE, $prev_end::DATE
)"""


def source_sql(source: Source, active_filters: set[Filter], *, ticket_flow: bool = False) -> str:
    """The source's SQL with the conditions of the filters it honours among `active_filters`,
    and the per-ticket transfer flags when `ticket_flow` is asked (ticket sources only)."""
    conditions = [source.filter_sql[f] for f in FILTERS if f in active_filters and f in source.filter_sql]
    where = "".join(f" AND {c}" for c in conditions)
    if "{flow}" in source.sql:
        return source.sql.format(where=where, flow=TICKET_FLOW_JOIN if ticket_flow else "\n            FROM tickets t")
    return source.sql.format(where=where)
