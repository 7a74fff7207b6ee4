"""The demo company's KPI targets, derived from its own data as a leadership team would set them:
each KPI's best complete quarter of the last two years, rounded; for the company, and for each
department on the KPIs it owns (those its department filter changes; a department too small for
quarters to mean anything keeps its two-year level)."""

from __future__ import annotations

from datetime import timedelta

from relclient.auth import get_user
from relclient.metrics import KPIS, MIN_N, Kpi, KpiFilter, compute_kpis
from relclient.periods import Period, quarter_of
from relclient.reference import latest_activity
from relclient.store import Store
from relclient.targets import set_targets

SETTER = "direction@demo.relclient.fr"  # the demo's leadership account sets them
QUARTERS = 8
# A target reads as a round figure: whole points and percents, half hours, tenths of a score.
_STEPS = {"percent": 1.0, "points": 1.0, "hours": 0.5, "score5": 0.1, "score7": 0.1}


def _quarters(store: Store) -> list[Period]:
    # The complete quarters of the last two years the data covers.
    latest = latest_activity(store)
    first = store.fetch_one("SELECT min(opened_at)::DATE FROM tickets")[0]
    if latest is None or first is None:
        return []
    found, q = [], quarter_of(latest)
    for _ in range(QUARTERS + 1):
        if q.end <= latest and q.start >= first:
            found.append(q)
        q = quarter_of(q.start - timedelta(days=1))
    return found[:QUARTERS]


def _round(k: Kpi, value: float) -> float:
    step = _STEPS[k.unit.id]
    return round(round(value / step) * step, 2)


def best_quarters(store: Store, kpis: tuple[Kpi, ...], dept: str | None = None) -> dict[str, float]:
    """Each KPI's best value over the last two years' complete quarters, rounded. A KPI that rests
    on fewer than 30 rows in every quarter (a small department's) takes its level over the two
    years instead, when that rests on enough rows; otherwise it gets no target."""
    quarters = _quarters(store)
    best: dict[str, float] = {}
    for quarter in quarters:
        result = compute_kpis(store, KpiFilter(quarter, dept=dept), [k.id for k in kpis])
        for k in kpis:
            v = result.values[k.id]
            if v.value is None or v.n < MIN_N:
                continue
            if k.id not in best or k.better(v.value - best[k.id]):
                best[k.id] = v.value
    small = [k.id for k in kpis if k.id not in best]
    if small and quarters:
        whole = compute_kpis(store, KpiFilter(Period(quarters[-1].start, quarters[0].end), dept=dept), small)
        best |= {i: v.value for i, v in whole.values.items() if v.value is not None and v.n >= MIN_N}
    by_id = {k.id: k for k in kpis}
    return {kpi_id: _round(by_id[kpi_id], value) for kpi_id, value in best.items()}


def seed_demo_targets(store: Store) -> int:
    """Set the demo's company and department targets from its data; return how many (none when
    targets exist already: a rebuilt demo keeps the ones it finds)."""
    if store.fetch_one("SELECT count(*) FROM kpi_targets")[0]:
        return 0
    setter = get_user(store, SETTER)
    # A count, or churn, grows with the period's length: a target for it would not read the same
    # on a month and on a quarter, so the demo sets none.
    chosen = tuple(k for k in KPIS if not k.grows_with_length)
    made = set_targets(store, setter, None, best_quarters(store, chosen))
    for owner in dict.fromkeys(k.owner for k in chosen):
        own = tuple(k for k in chosen if k.owner == owner and "dept" in k.filters)
        if own:
            made += set_targets(store, setter, owner, best_quarters(store, own, owner))
    return made
