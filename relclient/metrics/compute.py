"""Computing KPIs: for a filter and the period before it, month by month, or split into groups.

The requested KPIs are grouped by source and DuckDB answers every bucket (and group) in a single
query: the figure, the rows it rests on (`n`) and what its significance test reads. Python only
reads back one row per bucket and group. Periods are clipped to the data first (the contract's
"latest data day"), so a quarter to date is compared with as many days before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from relclient.metrics.registry import KPIS, KPIS_BY_ID, Kpi, kpi
from relclient.metrics.significance import MIN_N, Sample, significant
from relclient.metrics.sources import (
    DIMENSIONS,
    FILTERS,
    PERIODS_CTE,
    ROW_FILTERS,
    SOURCES,
    Dimension,
    Grain,
    RowFilter,
    needs_membership,
    source_sql,
    ticket_depts_cte,
    ticket_flow_cte,
)
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.store import Store


@dataclass(frozen=True)
class KpiFilter:
    """What a KPI computation looks at: a period and the contract's optional filters."""

    period: Period
    dept: str | None = None
    segment: str | None = None
    region: str | None = None
    channel: str | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, by name."""
        return {f: getattr(self, f) for f in FILTERS if getattr(self, f) is not None}

    def clipped(self, latest: date | None) -> KpiFilter:
        """The same filter, its period computed through the latest data day when it ends later."""
        period = self.period.clip(latest)
        return self if period == self.period else replace(self, period=period)


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


_PARAM = re.compile(r"\$([a-z_]+)")


def _columns(k: Kpi) -> list[tuple[str, str, bool]]:
    # (name, SQL, is a count) of every aggregate a KPI needs: its figure, n and its test's reads.
    count = k.is_count
    return [(k.id, k.formula.value, count), (f"{k.id}__n", k.formula.n, True),
            *((f"{k.id}__{name}", sql, name != "sd") for name, sql in k.formula.extra)]


def _shared_ctes(chosen: list[Kpi], active: set[str], grain: Grain, dimension: Dimension | None) -> list[str]:
    # The buckets, and the per-ticket flow and department memberships when something reads them.
    flow = any(k.needs_flow for k in chosen) or (dimension is not None and dimension.needs_flow)
    membership = any(needs_membership(k.source, active, dimension) for k in chosen)
    ctes = [PERIODS_CTE[grain]]
    if flow or membership:
        ctes.append(ticket_flow_cte(reach=dimension is not None and dimension.id == "reach"))
    if membership:
        ctes.append(ticket_depts_cte(active))
    return ctes


def _bucket_query(chosen: list[Kpi], active: set[str], grain: Grain, dimension: Dimension | None = None,
                  row_filter: RowFilter | None = None) -> str:
    # One CTE per source, each aggregating its KPIs by bucket (and group); the buckets (and
    # groups) left-join them all.
    by_source: dict[str, list[Kpi]] = {}
    for k in chosen:
        by_source.setdefault(k.source, []).append(k)
    ctes = _shared_ctes(chosen, active, grain, dimension)
    keys = "p, g" if dimension is not None else "p"
    joins, columns = [], []
    for n, (source_id, kpis) in enumerate(by_source.items()):
        aggregates = ", ".join(f"{sql} AS {name}" for k in kpis for name, sql, _ in _columns(k))
        rows = source_sql(SOURCES[source_id], active, grain=grain, dimension=dimension, row_filter=row_filter,
                          ticket_flow=any(k.needs_flow for k in kpis))
        ctes.append(f"s{n} AS (SELECT {keys}, {aggregates} FROM ({rows}) GROUP BY {keys})")
        joins.append(f"LEFT JOIN s{n} USING ({keys})")
        columns += [f"coalesce(s{n}.{name}, 0) AS {name}" if is_count else f"s{n}.{name}"
                    for k in kpis for name, _, is_count in _columns(k)]
    frame = "periods"
    if dimension is not None:
        # Every group any source has (and the dimension's fixed ones), for every bucket.
        found = " UNION ".join(f"SELECT g FROM s{n}" for n in range(len(by_source)))
        fixed = "".join(f" UNION SELECT '{g}'" for g in dimension.groups)  # fixed text from code
        ctes.append(f"groups AS (SELECT g FROM ({found}{fixed}) WHERE g IS NOT NULL)")
        frame = "periods CROSS JOIN groups"
    return ("WITH " + ",\n".join(ctes)
            + f"\nSELECT periods.p{', groups.g' if dimension is not None else ''}"
            + "".join(f", {c}" for c in columns)
            + f"\nFROM {frame} " + " ".join(joins) + f"\nORDER BY periods.p{', groups.g' if dimension else ''}")


def bucket_params(sql: str, first: date, split: date, last: date, flt: KpiFilter) -> dict[str, object]:
    """The bound values a bucket query uses: first day scanned, first day of the current period,
    last day, the periods and the filters (only those the SQL names)."""
    prev = flt.period.previous()
    params: dict[str, object] = {
        "lo_date": first, "split_date": split, "hi_date": last,
        "ts_lo": datetime.combine(first, time.min), "ts_split": datetime.combine(split, time.min),
        "ts_hi": datetime.combine(last + timedelta(days=1), time.min),
        "cur_start": flt.period.start, "cur_end": flt.period.end,
        "prev_start": prev.start, "prev_end": prev.end,
        **flt.active(),
    }
    used = set(_PARAM.findall(sql))
    return {k: v for k, v in params.items() if k in used}


def _ordered(kpi_ids: Iterable[str]) -> list[Kpi]:
    return [kpi(i) for i in dict.fromkeys(kpi_ids)]


def kpi_query(kpi_ids: Iterable[str], flt: KpiFilter) -> tuple[str, dict[str, object]]:
    """The single SQL query (and its bound parameters) computing these KPIs for both periods."""
    sql = _bucket_query(_ordered(kpi_ids), set(flt.active()), "compare")
    prev = flt.period.previous()
    return sql, bucket_params(sql, prev.start, flt.period.start, flt.period.end, flt)


def rows_query(k: Kpi, flt: KpiFilter) -> tuple[str, dict[str, object]]:
    """The SQL (and its bound values) of the rows behind a KPI's figure for the filter's period
    as given (clip it first): the KPI's own row set and the rows its formula picks."""
    active = set(flt.active())
    rows = source_sql(SOURCES[k.source], active, ticket_flow=k.needs_flow)
    condition = f" AND ({k.formula.rows})" if k.formula.rows != "true" else ""
    sql = ("WITH " + ",\n".join(_shared_ctes([k], active, "compare", None))
           + f"\nSELECT * EXCLUDE (p) FROM ({rows}) WHERE p = 'current'{condition}")
    prev = flt.period.previous()
    return sql, bucket_params(sql, prev.start, flt.period.start, flt.period.end, flt)


def rows_beyond(store: Store, flt: KpiFilter, k: Kpi, target: float) -> int:
    """How many of the rows behind a mean's or median's figure lie on the wrong side of `target`."""
    sql, params = rows_query(k, flt.clipped(latest_activity(store)))
    wrong_side = "<" if k.higher_is_better else ">"  # fixed text from code
    return int(store.fetch_one(f"SELECT count(*) FROM ({sql}) WHERE ({k.formula.expression}) {wrong_side} $target",
                               {**params, "target": target})[0])


def _sample(k: Kpi, row: dict | None) -> Sample:
    if row is None:
        return Sample(0 if k.is_count else None, 0)
    value = row[k.id]
    return Sample(None if value is None else (int(value) if k.is_count else float(value)), int(row[f"{k.id}__n"]),
                  int(row.get(f"{k.id}__promoters") or 0), int(row.get(f"{k.id}__detractors") or 0),
                  row.get(f"{k.id}__sd"))


def _kpi_value(k: Kpi, current: dict | None, previous: dict | None) -> KpiValue:
    now, before = _sample(k, current), _sample(k, previous)
    judged = significant(k.formula.test, now, before) if previous is not None else None
    return KpiValue(now.value, before.value if previous is not None else None, now.n,
                    before.n if previous is not None else 0, judged, now)


def compute_kpis(store: Store, flt: KpiFilter, kpi_ids: Iterable[str] | None = None) -> KpiResult:
    """Compute these KPIs (all by default) for the filter, its period clipped to the data, and for
    the previous period of as many days, in DuckDB."""
    ids = list(dict.fromkeys(kpi_ids)) if kpi_ids is not None else [k.id for k in KPIS]
    flt = flt.clipped(latest_activity(store))
    if not ids:
        return KpiResult(flt, flt.period.previous(), {})
    sql, params = kpi_query(ids, flt)
    rows = {row["p"]: row for row in store.fetch_dicts(sql, params)}
    return KpiResult(flt, flt.period.previous(),
                     {i: _kpi_value(KPIS_BY_ID[i], rows.get("current"), rows.get("previous")) for i in ids})


def trend_window(flt: KpiFilter, months: int) -> Period:
    """The `months` calendar months ending with the month of the filter's last day (cut there)."""
    end = flt.period.end
    first = date(end.year, end.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, end)


def trend_query(kpi_ids: Iterable[str], flt: KpiFilter, months: int = 12) -> tuple[str, dict[str, object]]:
    """The single SQL query computing these KPIs month by month over the trend window."""
    sql = _bucket_query(_ordered(kpi_ids), set(flt.active()), "month")
    window = trend_window(flt, months)
    return sql, bucket_params(sql, window.start, window.start, window.end, flt)


def month_end(month: date) -> date:
    """The last day of the month that starts on `month`."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class KpiTrend:
    """KPIs month by month: `months[i]` is the first day of a month, `values[kpi][i]` its value,
    `n[kpi][i]` the rows it rests on, `days[i]` the days of that month computed (the last month
    may stop before its end: it is then "to date")."""

    months: list[date]
    values: dict[str, list[float | int | None]]
    n: dict[str, list[int]]
    days: list[int]

    def complete(self, i: int) -> bool:
        """Whether month i was computed over all its days."""
        return self.days[i] == month_end(self.months[i]).day


def compute_trend(store: Store, flt: KpiFilter, kpi_ids: Iterable[str], months: int = 12) -> KpiTrend:
    """These KPIs for each of the `months` months ending with the filter's last day (clipped to
    the data), in DuckDB."""
    ordered = _ordered(kpi_ids)
    if not ordered:
        return KpiTrend([], {}, {}, [])
    flt = flt.clipped(latest_activity(store))
    sql, params = trend_query([k.id for k in ordered], flt, months)
    rows = store.fetch_dicts(sql, params)
    samples = {k.id: [_sample(k, row) for row in rows] for k in ordered}
    end = flt.period.end
    return KpiTrend(
        months=[row["p"] for row in rows],
        values={i: [s.value for s in found] for i, found in samples.items()},
        n={i: [s.n for s in found] for i, found in samples.items()},
        days=[(min(month_end(row["p"]), end) - row["p"]).days + 1 for row in rows],
    )


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
    ordered = _ordered(kpi_ids)
    dimension = DIMENSIONS[by]
    row_filter = ROW_FILTERS[where] if where is not None else None
    unknown = [k.id for k in ordered if k.source not in dimension.by_source
               or (row_filter is not None and k.source not in row_filter.by_source)]
    if unknown:
        raise ValueError(f"these KPIs cannot be grouped by {by}{' where ' + where if where else ''}: {unknown}")
    flt = flt.clipped(latest_activity(store))
    grain: Grain = "compare" if compare else "current"
    sql = _bucket_query(ordered, set(flt.active()), grain, dimension, row_filter)
    first = flt.period.previous().start if compare else flt.period.start
    rows = store.fetch_dicts(sql, bucket_params(sql, first, flt.period.start, flt.period.end, flt))
    by_group: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_group.setdefault(row["g"], {})[row["p"]] = row
    order = list(dimension.groups) or sorted(by_group)
    groups = [g for g in order if g in by_group]
    return KpiGroups(flt, by, groups, {
        g: {k.id: _kpi_value(k, by_group[g].get("current"), by_group[g].get("previous") if compare else None)
            for k in ordered} for g in groups})
