"""Call-backs: closing the loop with a customer who was unhappy.

Every detractor (an NPS answer of 0–6, a CSAT answer of 1–2) and every complaint nobody followed
up within 7 days (no first response and no resolution in that time) becomes a call-back owned by
the department concerned (the answer's touchpoint, else its ticket's owner, else customer
service; a complaint: its ticket's owner). A detractor is due 7 days after the answer, a complaint
3 days after it became one. A person marks it called (with an outcome and a note) or not
reachable. The items are derived in the writes' transactions (relclient/voice/derive.py); a
marked item is history and stays, even if its answer is taken back by an undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from relclient.audit import record
from relclient.auth import User
from relclient.metrics import KPIS_BY_ID, KpiFilter
from relclient.metrics.daily import store_days
from relclient.metrics.sources import scope_conditions
from relclient.permissions import require
from relclient.store import Store
from relclient.voice.errors import VoiceError

KINDS: tuple[str, ...] = ("detractor", "complaint")
STATUSES: tuple[str, ...] = ("open", "called", "unreachable")
OUTCOMES: tuple[str, ...] = ("resolved", "explained", "escalated", "declined")
DETRACTOR_DUE_DAYS, FOLLOW_UP_DAYS, COMPLAINT_DUE_DAYS = 7, 7, 3
MAX_NOTE = 2000

DETRACTOR = "((s.survey = 'nps' AND s.score <= 6) OR (s.survey = 'csat' AND s.score <= 2))"
# A complaint followed up in time: a first response or a resolution within 7 days of its opening.
_FOLLOWED = (f"(coalesce(t.first_response_at <= t.opened_at + INTERVAL {FOLLOW_UP_DAYS} DAY, false)"
             f" OR coalesce(t.resolved_at <= t.opened_at + INTERVAL {FOLLOW_UP_DAYS} DAY, false))")
# The instant after the latest data day: 7 days without follow-up are judged against the data, not the clock.
_DATA_END = ("(greatest((SELECT max(opened_at) FROM tickets)::DATE, (SELECT max(answered_at) FROM survey_responses)::DATE,"
             " (SELECT max(ordered_at) FROM orders)::DATE) + 1)::TIMESTAMP")
_LATE_COMPLAINTS = (f"SELECT t.* FROM tickets t WHERE t.is_complaint AND NOT {_FOLLOWED}"
                    f" AND t.opened_at + INTERVAL {FOLLOW_UP_DAYS} DAY <= {_DATA_END}")


def sync(cur: duckdb.DuckDBPyConnection, days: dict[str, object] | None = None) -> None:
    """Create the call-backs the data calls for and drop the open ones it no longer does, in the
    caller's transaction: for the detractors of the days `days` names ($lo ≤ answered_at < $hi,
    everything when None), and for every complaint (whether 7 days passed depends on the latest
    data day, which any write may move)."""
    days = days or {"lo": None, "hi": None}
    in_days = "($lo IS NULL OR ({t} >= $lo AND {t} < $hi))"
    # An open item whose answer is gone, is no longer a detractor or moved to another time.
    cur.execute(
        f"DELETE FROM callbacks c WHERE c.status = 'open' AND c.kind = 'detractor' AND {in_days.format(t='c.origin_at')}"
        f" AND NOT EXISTS (SELECT 1 FROM survey_responses s WHERE s.response_id = c.ref AND {DETRACTOR}"
        " AND s.answered_at = c.origin_at)", days)
    cur.execute(f"DELETE FROM callbacks WHERE status = 'open' AND kind = 'complaint' AND ref NOT IN"
                f" (SELECT ticket_id FROM ({_LATE_COMPLAINTS}))")
    cur.execute(
        "INSERT INTO callbacks (kind, ref, customer_id, dept, origin_at, due_on, status)"
        " SELECT 'detractor', s.response_id, s.customer_id, coalesce(s.dept, t.owner_dept, 'customer_service'),"
        f" s.answered_at, s.answered_at::DATE + {DETRACTOR_DUE_DAYS}, 'open'"
        " FROM survey_responses s LEFT JOIN tickets t ON t.ticket_id = s.ticket_id"
        f" WHERE {DETRACTOR} AND {in_days.format(t='s.answered_at')}"
        " AND s.response_id NOT IN (SELECT ref FROM callbacks WHERE kind = 'detractor')", days)
    cur.execute(
        "INSERT INTO callbacks (kind, ref, customer_id, dept, origin_at, due_on, status)"
        " SELECT 'complaint', t.ticket_id, t.customer_id, t.owner_dept, t.opened_at,"
        f" t.opened_at::DATE + {FOLLOW_UP_DAYS + COMPLAINT_DUE_DAYS}, 'open' FROM ({_LATE_COMPLAINTS}) t"
        " WHERE t.ticket_id NOT IN (SELECT ref FROM callbacks WHERE kind = 'complaint')")


@dataclass(frozen=True)
class Callback:
    """One call-back as stored."""

    kind: str
    ref: str
    customer_id: str
    dept: str
    origin_at: datetime
    due_on: date
    status: str
    outcome: str | None
    note: str | None
    done_at: datetime | None
    done_by: str | None


def callback(store: Store, kind: str, ref: str) -> Callback | None:
    """The call-back of this answer or complaint, if there is one."""
    row = store.fetch_one("SELECT kind, ref, customer_id, dept, origin_at, due_on, status, outcome, note, done_at,"
                          " done_by FROM callbacks WHERE kind = ? AND ref = ?", [kind, ref])
    return Callback(*row) if row else None


def close(store: Store, user: User, kind: str, ref: str, status: str, outcome: str | None = None,
          note: str = "", when: datetime | None = None) -> Callback:
    """Mark a call-back called (with an outcome) or not reachable, as `user`; the KPI days of its
    answer are stored again in the same transaction (callback_rate counts it)."""
    if status not in ("called", "unreachable"):
        raise VoiceError("status")
    if status == "called" and outcome not in OUTCOMES:
        raise VoiceError("outcome")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise VoiceError("note_long", max=MAX_NOTE)
    item = callback(store, kind, ref)
    if item is None:
        raise VoiceError("callback_unknown", ref=ref)
    require(user, "close_callback", store=store, dept=item.dept)
    when = when or datetime.now()

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        found = cur.execute("SELECT status FROM callbacks WHERE kind = ? AND ref = ?", [kind, ref]).fetchone()
        if found is None or found[0] != "open":
            raise VoiceError("callback_done", ref=ref)
        cur.execute("UPDATE callbacks SET status = ?, outcome = ?, note = ?, done_at = ?, done_by = ?"
                    " WHERE kind = ? AND ref = ?",
                    [status, outcome if status == "called" else None, note or None, when, user.email, kind, ref])
        day = item.origin_at.date()
        store_days(cur, [KPIS_BY_ID["callback_rate"]], day, day)
        record(cur, user.email, f"callback_{status}", f"{kind}:{ref}", outcome)

    store.transaction(work)
    return callback(store, kind, ref)


def due(store: Store, flt: KpiFilter, *, today: date, status: str = "open", limit: int = 500) -> pd.DataFrame:
    """The call-backs whose customer spoke in the period (the department's, with a department), in
    `status`, the most overdue first, with what the customer said."""
    extra, values = scope_conditions(flt.active(), "c", ("segment", "region"))
    return store.fetch_df(
        # Joined on the reference alone, the kind read in the columns: a join condition on the kind
        # too turns DuckDB's hash join into a nested loop (32 s instead of 0.1 s at 100 000 items).
        "SELECT c.due_on, c.kind, c.ref, c.customer_id, cu.name, c.dept, c.origin_at,"
        " CASE WHEN c.kind = 'detractor' THEN s.survey END AS survey,"
        " CASE WHEN c.kind = 'detractor' THEN s.score END AS score,"
        " CASE WHEN c.kind = 'detractor' THEN s.comment ELSE t.category END AS said,"
        " c.status, c.outcome, c.note, c.done_at, c.done_by, c.due_on < $today AS overdue"
        " FROM callbacks c LEFT JOIN customers cu ON cu.customer_id = c.customer_id"
        # An item's origin is its answer's or complaint's time: only the period's rows are joined.
        " LEFT JOIN (SELECT response_id, survey, score, comment FROM survey_responses"
        " WHERE answered_at >= $lo AND answered_at < $hi) s ON s.response_id = c.ref"
        " LEFT JOIN (SELECT ticket_id, category FROM tickets WHERE opened_at >= $lo AND opened_at < $hi) t"
        " ON t.ticket_id = c.ref"
        " WHERE c.origin_at >= $lo AND c.origin_at < $hi AND c.status = $status"
        f" AND ($dept IS NULL OR c.dept = $dept){extra}"
        " ORDER BY CASE WHEN c.status = 'open' THEN c.due_on END, c.done_at DESC, c.origin_at DESC LIMIT $limit",
        {**flt.period.bounds(), "status": status, "dept": flt.dept,
         "today": today, "limit": limit, **values})


def counts(store: Store, flt: KpiFilter, *, today: date) -> dict[str, int]:
    """How many call-backs of the period are open, of which overdue, called and not reachable."""
    extra, values = scope_conditions(flt.active(), "c", ("segment", "region"))
    row = store.fetch_one(
        "SELECT count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'open' AND due_on < $today),"
        " count(*) FILTER (WHERE status = 'called'), count(*) FILTER (WHERE status = 'unreachable')"
        " FROM callbacks c WHERE origin_at >= $lo AND origin_at < $hi"
        f" AND ($dept IS NULL OR dept = $dept){extra}",
        {**flt.period.bounds(), "dept": flt.dept, "today": today, **values})
    return dict(zip(("open", "overdue", "called", "unreachable"), (int(x or 0) for x in row)))
