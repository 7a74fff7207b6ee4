"""What admins change besides accounts: departments (add, rename, retire) and saved mappings."""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from relclient.audit import record
from relclient.permissions import require
from relclient.problems import Problem
from relclient.store import Store
from relclient.users import User

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


class AdminError(Problem):
    """An admin change that cannot be made, said plainly in the reader's language."""

    PREFIX = "admin.error"


def save_department(store: Store, actor: User, code: str, name_fr: str, name_en: str, active: bool = True) -> None:
    """Add a department, or rename / retire / bring back an existing one (retired ones stay in history)."""
    require(actor, "manage_departments", store=store)
    code = code.strip().lower()
    if not _CODE.match(code):
        raise AdminError("bad_code", code=code)
    if not name_fr.strip() or not name_en.strip():
        raise AdminError("names")

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        before = cur.execute("SELECT name_fr, name_en, active FROM departments WHERE code = ?", [code]).fetchone()
        if before is None:
            order = cur.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM departments").fetchone()[0]
            cur.execute("INSERT INTO departments (code, name_fr, name_en, active, sort_order) VALUES (?, ?, ?, ?, ?)",
                        [code, name_fr.strip(), name_en.strip(), active, order])
            record(cur, actor.email, "department_add", code, f"{name_fr} / {name_en}")
        else:
            cur.execute("UPDATE departments SET name_fr = ?, name_en = ?, active = ? WHERE code = ?",
                        [name_fr.strip(), name_en.strip(), active, code])
            record(cur, actor.email, "department_change", code,
                   f"{before[0]} / {before[1]} / {'active' if before[2] else 'retired'} → "
                   f"{name_fr} / {name_en} / {'active' if active else 'retired'}")

    store.transaction(work)


def saved_mappings(store: Store) -> pd.DataFrame:
    """Every saved mapping: name, dataset, who saved it and when."""
    return store.fetch_df("SELECT name, dataset, saved_by, saved_at FROM saved_mappings ORDER BY dataset, name")


def delete_mapping(store: Store, actor: User, name: str) -> None:
    """Delete a saved mapping (admins only); files with its headers get suggestions again."""
    require(actor, "manage_mappings", store=store)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        if cur.execute("DELETE FROM saved_mappings WHERE name = ?", [name]).fetchone()[0] == 0:
            raise AdminError("no_mapping", name=name)
        record(cur, actor.email, "mapping_delete", name, None)

    store.transaction(work)
