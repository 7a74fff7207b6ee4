"""Where an action came from when a management review decided it (the review reads its decisions'
actions, so the query lives here: actions never import reviews)."""

from __future__ import annotations

from relclient.store import Store


def decision_of_action(store: Store, action_id: int) -> tuple[int, str] | None:
    """The review (number, title) whose decision an action came from, or None."""
    row = store.fetch_one("SELECT r.review_id, r.title FROM review_decisions d JOIN reviews r USING (review_id)"
                          " WHERE d.action_id = ?", [action_id])
    return tuple(row) if row else None
