"""The silo map: where tickets travel between departments, where they ping-pong, and what it
costs the customer."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import silo_cost_chart, transfer_sankey
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
    cost_chart: go.Figure  # the same, as bars
    total_transfers: int


def _scope(flt: KpiFilter) -> tuple[str, dict[str, object]]:
    # Tickets the customer filters keep (the department filter does not apply to the map).
    return scope_conditions(flt.active(), "t", ("segment", "region", "channel"))


def transfer_flows(store: Store, flt: KpiFilter) -> pd.DataFrame:
    """Transfers made in the period, by route (from, to), of the tickets the filters keep."""
    scope, params = _scope(flt)
    return store.fetch_df(
        "SELECT x.from_dept, x.to_dept, count(*) AS transfers FROM ticket_transfers x"
        " WHERE x.transferred_at >= $lo AND x.transferred_at < $hi"
        # Tickets known and kept (a transfer of a ticket nobody loaded is not on the map).
        " AND x.ticket_id IN (SELECT t.ticket_id FROM ticket_facts t WHERE t.transfers > 0" + scope + ")"
        " GROUP BY ALL ORDER BY transfers DESC",
        {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, **params})


def ping_pong_routes(store: Store, flt: KpiFilter, limit: int = 10) -> pd.DataFrame:
    """The pairs of departments tickets bounce between most, for tickets opened in the period:
    a bounce is a transfer back to a department that had passed the ticket on. Read from each
    ticket's facts: the pairs it travelled between, and those of its bounces."""
    scope, params = _scope(flt)
    return store.fetch_df(
        "SELECT split_part(route, '|', 1) AS a, split_part(route, '|', 2) AS b,"
        " min(ticket_id) FILTER (WHERE bounced) AS example, count(*) FILTER (WHERE bounced) AS tickets,"
        " round(100.0 * count(*) FILTER (WHERE bounced) / count(*), 1) AS share"
        " FROM (SELECT ticket_id, route, list_contains(bounce_routes, route) AS bounced FROM"
        "  (SELECT t.ticket_id, unnest(t.routes) AS route, t.bounce_routes FROM ticket_facts t"
        "   WHERE t.opened_at >= $lo AND t.opened_at < $hi AND t.transfers > 0" + scope + "))"
        " GROUP BY ALL HAVING count(*) FILTER (WHERE bounced) > 0 ORDER BY tickets DESC, a, b LIMIT $limit",
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
        cost=(cost := cost_of_silos(store, flt)),
        cost_chart=silo_cost_chart(cost, t("col.bucket", lang), t("col.median_hours", lang), t("col.nps", lang),
                                   t("silo.cost_chart", lang), lang),
        total_transfers=int(flows["transfers"].sum()) if len(flows) else 0,
    )
