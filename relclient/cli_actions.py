"""`python -m relclient actions list`: the action board for scripts."""

from __future__ import annotations

import argparse
from datetime import date

from relclient import strict_json
from relclient.actions import STATUSES, ActionQuery, list_actions, movements
from relclient.departments import require_department
from relclient.store import Store, db_path_from_env


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The `actions` command and its sub-commands."""
    actions = sub.add_parser("actions", help="the cross-team action board")
    cmd = actions.add_subparsers(dest="actions_command", required=True)
    listing = cmd.add_parser("list", help="every action, most urgent first, with its KPI's movement")
    listing.add_argument("--status", choices=[s.id for s in STATUSES])
    listing.add_argument("--dept", help="department code: the actions it leads or contributes to")
    listing.add_argument("--format", choices=("table", "json"), default="table")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def run(args: argparse.Namespace) -> int:
    """Run one `actions` sub-command."""
    store = Store(db_path_from_env(), read_only=True)  # says how to build one when there is none
    try:
        if args.dept is not None:
            with store.cursor() as cur:
                require_department(cur, args.dept)
        today = date.today()
        found = list_actions(store, ActionQuery(dept=args.dept, status=args.status), today)
        moved = movements(store, found, today)
    finally:
        store.close()
    if args.format == "json":
        print(strict_json.dumps([{
            "id": a.action_id, "title": a.title, "status": a.status, "status_reason": a.status_reason,
            "priority": a.priority, "due_date": a.due_date.isoformat() if a.due_date else None,
            "overdue": a.is_overdue(today), "lead_dept": a.lead_dept, "contributors": list(a.contributors),
            "sponsor": a.sponsor, "assignees": list(a.assignees), "kpi": a.kpi_id, "scope_dept": a.scope_dept,
            "baseline": moved[a.action_id].baseline, "now": moved[a.action_id].now, "target": a.target,
            "direction": moved[a.action_id].direction, "significant": moved[a.action_id].significant,
            "baseline_n": moved[a.action_id].baseline_n, "now_n": moved[a.action_id].now_n,
            "blocked_by": list(a.blocked_by), "version": a.version,
        } for a in found]))
        return 0
    if not found:
        print("no action matches")
        return 0
    print(f"{'id':>4}  {'status':<11} {'priority':<8} {'due':<11} {'lead':<17} {'kpi':<22} "
          f"{'baseline → now → target':<26} title")
    for a in found:
        m = moved[a.action_id]
        due = (a.due_date.isoformat() if a.due_date else "—") + ("!" if a.is_overdue(today) else "")
        kpi_move = f"{_number(m.baseline)} → {_number(m.now)} → {_number(a.target)} {m.arrow}"
        print(f"{a.action_id:>4}  {a.status:<11} {a.priority:<8} {due:<11} {a.lead_dept:<17} {a.kpi_id:<22} "
              f"{kpi_move:<26} {a.title}")
    print(f"{len(found)} action(s); '!' marks an overdue due date")
    return 0
