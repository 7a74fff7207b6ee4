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
Grain = Literal["compare", "current", "month", "day"]
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


# The ticket sources read `ticket_facts` (relclient/flow.py): each ticket with its flow through the
# departments, kept exact by the writes, so that no view derives it from the transfers again.
# The department filter keeps the tickets the department took part in (it owns them, or a
# transfer passed them from or to it): the contract's department scope. With the department
# dimension, a ticket counts once per department that took part (`member`, see source_sql).
_TICKET_FILTERS = {**_customer_filters("t"), "dept": "(t.owner_dept = $dept OR list_contains(t.depts, $dept))",
                   "channel": "t.channel = $channel"}
_MEMBER_FILTER = "t.member = $dept"
# The facts' own columns: read through the flags source_sql derives from them.
_FLOW_COLUMNS = "transfers, reach, ping_pong, depts, passed_on_by, came_back_to, routes, bounce_routes"

# A call-back belongs to the department concerned (its owner), its customer to a segment and region.
_CALLBACK_FILTERS = {**_customer_filters("cb"), "dept": "cb.dept = $dept"}
_CALLBACK_SOURCES = ("callbacks_by_origin", "callbacks_by_call")

SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source("tickets_opened", ("tickets", "ticket_transfers"), _TICKET_FILTERS,
               "ticket_facts", "t", "opened_at"),
        Source("tickets_resolved", ("tickets", "ticket_transfers"), _TICKET_FILTERS,
               "ticket_facts", "t", "resolved_at"),
        Source("surveys", ("survey_responses",), {**_customer_filters("s"), "dept": "s.dept = $dept"},
               "survey_responses", "s", "answered_at"),
        Source("orders_delivered", ("orders",), _customer_filters("o"),
               "orders", "o", "delivered_on", time_is_date=True),
        Source("orders_ordered", ("orders",), _customer_filters("o"), "orders", "o", "ordered_at"),
        # Call-backs (relclient/voice/callbacks.py): by when the customer spoke, and by when they were called.
        Source("callbacks_by_origin", ("survey_responses",), _CALLBACK_FILTERS, "callbacks", "cb", "origin_at"),
        Source("callbacks_by_call", ("survey_responses", "tickets"), _CALLBACK_FILTERS, "callbacks", "cb", "done_at"),
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
    groups: tuple[str, ...] = ()  # every group, in order, when the list is fixed (empty ones shown)


def _segment(alias: str) -> tuple[str, str]:
    return "gc.segment", f" LEFT JOIN customers gc ON gc.customer_id = {alias}.customer_id"


_REACH = "CASE WHEN {r} >= 3 THEN '3+' ELSE {r}::VARCHAR END"
# An answer about a ticket reaches as far as its ticket did, whenever that ticket was handled.
_ANSWER_REACH = (" LEFT JOIN (SELECT ticket_id, reach FROM ticket_facts WHERE transfers > 0 AND ticket_id IN"
                 " (SELECT ticket_id FROM survey_responses WHERE answered_at >= $ts_lo AND answered_at < $ts_hi)) sr"
                 " ON sr.ticket_id = s.ticket_id")

DIMENSIONS: dict[str, Dimension] = {d.id: d for d in (
    Dimension("channel", {s: ("t.channel", "") for s in TICKET_SOURCES}),
    Dimension("category", {s: ("coalesce(t.category, '')", "") for s in TICKET_SOURCES}),
    Dimension("segment", {**{s: _segment("t") for s in TICKET_SOURCES}, "surveys": _segment("s"),
                          "orders_delivered": _segment("o"), "orders_ordered": _segment("o"),
                          **{s: _segment("cb") for s in _CALLBACK_SOURCES},
                          "customers_by_period": ("c.segment", "")}),
    # A ticket counts for every department that took part in it, each reading its own part.
    Dimension("dept", {**{s: ("t.member", "") for s in TICKET_SOURCES}, "surveys": ("s.dept", ""),
                       **{s: ("cb.dept", "") for s in _CALLBACK_SOURCES},
                       "internal_ratings_by_period": ("r.rated_dept", "")}),
    # How many departments beyond the first a ticket went through (an answer: its ticket's).
    Dimension("reach", {**{s: (_REACH.format(r="t.reach"), "") for s in TICKET_SOURCES},
                        "surveys": (_REACH.format(r="coalesce(sr.reach, 0)"), _ANSWER_REACH)},
              groups=("0", "1", "2", "3+")),
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
    "day": """
periods AS (
    SELECT d::DATE AS p, d::DATE AS d_start, d::DATE AS d_end
    FROM generate_series($lo_date::DATE, $hi_date::DATE, INTERVAL 1 DAY) g(d)
)""",
}


def _bucket_label(source: Source, grain: Grain) -> str:
    column = f"{source.alias}.{source.time_column}"
    if grain == "month":
        return f"date_trunc('month', {column})::DATE"
    if grain == "day":
        return f"{column}::DATE"
    if grain == "current":
        return "'current'"
    split = "$split_date" if source.time_is_date else "$ts_split"
    return f"CASE WHEN {column} >= {split} THEN 'current' ELSE 'previous' END"


def _scanned(source: Source) -> str:
    column = f"{source.alias}.{source.time_column}"
    if source.time_is_date:
        return f"{column} BETWEEN $lo_date AND $hi_date"
    return f"{column} >= $ts_lo AND {column} < $ts_hi"


def source_sql(source: Source, active_filters: set[Filter], *, grain: Grain = "compare",
               dimension: Dimension | None = None, row_filter: RowFilter | None = None) -> str:
    """The source's rows tagged with their bucket `p` (and group `g` with a dimension),
    restricted by the filters it honours among `active_filters` and by `row_filter`; a ticket's
    rows carry its transfer flags (transferred, passed_on, ping_pong), seen from the chosen
    department when there is one."""
    tickets = source.id in TICKET_SOURCES
    per_member = tickets and dimension is not None and dimension.id == "dept"
    filter_sql = {**source.filter_sql, "dept": _MEMBER_FILTER} if per_member else source.filter_sql
    conditions = [filter_sql[f] for f in FILTERS if f in active_filters and f in filter_sql]
    if row_filter is not None:
        conditions.append(row_filter.by_source[source.id])
    where = "".join(f" AND {c}" for c in conditions)
    group, group_join = dimension.by_source[source.id] if dimension is not None else ("", "")
    group_column = f", {group} AS g" if dimension is not None else ""
    if source.joined_sql:
        return source.joined_sql.format(columns=group_column, joins=group_join, where=where)
    a, table, columns = source.alias, source.table, f"{source.alias}.*"
    if tickets:
        if per_member:  # one row per department that took part: its own hand-offs and bounces
            table = f"(SELECT *, unnest(coalesce(depts, [owner_dept])) AS member FROM {source.table})"
            seen_by = "t.member"
        else:
            seen_by = "$dept" if "dept" in active_filters else ""
        if seen_by:
            flags = (f"coalesce(list_contains(t.passed_on_by, {seen_by}), false) AS passed_on,"
                     f" coalesce(list_contains(t.came_back_to, {seen_by}), false) AS ping_pong")
        else:  # company-wide, a ticket's hand-offs and bounces are anyone's
            flags = "t.transfers > 0 AS passed_on, t.ping_pong"
        columns = f"t.* EXCLUDE ({_FLOW_COLUMNS}{', member' if per_member else ''}), t.transfers > 0 AS transferred, {flags}"
    return (f"SELECT {_bucket_label(source, grain)} AS p, {columns}{group_column}"
            f" FROM {table} {a}{group_join} WHERE {_scanned(source)}{where}")
