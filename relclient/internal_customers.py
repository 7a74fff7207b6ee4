"""Internal customers: how departments rate the service they get from each other."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import rating_heatmap, trend_figure
from relclient.i18n import t
from relclient.metrics import MIN_RATINGS, KpiFilter, compute_groups, compute_trend, kpi
from relclient.reference import departments, latest_activity
from relclient.store import Store
from relclient.targets import targets_for

_MONTHS = "month BETWEEN date_trunc('month', $start::DATE) AND date_trunc('month', $end::DATE)"


@dataclass(frozen=True)
class InternalCustomers:
    """What the internal-customers page shows."""

    pairs: pd.DataFrame  # rater, rated, score, ratings, few (a word when under 5 ratings) — lowest first
    pair_sources: list[str]  # "pair:<rater>><rated>" per pair row, for an action opened from it
    heatmap: go.Figure
    trend: go.Figure
    comments: pd.DataFrame  # month, rater, rated, score, comment — lowest scores first


def rating_pairs(store: Store, flt: KpiFilter) -> pd.DataFrame:
    """The KPI layer's internal service score for each pair (rater, rated) over the period's months,
    with the ratings it rests on, lowest first; `few` marks a mean of fewer than 5 ratings."""
    found = compute_groups(store, KpiFilter(flt.period), ["internal_service_score"], "pair")
    pairs = pd.DataFrame([{"rater_dept": g.split(">")[0], "rated_dept": g.split(">")[1],
                           "score": found.values[g]["internal_service_score"].value,
                           "ratings": found.values[g]["internal_service_score"].n} for g in found.groups],
                         columns=["rater_dept", "rated_dept", "score", "ratings"])
    pairs["score"] = pairs["score"].astype(float).round(2)
    pairs["few"] = pairs["ratings"] < MIN_RATINGS
    return pairs.sort_values(["score", "rater_dept", "rated_dept"], ignore_index=True)


def rating_comments(store: Store, flt: KpiFilter, limit: int = 50) -> pd.DataFrame:
    """The comments of the period's months, lowest scores first."""
    return store.fetch_df(
        "SELECT strftime(month, '%Y-%m') AS month, rater_dept, rated_dept, score, comment FROM internal_ratings"
        f" WHERE {_MONTHS} AND comment IS NOT NULL ORDER BY score, month DESC, rater_dept LIMIT $limit",
        {"start": flt.period.start, "end": flt.period.end, "limit": limit})


def build_internal_customers(store: Store, flt: KpiFilter, lang: str) -> InternalCustomers:
    """The matrix, the weakest relationships, the trend and the comments for the filter's period
    (clipped to the data)."""
    flt = flt.clipped(latest_activity(store))
    depts = departments(store, include_retired=True)
    names = {d.code: d.name(lang) for d in depts}
    by_code = rating_pairs(store, flt)  # codes for the heatmap's cells, names for the table
    pairs = by_code.copy()
    comments = rating_comments(store, flt)
    company = replace(flt, dept=None, segment=None, region=None, channel=None)
    trend = compute_trend(store, company, ["internal_service_score"], 12)
    target = targets_for(store, None).get("internal_service_score")
    order = [d.code for d in depts]
    for frame in (pairs, comments):
        frame["rater_dept"] = frame["rater_dept"].map(names)
        frame["rated_dept"] = frame["rated_dept"].map(names)
    pairs["few"] = [t("internal.few", lang, n=MIN_RATINGS) if few else "" for few in pairs["few"]]
    return InternalCustomers(
        pairs=pairs,
        pair_sources=[f"pair:{r}>{d}" for r, d in zip(by_code["rater_dept"], by_code["rated_dept"])],
        heatmap=rating_heatmap(by_code, [names[c] for c in order], order,
                               t("internal.heatmap_title", lang), t("internal.rater", lang),
                               t("internal.rated", lang), lang,
                               t("internal.few_note", lang, n=MIN_RATINGS) if by_code["few"].any() else ""),
        trend=trend_figure(kpi("internal_service_score"), trend, target.value if target else None, lang),
        comments=comments,
    )
