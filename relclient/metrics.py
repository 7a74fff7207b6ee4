"""The KPI layer: every KPI of the data contract defined once, and the one function computing them.

A KPI is an aggregate SQL expression over one source (relclient.metric_sources). The compute
function groups the requested KPIs by source and asks DuckDB for the current and previous
period in a single query; Python only reads back one row per period.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from relclient.metric_sources import (
    FILTERS,
    PERIODS_CTE,
    SOURCES,
    TICKET_FLOW_CTE,
    Grain,
    source_sql,
)
from relclient.periods import Period
from relclient.store import Store

Unit = Literal["points", "percent", "score5", "score7", "count", "hours"]


@dataclass(frozen=True)
class Kpi:
    """One KPI: its names, definition, unit, direction, owner and SQL."""

    id: str
    label_fr: str
    label_en: str
    definition_fr: str
    definition_en: str
    unit: Unit
    higher_is_better: bool
    owner: str  # department code
    source: str  # key of metric_sources.SOURCES
    sql: str  # aggregate expression over the source's rows
    # A count with no rows is 0; rates, means and medians stay NULL (the contract's rule).
    is_count: bool = False
    # Reads the per-ticket transfer flags (transferred, ping_pong) of metric_sources.
    needs_flow: bool = False

    def label(self, lang: str) -> str:
        """The KPI's name in `lang`."""
        return self.label_fr if lang == "fr" else self.label_en

    def definition(self, lang: str) -> str:
        """The KPI's one-sentence definition in `lang`."""
        return self.definition_fr if lang == "fr" else self.definition_en

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets this KPI reads."""
        return SOURCES[self.source].datasets


def _share(condition: str, denominator: str = "count(*)") -> str:
    return f"100 * (count(*) FILTER (WHERE {condition}))::DOUBLE / nullif({denominator}, 0)"


def _hours(later: str, earlier: str) -> str:
    return f"epoch({later} - {earlier}) / 3600"


_NPS = "survey = 'nps'"
_CSAT = "survey = 'csat'"
_CES = "survey = 'ces'"

KPIS: tuple[Kpi, ...] = (
    Kpi("nps", "NPS", "NPS",
        "Réponses NPS de la période : % de promoteurs (9–10) moins % de détracteurs (0–6).",
        "NPS answers in the period: % of promoters (9–10) minus % of detractors (0–6).",
        "points", True, "marketing", "surveys",
        f"100 * (count(*) FILTER (WHERE {_NPS} AND score >= 9) - count(*) FILTER (WHERE {_NPS} AND score <= 6))"
        f"::DOUBLE / nullif(count(*) FILTER (WHERE {_NPS}), 0)"),
    Kpi("csat", "Satisfaction (CSAT)", "Satisfaction (CSAT)",
        "Réponses CSAT de la période : % de notes 4 ou 5 sur 5.",
        "CSAT answers in the period: % of scores of 4 or 5 out of 5.",
        "percent", True, "customer_service", "surveys",
        _share(f"{_CSAT} AND score >= 4", f"count(*) FILTER (WHERE {_CSAT})")),
    Kpi("ces", "Effort client (CES)", "Effort (CES)",
        "Réponses CES de la période : note moyenne sur 7 (7 = très facile).",
        "CES answers in the period: mean score out of 7 (7 = very easy).",
        "score7", True, "customer_service", "surveys",
        f"avg(score) FILTER (WHERE {_CES})"),
    Kpi("complaints", "Réclamations", "Complaints",
        "Nombre de tickets ouverts dans la période et marqués comme réclamation.",
        "Number of tickets opened in the period and flagged as complaints.",
        "count", False, "customer_service", "tickets_opened",
        "count(*) FILTER (WHERE is_complaint)", is_count=True),
    Kpi("first_response_hours", "Délai 1re réponse", "First response time",
        "Tickets ouverts dans la période et déjà répondus : médiane des heures jusqu'à la première réponse.",
        "Tickets opened in the period that got a response: median hours until the first response.",
        "hours", False, "customer_service", "tickets_opened",
        f"quantile_cont({_hours('first_response_at', 'opened_at')}, 0.5)"),
    Kpi("unanswered_48h_rate", "Sans réponse 48 h", "Unanswered 48 h",
        "Tickets ouverts dans la période : % sans première réponse, ou répondus plus de 48 h après.",
        "Tickets opened in the period: % with no first response, or one more than 48 h later.",
        "percent", False, "customer_service", "tickets_opened",
        _share(f"first_response_at IS NULL OR {_hours('first_response_at', 'opened_at')} > 48")),
    Kpi("resolution_hours", "Délai de résolution", "Resolution time",
        "Tickets résolus dans la période : médiane des heures entre ouverture et résolution.",
        "Tickets resolved in the period: median hours from opening to resolution.",
        "hours", False, "customer_service", "tickets_resolved",
        f"quantile_cont({_hours('resolved_at', 'opened_at')}, 0.5)"),
    Kpi("reopen_rate", "Taux de réouverture", "Reopen rate",
        "Tickets résolus dans la période : % rouverts au moins une fois.",
        "Tickets resolved in the period: % reopened at least once.",
        "percent", False, "customer_service", "tickets_resolved",
        _share("reopened_count > 0")),
    Kpi("handoff_rate", "Taux de transfert", "Handoff rate",
        "Tickets ouverts dans la période : % transférés au moins une fois d'un service à un autre.",
        "Tickets opened in the period: % handed at least once from one department to another.",
        "percent", False, "direction", "tickets_opened",
        _share("transferred"), needs_flow=True),
    Kpi("ping_pong_rate", "Taux de ping-pong", "Ping-pong rate",
        "Tickets ouverts dans la période : % revenus à un service qui les avait déjà transférés.",
        "Tickets opened in the period: % that came back to a department that had passed them on.",
        "percent", False, "direction", "tickets_opened",
        _share("ping_pong"), needs_flow=True),
    Kpi("one_touch_rate", "Un seul contact", "One-touch resolution",
        "Tickets résolus dans la période : % sans aucun transfert ni réouverture.",
        "Tickets resolved in the period: % with no transfer and never reopened.",
        "percent", True, "customer_service", "tickets_resolved",
        _share("NOT transferred AND reopened_count = 0"), needs_flow=True),
    Kpi("on_time_delivery", "Livraison à l'heure", "On-time delivery",
        "Commandes livrées dans la période : % livrées au plus tard à la date promise.",
        "Orders delivered in the period: % delivered on or before the promised date.",
        "percent", True, "logistics", "orders_delivered",
        _share("delivered_on <= promised_on")),
    Kpi("return_rate", "Taux de retour", "Return rate",
        "Commandes passées dans la période : % retournées.",
        "Orders placed in the period: % returned.",
        "percent", False, "production", "orders_ordered",
        _share("returned")),
    Kpi("churn_rate", "Taux d'attrition", "Churn rate",
        "Clients partis dans la période, en % des clients actifs au début de la période.",
        "Customers who left in the period, as a % of the customers active at its start.",
        "percent", False, "sales", "customers_by_period",
        _share("churned_on BETWEEN d_start AND d_end",
               "count(*) FILTER (WHERE created_on < d_start AND (churned_on IS NULL OR churned_on >= d_start))")),
    Kpi("internal_service_score", "Service interne", "Internal service",
        "Notes internes des mois de la période : moyenne sur 5 de la note qu'un service donne à un autre.",
        "Internal ratings of the months in the period: mean score out of 5 one department gives another.",
        "score5", True, "direction", "internal_ratings_by_period",
        "avg(score)"),
)
KPIS_BY_ID: dict[str, Kpi] = {k.id: k for k in KPIS}


def kpi(kpi_id: str) -> Kpi:
    """The KPI with this id; KeyError naming the known ids when there is none."""
    try:
        return KPIS_BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(KPIS_BY_ID)}") from None


@dataclass(frozen=True)
class KpiFilter:
    """What a KPI computation looks at: a period and the contract's optional filters."""

    period: Period
    dept: str | None = None
    segment: str | None = None
    region: str | None = None
    channel: str | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, by name."""
        return {f: getattr(self, f) for f in FILTERS if getattr(self, f) is not None}


@dataclass(frozen=True)
class KpiValue:
    """A KPI's value for the period and for the previous one (None when undefined)."""

    value: float | int | None  # counts are int
    previous: float | int | None

    @property
    def change(self) -> float | None:
        """value − previous, when both exist."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class KpiResult:
    """The KPIs computed for one filter."""

    filter: KpiFilter
    previous_period: Period
    values: dict[str, KpiValue]  # in the order the KPIs were asked for


_PARAM = re.compile(r"\$([a-z_]+)")


def _bucket_query(chosen: list[Kpi], active: set[str], grain: Grain) -> str:
    # One CTE per source, each aggregating its KPIs by bucket; the buckets left-join them all.
    by_source: dict[str, list[Kpi]] = {}
    for k in chosen:
        by_source.setdefault(k.source, []).append(k)
    ctes = [PERIODS_CTE[grain]]
    if any(k.needs_flow for k in chosen):
        ctes.append(TICKET_FLOW_CTE)
    joins, columns = [], []
    for n, (source_id, kpis) in enumerate(by_source.items()):
        aggregates = ", ".join(f"{k.sql} AS {k.id}" for k in kpis)
        rows = source_sql(SOURCES[source_id], active, grain=grain,
                          ticket_flow=any(k.needs_flow for k in kpis))
        ctes.append(f"s{n} AS (SELECT p, {aggregates} FROM ({rows}) GROUP BY p)")
        joins.append(f"LEFT JOIN s{n} USING (p)")
        columns += [f"coalesce(s{n}.{k.id}, 0) AS {k.id}" if k.is_count else f"s{n}.{k.id}" for k in kpis]
    return ("WITH " + ",\n".join(ctes)
            + "\nSELECT periods.p" + "".join(f", {c}" for c in columns)
            + "\nFROM periods " + " ".join(joins) + "\nORDER BY periods.p")


def bucket_params(sql: str, first: date, split: date, last: date, flt: KpiFilter) -> dict[str, object]:
    """The bound values a bucket query uses: first day scanned, first day of the current period,
    last day, the periods and the filters (only those the SQL names)."""
    prev = flt.period.previous()
    params: dict[str, object] = {
        "lo_date": first, "split_date": split, "hi_date": last,
        "ts_lo": datetime.combine(first, time.min), "ts_split": datetime.combine(split, time.min),
        "ts_hi": datetime.combine(last + timedelta(days=1), time.min),
        "cur_start": flt.period.start, "cur_end": flt.period.end,
        "prev_start": prev.start, "prev_end": prev.end,
        **flt.active(),
    }
    used = set(_PARAM.findall(sql))
    return {k: v for k, v in params.items() if k in used}


def _ordered(kpi_ids: Iterable[str]) -> list[Kpi]:
    # The query lists columns source by source (first appearance order); callers read them so.
    chosen = [kpi(i) for i in dict.fromkeys(kpi_ids)]
    order: dict[str, list[Kpi]] = {}
    for k in chosen:
        order.setdefault(k.source, []).append(k)
    return [k for group in order.values() for k in group]


def kpi_query(kpi_ids: Iterable[str], flt: KpiFilter) -> tuple[str, dict[str, object]]:
    """The single SQL query (and its bound parameters) computing these KPIs for both periods."""
    sql = _bucket_query(_ordered(kpi_ids), set(flt.active()), "compare")
    prev = flt.period.previous()
    return sql, bucket_params(sql, prev.start, flt.period.start, flt.period.end, flt)


def trend_window(flt: KpiFilter, months: int) -> Period:
    """The `months` calendar months ending with the month of the filter's last day (cut there)."""
    end = flt.period.end
    first = date(end.year, end.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, end)


def trend_query(kpi_ids: Iterable[str], flt: KpiFilter, months: int = 12) -> tuple[str, dict[str, object]]:
    """The single SQL query computing these KPIs month by month over the trend window."""
    sql = _bucket_query(_ordered(kpi_ids), set(flt.active()), "month")
    window = trend_window(flt, months)
    return sql, bucket_params(sql, window.start, window.start, window.end, flt)


@dataclass(frozen=True)
class KpiTrend:
    """KPIs month by month: `months[i]` is the first day of a month, `values[kpi][i]` its value."""

    months: list[date]
    values: dict[str, list[float | int | None]]


def compute_trend(store: Store, flt: KpiFilter, kpi_ids: Iterable[str], months: int = 12) -> KpiTrend:
    """These KPIs for each of the `months` months ending with the filter's last day, in DuckDB."""
    ordered = _ordered(kpi_ids)
    if not ordered:
        return KpiTrend([], {})
    sql, params = trend_query([k.id for k in ordered], flt, months)
    rows = store.fetch_all(sql, params)
    return KpiTrend(
        months=[row[0] for row in rows],
        values={k.id: [_plain(row[n + 1], k.id) for row in rows] for n, k in enumerate(ordered)},
    )


def compute_kpis(store: Store, flt: KpiFilter, kpi_ids: Iterable[str] | None = None) -> KpiResult:
    """Compute these KPIs (all by default) for the filter and its previous period, in DuckDB."""
    ids = list(dict.fromkeys(kpi_ids)) if kpi_ids is not None else [k.id for k in KPIS]
    if not ids:
        return KpiResult(flt, flt.period.previous(), {})
    sql, params = kpi_query(ids, flt)
    rows = {row[0]: row[1:] for row in store.fetch_all(sql, params)}
    found = {
        k.id: KpiValue(_plain(rows["current"][n], k.id), _plain(rows["previous"][n], k.id))
        for n, k in enumerate(_ordered(ids))
    }
    return KpiResult(flt, flt.period.previous(), {kpi_id: found[kpi_id] for kpi_id in ids})


def _plain(value: object, kpi_id: str) -> float | int | None:
    if value is None:
        return None
    return int(value) if KPIS_BY_ID[kpi_id].is_count else float(value)
