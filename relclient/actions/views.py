"""What the action pages show, built in one call each: the board, its table, one action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from relclient.actions.model import Action, Comment, HistoryEntry
from relclient.actions.movement import Movement, movements
from relclient.actions.origins import decision_of_action
from relclient.actions.queries import (
    ActionQuery,
    action_choices,
    comments,
    get_action,
    history,
    list_actions,
    wip_limits,
)
from relclient.actions.wording import display_value
from relclient.i18n import t
from relclient.metrics import kpi
from relclient.reference import department_names
from relclient.store import Store


def people(store: Store) -> dict[str, str]:
    """Every account's name by email (retired ones too: history names them)."""
    return dict(store.fetch_all("SELECT email, name FROM users ORDER BY name"))


def sponsors(store: Store) -> dict[str, str]:
    """The active leadership accounts (who may sponsor an action), name by email: leadership members
    first, the admin accounts (which may, being above leadership) after them."""
    return dict(store.fetch_all("SELECT email, name FROM users WHERE status = 'active'"
                                " AND role IN ('leadership', 'admin') ORDER BY role = 'admin', name"))


def default_sponsor(store: Store, user) -> str | None:
    """Who a form proposes as sponsor or chair: the person, when a leadership member; else the first
    leadership member, never an admin account (an administrator runs the tool, not the business)."""
    if user.role == "leadership" and user.status == "active":
        return user.email
    row = store.fetch_one("SELECT email FROM users WHERE status = 'active' AND role = 'leadership' ORDER BY name LIMIT 1")
    return row[0] if row else None


def assignable(store: Store) -> dict[str, str]:
    """The active accounts that may carry an action (members and above), name by email."""
    return dict(store.fetch_all("SELECT email, name FROM users WHERE status = 'active' AND role <> 'viewer'"
                                " ORDER BY name"))


@dataclass(frozen=True)
class Board:
    """The board for some filters: its actions, their KPI movement, the follow-up lists, the limits."""

    actions: list[Action]
    moved: dict[int, Movement]
    overdue: list[Action]
    blocked_long: list[Action]
    stale: list[Action]
    wip: dict[str, int]
    people: dict[str, str]
    departments: dict[str, str]
    column_totals: dict[str, int]  # actions per column on the whole board, whatever the filters

    def in_status(self, status: str) -> list[Action]:
        """The actions of one column."""
        return [a for a in self.actions if a.status == status]

    def lane(self, action: Action, by: str) -> str:
        """The swimlane an action sits in when the board is split `by` "sponsor" or "lead" ("" otherwise)."""
        if by == "sponsor":
            return self.people.get(action.sponsor, action.sponsor)
        if by == "lead":
            return self.departments.get(action.lead_dept, action.lead_dept)
        return ""

    def over_limit(self, status: str) -> bool:
        """Whether a column holds more actions than its WIP limit (the whole board's, not the filtered view's)."""
        return status in self.wip and self.column_totals.get(status, 0) > self.wip[status]


def build_board(store: Store, query: ActionQuery, lang: str, now: datetime | None = None) -> Board:
    """The board: actions matching the filters, KPI movement, follow-up lists and WIP limits."""
    now = now or datetime.now()
    found = list_actions(store, query, now.date())
    totals = dict(store.fetch_all("SELECT status, count(*) FROM actions GROUP BY status"))
    return Board(
        actions=found,
        moved=movements(store, found, now.date()),
        overdue=[a for a in found if a.is_overdue(now.date())],
        blocked_long=[a for a in found if a.is_blocked_too_long(now)],
        stale=[a for a in found if a.is_stale(now)],
        wip=wip_limits(store),
        people=people(store),
        departments=department_names(store, lang),
        column_totals={k: int(v) for k, v in totals.items()},
    )


def board_table(board: Board, lang: str, today) -> pd.DataFrame:
    """The board as one row per action, for the table view and its downloads."""
    rows = []
    for a in board.actions:
        m = board.moved[a.action_id]
        rows.append({
            t("actions.col.id", lang): a.action_id,
            t("actions.field.title", lang): a.title,
            t("actions.field.status", lang): t(f"action_status.{a.status}", lang),
            t("actions.field.priority", lang): t(f"priority.{a.priority}", lang),
            t("actions.field.lead_dept", lang): board.departments.get(a.lead_dept, a.lead_dept),
            t("actions.field.contributors", lang): ", ".join(board.departments.get(d, d) for d in a.contributors),
            t("actions.field.sponsor", lang): board.people.get(a.sponsor, a.sponsor),
            t("actions.field.due_date", lang): a.due_date,
            t("actions.col.overdue", lang): a.is_overdue(today),
            t("actions.field.kpi_id", lang): kpi(a.kpi_id).label(lang),
            t("actions.col.baseline", lang): m.baseline,
            t("actions.col.now", lang): m.now,
            t("actions.field.target", lang): a.target,
            t("actions.col.trend", lang): t(f"actions.direction.{m.direction or 'unknown'}", lang),
            t("actions.col.updated", lang): a.updated_at,
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ActionView:
    """One action's page: the action, its KPI movement, history, comments and neighbours."""

    action: Action
    moved: Movement
    history: tuple[HistoryEntry, ...]
    comments: tuple[Comment, ...]
    titles: dict[int, str]  # every action's title, for dependencies
    statuses: dict[int, str]  # the status of the actions this one depends on or blocks
    blocks: list[int]  # the actions waiting for this one
    people: dict[str, str]
    departments: dict[str, str]
    decided_in: tuple[int, str] | None = None  # the management review whose decision it carries out


def action_view(store: Store, action_id: int, lang: str, now: datetime | None = None) -> ActionView | None:
    """Everything the action page shows, or None when there is no such action."""
    action = get_action(store, action_id)
    if action is None:
        return None
    now = now or datetime.now()
    blocks = [r[0] for r in store.fetch_all(
        "SELECT action_id FROM action_dependencies WHERE blocked_by = ? ORDER BY 1", [action_id])]
    neighbours = [*action.blocked_by, *blocks]
    statuses = dict(store.fetch_all("SELECT action_id, status FROM actions WHERE list_contains(?, action_id)",
                                    [neighbours])) if neighbours else {}
    decided_in = decision_of_action(store, action_id)
    return ActionView(action, movements(store, [action], now.date())[action_id], history(store, action_id),
                      comments(store, action_id), action_choices(store), statuses, blocks, people(store),
                      department_names(store, lang), tuple(decided_in) if decided_in else None)


def history_table(view: ActionView, lang: str) -> pd.DataFrame:
    """The action's history, newest first, with fields and values as a reader reads them."""
    return pd.DataFrame([{
        t("actions.col.when", lang): h.changed_at,
        t("actions.col.who", lang): view.people.get(h.changed_by, h.changed_by),
        t("actions.col.field", lang): t(f"actions.field.{h.field}", lang),
        t("actions.col.from", lang): display_value(h.field, h.old, lang, view.departments, view.people),
        t("actions.col.to", lang): display_value(h.field, h.new, lang, view.departments, view.people),
    } for h in reversed(view.history)])



def action_facts(a: Action, lang: str, departments: dict[str, str], people_names: dict[str, str],
                 titles: dict[int, str]) -> list[tuple[str, str]]:
    """The action as a reader who may not edit it reads it: each field's name and value in words."""
    def names(codes) -> str:
        return ", ".join(departments.get(c, c) for c in codes) or "—"

    return [
        (t("actions.field.title", lang), a.title),
        (t("actions.field.problem", lang), a.problem or "—"),
        (t("actions.field.kpi_id", lang), kpi(a.kpi_id).label(lang)),
        (t("actions.field.scope_dept", lang), departments.get(a.scope_dept, a.scope_dept) if a.scope_dept
         else t("action.company", lang)),
        (t("actions.field.target", lang), kpi(a.kpi_id).format(a.target, lang)),
        (t("actions.field.target_date", lang), display_value("target_date", a.target_date.isoformat(), lang)
         if a.target_date else "—"),
        (t("actions.field.lead_dept", lang), departments.get(a.lead_dept, a.lead_dept)),
        (t("actions.field.contributors", lang), names(a.contributors)),
        (t("actions.field.sponsor", lang), people_names.get(a.sponsor, a.sponsor)),
        (t("actions.field.assignees", lang), ", ".join(people_names.get(e, e) for e in a.assignees) or "—"),
        (t("actions.field.priority", lang), t(f"priority.{a.priority}", lang)),
        (t("actions.field.due_date", lang), display_value("due_date", a.due_date.isoformat(), lang)
         if a.due_date else "—"),
        (t("actions.field.status", lang), t(f"action_status.{a.status}", lang)),
        (t("actions.field.checklist", lang), "\n".join(f"{'☑' if i.done else '☐'} {i.text}" for i in a.checklist) or "—"),
        (t("actions.field.blocked_by", lang), "\n".join(f"#{i} · {titles.get(i, '?')}" for i in a.blocked_by) or "—"),
    ]
