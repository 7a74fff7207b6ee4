"""Reference lists read from the database: departments, segments, regions, the data's dates."""

from __future__ import annotations

from datetime import date

import pandas as pd

from relclient.contract import Department
from relclient.store import Store


def departments(store: Store, *, include_retired: bool = False) -> list[Department]:
    """The departments in display order (active ones only unless asked)."""
    rows = store.fetch_all(
        "SELECT code, name_fr, name_en, active FROM departments "
        "WHERE active OR ? ORDER BY sort_order, code",
        [include_retired],
    )
    return [Department(*row) for row in rows]


def department_names(store: Store, lang: str) -> dict[str, str]:
    """Each department's name in `lang` by code, retired ones included (history names them)."""
    return {d.code: d.name(lang) for d in departments(store, include_retired=True)}


def segments(store: Store) -> list[str]:
    """The customer segments present in the data, sorted."""
    return [r[0] for r in store.fetch_all(
        "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL ORDER BY 1")]


def regions(store: Store) -> list[str]:
    """The customer regions present in the data, sorted."""
    return [r[0] for r in store.fetch_all(
        "SELECT DISTINCT region FROM customers WHERE region IS NOT NULL ORDER BY 1")]


def latest_activity(store: Store) -> date | None:
    """The most recent day with a ticket, answer or order: the natural anchor for periods."""
    row = store.fetch_one(
        "SELECT greatest((SELECT max(opened_at) FROM tickets)::DATE,"
        " (SELECT max(answered_at) FROM survey_responses)::DATE,"
        " (SELECT max(ordered_at) FROM orders)::DATE)"
    )
    return row[0] if row else None


def departments_frame(store: Store) -> pd.DataFrame:
    """Every department, retired ones included, as the Admin page lists them."""
    return store.fetch_df("SELECT code, name_fr, name_en, active FROM departments ORDER BY sort_order")
