"""One department's view: its KPIs beside the company's, the verbatims about it, the internal
ratings it receives and gives, and the tickets it hands to and takes from the others."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import paired_bars
from relclient.departments import require_department
from relclient.i18n import t
from relclient.metrics.sources import scope_conditions
from relclient.metrics import KPIS, Kpi, KpiFilter, KpiResult, compute_kpis
from relclient.overview import KpiTile, make_tiles
from relclient.reference import department_names, latest_activity
from relclient.actions.queries import FollowUp, follow_up_counts, mentions_of
from relclient.store import Store
from relclient.targets import targets_for
from relclient.voice.views import ThemeSummary, theme_summary

# The KPIs a department filter changes (tickets it took part in, surveys of its touchpoints,
# ratings it receives); order and churn KPIs stay company-wide, so they are not "its" KPIs.
DEPARTMENT_KPIS: tuple[Kpi, ...] = tuple(k for k in KPIS if "dept" in k.filters)



@dataclass(frozen=True)
class DepartmentView:
    """What the department page shows."""

    dept: str
    result: KpiResult
    company: KpiResult
    tiles: list[KpiTile]
    transfers: pd.DataFrame  # counterpart, sent, received
    transfers_chart: go.Figure
    ratings: pd.DataFrame  # counterpart, received (mean score it gets), received_n, given, given_n
    ratings_chart: go.Figure
    verbatims: pd.DataFrame  # the lowest-scored answers with a comment, about its touchpoints
    verbatim_sources: list[str]  # "response:<id>" per verbatim row: what an action opened from it links
    follow_up: FollowUp  # the actions it leads or contributes to that need a push
    mentions: pd.DataFrame  # comments on actions that mention it, newest first
    themes: ThemeSummary  # the voice of the customer's themes that concern it


def _scope_sql(flt: KpiFilter) -> tuple[str, dict[str, object]]:
    # Transfers of the tickets the customer filters keep.
    conditions, params = scope_conditions(flt.active(), "t", ("segment", "region", "channel"))
    if not conditions:
        return "", {}
    return f" AND ticket_id IN (SELECT t.ticket_id FROM tickets t WHERE true{conditions})", params


def transfer_counts(store: Store, flt: KpiFilter, dept: str) -> pd.DataFrame:
    """Transfers in the period the department sent to and received from each other department."""
    scope, params = _scope_sql(flt)
    return store.fetch_df(
        "SELECT CASE WHEN from_dept = $dept THEN to_dept ELSE from_dept END AS counterpart,"
        " count(*) FILTER (WHERE from_dept = $dept) AS sent,"
        " count(*) FILTER (WHERE to_dept = $dept) AS received"
        " FROM ticket_transfers"
        " WHERE (from_dept = $dept OR to_dept = $dept)"
        " AND transferred_at >= $lo AND transferred_at < $hi" + scope +
        " GROUP BY 1 ORDER BY sent + received DESC",
        {"dept": dept, "lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, **params})


def rating_exchange(store: Store, flt: KpiFilter, dept: str) -> pd.DataFrame:
    """Mean internal score the department receives from, and gives to, each other department, and
    the ratings each mean rests on."""
    return store.fetch_df(
        "SELECT CASE WHEN rated_dept = $dept THEN rater_dept ELSE rated_dept END AS counterpart,"
        " avg(score) FILTER (WHERE rated_dept = $dept) AS received,"
        " count(*) FILTER (WHERE rated_dept = $dept) AS received_n,"
        " avg(score) FILTER (WHERE rater_dept = $dept) AS given,"
        " count(*) FILTER (WHERE rater_dept = $dept) AS given_n"
        " FROM internal_ratings"
        " WHERE (rated_dept = $dept OR rater_dept = $dept)"
        " AND month BETWEEN date_trunc('month', $start::DATE) AND date_trunc('month', $end::DATE)"
        " GROUP BY 1 ORDER BY received NULLS LAST",
        {"dept": dept, "start": flt.period.start, "end": flt.period.end})


def worst_verbatims(store: Store, flt: KpiFilter, dept: str, limit: int = 20) -> pd.DataFrame:
    """The lowest-scored answers with a comment about the department's touchpoints."""
    conditions, customer = scope_conditions(flt.active(), "survey_responses", ("segment", "region"))
    return store.fetch_df(
        "SELECT answered_at, survey, score, comment, customer_id, ticket_id, response_id FROM survey_responses"
        " WHERE dept = $dept AND comment IS NOT NULL AND answered_at >= $lo AND answered_at < $hi"
        + conditions +
        # Scores of different surveys compare through their share of the scale.
        " ORDER BY (score - CASE survey WHEN 'nps' THEN 0 ELSE 1 END)"
        "  / CASE survey WHEN 'nps' THEN 10.0 WHEN 'csat' THEN 4.0 ELSE 6.0 END, answered_at DESC"
        " LIMIT $limit",
        {"dept": dept, "lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, "limit": limit,
         **customer})


def build_department_view(store: Store, flt: KpiFilter, lang: str) -> DepartmentView:
    """Everything the department page shows, for the filter's department and period (clipped to the
    data); UnknownDepartment when the filter names none (a retired one still has its view)."""
    with store.cursor() as cur:
        dept = require_department(cur, flt.dept)
    flt = flt.clipped(latest_activity(store))
    names = department_names(store, lang)
    ids = [k.id for k in DEPARTMENT_KPIS]
    company_flt = replace(flt, dept=None)
    result = compute_kpis(store, flt, ids)
    company = compute_kpis(store, company_flt, ids, previous=False)  # its figures beside the tiles
    tiles = make_tiles(result, targets_for(store, dept), lang, DEPARTMENT_KPIS, company)

    transfers = transfer_counts(store, company_flt, dept)
    transfers["counterpart"] = transfers["counterpart"].map(names)
    ratings = rating_exchange(store, company_flt, dept)
    ratings["counterpart"] = ratings["counterpart"].map(names)
    verbatims = worst_verbatims(store, company_flt, dept)
    sources = [f"response:{r}" for r in verbatims.pop("response_id")]
    return DepartmentView(
        dept=dept, result=result, company=company, tiles=tiles,
        transfers=transfers,
        transfers_chart=paired_bars(
            transfers["counterpart"].tolist(),
            (t("department.sent", lang), transfers["sent"].tolist()),
            (t("department.received", lang), transfers["received"].tolist()),
            t("department.transfers_title", lang, dept=names[dept]), lang),
        ratings=ratings,
        ratings_chart=paired_bars(
            ratings["counterpart"].tolist(),
            (t("department.rating_received", lang), ratings["received"].tolist()),
            (t("department.rating_given", lang), ratings["given"].tolist()),
            t("department.ratings_title", lang, dept=names[dept]), lang, y_range=(1, 5)),
        verbatims=verbatims,
        verbatim_sources=sources,
        follow_up=follow_up_counts(store, dept),
        mentions=mentions_of(store, dept),
        themes=theme_summary(store, flt),
    )
