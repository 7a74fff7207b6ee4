"""The KPI layer: every KPI of the data contract defined once (registry), the row sets it reads
(sources), the shapes of its figures (formulas), their units, the significance of a change, and
the functions computing them (compute). Import from here."""

from relclient.metrics.buckets import KpiFilter, bucket_params
from relclient.metrics.compute import (
    VERDICTS,
    KpiGroups,
    KpiResult,
    KpiValue,
    compute_groups,
    compute_kpis,
    kpi_query,
    rows_beyond,
    rows_query,
)
from relclient.metrics.trends import KpiTrend, compute_trend, month_end, trend_query, trend_window
from relclient.metrics.registry import KPIS, KPIS_BY_ID, Kpi, kpi
from relclient.metrics.significance import MIN_N, MIN_RATINGS
from relclient.metrics.units import UNITS, Unit

__all__ = [
    "KPIS", "KPIS_BY_ID", "MIN_N", "MIN_RATINGS", "UNITS", "VERDICTS", "Kpi", "KpiFilter", "KpiGroups",
    "KpiResult", "KpiTrend", "KpiValue", "Unit", "bucket_params", "compute_groups", "compute_kpis",
    "compute_trend", "kpi", "kpi_query", "month_end", "rows_beyond", "rows_query", "trend_query", "trend_window",
]
