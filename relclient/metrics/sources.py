"""The row sets KPIs aggregate over, one per way a KPI picks its rows, written once in SQL; the
dimensions they can be grouped by and the row filters they can take.

Each source yields rows tagged with a bucket `p`: 'current' or 'previous' when comparing a
period with the one before, 'current' alone, or the first day of the month for monthly trends;
one scan answers every bucket. Grouped, each row also carries its group `g`. The SQL here is
fixed text from code; values arrive as named, bound parameters: $lo_date, $split_date, $hi_date
(first day scanned, first day of the current period, last day), $ts_lo, $ts_split, $ts_hi (the
same as instants, $ts_hi being the instant after the last day), $cur_start, $cur_end,
$prev_start, $prev_end, and the filters $dept, $segment, $region, $channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Filter = str  # one of FILTERS
FILTERS: tuple[Filter, ...] = ("dept", "segment", "region", "channel")
Grain = Literal["compare", "current", "month"]
TICKET_SOURCES: tuple[str, ...] = ("tickets_opened", "tickets_resolved")


@dataclass(frozen=True)
class Source:
    """A named row set and the filters it honours.

    Either it picks rows by one time column (`table`, `alias`, `time_column`), or it joins the
    buckets itself (`joined_sql`, with {columns}, {joins} and {where} slots) when a row belongs
    to several buckets.
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


# The department filter keeps the tickets the department took part in (it owns them, or a
# transfer passed them from or to it): the membership join below does it; this condition only
# names the department among the memberships.
_TICKET_FILTERS = {**_customer_filters("t"), "dept": "td.dept = $dept", "channel": "t.channel = $channel"}

_SCANNED_TICKETS = ("(opened_at >= $ts_lo AND opened_at < $ts_hi) OR (resolved_at >= $ts_lo AND resolved_at < $ts_hi)")

# Per ticket of the scanned days: whether it was transferred, whether it came back to a
# department that had passed it on (a transfer whose to_dept was the from_dept of an earlier
# transfer: that department's first hand-off happened before), and how many departments beyond
# the first it went through. Computed once per query, only when a chosen KPI or dimension reads
# it, and shared by both ticket sources: it is most of their cost.
_TICKET_FLOW = f"""
flow_transfers AS (
    SELECT x.* FROM ticket_transfers x
    WHERE x.ticket_id IN (SELECT ticket_id FROM tickets WHERE {_SCANNED_TICKETS})
),
flow_first_hand_off AS (
    SELECT ticket_id, from_dept AS dept, min(transferred_at) AS first_at
    FROM flow_transfers GROUP BY ALL
),
ticket_flow AS MATERIALIZED (
    SELECT x.ticket_id,
           bool_or(coalesce(f.first_at < x.transferred_at, false)) AS ping_pong{{reach}}
    FROM flow_transfers x
    LEFT JOIN flow_first_hand_off f ON f.ticket_id = x.ticket_id AND f.dept = x.to_dept
    GROUP BY x.ticket_id
)"""

_REACH_COLUMN = ",\n           len(list_distinct(list_concat(list(x.from_dept), list(x.to_dept)))) - 1 AS reach"


def ticket_flow_cte(reach: bool = False) -> str:
    """The per-ticket flow; with `reach`, how many departments beyond the first each ticket went
    through too (only the reach dimension reads it: it costs a list per ticket)."""
    return _TICKET_FLOW.format(reach=_REACH_COLUMN if reach else "")


# Per ticket and department it took part in: whether the department passed it on, and whether
# it came back to the department after that (the contract's department scope). Read when the
# department filter or dimension meets a ticket source; filtered to $dept when one is chosen.
TICKET_DEPTS_CTE = f"""
ticket_depts AS MATERIALIZED (
    SELECT ticket_id, dept, bool_or(gave) AS passed_on, bool_or(back) AS came_back
    FROM (
        SELECT ticket_id, owner_dept AS dept, false AS gave, false AS back FROM tickets WHERE {_SCANNED_TICKETS}
        UNION ALL
        SELECT ticket_id, from_dept, true, false FROM flow_transfers
        UNION ALL
        SELECT x.ticket_id, x.to_dept, false, coalesce(f.first_at < x.transferred_at, false)
        FROM flow_transfers x
        LEFT JOIN flow_first_hand_off f ON f.ticket_id = x.ticket_id AND f.dept = x.to_dept
    ) {{where}}
    GROUP BY ALL
)"""

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
               joined_sql="SELECT pr.p, pr.d_start, pr.d_end, c.*{columns} FROM periods pr CROSS JOIN customers c"
                          "{joins} WHERE true {where}"),
        # Ratings are monthly; a period starting mid-month shares that month with the one
        # before, so each bucket joins its own months.
        Source("internal_ratings_by_period", ("internal_ratings",), {"dept": "r.rated_dept = $dept"},
               joined_sql="SELECT pr.p, r.*{columns} FROM periods pr JOIN internal_ratings r"
                          " ON r.month BETWEEN date_trunc('month', pr.d_start) AND date_trunc('month', pr.d_end)"
                          "{joins} WHERE true {where}"),
    )
}


@dataclass(frozen=True)
class Dimension:
    """A way to split a KPI's rows into groups: per source, the group's SQL and any join it needs."""

    id: str
    by_source: dict[str, tuple[str, str]]  # source id -> (group expression, join)
    needs_flow: bool = False  # ticket sources read the per-ticket flow for it
    groups: tuple[str, ...] = ()  # every group, in order, when the list is fixed (empty ones shown)


def _segment(alias: str) -> tuple[str, str]:
    return "gc.segment", f" LEFT JOIN customers gc ON gc.customer_id = {alias}.customer_id"


_REACH = "CASE WHEN {r} >= 3 THEN '3+' ELSE {r}::VARCHAR END"
# An answer about a ticket reaches as far as its ticket did, whenever that ticket was handled.
_ANSWER_REACH = (" LEFT JOIN (SELECT ticket_id, len(list_distinct(list_concat(list(from_dept), list(to_dept)))) - 1"
                 " AS reach FROM ticket_transfers WHERE ticket_id IN (SELECT ticket_id FROM survey_responses"
                 " WHERE answered_at >= $ts_lo AND answered_at < $ts_hi) GROUP BY ticket_id) sr"
                 " ON sr.ticket_id = s.ticket_id")

DIMENSIONS: dict[str, Dimension] = {d.id: d for d in (
    Dimension("channel", {s: ("t.channel", "") for s in TICKET_SOURCES}),
    Dimension("category", {s: ("coalesce(t.category, '')", "") for s in TICKET_SOURCES}),
    Dimension("segment", {**{s: _segment("t") for s in TICKET_SOURCES}, "surveys": _segment("s"),
                          "orders_delivered": _segment("o"), "orders_ordered": _segment("o"),
                          "customers_by_period": ("c.segment", "")}),
    # A ticket counts for every department that took part in it, each reading its own part.
    Dimension("dept", {**{s: ("td.dept", "") for s in TICKET_SOURCES}, "surveys": ("s.dept", ""),
                       "internal_ratings_by_period": ("r.rated_dept", "")}),
    # How many departments beyond the first a ticket went through (an answer: its ticket's).
    Dimension("reach", {**{s: (_REACH.format(r="coalesce(fl.reach, 0)"), "") for s in TICKET_SOURCES},
                        "surveys": (_REACH.format(r="coalesce(sr.reach, 0)"), _ANSWER_REACH)},
              needs_flow=True, groups=("0", "1", "2", "3+")),
    Dimension("pair", {"internal_ratings_by_period": ("r.rater_dept || '>' || r.rated_dept", "")}),
)}


@dataclass(frozen=True)
class RowFilter:
    """A fixed condition on a source's rows (never from input): per source, its SQL."""

    id: str
    by_source: dict[str, str] = field(default_factory=dict)


ROW_FILTERS: dict[str, RowFilter] = {f.id: f for f in (
    RowFilter("about_ticket", {"surveys": "s.ticket_id IS NOT NULL"}),
    RowFilter("complaint", {s: "t.is_complaint" for s in TICKET_SOURCES}),
)}

# The buckets: their label and first and last day.
PERIODS_CTE: dict[Grain, str] = {
    "compare": """
periods AS (
    SELECT 'current' AS p, $cur_start::DATE AS d_start, $cur_end::DATE AS d_end
    UNION ALL
    SELECT 'previous', $prev_start::DATE, $prev_end::DATE
)""",
    "current": """
periods AS (SELECT 'current' AS p, $cur_start::DATE AS d_start, $cur_end::DATE AS d_end)""",
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
    if grain == "current":
        return "'current'"
    split = "$split_date" if source.time_is_date else "$ts_split"
    return f"CASE WHEN {column} >= {split} THEN 'current' ELSE 'previous' END"


def _scanned(source: Source) -> str:
    column = f"{source.alias}.{source.time_column}"
    if source.time_is_date:
        return f"{column} BETWEEN $lo_date AND $hi_date"
    return f"{column} >= $ts_lo AND {column} < $ts_hi"


def needs_membership(source_id: str, active_filters: set[Filter], dimension: Dimension | None) -> bool:
    """Whether a source's rows are the tickets each department took part in (department filter
    or dimension on a ticket source)."""
    return source_id in TICKET_SOURCES and ("dept" in active_filters or (dimension is not None
                                                                        and dimension.id == "dept"))


def ticket_depts_cte(active_filters: set[Filter]) -> str:
    """The per-ticket, per-department flags, kept to the chosen department when there is one."""
    return TICKET_DEPTS_CTE.format(where="WHERE dept = $dept" if "dept" in active_filters else "")


def source_sql(source: Source, active_filters: set[Filter], *, grain: Grain = "compare",
               ticket_flow: bool = False, dimension: Dimension | None = None,
               row_filter: RowFilter | None = None) -> str:
    """The source's rows tagged with their bucket `p` (and group `g` with a dimension),
    restricted by the filters it honours among `active_filters` and by `row_filter`, with the
    per-ticket transfer flags when `ticket_flow` is asked."""
    conditions = [source.filter_sql[f] for f in FILTERS if f in active_filters and f in source.filter_sql]
    if row_filter is not None:
        conditions.append(row_filter.by_source[source.id])
    where = "".join(f" AND {c}" for c in conditions)
    group, group_join = dimension.by_source[source.id] if dimension is not None else ("", "")
    group_column = f", {group} AS g" if dimension is not None else ""
    if source.joined_sql:
        return source.joined_sql.format(columns=group_column, joins=group_join, where=where)
    a = source.alias
    columns, joins = "", ""
    if source.id in TICKET_SOURCES and (ticket_flow or (dimension is not None and dimension.needs_flow)):
        columns += ", fl.ticket_id IS NOT NULL AS transferred"
        joins += " LEFT JOIN ticket_flow fl ON fl.ticket_id = t.ticket_id"
        if not needs_membership(source.id, active_filters, dimension):
            # Company-wide, a ticket's hand-offs and bounces are anyone's.
            columns += ", fl.ticket_id IS NOT NULL AS passed_on, coalesce(fl.ping_pong, false) AS ping_pong"
    if needs_membership(source.id, active_filters, dimension):
        # One row per department that took part: its own hand-offs and bounces.
        columns += ", td.passed_on, td.came_back AS ping_pong"
        joins += " JOIN ticket_depts td ON td.ticket_id = t.ticket_id"
    return (f"SELECT {_bucket_label(source, grain)} AS p, {a}.*{columns}{group_column}"
            f" FROM {source.table} {a}{joins}{group_join} WHERE {_scanned(source)}{where}")
