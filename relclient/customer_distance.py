"""Customer distance ("sell and forget"): where the company keeps its customers at arm's length."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from relclient.charts import channel_bars
from relclient.contract import ANONYMOUS_CUSTOMER, CHANNELS
from relclient.i18n import CHANNEL_LABELS, value_label, t
from relclient.metrics.sources import scope_conditions
from relclient.metrics import KpiFilter, KpiValue, compute_groups
from relclient.reference import department_names, latest_activity
from relclient.store import Store

SILENCE_DAYS = 90  # a last order older than this, with no contact since, is "followed by silence"


@dataclass(frozen=True)
class CustomerDistance:
    """What the customer-distance page shows."""

    by_channel: pd.DataFrame  # channel, tickets' unanswered_48h_rate, first_response_hours
    by_channel_chart: go.Figure
    complaints: pd.DataFrame  # channel, category, complaints
    detractors_total: int
    detractors_unheard_total: int
    detractors_unheard: pd.DataFrame  # detractors with no ticket opened after their answer (latest first)
    silent: pd.DataFrame  # customers whose last order was followed by silence
    silent_total: int


def response_by_channel(store: Store, flt: KpiFilter, lang: str) -> pd.DataFrame:
    """The KPI layer's unanswered-within-48h and first-response time for each channel (one query),
    with the tickets each rests on."""
    found = compute_groups(store, replace(flt, channel=None), ["unanswered_48h_rate", "first_response_hours"],
                           "channel")
    empty = KpiValue(None, None)
    rows = []
    for channel in CHANNELS:
        values = found.values.get(channel, {})
        unanswered = values.get("unanswered_48h_rate", empty)
        rows.append({"channel": CHANNEL_LABELS[lang][channel], "unanswered_48h_rate": unanswered.value,
                     "first_response_hours": values.get("first_response_hours", empty).value,
                     "tickets": unanswered.n})
    return pd.DataFrame(rows)


def complaints_by_channel_and_category(store: Store, flt: KpiFilter) -> pd.DataFrame:
    """Tickets opened in the period flagged as complaints, by channel and category."""
    scope, params = scope_conditions(flt.active(), "tickets", ("segment", "region", "channel"))
    return store.fetch_df(
        "SELECT channel, coalesce(category, '—') AS category, count(*) AS complaints FROM tickets"
        " WHERE is_complaint AND opened_at >= $lo AND opened_at < $hi" + scope +
        " GROUP BY ALL ORDER BY complaints DESC",
        {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive, **params})


# An anonymous answer (relclient.contract.ANONYMOUS_CUSTOMER) is nobody to follow up: it counts in
# the NPS, not among the detractors to call back.
_DETRACTORS = (" FROM survey_responses s WHERE s.survey = 'nps' AND s.score <= 6"
               " AND s.answered_at >= $lo AND s.answered_at < $hi AND s.customer_id <> $anonymous")
# Nobody followed up through a request: the customer opened no ticket after answering. (Such a
# ticket opened after the period's start, as the answer did: said, so that DuckDB skips the older
# tickets' blocks.)
_UNHEARD = ("NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = s.customer_id"
            " AND t.opened_at >= $lo AND t.opened_at > s.answered_at)")


def _with_totals(store: Store, totals_sql: str, rows_sql: str, order: str, params: dict) -> tuple[tuple, pd.DataFrame]:
    # One pass for the totals and the first rows: totals_sql defines the materialised CTEs `found`
    # and `totals` (columns total_*), rows_sql picks the rows from `found`, `order` orders them
    # (fixed SQL from this module). A row of totals always comes back, the rows beside it.
    df = store.fetch_df(f"{totals_sql} SELECT totals.*, x.* FROM totals LEFT JOIN ({rows_sql}) x ON true"
                        f" ORDER BY {order}", params)
    names = [c for c in df.columns if c.startswith("total_")]
    totals = tuple(int(df[c].iloc[0]) for c in names)
    rows = df.drop(columns=names)
    return totals, rows[rows[rows.columns[0]].notna()].reset_index(drop=True)


def _detractor_scope(flt: KpiFilter) -> tuple[str, dict[str, object]]:
    customer, params = scope_conditions(flt.active(), "s", ("segment", "region"))
    return _DETRACTORS + customer, {"lo": flt.period.ts_start, "hi": flt.period.ts_end_exclusive,
                                    "anonymous": ANONYMOUS_CUSTOMER, **params}


def detractor_counts(store: Store, flt: KpiFilter) -> tuple[int, int]:
    """Detractors (NPS ≤ 6) of the period, and how many of them opened no ticket after their answer."""
    base, params = _detractor_scope(flt)
    total, unheard = store.fetch_one(f"SELECT count(*), count(*) FILTER (WHERE {_UNHEARD})" + base, params)
    return int(total), int(unheard)


def unheard_detractors(store: Store, flt: KpiFilter, limit: int = 200) -> tuple[int, int, pd.DataFrame]:
    """Detractors (NPS ≤ 6) of the period: how many, and those after whose answer the customer
    opened no ticket (nobody followed up through a request), most recent first."""
    base, params = _detractor_scope(flt)
    (total, unheard_total), rows = _with_totals(
        store, f"WITH found AS MATERIALIZED (SELECT s.answered_at, s.customer_id, s.score, s.dept, s.comment,"
               f" {_UNHEARD} AS unheard{base}), totals AS (SELECT count(*) AS total_all,"
               " count(*) FILTER (WHERE unheard) AS total_unheard FROM found)",
        "SELECT answered_at, customer_id, score, dept, comment FROM found WHERE unheard"
        " ORDER BY answered_at DESC, customer_id LIMIT $limit", "x.answered_at DESC, x.customer_id",
        {**params, "limit": limit})
    return total, unheard_total, rows


def silent_after_last_order(store: Store, flt: KpiFilter, limit: int = 200) -> tuple[int, pd.DataFrame]:
    """Active customers whose last delivered order is over SILENCE_DAYS before the period's end
    and who have had no ticket or survey answer since: sold, then forgotten."""
    customer, params = scope_conditions(flt.active(), "c", ("segment", "region"))
    cutoff = flt.period.end - timedelta(days=SILENCE_DAYS)
    sql = (
        " FROM customers c"
        " JOIN (SELECT customer_id, max(delivered_on) AS last_delivery FROM orders"
        "       WHERE delivered_on <= $end GROUP BY customer_id) o USING (customer_id)"
        " WHERE (c.churned_on IS NULL OR c.churned_on > $end) AND o.last_delivery < $cutoff" + customer +
        " AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.customer_id"
        "   AND t.opened_at >= o.last_delivery AND t.opened_at < $end_ts)"
        " AND NOT EXISTS (SELECT 1 FROM survey_responses s WHERE s.customer_id = c.customer_id"
        "   AND s.answered_at >= o.last_delivery AND s.answered_at < $end_ts)")
    bounds = {"end": flt.period.end, "end_ts": flt.period.ts_end_exclusive, "cutoff": cutoff, **params}
    (total,), rows = _with_totals(
        store, "WITH found AS MATERIALIZED (SELECT c.customer_id, c.name, c.segment, c.region, c.annual_value,"
               " o.last_delivery, ($end - o.last_delivery) AS days_silent" + sql + "),"
               " totals AS (SELECT count(*) AS total_silent FROM found)",
        "SELECT * FROM found ORDER BY annual_value DESC NULLS LAST, days_silent DESC, customer_id LIMIT $limit",
        "x.annual_value DESC NULLS LAST, x.days_silent DESC, x.customer_id", {**bounds, "limit": limit})
    return total, rows


def build_customer_distance(store: Store, flt: KpiFilter, lang: str) -> CustomerDistance:
    """Everything the customer-distance page shows for the filter (the department filter does not apply),
    its period clipped to the data."""
    flt = replace(flt, dept=None).clipped(latest_activity(store))
    by_channel = response_by_channel(store, replace(flt, channel=None), lang)
    names = department_names(store, lang)
    detractors_total, unheard_total, unheard = unheard_detractors(store, flt)
    unheard["dept"] = unheard["dept"].map(names).fillna("")
    unheard["comment"] = unheard["comment"].fillna("")
    silent_total, silent = silent_after_last_order(store, flt)
    silent["last_delivery"] = silent["last_delivery"].dt.date
    return CustomerDistance(
        by_channel=by_channel,
        by_channel_chart=channel_bars(by_channel, t("distance.unanswered_axis", lang),
                                      t("distance.first_response_axis", lang), lang),
        complaints=complaints_by_channel_and_category(store, flt).assign(
            channel=lambda d: d["channel"].map(CHANNEL_LABELS[lang]),
            # The demo's categories are codes with words in the catalogue; an upload's are shown as written.
            category=lambda d: d["category"].map(lambda c: value_label("category", c, lang))),
        detractors_total=detractors_total,
        detractors_unheard_total=unheard_total,
        detractors_unheard=unheard,
        silent=silent,
        silent_total=silent_total,
    )
