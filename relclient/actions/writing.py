"""Writing an action's child rows (contributors, assignees, checklist, dependencies, links) and its
history lines, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

import duckdb

from relclient.actions.model import Link
from relclient.store import next_id

# The fields kept in child tables, in the order they are written.
CHILDREN: tuple[str, ...] = ("contributors", "assignees", "checklist", "blocked_by", "links")

# Child tables of one value per row: fixed in code, never from input.
_CHILD_SQL = {
    "contributors": ("DELETE FROM action_contributors WHERE action_id = ? AND dept = ?",
                     "INSERT INTO action_contributors VALUES (?, ?)"),
    "assignees": ("DELETE FROM action_assignees WHERE action_id = ? AND email = ?",
                  "INSERT INTO action_assignees VALUES (?, ?)"),
    "blocked_by": ("DELETE FROM action_dependencies WHERE action_id = ? AND blocked_by = ?",
                   "INSERT INTO action_dependencies VALUES (?, ?)"),
}


def write_children(cur: duckdb.DuckDBPyConnection, action_id: int, name: str, old: tuple, new: tuple) -> None:
    """Bring one child table of an action from `old` to `new` (a name of CHILDREN)."""
    # Only what differs is deleted or inserted (DuckDB refuses re-inserting a key it deleted in
    # the same transaction, and a diff is what the history says anyway).
    if name == "checklist":
        _write_checklist(cur, action_id, old, new)
        return
    removed, added = set(old) - set(new), set(new) - set(old)
    if name == "links":
        for link in removed:
            cur.execute("DELETE FROM action_links WHERE action_id = ? AND kind = ? AND ref = ?",
                        [action_id, link.kind, link.ref])
        for link in sorted(added, key=Link.text):
            cur.execute("INSERT INTO action_links VALUES (?, ?, ?)", [action_id, link.kind, link.ref])
        return
    delete, insert = _CHILD_SQL[name]
    for value in removed:
        cur.execute(delete, [action_id, value])
    for value in sorted(added):
        cur.execute(insert, [action_id, value])


def _write_checklist(cur: duckdb.DuckDBPyConnection, action_id: int, old: tuple, new: tuple) -> None:
    # Items are numbered: one changed in place is updated, the tail added or cut.
    for n, item in enumerate(new):
        if n < len(old):
            if old[n] != item:
                cur.execute("UPDATE action_checklist SET text = ?, done = ? WHERE action_id = ? AND item_no = ?",
                            [item.text, item.done, action_id, n])
        else:
            cur.execute("INSERT INTO action_checklist VALUES (?, ?, ?, ?)", [action_id, n, item.text, item.done])
    if len(old) > len(new):
        cur.execute("DELETE FROM action_checklist WHERE action_id = ? AND item_no >= ?", [action_id, len(new)])


def write_history(cur: duckdb.DuckDBPyConnection, action_id: int, version: int, actor: str, at: datetime,
                  changes: list[tuple[str, str, str]]) -> None:
    """One history line per (field, old text, new text) of a version."""
    for name, old, new in changes:
        cur.execute("INSERT INTO action_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [next_id(cur, "action_history_ids"), action_id, version, actor, at, name, old, new])
