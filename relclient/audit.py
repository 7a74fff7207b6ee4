"""The audit trail: who did what, when, to what, and whether it was allowed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from relclient.store import Store, next_id


def record(cur: duckdb.DuckDBPyConnection, actor: str, action: str, target: str | None, detail: str | None,
           outcome: str = "ok") -> None:
    """One audit line, written in the caller's transaction (it stands or falls with the change)."""
    cur.execute("INSERT INTO audit_log (audit_id, happened_at, actor, action, target, detail, outcome)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", [next_id(cur, "audit_ids"), datetime.now(), actor, action, target, detail, outcome])


def audit_entries(store: Store, *, start: date | None = None, end: date | None = None, actor: str | None = None,
                  action: str | None = None, limit: int = 5000) -> pd.DataFrame:
    """The audit lines matching the filters, newest first."""
    return store.fetch_df(
        "SELECT audit_id, happened_at, actor, action, target, detail, outcome FROM audit_log"
        " WHERE ($start IS NULL OR happened_at >= $start) AND ($end IS NULL OR happened_at < $end)"
        " AND ($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action)"
        " ORDER BY happened_at DESC, audit_id DESC LIMIT $limit",
        {"start": start, "end": end + timedelta(days=1) if end else None, "actor": actor, "action": action,
         "limit": limit})


def audit_actions(store: Store) -> list[str]:
    """The kinds of action the log holds (for the filter)."""
    return [r[0] for r in store.fetch_all("SELECT DISTINCT action FROM audit_log ORDER BY 1")]


def audit_label(code: str, lang: str) -> str:
    """An audit line's action or outcome in words (an unknown code with spaces for its underscores)."""
    from relclient.i18n import CATALOG

    return CATALOG[lang].get(f"audit.{code}", str(code).replace("_", " "))
