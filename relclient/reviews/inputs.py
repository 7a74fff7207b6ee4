"""A review's inputs, assembled from the data for its period: language-neutral figures (numbers,
codes, ids) that pages and exports word, and that a closing freezes as they are.

Every figure comes from the KPI layer for the review's period clipped to the data: a quarter still
running is computed "to date" and set against as many days before it, never against a whole one.
"""

from __future__ import annotations

from datetime import date

from relclient.actions.model import OPEN_STATUSES
from relclient.closed_loop import period_source
from relclient.customer_distance import detractor_counts
from relclient.internal_customers import rating_pairs
from relclient.metrics import (
    KPIS,
    MIN_N,
    Kpi,
    KpiFilter,
    KpiValue,
    compute_groups,
    compute_kpis,
    compute_trend,
    kpi,
    rows_beyond,
)
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.silo_map import ping_pong_routes
from relclient.store import Store
from relclient.targets import Target, targets_for

TREND_MONTHS = 12
TREND_KPIS: tuple[str, ...] = ("nps", "csat", "ces")
TOP = 5  # complaint categories, verbatims, routes and pairs each section shows
ROUTES_COMPARED = 100  # routes of the previous period read to find each shown route's figure then
MAX_OPPORTUNITIES = 10


def _plain(value: object) -> object:
    # JSON keeps numbers, strings and None; dates travel as ISO text.
    return value.isoformat() if isinstance(value, date) else value


def decided_actions(store: Store, before: date, today: date) -> list[dict]:
    """The actions decided in the reviews of earlier periods: status, due date when decided, due date now."""
    rows = store.fetch_dicts(
        "SELECT d.decision_id, d.review_id, a.action_id, a.title, a.status, d.due_date AS decided_due,"
        " a.due_date AS due, a.lead_dept"
        " FROM review_decisions d JOIN reviews r USING (review_id) JOIN actions a ON a.action_id = d.action_id"
        " WHERE r.period_end < $before ORDER BY d.review_id, d.decision_id", {"before": before})
    for row in rows:
        row["overdue"] = row["status"] in OPEN_STATUSES and row["due"] is not None and row["due"] < today
        row["decided_due"], row["due"] = _plain(row["decided_due"]), _plain(row["due"])
    return rows


def _period(computed: Period) -> dict:
    previous = computed.previous()
    return {"start": computed.start.isoformat(), "end": computed.asked().end.isoformat(),
            "through": computed.end.isoformat(), "days": computed.days, "of": computed.days_asked,
            "previous_start": previous.start.isoformat(), "previous_end": previous.end.isoformat()}


def _kpi_input(store: Store, flt: KpiFilter, k: Kpi, v: KpiValue, target: Target | None) -> dict:
    figures = {"value": v.value, "n": v.n, "previous_period": v.previous, "previous_n": v.previous_n,
               "significant": v.significant, "target": target.value if target else None}
    if target is not None and k.formula.test == "median" and not k.meets(v.value, target.value):
        # How many rows a median off target leaves on the wrong side: what it would take to meet it.
        figures["beyond_target"] = rows_beyond(store, flt, k, target.value)
    return figures


def assemble_inputs(store: Store, period: Period, today: date | None = None) -> dict:
    """Every input of a review of `period`, from the data as it is now: the KPI layer for the period
    clipped to the data and for as many days before it, the monthly trends, and each section's lists."""
    today = today or date.today()
    flt = KpiFilter(period).clipped(latest_activity(store))
    previous = KpiFilter(flt.period.previous())
    result = compute_kpis(store, flt)
    trend = compute_trend(store, flt, TREND_KPIS, TREND_MONTHS)
    targets = targets_for(store, None)
    window = {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, "n": TOP}
    categories = compute_groups(store, flt, ["complaints"], "category", compare=True)
    routes = ping_pong_routes(store, flt, TOP)
    routes_before = {(r.a, r.b): int(r.tickets) for r in ping_pong_routes(store, previous, ROUTES_COMPARED).itertuples()}
    channels = compute_groups(store, flt, ["unanswered_48h_rate"], "channel")
    detractors, unheard = detractor_counts(store, flt)
    return {
        "period": _period(flt.period),
        "kpis": {k.id: _kpi_input(store, flt, k, result.values[k.id], targets.get(k.id)) for k in KPIS},
        "trends": {"months": [m.isoformat() for m in trend.months], "days": trend.days, "n": trend.n,
                   **trend.values},
        "complaint_categories": sorted(
            ({"category": g, "complaints": v.value, "previous_period": v.previous, "significant": v.significant}
             for g in categories.groups for v in (categories.values[g]["complaints"],) if v.value),
            key=lambda c: (-c["complaints"], c["category"]))[:TOP],
        "detractor_verbatims": [{**row, "answered_at": _plain(row["answered_at"])} for row in store.fetch_dicts(
            "SELECT response_id, customer_id, answered_at::DATE AS answered_at, score, dept, comment"
            " FROM survey_responses WHERE survey = 'nps' AND score <= 6 AND comment IS NOT NULL"
            " AND answered_at >= $lo AND answered_at < $hi ORDER BY score, answered_at DESC, response_id LIMIT $n",
            window)],
        "routes": [{"a": r.a, "b": r.b, "tickets": int(r.tickets), "share": float(r.share), "example": r.example,
                    "previous_period": routes_before.get((r.a, r.b), 0)} for r in routes.itertuples()],
        "weakest_pairs": rating_pairs(store, flt).head(TOP).drop(columns=["few"]).to_dict("records"),
        "unheard_detractors": {"total": detractors, "unheard": unheard},
        "unanswered_by_channel": [
            {"channel": g, "tickets": v.n, "rate": v.value, "unanswered": round(v.value * v.n / 100)}
            for g in channels.groups for v in (channels.values[g]["unanswered_48h_rate"],) if v.value is not None],
        "corrective_actions": store.fetch_dicts(
            "SELECT action_id, title, status, kpi_id FROM actions WHERE kpi_id IN ('complaints', 'reopen_rate')"
            " AND created_at < $hi AND (list_contains($open, status) OR updated_at >= $lo) ORDER BY action_id",
            {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, "open": list(OPEN_STATUSES)}),
        "decided_actions": decided_actions(store, period.start, today),
    }


def is_partial(inputs: dict) -> bool:
    """Whether the inputs stop before the end of the review's period (computed "to date")."""
    period = inputs["period"]
    return period.get("through", period["end"]) < period["end"]


def _kpi_opportunity(kpi_id: str, v: dict, span: str) -> dict | None:
    # A KPI off its target, or significantly worse than the same days before; small samples are
    # not facts to act on.
    k = kpi(kpi_id)
    n = v.get("n", 0)
    if v["value"] is None or (not k.is_count and n < MIN_N):
        return None
    gap = k.shortfall(v["value"], v["target"])
    previous = v.get("previous_period")
    worse = v.get("significant") is True and previous is not None and not k.better(v["value"] - previous)
    sizes = ([k.rows_to_move(gap, n, v.get("beyond_target"))] if gap else []) + (
        [k.rows_to_move(abs(v["value"] - previous), n)] if worse else [])
    if not sizes:
        return None
    return {"kind": "kpi", "kpi": kpi_id, "value": v["value"], "n": n, "target": v["target"] if gap else None,
            "previous": previous if worse else None, "size": max(sizes), "source": period_source("kpi", kpi_id, *span)}


def propose_opportunities(inputs: dict) -> list[dict]:
    """Opportunities for improvement read from the inputs, biggest first (by the rows concerned):
    KPIs off target or significantly worse, the worst ping-pong routes, the weakest internal pairs,
    detractors nobody contacted again, the channels leaving most tickets unanswered. Each carries
    its figure, its n and the source of a pre-filled action (codes and numbers; pages word them)."""
    period = inputs["period"]
    span = (period['start'], period.get('through', period['end']))
    items = [found for k in KPIS if k.id in inputs["kpis"]
             if (found := _kpi_opportunity(k.id, inputs["kpis"][k.id], span))]
    items += [{"kind": "route", "a": r["a"], "b": r["b"], "tickets": r["tickets"], "share": r["share"],
               "size": r["tickets"], "source": f"ticket:{r['example']}"}
              for r in inputs.get("routes", [])[:3] if r.get("example")]
    items += [{"kind": "pair", "rater": p["rater_dept"], "rated": p["rated_dept"], "score": p["score"],
               "ratings": p.get("ratings", 0), "size": p.get("ratings", 0),
               "source": f"pair:{p['rater_dept']}>{p['rated_dept']}"} for p in inputs.get("weakest_pairs", [])[:2]]
    heard = inputs.get("unheard_detractors", {})
    if heard.get("unheard"):
        items.append({"kind": "detractors", "unheard": heard["unheard"], "total": heard["total"],
                      "size": heard["unheard"], "source": period_source("detractors", None, *span)})
    worst = sorted(inputs.get("unanswered_by_channel", []), key=lambda c: -c["unanswered"])[:2]
    items += [{"kind": "channel", "channel": c["channel"], "unanswered": c["unanswered"], "tickets": c["tickets"],
               "rate": c["rate"], "size": c["unanswered"], "source": period_source("channel", c['channel'], *span)}
              for c in worst if c["unanswered"]]
    return sorted(items, key=lambda item: -item["size"])[:MAX_OPPORTUNITIES]

