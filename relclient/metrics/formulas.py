"""The shapes a KPI's figure takes (a share, an NPS, a mean, a median, a count), each written once:
its SQL, the rows it rests on (`n`), what its significance test reads, and the rows behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The contract's test for a change of each shape ("median": not judged).
Test = Literal["proportion", "nps", "mean", "median", "count"]


@dataclass(frozen=True)
class Formula:
    """A KPI's aggregates over its source's rows (fixed SQL from code, never from input)."""

    value: str  # the figure
    n: str  # how many rows the figure rests on (the contract's `n`)
    test: Test
    rows: str  # condition picking the rows behind the figure (the figure details page)
    extra: tuple[tuple[str, str], ...] = ()  # further aggregates the test reads: (name, SQL)
    expression: str = ""  # a mean's or median's value per row (how far each row is from a target)


def _count(where: str) -> str:
    return "count(*)" if where == "true" else f"count(*) FILTER (WHERE {where})"


def _and(*conditions: str) -> str:
    kept = [c for c in conditions if c != "true"]
    return " AND ".join(f"({c})" for c in kept) or "true"


def share(condition: str, where: str = "true", numerator: str | None = None) -> Formula:
    """100 × the rows meeting `condition` among the rows `where` picks; `numerator`, when given,
    counts over every row instead (churn: who left, among all customers, over who was there)."""
    top = numerator or _and(where, condition)
    return Formula(f"100 * ({_count(top)})::DOUBLE / nullif({_count(where)}, 0)", _count(where), "proportion",
                   numerator or where)


def nps(where: str) -> Formula:
    """% of promoters (9–10) minus % of detractors (0–6) among the answers `where` picks."""
    promoters, detractors = _count(_and(where, "score >= 9")), _count(_and(where, "score <= 6"))
    return Formula(f"100 * ({promoters} - {detractors})::DOUBLE / nullif({_count(where)}, 0)", _count(where),
                   "nps", where, (("promoters", promoters), ("detractors", detractors)))


def mean(expression: str, where: str = "true") -> Formula:
    """The mean of `expression` over the rows `where` picks (Welch's test reads its deviation)."""
    scope = "" if where == "true" else f" FILTER (WHERE {where})"
    return Formula(f"avg({expression}){scope}", _count(where), "mean", where,
                   (("sd", f"stddev_samp({expression}){scope}"),), expression)


def median(expression: str, where: str = "true") -> Formula:
    """The median of `expression` (quantile_cont) over the rows `where` picks; never judged."""
    scope = "" if where == "true" else f" FILTER (WHERE {where})"
    return Formula(f"quantile_cont({expression}, 0.5){scope}", _count(where), "median", where, (), expression)


def count(condition: str, where: str = "true") -> Formula:
    """How many rows `where` picks meet `condition`; n is the rows `where` picks (complaints: of
    the tickets opened)."""
    return Formula(_count(_and(where, condition)), _count(where), "count", _and(where, condition))
