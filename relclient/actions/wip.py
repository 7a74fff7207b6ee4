"""The board's work-in-progress limits: how many actions a column should hold at most."""

from __future__ import annotations

import duckdb

from relclient.actions.errors import ActionError
from relclient.actions.model import STATUS_BY_ID
from relclient.audit import record
from relclient.permissions import require
from relclient.store import Store
from relclient.users import User


def set_wip_limits(store: Store, actor: User, limits: dict[str, int | None]) -> None:
    """Set (or, with None, remove) the WIP limit of board columns."""
    require(actor, "set_wip_limits", store=store)
    for status, limit in limits.items():
        if status not in STATUS_BY_ID:
            raise ActionError("status", status=status)
        if limit is not None and int(limit) < 1:
            raise ActionError("wip", status=status)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        for status, limit in limits.items():
            if limit is None:
                cur.execute("DELETE FROM action_wip_limits WHERE status = ?", [status])
            else:
                # Replaced rather than upserted: DuckLake has no ON CONFLICT (relclient/lake.py).
                cur.execute("DELETE FROM action_wip_limits WHERE status = ?", [status])
                cur.execute("INSERT INTO action_wip_limits VALUES (?, ?)", [status, int(limit)])
        record(cur, actor.email, "wip_limits", None, ", ".join(f"{s}={v}" for s, v in limits.items()))

    store.transaction(work)
