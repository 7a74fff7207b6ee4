"""Whether an action moved its KPI: the baseline when it was created, the value now, the target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from relclient.actions.model import Action
from relclient.metrics import Kpi, KpiFilter, compute_kpis, kpi
from relclient.metrics.significance import Sample, significant
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.store import Store

# The KPI is measured over 90 days: long enough for rates to mean something, short enough to move.
WINDOW_DAYS = 90


def measure_window(day: date, latest: date | None) -> Period:
    """The 90 days ending on `day`, or on the latest day with data when the data stops earlier."""
    anchor = min(day, latest) if latest else day
    return Period(anchor - timedelta(days=WINDOW_DAYS - 1), anchor)


def baseline_for(store: Store, kpi_id: str, scope_dept: str | None, day: date) -> tuple[Sample, Period]:
    """The baseline an action created on `day` starts from (its value, the rows it rests on and
    what the KPI's test reads), and the window it was measured on."""
    window = measure_window(day, latest_activity(store))
    return compute_kpis(store, KpiFilter(window, dept=scope_dept), [kpi_id]).values[kpi_id].sample, window


@dataclass(frozen=True)
class Movement:
    """Baseline → now → target, whether the KPI moves the right way, and whether that move is
    more than noise (the data contract's test between the baseline's window and now's)."""

    baseline: float | None
    now: float | None
    target: float | None
    direction: str | None  # "better", "worse", "flat", or None when either value is missing
    progress: float | None  # share of the baseline-to-target gap closed, in %
    significant: bool | None = None  # None: not judged (a median, n < 30, a baseline measured before n)
    baseline_n: int | None = None
    now_n: int | None = None

    @property
    def arrow(self) -> str:
        """Judged by significance, not by sign: ↗ significantly the right way, ↘ significantly the
        wrong way, ≈ within noise, = no change, ? not judged (a small sample, a median) or unknown."""
        if self.direction == "flat":
            return "="
        if self.significant is True and self.direction in ("better", "worse"):
            return "↗" if self.direction == "better" else "↘"
        return "≈" if self.significant is False else "?"

    def verdict(self, k: Kpi) -> str | None:
        """What the move is worth, in the KPI layer's words (metrics.VERDICTS), None without a move."""
        if self.direction is None:
            return None
        if self.significant is not None:
            return self.direction if self.significant and self.direction != "flat" else "noise"
        small = self.baseline_n is not None and self.now_n is not None and k.formula.test != "median"
        return "small_sample" if small else "not_judged"

    @property
    def change(self) -> float | None:
        """Now minus the baseline, in the KPI's unit (None when either is unknown)."""
        return None if self.now is None or self.baseline is None else self.now - self.baseline

    def shows_move(self, k: Kpi) -> bool:
        """Whether the change deserves an arrow: it went up or down by something the KPI's
        decimals can show (an arrow beside "+0.0" would claim a move nobody can read)."""
        if self.direction in (None, "flat"):
            return False
        return self.change is None or round(abs(self.change), k.unit.decimals) != 0

    @property
    def colour(self) -> str:
        """Green or red only for a significant move; grey within noise or when not judged."""
        if self.significant and self.direction in ("better", "worse"):
            return "green" if self.direction == "better" else "red"
        return "gray"


def movement(action: Action, now: float | None, now_sample: Sample | None = None) -> Movement:
    """How the action's KPI moved from its baseline to `now` (`now_sample`: what the test reads)."""
    k = kpi(action.kpi_id)
    base, target = action.baseline, action.target
    before = action.baseline_sample
    judged = (significant(k.formula.test, now_sample, before)
              if now_sample is not None and before is not None else None)
    sizes = {"baseline_n": before.n if before else None, "now_n": now_sample.n if now_sample else None}
    if base is None or now is None:
        return Movement(base, now, target, None, None, judged, **sizes)
    change = now - base
    if abs(change) < 1e-9:
        direction = "flat"
    else:
        direction = "better" if k.better(change) else "worse"
    progress = None
    if target is not None and abs(target - base) > 1e-9:
        progress = 100 * change / (target - base)
    return Movement(base, now, target, direction, progress, judged, **sizes)


def movements(store: Store, actions: Iterable[Action], day: date | None = None) -> dict[int, Movement]:
    """Each action's movement, with the KPIs measured now: one KPI query per scope, not per action."""
    actions = list(actions)
    window = measure_window(day or date.today(), latest_activity(store))
    needed: dict[str | None, set[str]] = {}
    for a in actions:
        needed.setdefault(a.scope_dept, set()).add(a.kpi_id)
    current = {scope: compute_kpis(store, KpiFilter(window, dept=scope), sorted(ids)).values
               for scope, ids in needed.items()}
    return {a.action_id: movement(a, (v := current[a.scope_dept][a.kpi_id]).value, v.sample) for a in actions}
