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
    KpiTrend,
    KpiValue,
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

# Streamlit's named colours for a change: only a significant one is good or bad news.
VERDICT_COLOURS = {"better": "green", "worse": "red"}


@dataclass(frozen=True)
class KpiTile:
    """What one KPI tile shows."""

    kpi_id: str
    label: str
    value: str
    delta: str | None  # signed change against the previous period, None when undefined
    delta_color: str  # green (significant, the right way), red (significant, the wrong way), gray
    help: str
    sample: str = ""  # "n = 412 (before: 398)": the rows the figure rests on
    verdict: str | None = None  # metrics.VERDICTS: what the change is worth
    verdict_text: str | None = None  # the verdict in words ("within noise")
    small_sample: bool = False  # a rate, mean or median on fewer than 30 rows: drawn grey
    flat: bool = False  # the change rounds to zero: no arrow up or down
    target: str | None = None  # e.g. "Target 30.0 pts · 4.2 pts to go"
    target_met: bool | None = None
    comparison: str | None = None  # e.g. "Company: 12.6 pts" on a department's tile
    scope_note: str | None = None  # the active filters that do not restrict this KPI, said on the tile
    open_actions: int | None = None  # open actions targeting the KPI (None: not shown)


@dataclass(frozen=True)
class Overview:
    """The Overview page's content for one filter."""

    result: KpiResult
    tiles: list[KpiTile]
    trends: list[go.Figure]
    targets: dict[str, Target]
    follow_up: FollowUp


def format_target(k: Kpi, value: float | None, target: float | None, lang: str) -> tuple[str | None, bool | None]:
    """The target line of a tile and whether the KPI meets it (None when no target or no value)."""
    if target is None:
        return None, None
    text = t("overview.target", lang, target=k.format(target, lang))
    met = k.meets(value, target)
    if met is None:
        return text, None
    if met:
        return f"{text} · {t('overview.target_met', lang)}", True
    gap = k.format_change(k.shortfall(value, target), lang).lstrip("+")
    return f"{text} · {t('overview.target_gap', lang, gap=gap)}", False


def scope_note(k: Kpi, flt: KpiFilter, lang: str) -> str | None:
    """The filters in force that leave this KPI unfiltered, said where the figure is ("company-wide")."""
    ignored = [f for f in flt.active() if f not in k.filters]
    if not ignored:
        return None
    names = ", ".join(t(f"filter.{f}", lang).lower() for f in ignored)
    return t("tile.company_wide" if "dept" in ignored else "tile.not_filtered", lang, filters=names)


def sample_text(n: int, previous_n: int | None, lang: str) -> str:
    """"n = 412 (before: 398)": how many rows a figure and the one it is compared with rest on."""
    if previous_n is None:
        return t("tile.n_only", lang, n=format_number(n, lang, 0))
    return t("tile.n", lang, n=format_number(n, lang, 0), previous=format_number(previous_n, lang, 0))


def kpi_tile(k: Kpi, v: KpiValue, target: float | None, lang: str, *, company: float | None = None,
             in_company: bool = False, scope: str | None = None, note: str | None = None) -> KpiTile:
    """One KPI's tile: its value (grey on a small sample), its change coloured only when significant
    and its verdict, its n, its target; with `in_company`, the company's value beside it; `note`
    adds a line to its help."""
    owner = department(k.owner).name(lang)
    help_text = f"{k.definition(lang)}\n\n{t('overview.owner', lang, dept=owner)}"
    if v.value is None:
        help_text += f"\n\n{t('overview.no_value_help', lang)}"
    if note:
        help_text += f"\n\n{note}"
    verdict = v.verdict(k)
    target_text, met = format_target(k, v.value, target, lang)
    small = v.small_sample(k)
    sample = sample_text(v.n, v.previous_n if v.previous is not None else None, lang)
    return KpiTile(
        kpi_id=k.id,
        label=k.label(lang),
        value=k.format(v.value, lang),
        delta=k.format_change(v.change, lang),
        delta_color=VERDICT_COLOURS.get(verdict or "", "gray"),
        help=help_text,
        # Said once: beside the change when there is one, else after n.
        sample=f"{sample} · {t('verdict.small_sample', lang)}" if small and verdict != "small_sample" else sample,
        verdict=verdict,
        verdict_text=t(f"verdict.{verdict}", lang) if verdict else None,
        small_sample=small,
        flat=v.change is not None and round(abs(v.change), k.unit.decimals) == 0,
        target=target_text,
        target_met=met,
        comparison=t("department.company_value", lang, value=k.format(company, lang)) if in_company else None,
        scope_note=scope,
    )


def make_tiles(result: KpiResult, targets: dict[str, Target], lang: str, kpis: tuple[Kpi, ...] = KPIS,
               company: KpiResult | None = None) -> list[KpiTile]:
    """KPI tiles for a result: change against the previous period (coloured only when significant),
    sample size, target, the filters that leave it company-wide, and (for a department) the
    company's value beside it."""
    return [kpi_tile(k, result.values[k.id], targets[k.id].value if k.id in targets else None, lang,
                     company=company.values[k.id].value if company else None, in_company=company is not None,
                     scope=scope_note(k, result.filter, lang)) for k in kpis]


def trend_figures(trend: KpiTrend, kpi_ids: tuple[str, ...], targets: dict[str, Target], lang: str,
                  flt: KpiFilter | None = None) -> list[go.Figure]:
    """One figure per KPI of a trend, its target drawn when one is set, and under its title the
    filters of `flt` it ignores."""
    return [trend_figure(kpi(i), trend, targets[i].value if i in targets else None, lang,
                         scope_note(kpi(i), flt, lang) if flt else None) for i in kpi_ids]


def build_overview(store: Store, flt: KpiFilter, lang: str) -> Overview:
    """Every KPI for the filter as a tile (against the previous period and the target) and the
    monthly trends of the key KPIs."""
    result = compute_kpis(store, flt)
    targets = targets_for(store, flt.dept)
    trends = trend_figures(compute_trend(store, flt, TREND_KPIS, TREND_MONTHS), TREND_KPIS, targets, lang, flt)
    acting = open_actions_by_kpi(store, flt.dept)
    tiles = [replace(tile, open_actions=acting.get(tile.kpi_id, 0)) for tile in make_tiles(result, targets, lang)]
    return Overview(result, tiles, trends, targets, follow_up_counts(store, flt.dept))
