"""A review's inputs, assembled from the data for its period: language-neutral figures (numbers,
codes, ids) that pages and exports word, and that a closing freezes as they are."""

from __future__ import annotations

from datetime import date, timedelta

from relclient.actions.model import OPEN_STATUSES
from relclient.internal_customers import rating_pairs
from relclient.metrics import KPIS, KpiFilter, compute_kpis, compute_trend
from relclient.periods import Period
from relclient.silo_map import ping_pong_routes
from relclient.store import Store
from relclient.targets import targets_for

TREND_MONTHS = 12
TOP = 5  # complaint categories, verbatims, routes and pairs each section shows


def _rows(store: Store, sql: str, params: dict) -> list[dict]:
    with store.cursor() as cur:
        result = cur.execute(sql, params)
        names = [d[0] for d in result.description]
        return [dict(zip(names, row)) for row in result.fetchall()]


def _plain(value: object) -> object:
    # JSON keeps numbers, strings and None; dates travel as ISO text.
    return value.isoformat() if isinstance(value, date) else value


def decided_actions(store: Store, before: date, today: date) -> list[dict]:
    """The actions decided in the reviews of earlier periods: status, due date when decided, due date now."""
    rows = _rows(store, (
        "SELECT d.decision_id, d.review_id, a.action_id, a.title, a.status, d.due_date AS decided_due,"
        " a.due_date AS due, a.lead_dept"
        " FROM review_decisions d JOIN reviews r USING (review_id) JOIN actions a ON a.action_id = d.action_id"
        " WHERE r.period_end < $before ORDER BY d.review_id, d.decision_id"), {"before": before})
    for row in rows:
        row["overdue"] = row["status"] in OPEN_STATUSES and row["due"] is not None and row["due"] < today
        row["decided_due"], row["due"] = _plain(row["decided_due"]), _plain(row["due"])
    return rows


def assemble_inputs(store: Store, period: Period, today: date | None = None) -> dict:
    """Every input of a review of `period`, from the data as it is now (one KPI query for the period,
    one for the monthly trends, a few aggregates)."""
    today = today or date.today()
    flt = KpiFilter(period)
    result = compute_kpis(store, flt)
    trend = compute_trend(store, flt, ["nps", "csat", "ces"], TREND_MONTHS)
    targets = targets_for(store, None)
    window = {"lo": period.ts_start, "hi": period.ts_end_exclusive, "n": TOP}
    return {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "kpis": {k.id: {"value": result.values[k.id].value, "previous_period": result.values[k.id].previous,
                        "target": targets[k.id].value if k.id in targets else None} for k in KPIS},
        "trends": {"months": [m.isoformat() for m in trend.months], **trend.values},
        "complaint_categories": _rows(store, (
            "SELECT coalesce(category, '') AS category, count(*) AS complaints FROM tickets"
            " WHERE is_complaint AND opened_at >= $lo AND opened_at < $hi GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $n"),
            window),
        "detractor_verbatims": [{**row, "answered_at": _plain(row["answered_at"])} for row in _rows(store, (
            "SELECT response_id, customer_id, answered_at::DATE AS answered_at, score, dept, comment"
            " FROM survey_responses WHERE survey = 'nps' AND score <= 6 AND comment IS NOT NULL"
            " AND answered_at >= $lo AND answered_at < $hi ORDER BY score, answered_at DESC, response_id LIMIT $n"),
            window)],
        "routes": ping_pong_routes(store, flt, TOP)[["a", "b", "tickets", "share"]].to_dict("records"),
        "weakest_pairs": rating_pairs(store, flt).head(TOP).to_dict("records"),
        "corrective_actions": _rows(store, (
            "SELECT action_id, title, status, kpi_id FROM actions WHERE kpi_id IN ('complaints', 'reopen_rate')"
            " AND created_at < $hi AND (list_contains($open, status) OR updated_at >= $lo) ORDER BY action_id"),
            {"lo": period.ts_start, "hi": period.ts_end_exclusive, "open": list(OPEN_STATUSES)}),
        "decided_actions": decided_actions(store, period.start, today),
    }


def propose_opportunities(inputs: dict, n_gaps: int = 3, n_trends: int = 2) -> list[dict]:
    """Opportunities for improvement read from the inputs: the KPIs furthest from their target, then
    those that moved most the wrong way against the previous period (codes and numbers; pages word them)."""
    from relclient.metrics import kpi

    gaps, trends = [], []
    for kpi_id, v in inputs["kpis"].items():
        k = kpi(kpi_id)
        if v["value"] is None:
            continue
        if v["target"] not in (None, 0):
            short = (v["target"] - v["value"]) if k.higher_is_better else (v["value"] - v["target"])
            if short > 0:
                gaps.append({"kind": "gap", "kpi": kpi_id, "value": v["value"], "target": v["target"],
                             "share": abs(short / v["target"])})
        if v["previous_period"] not in (None, 0):
            worse = (v["previous_period"] - v["value"]) if k.higher_is_better else (v["value"] - v["previous_period"])
            if worse > 0:
                trends.append({"kind": "trend", "kpi": kpi_id, "value": v["value"],
                               "previous": v["previous_period"], "share": abs(worse / v["previous_period"])})
    gaps.sort(key=lambda g: -g["share"])
    trends = [t for t in sorted(trends, key=lambda t: -t["share"]) if t["kpi"] not in {g["kpi"] for g in gaps[:n_gaps]}]
    return gaps[:n_gaps] + trends[:n_trends]


def quarter_before(period: Period) -> Period:
    """The calendar quarter before the one `period` starts in (the previous quarterly review's)."""
    from relclient.periods import quarter_of

    return quarter_of(period.start - timedelta(days=1))
