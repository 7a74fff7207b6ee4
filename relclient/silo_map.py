"""The silo map: where tickets travel between departments, where they ping-pong, and what it
costs the customer."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import transfer_sankey
from relclient.i18n import t
from relclient.metric_sources import scope_conditions
from relclient.metrics import KpiFilter
from relclient.reference import department_names
from relclient.store import Store

# How many departments beyond the first a ticket went through: 0, 1, 2, 3 or more.
BUCKETS: tuple[str, ...] = ("0", "1", "2", "3+")


@dataclass(frozen=True)
class SiloMap:
    """What the silo map page shows."""

    flows: pd.DataFrame  # from_dept, to_dept, transfers (codes)
    sankey: go.Figure
    ping_pong_routes: pd.DataFrame  # route, tickets, share of the route's tickets (%)
    route_sources: list[str]  # "ticket:<id>" per route: one of its bouncing tickets, for an action
    cost: pd.DataFrame  # bucket, tickets resolved, median hours, reopen %, NPS, answers
    total_transfers: int


def _scope(flt: KpiFilter) -> tuple[str, dict[str, object]]:
    # Tickets the customer filters keep (the department filter does not apply to the map).
    return scope_conditions(flt.active(), "t", ("segment", "region", "channel"))


def transfer_flows(store: Store, flt: KpiFilter) -> pd.DataFrame:
    """Transfers made in the period, by route (from, to)."""
    scope, params = _scope(flt)
    return store.fetch_df(
        "SELECT x.from_dept, x.to_dept, count(*) AS transfers FROM ticket_transfers x"
        " JOIN tickets t ON t.ticket_id = x.ticket_id"
        " WHERE x.transferred_at >= $lo AND x.transferred_at < $hi" + scope +
        " GROUP BY ALL ORDER BY transfers DESC",
        {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, **params})


def ping_pong_routes(store: Store, flt: KpiFilter, limit: int = 10) -> pd.DataFrame:
    """The pairs of departments tickets bounce between most, for tickets opened in the period:
    a bounce is a transfer back to a department that had passed the ticket on."""
    scope, params = _scope(flt)
    return store.fetch_df(
        "WITH scoped AS (SELECT t.ticket_id FROM tickets t"
        "  WHERE t.opened_at >= $lo AND t.opened_at < $hi" + scope + "),"
        " moves AS (SELECT x.* FROM ticket_transfers x WHERE x.ticket_id IN (SELECT ticket_id FROM scoped)),"
        " first_hand_off AS (SELECT ticket_id, from_dept AS dept, min(transferred_at) AS first_at"
        "  FROM moves GROUP BY ALL),"
        " bounces AS (SELECT DISTINCT m.ticket_id, least(m.from_dept, m.to_dept) AS a,"
        "  greatest(m.from_dept, m.to_dept) AS b FROM moves m JOIN first_hand_off f"
        "  ON f.ticket_id = m.ticket_id AND f.dept = m.to_dept AND f.first_at < m.transferred_at),"
        " routes AS (SELECT DISTINCT ticket_id, least(from_dept, to_dept) AS a,"
        "  greatest(from_dept, to_dept) AS b FROM moves)"
        " SELECT r.a, r.b, min(b.ticket_id) AS example, count(DISTINCT b.ticket_id) AS tickets,"
        "  round(100.0 * count(DISTINCT b.ticket_id) / count(DISTINCT r.ticket_id), 1) AS share"
        " FROM routes r LEFT JOIN bounces b ON b.ticket_id = r.ticket_id AND b.a = r.a AND b.b = r.b"
        " GROUP BY ALL HAVING count(DISTINCT b.ticket_id) > 0 ORDER BY tickets DESC LIMIT $limit",
        {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, "limit": limit, **params})


def cost_of_silos(store: Store, flt: KpiFilter) -> pd.DataFrame:
    """Resolution time, reopen rate and NPS by how many departments beyond the first a ticket
    went through. Tickets resolved in the period; NPS answers about them given in the period."""
    scope, params = _scope(flt)
    return store.fetch_df(
        "WITH reach AS (SELECT ticket_id, count(DISTINCT d) - 1 AS extra FROM ("
        "   SELECT ticket_id, from_dept AS d FROM ticket_transfers"
        "   UNION ALL SELECT ticket_id, to_dept FROM ticket_transfers) GROUP BY ticket_id),"
        " tagged AS (SELECT t.*, CASE WHEN coalesce(r.extra, 0) >= 3 THEN '3+'"
        "   ELSE coalesce(r.extra, 0)::VARCHAR END AS bucket"
        "   FROM tickets t LEFT JOIN reach r USING (ticket_id) WHERE true" + scope + "),"
        " resolved AS (SELECT bucket, count(*) AS tickets,"
        "   quantile_cont(epoch(resolved_at - opened_at) / 3600, 0.5) AS median_hours,"
        "   100.0 * count(*) FILTER (WHERE reopened_count > 0) / count(*) AS reopen_rate"
        "   FROM tagged WHERE resolved_at >= $lo AND resolved_at < $hi GROUP BY bucket),"
        " answers AS (SELECT g.bucket, count(*) AS answers,"
        "   100.0 * (count(*) FILTER (WHERE s.score >= 9) - count(*) FILTER (WHERE s.score <= 6)) / count(*) AS nps"
        "   FROM survey_responses s JOIN tagged g ON g.ticket_id = s.ticket_id"
        "   WHERE s.survey = 'nps' AND s.answered_at >= $lo AND s.answered_at < $hi GROUP BY g.bucket)"
        " SELECT b.bucket, coalesce(r.tickets, 0) AS tickets, round(r.median_hours, 1) AS median_hours,"
        "  round(r.reopen_rate, 1) AS reopen_rate, round(a.nps, 1) AS nps, coalesce(a.answers, 0) AS answers"
        " FROM (VALUES ('0'), ('1'), ('2'), ('3+')) b(bucket)"
        " LEFT JOIN resolved r USING (bucket) LEFT JOIN answers a USING (bucket) ORDER BY b.bucket",
        {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, **params})


def build_silo_map(store: Store, flt: KpiFilter, lang: str) -> SiloMap:
    """The silo map for the filter's period and customer filters (the department filter does not apply)."""
    names = department_names(store, lang)
    flows = transfer_flows(store, flt)
    routes = ping_pong_routes(store, flt)
    routes.insert(0, "route", [f"{names.get(a, a)} ⇄ {names.get(b, b)}" for a, b in zip(routes["a"], routes["b"])])
    return SiloMap(
        flows=flows,
        sankey=transfer_sankey(flows, names, t("silo.sankey_title", lang), lang),
        ping_pong_routes=routes.drop(columns=["a", "b", "example"]),
        route_sources=[f"ticket:{ticket}" for ticket in routes["example"]],
        cost=cost_of_silos(store, flt),
        total_transfers=int(flows["transfers"].sum()) if len(flows) else 0,
    )
