"""The silo map: where tickets travel between departments, where they ping-pong, and what it
costs the customer."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import transfer_sankey
from relclient.i18n import t
from relclient.metrics import KpiFilter, KpiGroups, KpiValue, compute_groups
from relclient.metrics.sources import DIMENSIONS, scope_conditions
from relclient.reference import department_names, latest_activity
from relclient.store import Store


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
    """Resolution time, reopen rate and NPS by how many departments beyond the first a ticket went
    through, from the KPI layer: tickets resolved in the period; NPS answers about a ticket given
    in the period (a ticket reaches as far as its transfers went)."""
    flt = replace(flt, dept=None)
    tickets = compute_groups(store, flt, ["resolution_hours", "reopen_rate"], "reach")
    answers = compute_groups(store, flt, ["nps"], "reach", where="about_ticket")
    empty = KpiValue(None, None)

    def figure(found: KpiGroups, bucket: str, kpi_id: str) -> KpiValue:
        return found.values.get(bucket, {}).get(kpi_id, empty)

    return pd.DataFrame([{
        "bucket": bucket,
        "tickets": figure(tickets, bucket, "reopen_rate").n,
        "median_hours": figure(tickets, bucket, "resolution_hours").value,
        "reopen_rate": figure(tickets, bucket, "reopen_rate").value,
        "nps": figure(answers, bucket, "nps").value,
        "answers": figure(answers, bucket, "nps").n,
    } for bucket in DIMENSIONS["reach"].groups]).round({"median_hours": 1, "reopen_rate": 1, "nps": 1})


def build_silo_map(store: Store, flt: KpiFilter, lang: str) -> SiloMap:
    """The silo map for the filter's period (clipped to the data) and customer filters (the
    department filter does not apply)."""
    flt = flt.clipped(latest_activity(store))
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
