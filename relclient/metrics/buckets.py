"""Building the KPI layer's queries: the filter a computation looks at, and the single SQL query
that answers every bucket (a period and the one before, each month, each day) and group of the
requested KPIs, with its bound values; reading a KPI's figure back out of a bucket's row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from relclient.metrics.registry import Kpi, kpi
from relclient.metrics.significance import Sample
from relclient.metrics.sources import FILTERS, PERIODS_CTE, SOURCES, Dimension, Grain, RowFilter, source_sql
from relclient.periods import Period


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


_PARAM = re.compile(r"\$([a-z_]+)")


def kpi_columns(k: Kpi) -> list[tuple[str, str, bool]]:
    """(name, SQL, is a count) of every aggregate a KPI needs: its figure, n and its test's reads."""
    count = k.is_count
    return [(k.id, k.formula.value, count), (f"{k.id}__n", k.formula.n, True),
            *((f"{k.id}__{name}", sql, name != "sd") for name, sql in k.formula.extra)]


def shared_ctes(grain: Grain) -> list[str]:
    """The CTEs every query of this grain starts with: its buckets (the per-ticket flow is a
    table kept by the writes: relclient/flow.py)."""
    return [PERIODS_CTE[grain]]


def bucket_query(chosen: list[Kpi], active: set[str], grain: Grain, dimension: Dimension | None = None,
                 row_filter: RowFilter | None = None) -> str:
    """One query computing these KPIs by bucket (and group): one CTE per source, each aggregating
    its KPIs; the buckets (and groups) left-join them all."""
    by_source: dict[str, list[Kpi]] = {}
    for k in chosen:
        by_source.setdefault(k.source, []).append(k)
    ctes = shared_ctes(grain)
    keys = "p, g" if dimension is not None else "p"
    joins, columns = [], []
    for n, (source_id, kpis) in enumerate(by_source.items()):
        aggregates = ", ".join(f"{sql} AS {name}" for k in kpis for name, sql, _ in kpi_columns(k))
        rows = source_sql(SOURCES[source_id], active, grain=grain, dimension=dimension, row_filter=row_filter)
        ctes.append(f"s{n} AS (SELECT {keys}, {aggregates} FROM ({rows}) GROUP BY {keys})")
        joins.append(f"LEFT JOIN s{n} USING ({keys})")
        columns += [f"coalesce(s{n}.{name}, 0) AS {name}" if is_count else f"s{n}.{name}"
                    for k in kpis for name, _, is_count in kpi_columns(k)]
    frame = "periods"
    if dimension is not None:
        # Every group any source has (and the dimension's fixed ones), for every bucket.
        found = " UNION ".join(f"SELECT g FROM s{n}" for n in range(len(by_source)))
        fixed = "".join(f" UNION SELECT '{g}'" for g in dimension.groups)  # fixed text from code
        ctes.append(f"groups AS (SELECT DISTINCT g FROM ({found}{fixed}) WHERE g IS NOT NULL)")
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


def ordered(kpi_ids: Iterable[str]) -> list[Kpi]:
    """The KPIs of these ids, each once, in order."""
    return [kpi(i) for i in dict.fromkeys(kpi_ids)]


def sample(k: Kpi, row: dict | None) -> Sample:
    """A KPI's figure and what its test reads, out of a bucket query's row (None: no rows)."""
    if row is None:
        return Sample(0 if k.is_count else None, 0)
    value = row[k.id]
    return Sample(None if value is None else (int(value) if k.is_count else float(value)), int(row[f"{k.id}__n"]),
                  int(row.get(f"{k.id}__promoters") or 0), int(row.get(f"{k.id}__detractors") or 0),
                  row.get(f"{k.id}__sd"))


