"""Customer 360: one customer's record and timeline, and the rows behind a KPI figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from relclient.contract import DATASETS_BY_NAME
from relclient.i18n import CHANNEL_LABELS, format_date, format_number, t, value_label
from relclient.metrics import KpiFilter, compute_kpis, kpi, rows_query
from relclient.metrics.sources import SOURCES
from relclient.reference import department_names, latest_activity
from relclient.store import Store

# One row per thing that happened to the customer; every value bound, every name fixed here.
_TIMELINE_SQL = """
SELECT opened_at AS happened_at, 'ticket_opened' AS kind, ticket_id AS ref, owner_dept AS dept,
       channel AS detail, category AS extra, is_complaint AS flag, NULL::INTEGER AS score
FROM tickets WHERE customer_id = $customer
UNION ALL
SELECT x.transferred_at, 'transfer', x.ticket_id, x.to_dept, x.from_dept, NULL, NULL, NULL
FROM ticket_transfers x JOIN tickets t USING (ticket_id) WHERE t.customer_id = $customer
UNION ALL
SELECT first_response_at, 'first_response', ticket_id, owner_dept, NULL, NULL, NULL, NULL
FROM tickets WHERE customer_id = $customer AND first_response_at IS NOT NULL
UNION ALL
SELECT resolved_at, 'resolved', ticket_id, owner_dept, reopened_count::VARCHAR, NULL, reopened_count > 0, NULL
FROM tickets WHERE customer_id = $customer AND resolved_at IS NOT NULL
UNION ALL
SELECT answered_at, 'answer', response_id, dept, survey, comment, NULL, score
FROM survey_responses WHERE customer_id = $customer
UNION ALL
SELECT ordered_at, 'order', order_id, NULL, amount::VARCHAR, promised_on::VARCHAR, returned, NULL
FROM orders WHERE customer_id = $customer
UNION ALL
SELECT delivered_on::TIMESTAMP, 'delivery', order_id, 'logistics', (delivered_on - promised_on)::VARCHAR,
       NULL, delivered_on > promised_on, NULL
FROM orders WHERE customer_id = $customer AND delivered_on IS NOT NULL
ORDER BY happened_at DESC, kind
"""


@dataclass(frozen=True)
class CustomerRecord:
    """One customer: the row the company holds, a few counts, and everything that happened."""

    customer_id: str
    info: dict | None  # None when the customer is unknown (tickets may name one)
    timeline: pd.DataFrame  # at, what, reference, department, detail


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _describe(row, names: dict[str, str], lang: str) -> tuple[str, str]:
    kind = row.kind
    if kind == "ticket_opened":
        what = t("c360.complaint_opened" if row.flag else "c360.ticket_opened", lang)
        category = value_label("category", row.extra, lang) if isinstance(row.extra, str) else row.extra
        return what, f"{CHANNEL_LABELS[lang].get(row.detail, row.detail)} · {_text(category) or '—'}"
    if kind == "transfer":
        return t("c360.transfer", lang), f"{names.get(row.detail, row.detail)} → {names.get(row.dept, row.dept)}"
    if kind == "first_response":
        return t("c360.first_response", lang), ""
    if kind == "resolved":
        return t("c360.resolved", lang), t("c360.reopened", lang, n=row.detail) if row.flag else ""
    if kind == "answer":
        return t("c360.answer", lang, survey=value_label("survey", row.detail, lang), score=int(row.score)), _text(row.extra)
    if kind == "order":
        promised = format_date(date.fromisoformat(row.extra), lang) if row.extra else "—"
        return (t("c360.order", lang, amount=format_number(float(row.detail), lang, 2)),
                t("c360.promised", lang, day=promised) + (
            f" · {t('c360.returned', lang)}" if row.flag else ""))
    return (t("c360.delivered_late", lang, days=row.detail) if row.flag else t("c360.delivered", lang)), ""


def find_customers(store: Store, text: str, limit: int = 50) -> list[tuple[str, str]]:
    """Customers whose id or name holds `text` (any case, accents aside), ids first, then names:
    (id, name) pairs for a search box."""
    text = " ".join(text.split()).replace("%", "").replace("_", "")  # typed text, not a LIKE pattern
    if not text:
        return []
    return [(r[0], r[1] or "") for r in store.fetch_all(
        "SELECT customer_id, name FROM customers"
        " WHERE customer_id ILIKE $like OR strip_accents(coalesce(name, '')) ILIKE strip_accents($like)"
        " ORDER BY customer_id ILIKE $like DESC, name, customer_id LIMIT $limit",
        {"like": f"%{text}%", "limit": limit})]


def customer_record(store: Store, customer_id: str, lang: str) -> CustomerRecord:
    """The customer's row and timeline, newest first."""
    names = department_names(store, lang)
    info = store.fetch_df("SELECT * FROM customers WHERE customer_id = $customer", {"customer": customer_id})
    events = store.fetch_df(_TIMELINE_SQL, {"customer": customer_id})
    # A customer's timeline holds tens to hundreds of rows: wording them here is not aggregation.
    described = [_describe(row, names, lang) for row in events.itertuples()]
    timeline = pd.DataFrame({
        "at": events["happened_at"],
        "what": [d[0] for d in described],
        "reference": events["ref"],
        "department": [names.get(d, d) if isinstance(d, str) else "" for d in events["dept"]],
        "detail": [d[1] for d in described],
    })
    return CustomerRecord(customer_id, info.iloc[0].to_dict() if len(info) else None, timeline)


def rows_behind(store: Store, kpi_id: str, flt: KpiFilter, limit: int = 1000) -> tuple[int, pd.DataFrame]:
    """The rows a KPI's figure for the period is computed from (the KPI layer's own row set and
    the rows its formula picks: a count's counted rows, a rate's denominator), how many there are,
    and the first `limit` of them, newest first."""
    k = kpi(kpi_id)
    sql, params = rows_query(k, flt.clipped(latest_activity(store)))
    total = store.fetch_one(f"SELECT count(*) FROM ({sql})", params)[0]
    # Newest first, by the time column its source picks rows by (else its first dataset's): an
    # identifier from the registry or the contract, never from input.
    time_column = SOURCES[k.source].time_column or DATASETS_BY_NAME[k.datasets[0]].time_column
    df = store.fetch_df(f"SELECT * FROM ({sql}) ORDER BY {time_column} DESC NULLS LAST LIMIT $limit",
                        {**params, "limit": limit})
    drop = [c for c in ("d_start", "d_end") if c in df.columns]
    return int(total), df.drop(columns=drop)


@dataclass(frozen=True)
class FigureDetails:
    """A KPI's figure for a filter and the rows it is computed from."""

    value: str  # the figure as its tile shows it
    total: int
    rows: pd.DataFrame  # the first rows


def figure_details(store: Store, kpi_id: str, flt: KpiFilter, lang: str, limit: int = 1000) -> FigureDetails:
    """The figure of one KPI for the filter, formatted, with the rows behind it."""
    value = compute_kpis(store, flt, [kpi_id]).values[kpi_id].value
    total, rows = rows_behind(store, kpi_id, flt, limit)
    return FigureDetails(kpi(kpi_id).format(value, lang), total, rows)
