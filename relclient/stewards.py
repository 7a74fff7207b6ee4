"""Which department stewards each dataset: its department leads (and leadership) may upload it."""

from __future__ import annotations

import duckdb

from relclient.admin_data import AdminError
from relclient.audit import record
from relclient.contract import DATASETS
from relclient.departments import require_department
from relclient.permissions import require
from relclient.store import Store
from relclient.users import User


def steward_of(cur: duckdb.DuckDBPyConnection, dataset: str) -> str | None:
    """The department that stewards `dataset`, read on the caller's cursor."""
    row = cur.execute("SELECT dept FROM dataset_stewards WHERE dataset = ?", [dataset]).fetchone()
    return row[0] if row else None


def stewards(store: Store) -> dict[str, str]:
    """Every dataset with its steward department."""
    return dict(store.fetch_all("SELECT dataset, dept FROM dataset_stewards"))


def set_steward(store: Store, actor: User, dataset: str, dept: str) -> None:
    """Make `dept` the steward of `dataset` (admins only)."""
    require(actor, "manage_stewards", store=store)
    if dataset not in {d.name for d in DATASETS}:
        raise AdminError("unknown_dataset", dataset=dataset)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        require_department(cur, dept)
        before = steward_of(cur, dataset)
        cur.execute("DELETE FROM dataset_stewards WHERE dataset = ?", [dataset])  # no upsert on a lake
        cur.execute("INSERT INTO dataset_stewards VALUES (?, ?)", [dataset, dept])
        record(cur, actor.email, "steward_change", dataset, f"{before} → {dept}")

    store.transaction(work)
