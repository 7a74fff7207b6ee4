"""The rules an action's values must meet before they are written: title, KPI and target, departments,
priority, status and its moves, people, links and dependencies (read through the writer's cursor)."""

from __future__ import annotations

import duckdb

from relclient.actions.change import ActionDraft
from relclient.actions.errors import ActionError
from relclient.actions.model import LINK_KINDS, PRIORITIES, STATUS_BY_ID, Action, Link
from relclient.departments import department_codes, require_department
from relclient.metrics import KPIS_BY_ID, kpi
from relclient.targets import TargetError, check_target
from relclient.users import ROLES

TITLE_MAX = 200

# Whether a linked record exists: one query per kind, fixed in code.
_LINK_EXISTS = {
    "customer": "SELECT count(*) FROM customers WHERE customer_id = ?",
    "ticket": "SELECT count(*) FROM tickets WHERE ticket_id = ?",
    "response": "SELECT count(*) FROM survey_responses WHERE response_id = ?",
}


def check_action(cur: duckdb.DuckDBPyConnection, draft: ActionDraft, before: Action | None) -> None:
    """Every rule on a normalised draft; `before` is the stored action when this is a change."""
    if not draft.title or len(draft.title) > TITLE_MAX:
        raise ActionError("title", n=TITLE_MAX)
    if draft.kpi_id not in KPIS_BY_ID:
        raise ActionError("kpi", kpi=draft.kpi_id)
    for dept in (draft.lead_dept, draft.scope_dept, *draft.contributors):
        if dept is not None:
            require_department(cur, dept, active_only=True)  # new work goes to active departments only
    if draft.priority not in PRIORITIES:
        raise ActionError("priority", priority=draft.priority, known=", ".join(PRIORITIES))
    if draft.target is not None:
        try:
            check_target(kpi(draft.kpi_id), draft.target)
        except TargetError as exc:
            raise ActionError("target", detail=exc) from None
    _check_status(cur, draft, before)
    _check_people(cur, draft)
    _check_links(cur, draft.links)
    _check_dependencies(cur, before.action_id if before else None, draft.blocked_by)


def _check_status(cur: duckdb.DuckDBPyConnection, draft: ActionDraft, before: Action | None) -> None:
    status = STATUS_BY_ID.get(draft.status)
    if status is None:
        raise ActionError("status", status=draft.status)
    if status.needs_reason and not draft.status_reason:
        raise ActionError("reason", status=draft.status)
    if before is None or draft.status == before.status:
        return
    if draft.status not in STATUS_BY_ID[before.status].moves_to:
        raise ActionError("move", old=before.status, new=draft.status)
    if draft.status == "done":
        waiting = [str(r[0]) for r in cur.execute(
            "SELECT action_id FROM actions WHERE list_contains(?, action_id)"
            " AND status NOT IN ('done', 'dropped') ORDER BY 1", [list(draft.blocked_by)]).fetchall()]
        if waiting:
            raise ActionError("done_waiting", ids=", ".join(waiting))


def _check_people(cur: duckdb.DuckDBPyConnection, draft: ActionDraft) -> None:
    sponsor = cur.execute("SELECT role, status FROM users WHERE email = ?", [draft.sponsor]).fetchone()
    if sponsor is None or sponsor[1] != "active" or ROLES.index(sponsor[0]) < ROLES.index("leadership"):
        raise ActionError("sponsor", email=draft.sponsor)
    if draft.assignees:
        found = {r[0] for r in cur.execute(
            "SELECT email FROM users WHERE status = 'active' AND role <> 'viewer' AND list_contains(?, email)",
            [list(draft.assignees)]).fetchall()}
        missing = [e for e in draft.assignees if e not in found]
        if missing:
            raise ActionError("assignee", emails=", ".join(missing))


def _check_links(cur: duckdb.DuckDBPyConnection, links: tuple[Link, ...]) -> None:
    depts = set(department_codes(cur, active_only=True)) if any(link.kind == "pair" for link in links) else set()
    for link in links:
        if link.kind not in LINK_KINDS:
            raise ActionError("link_kind", kind=link.kind, kinds=", ".join(LINK_KINDS))
        if link.kind == "pair":
            rater, _, rated = link.ref.partition(">")
            ok = rater in depts and rated in depts and rater != rated
        else:
            ok = cur.execute(_LINK_EXISTS[link.kind], [link.ref]).fetchone()[0] > 0
        if not ok:
            raise ActionError("link_unknown", link=link.text())


def _check_dependencies(cur: duckdb.DuckDBPyConnection, action_id: int | None, blocked_by: tuple[int, ...]) -> None:
    if not blocked_by:
        return
    found = {r[0] for r in cur.execute("SELECT action_id FROM actions WHERE list_contains(?, action_id)",
                                       [list(blocked_by)]).fetchall()}
    missing = [str(i) for i in blocked_by if i not in found]
    if missing:
        raise ActionError("dependency_unknown", ids=", ".join(missing))
    if action_id is None:
        return  # a new action: nothing depends on it yet, so no cycle can pass through it
    if action_id in blocked_by:
        raise ActionError("dependency_self", id=action_id)
    # Everything the new dependencies wait for, transitively: UNION (not ALL) stops on a loop.
    loop = cur.execute(
        "WITH RECURSIVE reach(id) AS (SELECT unnest(?::INTEGER[]) UNION"
        " SELECT d.blocked_by FROM action_dependencies d JOIN reach r ON d.action_id = r.id)"
        " SELECT count(*) FROM reach WHERE id = ?", [list(blocked_by), action_id]).fetchone()[0]
    if loop:
        raise ActionError("dependency_cycle", id=action_id)
