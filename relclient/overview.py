"""The Overview: every KPI as a tile, formatted for a language, ready for a page to draw."""

from __future__ import annotations

from dataclasses import dataclass

from relclient.contract import department
from relclient.i18n import format_number, t
from relclient.metrics import KPIS, Kpi, KpiFilter, KpiResult, compute_kpis
from relclient.store import Store

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


@dataclass(frozen=True)
class Overview:
    """The Overview page's content for one filter."""

    result: KpiResult
    tiles: list[KpiTile]


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


def build_overview(store: Store, flt: KpiFilter, lang: str) -> Overview:
    """Compute every KPI for the filter and turn each into a tile."""
    result = compute_kpis(store, flt)
    tiles = []
    for k in KPIS:
        v = result.values[k.id]
        owner = department(k.owner).name(lang)
        help_text = f"{k.definition(lang)}\n\n{t('overview.owner', lang, dept=owner)}"
        if v.value is None:
            help_text += f"\n\n{t('overview.no_value_help', lang)}"
        delta = format_delta(k, v.change, lang)
        moved = delta is not None and any(ch in "123456789" for ch in delta)
        tiles.append(KpiTile(
            kpi_id=k.id,
            label=k.label(lang),
            value=format_value(k, v.value, lang),
            delta=delta,
            # A change too small to show is neither good nor bad news: grey, not red or green.
            delta_color=("normal" if k.higher_is_better else "inverse") if moved else "off",
            help=help_text,
        ))
    return Overview(result, tiles)
