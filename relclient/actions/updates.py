"""Changing an action: a typed change applied under a version check (a save on a version someone
else changed since is refused with what they changed), and moves between the board's columns."""

from __future__ import annotations

from datetime import datetime

import duckdb

from relclient.actions.change import ActionChange, normalise
from relclient.actions.checks import check_action
from relclient.actions.errors import ActionConflict, ActionError
from relclient.actions.model import FIELDS, Action
from relclient.actions.movement import baseline_for
from relclient.actions.queries import read_action, read_history
from relclient.actions.wording import field_text
from relclient.actions.writing import CHILDREN, write_children, write_history
from relclient.audit import record
from relclient.metrics import KPIS_BY_ID
from relclient.metrics.significance import Sample
from relclient.permissions import require
from relclient.store import Store
from relclient.users import User


def update_action(store: Store, actor: User, action_id: int, expected_version: int, change: ActionChange,
                  now: datetime | None = None) -> Action:
    """Apply `change` to the action as the actor saw it at `expected_version`.

    When someone changed it since, nothing is written and ActionConflict says who, when and what.
    """
    rebaseline = _rebaseline(store, action_id, change)

    def work(cur: duckdb.DuckDBPyConnection) -> Action:
        at = now or datetime.now()
        before = read_action(cur, action_id)
        if before is None:
            raise ActionError("unknown", id=action_id)
        if before.version != expected_version:
            raise ActionConflict(action_id, expected_version, before.version,
                                 read_history(cur, action_id, expected_version), _names(cur))
        require(actor, "edit_action", store=store, lead_dept=before.lead_dept, contributors=before.contributors,
                assignees=before.assignees)
        after = change.applied_to(before)
        if after.sponsor != before.sponsor:
            require(actor, "change_sponsor", store=store)
        check_action(cur, after, before)
        diffs = [(name, field_text(name, before.value_of(name)), field_text(name, after.value_of(name)))
                 for name in FIELDS if after.value_of(name) != before.value_of(name)]
        if not diffs:
            return before
        version = before.version + 1
        kpi_changed = after.kpi_id != before.kpi_id or after.scope_dept != before.scope_dept
        status_since = at if after.status != before.status else before.status_since
        base = rebaseline if kpi_changed and rebaseline is not None else before.baseline_sample
        cur.execute(
            "UPDATE actions SET title = ?, problem = ?, kpi_id = ?, scope_dept = ?, baseline = ?, target = ?,"
            " target_date = ?, lead_dept = ?, sponsor = ?, priority = ?, due_date = ?, status = ?,"
            " status_reason = ?, status_since = ?, updated_by = ?, updated_at = ?, version = ?,"
            " baseline_n = ?, baseline_promoters = ?, baseline_detractors = ?, baseline_sd = ?"
            " WHERE action_id = ? AND version = ?",
            [after.title, after.problem, after.kpi_id, after.scope_dept,
             rebaseline.value if kpi_changed else before.baseline, after.target, after.target_date,
             after.lead_dept, after.sponsor, after.priority, after.due_date, after.status,
             after.status_reason, status_since, actor.email, at, version,
             *((base.n, base.promoters, base.detractors, base.sd) if base else (None, None, None, None)),
             action_id, before.version])
        for name in CHILDREN:
            if after.value_of(name) != before.value_of(name):
                write_children(cur, action_id, name, before.value_of(name), after.value_of(name))
        write_history(cur, action_id, version, actor.email, at, diffs)
        record(cur, actor.email, "action_update", str(action_id), ", ".join(d[0] for d in diffs))
        return read_action(cur, action_id)

    return store.transaction(work, attempts=10)


def _rebaseline(store: Store, action_id: int, change: ActionChange) -> Sample | None:
    # Another KPI or scope: its baseline, over the same window as the first one, measured before
    # the transaction (the KPI layer reads committed data through its own cursor).
    wanted = change.set_fields()
    if "kpi_id" not in wanted and "scope_dept" not in wanted:
        return None
    with store.cursor() as cur:
        current = read_action(cur, action_id)
    if current is None:
        raise ActionError("unknown", id=action_id)
    kpi_id = normalise("kpi_id", wanted.get("kpi_id", current.kpi_id))
    scope = normalise("scope_dept", wanted.get("scope_dept", current.scope_dept))
    if kpi_id not in KPIS_BY_ID:
        raise ActionError("kpi", kpi=kpi_id)
    return baseline_for(store, kpi_id, scope, current.baseline_end)[0]


def move_action(store: Store, actor: User, action_id: int, expected_version: int, status: str,
                reason: str | None = None, now: datetime | None = None) -> Action:
    """Move an action to another column of the board (with the reason blocked or dropped needs)."""
    change = ActionChange(status=status) if reason is None else ActionChange(status=status, status_reason=reason)
    return update_action(store, actor, action_id, expected_version, change, now=now)


def _names(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cur.execute("SELECT email, name FROM users").fetchall())
