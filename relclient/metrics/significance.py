"""Is a change real or noise? The data contract's tests at 95 %, on figures DuckDB aggregated.

A change is judged only when both figures exist and rest on enough rows; medians are never
judged. Everything here reads a handful of aggregates per KPI, never rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from relclient.metrics.formulas import Test

Z_95 = 1.96  # two-sided, 95 %
MIN_N = 30  # below this, a rate, mean or median is a small sample: shown grey, never judged
MIN_RATINGS = 5  # an internal-customer average over fewer ratings is marked
_EPSILON = 1e-12


@dataclass(frozen=True)
class Sample:
    """A KPI's figure for one period and what its test reads."""

    value: float | None
    n: int
    promoters: int = 0  # NPS: answers of 9–10
    detractors: int = 0  # NPS: answers of 0–6
    sd: float | None = None  # means: sample standard deviation (n − 1)


def z_score(test: Test, now: Sample, before: Sample) -> float | None:
    """The contract's z for the change from `before` to `now`: None when not judged (a NULL
    value, a median, n < 30 on either side except for counts), 0.0 when no variation exists."""
    if now.value is None or before.value is None or test == "median":
        return None
    if test == "count":  # two Poisson counts over periods of equal length; n does not gate it
        total = now.value + before.value
        return 0.0 if total <= 0 else (now.value - before.value) / sqrt(total)
    if now.n < MIN_N or before.n < MIN_N:
        return None
    if test == "proportion":
        x_now, x_before = now.value * now.n / 100, before.value * before.n / 100
        p = (x_now + x_before) / (now.n + before.n)
        if p <= _EPSILON or p >= 1 - _EPSILON:
            return 0.0
        return (now.value - before.value) / 100 / sqrt(p * (1 - p) * (1 / now.n + 1 / before.n))
    if test == "nps":
        v_now, v_before = _nps_variance(now), _nps_variance(before)
        if v_now <= _EPSILON and v_before <= _EPSILON:
            return 0.0
        return (now.value - before.value) / sqrt(v_now / now.n + v_before / before.n)
    # Means: Welch.
    s_now, s_before = now.sd or 0.0, before.sd or 0.0
    if s_now <= _EPSILON and s_before <= _EPSILON:
        return 0.0
    return (now.value - before.value) / sqrt(s_now ** 2 / now.n + s_before ** 2 / before.n)


def _nps_variance(sample: Sample) -> float:
    plus, minus = sample.promoters / sample.n, sample.detractors / sample.n
    return 100 ** 2 * (plus + minus - (plus - minus) ** 2)


def significant(test: Test, now: Sample, before: Sample) -> bool | None:
    """True when the change is significant at 95 %, False when it is within noise, None when the
    contract does not judge it."""
    z = z_score(test, now, before)
    return None if z is None else abs(z) >= Z_95
