"""Reading actions: one action, the board's list under filters, history, comments, follow-up counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from relclient.actions.model import (
    BLOCKED_ALERT_DAYS,
    OPEN_STATUSES,
    STALE_DAYS,
    STATUSES,
    Action,
    ChecklistItem,
    Comment,
    HistoryEntry,
    Link,
)
from relclient.store import Store

_COLUMNS = """a.action_id, a.title, a.problem, a.kpi_id, a.scope_dept, a.baseline, a.baseline_start,
       a.baseline_end, a.target, a.target_date, a.lead_dept, a.sponsor, a.priority, a.due_date, a.status,
       a.status_reason, a.status_since, a.created_by, a.created_at, a.updated_by, a.updated_at, a.version,
       a.baseline_n, a.baseline_promoters, a.baseline_detractors, a.baseline_sd"""
# One row per action with its child rows folded into lists, so a board is one query.
_SELECT = "SELECT " + _COLUMNS + """,
       coalesce((SELECT list(c.dept ORDER BY c.dept) FROM action_contributors c
                 WHERE c.action_id = a.action_id), []),
       coalesce((SELECT list(p.email ORDER BY p.email) FROM action_assignees p
                 WHERE p.action_id = a.action_id), []),
       coalesce((SELECT list({'text': k.text, 'done': k.done} ORDER BY k.item_no) FROM action_checklist k
                 WHERE k.action_id = a.action_id), []),
       coalesce((SELECT list(d.blocked_by ORDER BY d.blocked_by) FROM action_dependencies d
                 WHERE d.action_id = a.action_id), []),
       coalesce((SELECT list({'kind': l.kind, 'ref': l.ref} ORDER BY l.kind, l.ref) FROM action_links l
                 WHERE l.action_id = a.action_id), [])
FROM actions a
"""

# Whether an action involves a department: it leads it or contributes to it.
_INVOLVES = ("(a.lead_dept = $dept OR EXISTS (SELECT 1 FROM action_contributors c"
             " WHERE c.action_id = a.action_id AND c.dept = $dept))")


def _action(row: tuple) -> Action:
    *columns, contributors, assignees, checklist, blocked_by, links = row
    return Action(*columns, contributors=tuple(contributors), assignees=tuple(assignees),
                  checklist=tuple(ChecklistItem(i["text"], i["done"]) for i in checklist),
                  blocked_by=tuple(blocked_by), links=tuple(Link(i["kind"], i["ref"]) for i in links))


# For one action, six plain lookups by key are five times faster than the folded query above.
_ONE = "SELECT " + _COLUMNS + " FROM actions a WHERE a.action_id = ?"
_CHILDREN = (
    "SELECT dept FROM action_contributors WHERE action_id = ? ORDER BY dept",
    "SELECT email FROM action_assignees WHERE action_id = ? ORDER BY email",
    "SELECT text, done FROM action_checklist WHERE action_id = ? ORDER BY item_no",
    "SELECT blocked_by FROM action_dependencies WHERE action_id = ? ORDER BY blocked_by",
    "SELECT kind, ref FROM action_links WHERE action_id = ? ORDER BY kind, ref",
)


def read_action(cur: duckdb.DuckDBPyConnection, action_id: int) -> Action | None:
    """One action through the caller's cursor (inside its transaction), or None."""
    row = cur.execute(_ONE, [action_id]).fetchone()
    if row is None:
        return None
    contributors, assignees, checklist, blocked_by, links = (cur.execute(sql, [action_id]).fetchall()
                                                             for sql in _CHILDREN)
    return Action(*row, contributors=tuple(r[0] for r in contributors), assignees=tuple(r[0] for r in assignees),
                  checklist=tuple(ChecklistItem(*r) for r in checklist), blocked_by=tuple(r[0] for r in blocked_by),
                  links=tuple(Link(*r) for r in links))


def get_action(store: Store, action_id: int) -> Action | None:
    """One action, or None when there is no such action."""
    with store.cursor() as cur:
        return read_action(cur, action_id)


@dataclass(frozen=True)
class ActionQuery:
    """The board's filters; None (or False) means "any"."""

    dept: str | None = None  # involved: leads or contributes
    sponsor: str | None = None
    kpi_id: str | None = None
    status: str | None = None
    overdue: bool = False
    blocked: bool = False
    mine: str | None = None  # an email: sponsor, assignee or creator


def list_actions(store: Store, query: ActionQuery = ActionQuery(), today: date | None = None) -> list[Action]:
    """The actions matching the filters, most urgent first (priority, then due date)."""
    sql = _SELECT + (
        " WHERE ($dept IS NULL OR " + _INVOLVES + ")"
        " AND ($sponsor IS NULL OR a.sponsor = $sponsor) AND ($kpi IS NULL OR a.kpi_id = $kpi)"
        " AND ($status IS NULL OR a.status = $status)"
        " AND (NOT $overdue OR (list_contains($open, a.status) AND a.due_date < $today))"
        " AND (NOT $blocked OR a.status = 'blocked')"
        " AND ($mine IS NULL OR a.sponsor = $mine OR a.created_by = $mine OR EXISTS"
        "  (SELECT 1 FROM action_assignees p WHERE p.action_id = a.action_id AND p.email = $mine))"
        " ORDER BY list_position(['critical', 'high', 'normal', 'low'], a.priority), a.due_date NULLS LAST,"
        " a.action_id")
    params = {"dept": query.dept, "sponsor": query.sponsor, "kpi": query.kpi_id, "status": query.status,
              "overdue": query.overdue, "open": list(OPEN_STATUSES), "today": today or date.today(),
              "blocked": query.blocked, "mine": query.mine}
    return [_action(row) for row in store.fetch_all(sql, params)]


def action_choices(store: Store) -> dict[int, str]:
    """Every action's id and title, for "blocked by" pickers."""
    return {r[0]: r[1] for r in store.fetch_all("SELECT action_id, title FROM actions ORDER BY action_id")}


def history(store: Store, action_id: int, since_version: int = 0) -> tuple[HistoryEntry, ...]:
    """The action's changes after `since_version`, oldest first."""
    with store.cursor() as cur:
        return read_history(cur, action_id, since_version)


def read_history(cur: duckdb.DuckDBPyConnection, action_id: int, since_version: int = 0) -> tuple[HistoryEntry, ...]:
    """The same, through the caller's cursor."""
    rows = cur.execute(
        "SELECT version, changed_by, changed_at, field, coalesce(old_value, ''), coalesce(new_value, '')"
        " FROM action_history WHERE action_id = ? AND version > ? ORDER BY version, history_id",
        [action_id, since_version]).fetchall()
    return tuple(HistoryEntry(*row) for row in rows)


def comments(store: Store, action_id: int) -> tuple[Comment, ...]:
    """The action's comments, oldest first, with the departments each mentions."""
    rows = store.fetch_all(
        "SELECT c.comment_id, c.action_id, c.author, c.written_at, c.body,"
        " coalesce((SELECT list(m.dept ORDER BY m.dept) FROM action_mentions m WHERE m.comment_id = c.comment_id), [])"
        " FROM action_comments c WHERE c.action_id = ? ORDER BY c.written_at, c.comment_id", [action_id])
    return tuple(Comment(*row[:5], mentions=tuple(row[5])) for row in rows)


def mentions_of(store: Store, dept: str, limit: int = 50) -> pd.DataFrame:
    """The comments that mention a department, newest first: what that department must see."""
    return store.fetch_df(
        "SELECT c.written_at, c.action_id, a.title, coalesce(u.name, c.author) AS author, c.body FROM action_mentions m"
        " JOIN action_comments c USING (comment_id) JOIN actions a ON a.action_id = c.action_id"
        " LEFT JOIN users u ON u.email = c.author"
        " WHERE m.dept = ? ORDER BY c.written_at DESC LIMIT ?", [dept, limit])


@dataclass(frozen=True)
class FollowUp:
    """How many open actions need a push: overdue, blocked too long, without news."""

    open: int
    overdue: int
    blocked_long: int
    stale: int


def follow_up_counts(store: Store, dept: str | None = None, now: datetime | None = None) -> FollowUp:
    """The follow-up counts, for the company or the actions a department is involved in (one query)."""
    now = now or datetime.now()
    row = store.fetch_one(
        "SELECT count(*) FILTER (WHERE list_contains($open, a.status)),"
        " count(*) FILTER (WHERE list_contains($open, a.status) AND a.due_date < $today),"
        " count(*) FILTER (WHERE a.status = 'blocked' AND a.status_since < $blocked_before),"
        " count(*) FILTER (WHERE list_contains($open, a.status) AND a.updated_at < $stale_before)"
        " FROM actions a WHERE ($dept IS NULL OR " + _INVOLVES + ")",
        {"open": list(OPEN_STATUSES), "today": now.date(), "dept": dept,
         "blocked_before": now - timedelta(days=BLOCKED_ALERT_DAYS),
         "stale_before": now - timedelta(days=STALE_DAYS)})
    return FollowUp(*(int(v) for v in row))


def open_actions_by_kpi(store: Store, dept: str | None = None) -> dict[str, int]:
    """How many open actions target each KPI (those a department is involved in, with `dept`)."""
    rows = store.fetch_all(
        "SELECT a.kpi_id, count(*) FROM actions a WHERE list_contains($open, a.status)"
        " AND ($dept IS NULL OR " + _INVOLVES + ") GROUP BY a.kpi_id",
        {"open": list(OPEN_STATUSES), "dept": dept})
    return {kpi_id: int(n) for kpi_id, n in rows}


def wip_limits(store: Store) -> dict[str, int]:
    """The most actions each column should hold (columns without a limit are absent)."""
    return {status: int(n) for status, n in store.fetch_all("SELECT status, max_actions FROM action_wip_limits")}


def status_counts(store: Store) -> dict[str, int]:
    """How many actions stand in each column."""
    found = dict(store.fetch_all("SELECT status, count(*) FROM actions GROUP BY status"))
    return {s.id: int(found.get(s.id, 0)) for s in STATUSES}
