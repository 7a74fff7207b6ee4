"""Creating an action: its draft checked, its KPI baseline measured, then the action, its child rows,
history and audit line written in one transaction (a review's decision writes it in its own)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import duckdb

from relclient.actions.change import ActionDraft, normalise
from relclient.actions.checks import check_action
from relclient.actions.errors import ActionError
from relclient.actions.model import FIELDS, Action
from relclient.actions.movement import baseline_for
from relclient.actions.queries import read_action
from relclient.actions.wording import field_text
from relclient.actions.writing import CHILDREN, write_children, write_history
from relclient.audit import record
from relclient.metrics import KPIS_BY_ID
from relclient.metrics.significance import Sample
from relclient.periods import Period
from relclient.permissions import require
from relclient.store import Store, next_id
from relclient.users import User

CREATE_STATUSES = ("proposed", "todo")  # an action starts on the left of the board


@dataclass(frozen=True)
class PreparedAction:
    """A draft checked for what needs no database, normalised, with its KPI baseline measured."""

    draft: ActionDraft
    baseline: Sample  # the KPI over the window, with its n and what its test reads
    window: Period
    now: datetime

    def with_problem(self, problem: str) -> PreparedAction:
        """The same action saying `problem` (a review names itself once its transaction has read it)."""
        return replace(self, draft=replace(self.draft, problem=normalise("problem", problem)))


def prepare_action(store: Store, actor: User, draft: ActionDraft, now: datetime | None = None) -> PreparedAction:
    """Check the rights and the draft's shape and measure its baseline, before any transaction (the
    KPI layer reads committed data through its own cursor)."""
    require(actor, "create_action", store=store)
    now = now or datetime.now()
    draft = draft.normalised()
    if draft.status not in CREATE_STATUSES:
        raise ActionError("create_status", statuses=", ".join(CREATE_STATUSES))
    if draft.kpi_id not in KPIS_BY_ID:
        raise ActionError("kpi", kpi=draft.kpi_id)
    baseline, window = baseline_for(store, draft.kpi_id, draft.scope_dept, now.date())
    return PreparedAction(draft, baseline, window, now)


def insert_action(cur: duckdb.DuckDBPyConnection, actor: User, prepared: PreparedAction) -> int:
    """Write a prepared action, its child rows, history and audit line in the caller's transaction."""
    d, now, base = prepared.draft, prepared.now, prepared.baseline
    check_action(cur, d, None)
    action_id = next_id(cur, "action_ids")
    cur.execute(
        "INSERT INTO actions (action_id, title, problem, kpi_id, scope_dept, baseline, baseline_start, baseline_end,"
        " target, target_date, lead_dept, sponsor, priority, due_date, status, status_reason, status_since,"
        " created_by, created_at, updated_by, updated_at, version, baseline_n, baseline_promoters,"
        " baseline_detractors, baseline_sd)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        [action_id, d.title, d.problem, d.kpi_id, d.scope_dept, base.value, prepared.window.start,
         prepared.window.end, d.target, d.target_date, d.lead_dept, d.sponsor, d.priority, d.due_date, d.status,
         d.status_reason, now, actor.email, now, actor.email, now, base.n, base.promoters, base.detractors, base.sd])
    for name in CHILDREN:
        write_children(cur, action_id, name, (), d.value_of(name))
    write_history(cur, action_id, 1, actor.email, now,
                  [("created", "", d.title)]
                  + [(name, "", field_text(name, d.value_of(name))) for name in FIELDS
                     if name != "title" and field_text(name, d.value_of(name))])
    record(cur, actor.email, "action_create", str(action_id), d.title)
    return action_id


def create_action(store: Store, actor: User, draft: ActionDraft, now: datetime | None = None) -> Action:
    """Create an action, measuring its KPI's baseline for its scope; return it as stored."""
    prepared = prepare_action(store, actor, draft, now)
    action_id = store.transaction(lambda cur: insert_action(cur, actor, prepared))
    with store.cursor() as cur:
        return read_action(cur, action_id)
