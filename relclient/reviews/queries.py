"""Reading reviews: one review, the list with their decisions' progress, texts, records."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from relclient.actions.origins import decision_of_action  # noqa: F401  (the reviews package offers it too)
from relclient.reviews.model import Decision, Review
from relclient.store import Store

_COLUMNS = ("review_id, title, period_start, period_end, meeting_date, chair, status, resource_needs,"
            " target_changes, created_by, created_at, updated_by, updated_at")


def read_review(cur: duckdb.DuckDBPyConnection, review_id: int) -> Review | None:
    """One review through the caller's cursor, with its attendees, or None."""
    row = cur.execute("SELECT " + _COLUMNS + " FROM reviews WHERE review_id = ?", [review_id]).fetchone()
    if row is None:
        return None
    attendees = cur.execute("SELECT kind, ref FROM review_attendees WHERE review_id = ? ORDER BY kind, ref",
                            [review_id]).fetchall()
    return Review(*row, people=tuple(r for k, r in attendees if k == "person"),
                  departments=tuple(r for k, r in attendees if k == "dept"))


def get_review(store: Store, review_id: int) -> Review | None:
    """One review, or None."""
    with store.cursor() as cur:
        return read_review(cur, review_id)


def list_reviews(store: Store) -> pd.DataFrame:
    """Every review, newest period first, with its decisions and how many of their actions are done."""
    return store.fetch_df(
        "SELECT r.review_id, r.title, r.period_start, r.period_end, r.meeting_date, r.status, r.chair,"
        " count(d.decision_id) AS decisions, count(d.action_id) AS actions,"
        " count(*) FILTER (WHERE a.status = 'done') AS done,"
        " count(*) FILTER (WHERE a.status IN ('proposed', 'todo', 'in_progress', 'blocked')) AS open"
        " FROM reviews r LEFT JOIN review_decisions d USING (review_id)"
        " LEFT JOIN actions a ON a.action_id = d.action_id"
        " GROUP BY ALL ORDER BY r.period_end DESC, r.review_id DESC")


def decisions(store: Store, review_id: int) -> list[Decision]:
    """A review's decisions, in the order they were taken."""
    rows = store.fetch_all("SELECT decision_id, review_id, text, owner_dept, sponsor, due_date, action_id"
                           " FROM review_decisions WHERE review_id = ? ORDER BY decision_id", [review_id])
    return [Decision(*row) for row in rows]


def review_texts(store: Store, review_id: int) -> dict:
    """The meeting's comments by section and its opportunities list."""
    return {
        "comments": dict(store.fetch_all("SELECT section, body FROM review_comments WHERE review_id = ?", [review_id])),
        "opportunities": [r[0] for r in store.fetch_all(
            "SELECT text FROM review_opportunities WHERE review_id = ? ORDER BY item_no", [review_id])],
    }


def latest_record(store: Store, review_id: int) -> dict | None:
    """What the review's last closing froze (None when it was never closed)."""
    row = store.fetch_one("SELECT content FROM review_records WHERE review_id = ? ORDER BY closing DESC LIMIT 1",
                          [review_id])
    return json.loads(row[0]) if row else None


def records(store: Store, review_id: int) -> list[tuple[int, str]]:
    """Every closing of the review: its number and who closed it, oldest first."""
    return [(n, who) for n, who in store.fetch_all(
        "SELECT closing, closed_by FROM review_records WHERE review_id = ? ORDER BY closing", [review_id])]


def previous_review(store: Store, review: Review) -> Review | None:
    """The latest review of a period that ended before this one starts."""
    row = store.fetch_one("SELECT review_id FROM reviews WHERE period_end < ? ORDER BY period_end DESC, review_id DESC"
                          " LIMIT 1", [review.period_start])
    return get_review(store, row[0]) if row else None


def review_for_period(store: Store, period) -> int | None:
    """The review of exactly this period, when there is one (the newest if there were several)."""
    row = store.fetch_one("SELECT review_id FROM reviews WHERE period_start = ? AND period_end = ?"
                          " ORDER BY review_id DESC LIMIT 1", [period.start, period.end])
    return row[0] if row else None
