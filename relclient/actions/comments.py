"""Commenting on an action: any member may, on any action, mentioning the departments that must read it."""

from __future__ import annotations

from datetime import datetime

import duckdb

from relclient.actions.errors import ActionError
from relclient.actions.model import Comment
from relclient.actions.queries import read_action
from relclient.audit import record
from relclient.departments import require_department
from relclient.permissions import require
from relclient.store import Store, next_id
from relclient.users import User


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
        for dept in mentions:
            require_department(cur, dept, active_only=True)  # a retired department reads nothing any more
        comment_id = next_id(cur, "action_comment_ids")
        cur.execute("INSERT INTO action_comments VALUES (?, ?, ?, ?, ?)", [comment_id, action_id, actor.email, at, body])
        for dept in mentions:
            cur.execute("INSERT INTO action_mentions VALUES (?, ?)", [comment_id, dept])
        record(cur, actor.email, "action_comment", str(action_id), ", ".join(mentions) or None)
        return comment_id

    comment_id = store.transaction(work)
    return Comment(comment_id, action_id, actor.email, at, body, mentions)
