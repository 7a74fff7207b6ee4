"""The Overview page's work at a given scale: relclient against the raw SQL floor and a pandas peer.

    python bench/dashboard.py --scale 200

Builds (or reuses) a demo database, then measures for a 3-month period (Q3 2025):
(a) the domain work behind the Overview page (build_overview: 15 KPIs against the previous period,
    targets, 12-month trends of the key KPIs, figures) — every query it issues;
(b) the same SQL statements run straight on a DuckDB cursor, as the floor;
(c) a straightforward pandas implementation of the same numbers: the tables loaded into
    DataFrames (timed apart, as a Streamlit app would cache them), then filtered and aggregated
    in pandas.
Prints each median and, on its last line, the figures the dashboards issue asks for.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from _common import demo_db, peak_rss_mb, timed

from relclient.metrics import KPIS, KpiFilter, trend_window
from relclient.overview import TREND_KPIS, TREND_MONTHS, build_overview
from relclient.periods import Period
from relclient.store import Store

Q3 = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))


class RecordingStore(Store):
    """A store that notes every read query it runs, to replay them as the floor."""

    def __init__(self, path: Path):
        self.queries: list[tuple[str, object]] = []
        super().__init__(path, read_only=True)
        self.queries.clear()  # the migration check is not the page's work

    def fetch_all(self, sql, params=None):  # noqa: D102 - same as Store
        self.queries.append((sql, params))
        return super().fetch_all(sql, params)

    def fetch_one(self, sql, params=None):  # noqa: D102 - same as Store
        self.queries.append((sql, params))
        return super().fetch_one(sql, params)

    def fetch_dicts(self, sql, params=None):  # noqa: D102 - same as Store
        self.queries.append((sql, params))
        return super().fetch_dicts(sql, params)


# --- the pandas peer ------------------------------------------------------------------------

def load_frames(store: Store) -> dict[str, pd.DataFrame]:
    """Every table the KPIs read, as DataFrames."""
    with store.cursor() as cur:
        return {name: cur.execute(f"SELECT * FROM {name}").df() for name in
                ("customers", "tickets", "ticket_transfers", "survey_responses", "orders", "internal_ratings")}


def flow_flags(transfers: pd.DataFrame) -> pd.DataFrame:
    """Per transferred ticket: ping_pong when a to_dept was the from_dept of an earlier transfer."""
    first = transfers.groupby(["ticket_id", "from_dept"], as_index=False)["transferred_at"].min()
    first.columns = ["ticket_id", "to_dept", "first_at"]
    joined = transfers.merge(first, on=["ticket_id", "to_dept"], how="left")
    joined["pp"] = joined["first_at"] < joined["transferred_at"]
    return joined.groupby("ticket_id")["pp"].any().rename("ping_pong").to_frame()


def pandas_kpis(f: dict[str, pd.DataFrame], flow: pd.DataFrame, p: Period) -> dict[str, float | None]:
    """The 15 KPIs for one period, the pandas way."""
    lo, hi = pd.Timestamp(p.start), pd.Timestamp(p.end + timedelta(days=1))
    first, last = pd.Timestamp(p.start), pd.Timestamp(p.end)  # date columns arrive as datetime64

    def share(mask: pd.Series) -> float | None:
        return None if len(mask) == 0 else 100 * mask.sum() / len(mask)

    t = f["tickets"]
    opened = t[(t.opened_at >= lo) & (t.opened_at < hi)]
    resolved = t[(t.resolved_at >= lo) & (t.resolved_at < hi)]
    op_flow = opened[["ticket_id"]].join(flow, on="ticket_id")
    rs_flow = resolved[["ticket_id"]].join(flow, on="ticket_id")
    fr_h = (opened.first_response_at - opened.opened_at).dt.total_seconds() / 3600
    res_h = (resolved.resolved_at - resolved.opened_at).dt.total_seconds() / 3600
    s = f["survey_responses"]
    s = s[(s.answered_at >= lo) & (s.answered_at < hi)]
    nps, csat, ces = (s[s.survey == k].score for k in ("nps", "csat", "ces"))
    o = f["orders"]
    delivered = o[(o.delivered_on >= first) & (o.delivered_on <= last)]
    ordered = o[(o.ordered_at >= lo) & (o.ordered_at < hi)]
    c = f["customers"]
    active = c[(c.created_on < first) & (c.churned_on.isna() | (c.churned_on >= first))]
    churned = c[(c.churned_on >= first) & (c.churned_on <= last)]
    r = f["internal_ratings"]
    m0, m1 = pd.Timestamp(p.start.replace(day=1)), pd.Timestamp(p.end.replace(day=1))
    ratings = r[(r.month >= m0) & (r.month <= m1)]
    return {
        "nps": None if len(nps) == 0 else 100 * ((nps >= 9).sum() - (nps <= 6).sum()) / len(nps),
        "csat": share(csat >= 4),
        "ces": None if len(ces) == 0 else ces.mean(),
        "complaints": int(opened.is_complaint.sum()),
        "first_response_hours": None if fr_h.notna().sum() == 0 else fr_h.median(),
        "unanswered_48h_rate": share(opened.first_response_at.isna() | (fr_h > 48)),
        "resolution_hours": None if len(res_h) == 0 else res_h.median(),
        "reopen_rate": share(resolved.reopened_count > 0),
        "handoff_rate": share(op_flow.ping_pong.notna()),
        "ping_pong_rate": share(op_flow.ping_pong.fillna(False).astype(bool)),
        "one_touch_rate": share(rs_flow.ping_pong.isna().to_numpy() & (resolved.reopened_count == 0).to_numpy()),
        "on_time_delivery": share(delivered.delivered_on <= delivered.promised_on),
        "return_rate": share(ordered.returned),
        "churn_rate": None if len(active) == 0 else 100 * len(churned) / len(active),
        "internal_service_score": None if len(ratings) == 0 else ratings.score.mean(),
    }


def pandas_overview(f: dict[str, pd.DataFrame]) -> dict:
    """What the Overview shows, the pandas way: both periods and 12 months of trends."""
    flow = flow_flags(f["ticket_transfers"])
    result = {"current": pandas_kpis(f, flow, Q3.period), "previous": pandas_kpis(f, flow, Q3.period.previous())}
    window = trend_window(Q3, TREND_MONTHS)
    month = window.start
    while month <= window.end:
        end = min((month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1), window.end)
        values = pandas_kpis(f, flow, Period(month, end))
        result[month.isoformat()] = {k: values[k] for k in TREND_KPIS}
        month = end + timedelta(days=1)
    return result


def main() -> None:
    """Measure (a), (b) and (c) and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas peer (memory-hungry)")
    args = parser.parse_args()

    path, _ = demo_db(args.scale, args.db)
    store = RecordingStore(path)
    tickets = store.fetch_one("SELECT count(*) FROM tickets")[0]
    print(f"Overview, Q3 2025, {tickets:,} tickets (scale {args.scale:g}), median of {args.repeat}")

    overview = build_overview(store, Q3, "en")
    queries = list(store.queries)
    overview_s, _ = timed(lambda: build_overview(store, Q3, "en"), args.repeat)

    def raw() -> None:
        for sql, params in queries:
            with store.cursor() as cur:
                cur.execute(sql, params).fetchall()

    raw_s, _ = timed(raw, args.repeat)
    payloads = [len(fig.to_json().encode()) / 1024 for fig in overview.trends]
    tiles_kb = len(json.dumps([t.__dict__ for t in overview.tiles]).encode()) / 1024
    print(f"(a) overview (domain, {len(queries)} queries)   {overview_s * 1000:9.0f} ms")
    print(f"(b) same SQL straight on DuckDB            {raw_s * 1000:9.0f} ms")

    pandas_s = float("nan")
    if not args.no_pandas:
        load_s, _ = timed(lambda: load_frames(store), 1)
        frames = load_frames(store)
        pandas_s, _ = timed(lambda: pandas_overview(frames), max(1, min(args.repeat, 3)))
        check = pandas_overview(frames)["current"]
        mismatched = [k.id for k in KPIS if not _same(check[k.id], overview.result.values[k.id].value)]
        print(f"(c) pandas, tables in memory               {pandas_s * 1000:9.0f} ms"
              f"   (+ loading the tables: {load_s * 1000:.0f} ms; agrees with the KPI layer: "
              f"{'yes' if not mismatched else 'NO ' + ', '.join(mismatched)})")
    print(f"largest chart payload {max(payloads):.1f} KB; tiles {tiles_kb:.1f} KB; peak memory {peak_rss_mb():.0f} MB")
    print(f"overview_ms={overview_s * 1000:.0f} raw_sql_ms={raw_s * 1000:.0f} pandas_ms={pandas_s * 1000:.0f} "
          f"ratio_raw={overview_s / raw_s:.2f} speedup_vs_pandas={pandas_s / overview_s:.1f} "
          f"payload_kb_max={max(payloads):.1f}")
    store.close()


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(np.isclose(float(a), float(b), rtol=1e-9))


if __name__ == "__main__":
    main()
