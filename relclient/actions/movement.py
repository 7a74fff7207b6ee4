"""Whether an action moved its KPI: the baseline when it was created, the value now, the target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from relclient.actions.model import Action
from relclient.metrics import KpiFilter, compute_kpis, kpi
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.store import Store

# The KPI is measured over 90 days: long enough for rates to mean something, short enough to move.
WINDOW_DAYS = 90


def measure_window(day: date, latest: date | None) -> Period:
    """The 90 days ending on `day`, or on the latest day with data when the data stops earlier."""
    anchor = min(day, latest) if latest else day
    return Period(anchor - timedelta(days=WINDOW_DAYS - 1), anchor)


def kpi_value(store: Store, kpi_id: str, scope_dept: str | None, period: Period) -> float | None:
    """The KPI over `period`, for the company or one department (None when undefined)."""
    return compute_kpis(store, KpiFilter(period, dept=scope_dept), [kpi_id]).values[kpi_id].value


def baseline_for(store: Store, kpi_id: str, scope_dept: str | None, day: date) -> tuple[float | None, Period]:
    """The baseline an action created on `day` starts from, and the window it was measured on."""
    window = measure_window(day, latest_activity(store))
    return kpi_value(store, kpi_id, scope_dept, window), window


@dataclass(frozen=True)
class Movement:
    """Baseline → now → target, and whether the KPI moves the right way."""

    baseline: float | None
    now: float | None
    target: float | None
    direction: str | None  # "better", "worse", "flat", or None when either value is missing
    progress: float | None  # share of the baseline-to-target gap closed, in %

    @property
    def arrow(self) -> str:
        """↗ the right way, ↘ the wrong way, = no change, ? unknown (the colour says good or bad)."""
        return {"better": "↗", "worse": "↘", "flat": "="}.get(self.direction or "", "?")


def movement(action: Action, now: float | None) -> Movement:
    """How the action's KPI moved from its baseline to `now`."""
    k = kpi(action.kpi_id)
    base, target = action.baseline, action.target
    if base is None or now is None:
        return Movement(base, now, target, None, None)
    change = now - base
    if abs(change) < 1e-9:
        direction = "flat"
    else:
        direction = "better" if k.better(change) else "worse"
    progress = None
    if target is not None and abs(target - base) > 1e-9:
        progress = 100 * change / (target - base)
    return Movement(base, now, target, direction, progress)


def movements(store: Store, actions: Iterable[Action], day: date | None = None) -> dict[int, Movement]:
    """Each action's movement, with the KPIs measured now: one KPI query per scope, not per action."""
    actions = list(actions)
    window = measure_window(day or date.today(), latest_activity(store))
    needed: dict[str | None, set[str]] = {}
    for a in actions:
        needed.setdefault(a.scope_dept, set()).add(a.kpi_id)
    current = {scope: compute_kpis(store, KpiFilter(window, dept=scope), sorted(ids)).values
               for scope, ids in needed.items()}
    return {a.action_id: movement(a, current[a.scope_dept][a.kpi_id].value) for a in actions}
