"""The Overview: every KPI as a tile, formatted for a language, ready for a page to draw."""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from relclient.actions.queries import FollowUp, follow_up_counts, open_actions_by_kpi
from relclient.charts import trend_figure
from relclient.contract import department
from relclient.i18n import format_number, t
from relclient.metrics import (
    KPIS,
    Kpi,
    KpiFilter,
    KpiResult,
    compute_kpis,
    compute_trend,
    kpi,
)
from relclient.store import Store
from relclient.targets import Target, targets_for

# The KPIs whose monthly trend the Overview draws: one per way the company meets its customers.
TREND_KPIS: tuple[str, ...] = ("nps", "csat", "unanswered_48h_rate", "ping_pong_rate",
                               "on_time_delivery", "churn_rate")
TREND_MONTHS = 12

# Decimals shown per unit: counts are whole, scores need two to move visibly.
_DECIMALS = {"count": 0, "percent": 1, "hours": 1, "points": 1, "score5": 2, "score7": 2}


@dataclass(frozen=True)
class KpiTile:
    """What one KPI tile shows."""

    kpi_id: str
    label: str
    value: str
    delta: str | None  # signed change against the previous period, None when undefined
    delta_color: str  # "normal" when higher is better, "inverse" otherwise (Streamlit's terms)
    help: str
    target: str | None = None  # e.g. "Target 30.0 pts · 4.2 pts to go"
    target_met: bool | None = None
    comparison: str | None = None  # e.g. "Company: 12.6 pts" on a department's tile
    open_actions: int | None = None  # open actions targeting the KPI (None: not shown)


@dataclass(frozen=True)
class Overview:
    """The Overview page's content for one filter."""

    result: KpiResult
    tiles: list[KpiTile]
    trends: list[go.Figure]
    targets: dict[str, Target]
    follow_up: FollowUp


def format_value(k: Kpi, value: float | None, lang: str) -> str:
    """A KPI value with its unit, or a dash when it is undefined."""
    if value is None:
        return t("overview.no_value", lang)
    unit = t(f"unit.{k.unit}", lang)
    text = format_number(value, lang, _DECIMALS[k.unit])
    return f"{text} {unit}".strip() if k.unit not in ("score5", "score7") else f"{text}{unit}"


def format_delta(k: Kpi, change: float | None, lang: str) -> str | None:
    """The signed change against the previous period (percentages move in points)."""
    if change is None:
        return None
    # Percentages move in points; a score's change reads without its "/5".
    unit = {"percent": "pts", "points": "pts", "hours": t("unit.hours", lang)}.get(k.unit, "")
    magnitude = format_number(abs(change), lang, _DECIMALS[k.unit])
    # A change that rounds to zero gets no minus sign (Streamlit would draw a falling arrow).
    sign = "-" if change < 0 and magnitude.strip("0,. ") else "+"
    return f"{sign}{magnitude} {unit}".rstrip()


def format_target(k: Kpi, value: float | None, target: float | None, lang: str) -> tuple[str | None, bool | None]:
    """The target line of a tile and whether the KPI meets it (None when no target or no value)."""
    if target is None:
        return None, None
    text = t("overview.target", lang, target=format_value(k, target, lang))
    if value is None:
        return text, None
    met = value >= target if k.higher_is_better else value <= target
    if met:
        return f"{text} · {t('overview.target_met', lang)}", True
    gap = format_delta(k, abs(target - value), lang).lstrip("+")
    return f"{text} · {t('overview.target_gap', lang, gap=gap)}", False


def make_tiles(result: KpiResult, targets: dict[str, Target], lang: str, kpis: tuple[Kpi, ...] = KPIS,
               company: KpiResult | None = None) -> list[KpiTile]:
    """KPI tiles for a result: change against the previous period, target, and (for a department)
    the company's value beside it."""
    tiles = []
    for k in kpis:
        v = result.values[k.id]
        owner = department(k.owner).name(lang)
        help_text = f"{k.definition(lang)}\n\n{t('overview.owner', lang, dept=owner)}"
        if v.value is None:
            help_text += f"\n\n{t('overview.no_value_help', lang)}"
        delta = format_delta(k, v.change, lang)
        target_text, met = format_target(k, v.value, targets[k.id].value if k.id in targets else None, lang)
        moved = delta is not None and any(ch in "123456789" for ch in delta)
        tiles.append(KpiTile(
            kpi_id=k.id,
            label=k.label(lang),
            value=format_value(k, v.value, lang),
            delta=delta,
            # A change too small to show is neither good nor bad news: grey, not red or green.
            delta_color=("normal" if k.higher_is_better else "inverse") if moved else "off",
            help=help_text,
            target=target_text,
            target_met=met,
            comparison=(t("department.company_value", lang,
                          value=format_value(k, company.values[k.id].value, lang)) if company else None),
        ))
    return tiles


def build_overview(store: Store, flt: KpiFilter, lang: str) -> Overview:
    """Every KPI for the filter as a tile (against the previous period and the target) and the
    monthly trends of the key KPIs."""
    result = compute_kpis(store, flt)
    targets = targets_for(store, flt.dept)
    trend = compute_trend(store, flt, TREND_KPIS, TREND_MONTHS)
    trends = [trend_figure(kpi(i), trend.months, trend.values[i],
                           targets[i].value if i in targets else None, lang) for i in TREND_KPIS]
    acting = open_actions_by_kpi(store, flt.dept)
    tiles = [replace(tile, open_actions=acting.get(tile.kpi_id, 0)) for tile in make_tiles(result, targets, lang)]
    return Overview(result, tiles, trends, targets, follow_up_counts(store, flt.dept))
