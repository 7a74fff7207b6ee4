"""Changing actions: create, update under a version check, comment, set the board's WIP limits.

Every function takes the acting user, checks the rules of relclient.permissions, and writes in
one transaction together with the action's history and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

import duckdb

from relclient.actions.model import (
    FIELDS,
    LINK_KINDS,
    PRIORITIES,
    STATUS_BY_ID,
    Action,
    ActionConflict,
    ActionError,
    ChecklistItem,
    Comment,
    Link,
    field_text,
)
from relclient.actions.movement import baseline_for
from relclient.metrics.significance import Sample
from relclient.actions.queries import read_action, read_history
from relclient.audit import record
from relclient.auth import ROLES, User
from relclient.metrics import KPIS_BY_ID, kpi
from relclient.periods import Period
from relclient.permissions import require
from relclient.store import Store, next_id
from relclient.targets import TargetError, check_target

TITLE_MAX = 200
CREATE_STATUSES = ("proposed", "todo")  # an action starts on the left of the board


@dataclass(frozen=True)
class ActionDraft:
    """What a new action says before it exists (the baseline is measured when it is created)."""

    title: str
    kpi_id: str
    lead_dept: str
    sponsor: str
    problem: str = ""
    scope_dept: str | None = None
    target: float | None = None
    target_date: date | None = None
    contributors: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    priority: str = "normal"
    due_date: date | None = None
    status: str = "proposed"
    status_reason: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    blocked_by: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()


def _normalise(name: str, value: object) -> object:
    # Equal meaning, equal value: order and blanks never count as a change.
    if name == "contributors":
        return tuple(sorted({str(v) for v in value or ()}))
    if name == "assignees":
        return tuple(sorted({str(v).strip().lower() for v in value or () if str(v).strip()}))
    if name == "blocked_by":
        return tuple(sorted({int(v) for v in value or ()}))
    if name == "links":
        return tuple(sorted(set(value or ()), key=Link.text))
    if name == "checklist":
        return tuple(ChecklistItem(i.text.strip(), bool(i.done)) for i in value or () if i.text.strip())
    if name == "sponsor":
        return str(value or "").strip().lower()
    if name in ("title", "problem"):
        return str(value or "").strip()
    if name in ("status_reason", "scope_dept"):
        return str(value).strip() or None if value is not None else None
    if name == "target":
        return None if value is None else float(value)
    return value


def changes_from(seen: Action, entered: dict[str, object]) -> dict[str, object]:
    """The fields of `entered` whose value differs from `seen`'s, order and blanks aside: what a
    reader actually changed in a form showing `seen`."""
    return {name: value for name, value in entered.items()
            if _normalise(name, value) != _normalise(name, seen.value_of(name))}


def _check_people(cur: duckdb.DuckDBPyConnection, values: dict) -> None:
    sponsor = cur.execute("SELECT role, status FROM users WHERE email = ?", [values["sponsor"]]).fetchone()
    if sponsor is None or sponsor[1] != "active" or ROLES.index(sponsor[0]) < ROLES.index("leadership"):
        raise ActionError("sponsor", email=values["sponsor"])
    if values["assignees"]:
        found = {r[0] for r in cur.execute(
            "SELECT email FROM users WHERE status = 'active' AND role <> 'viewer' AND list_contains(?, email)",
            [list(values["assignees"])]).fetchall()}
        missing = [e for e in values["assignees"] if e not in found]
        if missing:
            raise ActionError("assignee", emails=", ".join(missing))


_LINK_EXISTS = {
    "customer": "SELECT count(*) FROM customers WHERE customer_id = ?",
    "ticket": "SELECT count(*) FROM tickets WHERE ticket_id = ?",
    "response": "SELECT count(*) FROM survey_responses WHERE response_id = ?",
}


def _check_links(cur: duckdb.DuckDBPyConnection, links: tuple[Link, ...], depts: set[str]) -> None:
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


def _check(cur: duckdb.DuckDBPyConnection, values: dict, before: Action | None) -> None:
    """Every rule on an action's values; `before` is the stored action when this is a change."""
    depts = set(known_departments_cur(cur))
    if not values["title"] or len(values["title"]) > TITLE_MAX:
        raise ActionError("title", n=TITLE_MAX)
    if values["kpi_id"] not in KPIS_BY_ID:
        raise ActionError("kpi", kpi=values["kpi_id"])
    for dept in (values["lead_dept"], values["scope_dept"], *values["contributors"]):
        if dept is not None and dept not in depts:
            raise ActionError("dept", dept=dept)
    if values["priority"] not in PRIORITIES:
        raise ActionError("priority", priority=values["priority"], known=", ".join(PRIORITIES))
    if values["target"] is not None:
        try:
            check_target(kpi(values["kpi_id"]), values["target"])
        except TargetError as exc:
            raise ActionError("target", detail=str(exc)) from None
    status = STATUS_BY_ID.get(values["status"])
    if status is None:
        raise ActionError("status", status=values["status"])
    if status.needs_reason and not values["status_reason"]:
        raise ActionError("reason", status=values["status"])
    if before is not None and values["status"] != before.status:
        if values["status"] not in STATUS_BY_ID[before.status].moves_to:
            raise ActionError("move", old=before.status, new=values["status"])
        if values["status"] == "done":
            waiting = [str(r[0]) for r in cur.execute(
                "SELECT action_id FROM actions WHERE list_contains(?, action_id)"
                " AND status NOT IN ('done', 'dropped') ORDER BY 1", [list(values["blocked_by"])]).fetchall()]
            if waiting:
                raise ActionError("done_waiting", ids=", ".join(waiting))
    _check_people(cur, values)
    _check_links(cur, values["links"], depts)
    _check_dependencies(cur, before.action_id if before else None, values["blocked_by"])


def known_departments_cur(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """The active departments' codes, read through the caller's cursor."""
    return [r[0] for r in cur.execute("SELECT code FROM departments WHERE active ORDER BY code").fetchall()]


def _write_children(cur: duckdb.DuckDBPyConnection, action_id: int, name: str, old: tuple, new: tuple) -> None:
    # Only what differs is deleted or inserted (DuckDB refuses re-inserting a key it deleted in
    # the same transaction, and a diff is what the history says anyway).
    if name == "checklist":
        for n, item in enumerate(new):
            if n < len(old):
                if old[n] != item:
                    cur.execute("UPDATE action_checklist SET text = ?, done = ? WHERE action_id = ? AND item_no = ?",
                                [item.text, item.done, action_id, n])
            else:
                cur.execute("INSERT INTO action_checklist VALUES (?, ?, ?, ?)", [action_id, n, item.text, item.done])
        if len(old) > len(new):
            cur.execute("DELETE FROM action_checklist WHERE action_id = ? AND item_no >= ?", [action_id, len(new)])
        return
    table = {"contributors": ("action_contributors", "dept"), "assignees": ("action_assignees", "email"),
             "blocked_by": ("action_dependencies", "blocked_by"), "links": None}[name]
    removed, added = set(old) - set(new), set(new) - set(old)
    if name == "links":
        for link in removed:
            cur.execute("DELETE FROM action_links WHERE action_id = ? AND kind = ? AND ref = ?",
                        [action_id, link.kind, link.ref])
        for link in sorted(added, key=Link.text):
            cur.execute("INSERT INTO action_links VALUES (?, ?, ?)", [action_id, link.kind, link.ref])
        return
    delete, insert = _CHILD_SQL[table]
    for value in removed:
        cur.execute(delete, [action_id, value])
    for value in sorted(added):
        cur.execute(insert, [action_id, value])


# Child tables and their column: fixed in code, never from input.
_CHILD_SQL = {
    ("action_contributors", "dept"): ("DELETE FROM action_contributors WHERE action_id = ? AND dept = ?",
                                      "INSERT INTO action_contributors VALUES (?, ?)"),
    ("action_assignees", "email"): ("DELETE FROM action_assignees WHERE action_id = ? AND email = ?",
                                    "INSERT INTO action_assignees VALUES (?, ?)"),
    ("action_dependencies", "blocked_by"): ("DELETE FROM action_dependencies WHERE action_id = ? AND blocked_by = ?",
                                            "INSERT INTO action_dependencies VALUES (?, ?)"),
}
_CHILDREN = ("contributors", "assignees", "checklist", "blocked_by", "links")


def _history(cur: duckdb.DuckDBPyConnection, action_id: int, version: int, actor: str, at: datetime,
             changes: list[tuple[str, str, str]]) -> None:
    for name, old, new in changes:
        cur.execute("INSERT INTO action_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [next_id(cur, "action_history_ids"), action_id, version, actor, at, name, old, new])


@dataclass(frozen=True)
class PreparedAction:
    """A draft checked for what needs no database, with its KPI baseline measured."""

    values: dict
    baseline: Sample  # the KPI over the window, with its n and what its test reads
    window: Period
    now: datetime


def prepare_action(store: Store, actor: User, draft: ActionDraft, now: datetime | None = None) -> PreparedAction:
    """Check the rights and the draft's shape and measure its baseline, before any transaction (the
    KPI layer reads committed data through its own cursor)."""
    require(actor, "create_action", store=store)
    now = now or datetime.now()
    values = {f.name: _normalise(f.name, getattr(draft, f.name)) for f in fields(draft)}
    values["contributors"] = tuple(d for d in values["contributors"] if d != values["lead_dept"])
    if values["status"] not in CREATE_STATUSES:
        raise ActionError("create_status", statuses=", ".join(CREATE_STATUSES))
    if values["kpi_id"] not in KPIS_BY_ID:
        raise ActionError("kpi", kpi=values["kpi_id"])
    baseline, window = baseline_for(store, values["kpi_id"], values["scope_dept"], now.date())
    return PreparedAction(values, baseline, window, now)


def insert_action(cur: duckdb.DuckDBPyConnection, actor: User, prepared: PreparedAction) -> int:
    """Write a prepared action, its child rows, history and audit line in the caller's transaction."""
    values, now = prepared.values, prepared.now
    _check(cur, values, None)
    action_id = next_id(cur, "action_ids")
    base = prepared.baseline
    cur.execute(
        "INSERT INTO actions (action_id, title, problem, kpi_id, scope_dept, baseline, baseline_start, baseline_end,"
        " target, target_date, lead_dept, sponsor, priority, due_date, status, status_reason, status_since,"
        " created_by, created_at, updated_by, updated_at, version, baseline_n, baseline_promoters,"
        " baseline_detractors, baseline_sd)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        [action_id, values["title"], values["problem"], values["kpi_id"], values["scope_dept"], base.value,
         prepared.window.start, prepared.window.end, values["target"], values["target_date"], values["lead_dept"],
         values["sponsor"], values["priority"], values["due_date"], values["status"], values["status_reason"],
         now, actor.email, now, actor.email, now, base.n, base.promoters, base.detractors, base.sd])
    for name in _CHILDREN:
        _write_children(cur, action_id, name, (), values[name])
    _history(cur, action_id, 1, actor.email, now,
             [("created", "", values["title"])]
             + [(name, "", field_text(name, values[name])) for name in FIELDS
                if name != "title" and field_text(name, values[name])])
    record(cur, actor.email, "action_create", str(action_id), values["title"])
    return action_id


def create_action(store: Store, actor: User, draft: ActionDraft, now: datetime | None = None) -> Action:
    """Create an action, measuring its KPI's baseline for its scope; return it as stored."""
    prepared = prepare_action(store, actor, draft, now)
    action_id = store.transaction(lambda cur: insert_action(cur, actor, prepared))
    with store.cursor() as cur:
        return read_action(cur, action_id)


def _names(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(cur.execute("SELECT email, name FROM users").fetchall())


def update_action(store: Store, actor: User, action_id: int, expected_version: int, changes: dict[str, object],
                  now: datetime | None = None) -> Action:
    """Apply `changes` (field → new value) to the action as the actor saw it at `expected_version`.

    When someone changed it since, nothing is written and ActionConflict says who, when and what.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ActionError("field", fields=", ".join(sorted(unknown)))
    wanted = {name: _normalise(name, value) for name, value in changes.items()}
    rebaseline: Sample | None = None
    if "kpi_id" in wanted or "scope_dept" in wanted:
        current = _current(store, action_id)
        kpi_id, scope = wanted.get("kpi_id", current.kpi_id), wanted.get("scope_dept", current.scope_dept)
        if kpi_id not in KPIS_BY_ID:
            raise ActionError("kpi", kpi=kpi_id)
        # Another KPI or scope: its baseline, over the same window as the first one.
        rebaseline = baseline_for(store, kpi_id, scope, current.baseline_end)[0]

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
        if "sponsor" in wanted and wanted["sponsor"] != before.sponsor:
            require(actor, "change_sponsor", store=store)
        values = {name: before.value_of(name) for name in FIELDS} | wanted
        values["contributors"] = tuple(d for d in values["contributors"] if d != values["lead_dept"])
        if not STATUS_BY_ID[values["status"]].needs_reason and "status_reason" not in wanted:
            values["status_reason"] = None  # a reason belongs to the blocked or dropped it explained
        _check(cur, values, before)
        diffs = [(name, field_text(name, before.value_of(name)), field_text(name, values[name]))
                 for name in FIELDS if values[name] != before.value_of(name)]
        if not diffs:
            return before
        version = before.version + 1
        kpi_changed = values["kpi_id"] != before.kpi_id or values["scope_dept"] != before.scope_dept
        status_since = at if values["status"] != before.status else before.status_since
        base = rebaseline if kpi_changed and rebaseline is not None else before.baseline_sample
        cur.execute(
            "UPDATE actions SET title = ?, problem = ?, kpi_id = ?, scope_dept = ?, baseline = ?, target = ?,"
            " target_date = ?, lead_dept = ?, sponsor = ?, priority = ?, due_date = ?, status = ?,"
            " status_reason = ?, status_since = ?, updated_by = ?, updated_at = ?, version = ?,"
            " baseline_n = ?, baseline_promoters = ?, baseline_detractors = ?, baseline_sd = ?"
            " WHERE action_id = ? AND version = ?",
            [values["title"], values["problem"], values["kpi_id"], values["scope_dept"],
             rebaseline.value if kpi_changed else before.baseline, values["target"], values["target_date"],
             values["lead_dept"], values["sponsor"], values["priority"], values["due_date"], values["status"],
             values["status_reason"], status_since, actor.email, at, version,
             *((base.n, base.promoters, base.detractors, base.sd) if base else (None, None, None, None)),
             action_id, before.version])
        for name in _CHILDREN:
            if values[name] != before.value_of(name):
                _write_children(cur, action_id, name, before.value_of(name), values[name])
        _history(cur, action_id, version, actor.email, at, diffs)
        record(cur, actor.email, "action_update", str(action_id), ", ".join(d[0] for d in diffs))
        return read_action(cur, action_id)

    return store.transaction(work, attempts=10)


def _current(store: Store, action_id: int) -> Action:
    with store.cursor() as cur:
        action = read_action(cur, action_id)
    if action is None:
        raise ActionError("unknown", id=action_id)
    return action


def move_action(store: Store, actor: User, action_id: int, expected_version: int, status: str,
                reason: str | None = None, now: datetime | None = None) -> Action:
    """Move an action to another column of the board (with the reason blocked or dropped needs)."""
    changes: dict[str, object] = {"status": status}
    if reason is not None:
        changes["status_reason"] = reason
    return update_action(store, actor, action_id, expected_version, changes, now=now)


def add_comment(store: Store, actor: User, action_id: int, body: str, mentions: tuple[str, ...] = (),
                now: datetime | None = None) -> Comment:
    """Comment on an action (any member may, on any action), mentioning departments."""
    require(actor, "comment_action", store=store)
    body = body.strip()
    if not body:
        raise ActionError("comment_empty")
    mentions = tuple(sorted(set(mentions)))
    at = now or datetime.now()

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        if read_action(cur, action_id) is None:
            raise ActionError("unknown", id=action_id)
        depts = set(known_departments_cur(cur))
        for dept in mentions:
            if dept not in depts:
                raise ActionError("dept", dept=dept)
        comment_id = next_id(cur, "action_comment_ids")
        cur.execute("INSERT INTO action_comments VALUES (?, ?, ?, ?, ?)", [comment_id, action_id, actor.email, at, body])
        for dept in mentions:
            cur.execute("INSERT INTO action_mentions VALUES (?, ?)", [comment_id, dept])
        record(cur, actor.email, "action_comment", str(action_id), ", ".join(mentions) or None)
        return comment_id

    comment_id = store.transaction(work)
    return Comment(comment_id, action_id, actor.email, at, body, mentions)


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

