"""KPIs month by month: the additive ones summed from their stored days (relclient/metrics/daily.py),
the others computed from the rows in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from relclient.metrics import daily
from relclient.metrics.buckets import KpiFilter, bucket_params, bucket_query, ordered, sample
from relclient.periods import Period
from relclient.reference import latest_activity
from relclient.store import Store


def trend_window(flt: KpiFilter, months: int) -> Period:
    """The `months` calendar months ending with the month of the filter's last day (cut there)."""
    end = flt.period.end
    first = date(end.year, end.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, end)


def trend_query(kpi_ids: Iterable[str], flt: KpiFilter, months: int = 12) -> tuple[str, dict[str, object]]:
    """The single SQL query computing these KPIs month by month over the trend window, from the rows."""
    sql = bucket_query(ordered(kpi_ids), set(flt.active()), "month")
    window = trend_window(flt, months)
    return sql, bucket_params(sql, window.start, window.start, window.end, flt)


def month_end(month: date) -> date:
    """The last day of the month that starts on `month`."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month_end(month) + timedelta(days=1)
    return months


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
    the data): the additive ones from their stored days, the others from the rows, in DuckDB."""
    chosen = ordered(kpi_ids)
    if not chosen:
        return KpiTrend([], {}, {}, [])
    flt = flt.clipped(latest_activity(store))
    window = trend_window(flt, months)
    starts = month_starts(window.start, window.end)
    rows, stored = daily.read(store, chosen, flt, [(m, m, min(month_end(m), window.end)) for m in starts])
    rest = [k.id for k in chosen if k.id not in stored]
    if rest:
        sql, params = trend_query(rest, flt, months)
        for row in store.fetch_dicts(sql, params):
            rows.setdefault(row["p"], {}).update(row)
    ordered_rows = [rows.get(m, {"p": m}) for m in starts]
    samples = {k.id: [sample(k, row) for row in ordered_rows] for k in chosen}
    end = flt.period.end
    return KpiTrend(
        months=starts,
        values={i: [s.value for s in found] for i, found in samples.items()},
        n={i: [s.n for s in found] for i, found in samples.items()},
        days=[(min(month_end(m), end) - m).days + 1 for m in starts],
    )
