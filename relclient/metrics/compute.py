"""Computing KPIs: for a filter and the period before it, month by month, or split into groups.

The requested KPIs are grouped by source and DuckDB answers every bucket (and group) in a single
query: the figure, the rows it rests on (`n`) and what its significance test reads. Python only
reads back one row per bucket and group. Periods are clipped to the data first (the contract's
"latest data day"), so a quarter to date is compared with as many days before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from relclient.metrics import daily
from relclient.metrics.buckets import KpiFilter, bucket_params, bucket_query, ordered, sample, shared_ctes
from relclient.metrics.registry import KPIS, KPIS_BY_ID, Kpi
from relclient.metrics.significance import MIN_N, Sample, significant
from relclient.metrics.sources import (
    DIMENSIONS,
    ROW_FILTERS,
    SOURCES,
    Grain,
    source_sql,
)
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.store import Store


# What a change says, for tiles, tables, the review and the CLI alike.
VERDICTS: tuple[str, ...] = ("better", "worse", "noise", "small_sample", "not_judged")


@dataclass(frozen=True)
class KpiValue:
    """A KPI's value for the period and the previous one (None when undefined), the rows each
    rests on, and whether the change between them is significant (None: not judged)."""

    value: float | int | None  # counts are int
    previous: float | int | None
    n: int = 0
    previous_n: int = 0
    significant: bool | None = None
    # The figure and what its test reads, to judge it against another one (an action's baseline).
    sample: Sample | None = field(default=None, compare=False, repr=False)

    @property
    def change(self) -> float | None:
        """value − previous, when both exist."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    def small_sample(self, k: Kpi) -> bool:
        """A rate, mean or median resting on fewer than 30 rows: shown grey, never judged."""
        return not k.is_count and self.value is not None and self.n < MIN_N

    def verdict(self, k: Kpi) -> str | None:
        """better or worse (significant), noise, small_sample, not_judged (medians), or None when
        there is no change to judge."""
        if self.change is None:
            return None
        if self.significant is True:
            return "better" if k.better(self.change) else "worse"
        if self.significant is False:
            return "noise"
        if k.formula.test == "median":
            return "not_judged"
        return "small_sample"


@dataclass(frozen=True)
class KpiResult:
    """The KPIs computed for one filter (its period as computed: clipped to the data)."""

    filter: KpiFilter
    previous_period: Period
    values: dict[str, KpiValue]  # in the order the KPIs were asked for

    @property
    def through(self) -> date:
        """The last day computed."""
        return self.filter.period.end


def kpi_query(kpi_ids: Iterable[str], flt: KpiFilter, previous: bool = True) -> tuple[str, dict[str, object]]:
    """The single SQL query (and its bound parameters) computing these KPIs for both periods (for
    the filter's period alone, without `previous`)."""
    sql = bucket_query(ordered(kpi_ids), set(flt.active()), "compare" if previous else "current")
    first = flt.period.previous().start if previous else flt.period.start
    return sql, bucket_params(sql, first, flt.period.start, flt.period.end, flt)


def rows_query(k: Kpi, flt: KpiFilter) -> tuple[str, dict[str, object]]:
    """The SQL (and its bound values) of the rows behind a KPI's figure for the filter's period
    as given (clip it first): the KPI's own row set and the rows its formula picks."""
    active = set(flt.active())
    rows = source_sql(SOURCES[k.source], active)
    condition = f" AND ({k.formula.rows})" if k.formula.rows != "true" else ""
    sql = ("WITH " + ",\n".join(shared_ctes("compare"))
           + f"\nSELECT * EXCLUDE (p) FROM ({rows}) WHERE p = 'current'{condition}")
    prev = flt.period.previous()
    return sql, bucket_params(sql, prev.start, flt.period.start, flt.period.end, flt)


def rows_beyond(store: Store, flt: KpiFilter, k: Kpi, target: float) -> int:
    """How many of the rows behind a mean's or median's figure lie on the wrong side of `target`."""
    sql, params = rows_query(k, flt.clipped(latest_activity(store)))
    wrong_side = "<" if k.higher_is_better else ">"  # fixed text from code
    return int(store.fetch_one(f"SELECT count(*) FROM ({sql}) WHERE ({k.formula.expression}) {wrong_side} $target",
                               {**params, "target": target})[0])


def _kpi_value(k: Kpi, current: dict | None, previous: dict | None) -> KpiValue:
    now, before = sample(k, current), sample(k, previous)
    judged = significant(k.formula.test, now, before) if previous is not None else None
    return KpiValue(now.value, before.value if previous is not None else None, now.n,
                    before.n if previous is not None else 0, judged, now)


def compute_kpis(store: Store, flt: KpiFilter, kpi_ids: Iterable[str] | None = None, *,
                 previous: bool = True) -> KpiResult:
    """Compute these KPIs (all by default) for the filter, its period clipped to the data, and for
    the previous period of as many days (unless `previous` is False: the figures alone, nothing
    judged), in DuckDB (the additive ones summed from their stored days, relclient/metrics/daily.py)."""
    ids = list(dict.fromkeys(kpi_ids)) if kpi_ids is not None else [k.id for k in KPIS]
    flt = flt.clipped(latest_activity(store))
    if not ids:
        return KpiResult(flt, flt.period.previous(), {})
    # The additive KPIs from their stored days; the others from the rows, in one query.
    prev = flt.period.previous()
    buckets = [("current", flt.period.start, flt.period.end)] + ([("previous", prev.start, prev.end)] if previous else [])
    rows, stored = daily.read(store, [KPIS_BY_ID[i] for i in ids], flt, buckets)
    rest = [i for i in ids if i not in stored]
    if rest:
        sql, params = kpi_query(rest, flt, previous)
        for row in store.fetch_dicts(sql, params):
            rows.setdefault(row["p"], {}).update(row)
    return KpiResult(flt, flt.period.previous(),
                     {i: _kpi_value(KPIS_BY_ID[i], rows.get("current"), rows.get("previous") if previous else None)
                      for i in ids})


@dataclass(frozen=True)
class KpiGroups:
    """KPIs split by one dimension: `values[group][kpi]` (previous figures when compared)."""

    filter: KpiFilter
    dimension: str
    groups: list[str]
    values: dict[str, dict[str, KpiValue]]

    def column(self, kpi_id: str) -> list[float | int | None]:
        """One KPI's value in each group, in group order."""
        return [self.values[g][kpi_id].value for g in self.groups]

    def sizes(self, kpi_id: str) -> list[int]:
        """The rows one KPI rests on in each group, in group order."""
        return [self.values[g][kpi_id].n for g in self.groups]


def compute_groups(store: Store, flt: KpiFilter, kpi_ids: Iterable[str], by: str, *, where: str | None = None,
                   compare: bool = False) -> KpiGroups:
    """These KPIs for each group of dimension `by` (channel, category, segment, dept, reach,
    pair), over the rows `where` (a row filter of metrics.sources) keeps; with `compare`, against
    the previous period too, each change judged."""
    chosen = ordered(kpi_ids)
    dimension = DIMENSIONS[by]
    row_filter = ROW_FILTERS[where] if where is not None else None
    unknown = [k.id for k in chosen if k.source not in dimension.by_source
               or (row_filter is not None and k.source not in row_filter.by_source)]
    if unknown:
        raise ValueError(f"these KPIs cannot be grouped by {by}{' where ' + where if where else ''}: {unknown}")
    flt = flt.clipped(latest_activity(store))
    grain: Grain = "compare" if compare else "current"
    sql = bucket_query(chosen, set(flt.active()), grain, dimension, row_filter)
    first = flt.period.previous().start if compare else flt.period.start
    rows = store.fetch_dicts(sql, bucket_params(sql, first, flt.period.start, flt.period.end, flt))
    by_group: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_group.setdefault(row["g"], {})[row["p"]] = row
    order = list(dimension.groups) or sorted(by_group)
    groups = [g for g in order if g in by_group]
    return KpiGroups(flt, by, groups, {
        g: {k.id: _kpi_value(k, by_group[g].get("current"), by_group[g].get("previous") if compare else None)
            for k in chosen} for g in groups})
