"""Signed-in sessions kept in the database, so that a reload or a new tab stays signed in.

A session starts when a person signs in on the page. The page cannot set a cookie (it talks to the
server over a websocket), so the browser then trades a one-time claim code, sent in a request's
body and never in the address, at /api/session for an HttpOnly cookie holding the session's
secret (relclient.ui.routes). Only hashes of the code and of the secret are stored. A session
slides: each run that finds it alive moves its last sighting on; idle longer than
RELCLIENT_SESSION_MINUTES, or signed out in any tab, it has ended for every tab.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from relclient.auth import User, get_user, session_minutes
from relclient.store import Store

COOKIE = "relclient_session"
CLAIM_SECONDS = 120  # the browser claims its cookie right after signing in
TOUCH_SECONDS = 60  # a sighting is written at most once a minute: one write per page view is too many


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Started:
    """A new session: its id (kept by the page) and the one-time code the browser trades for its cookie."""

    id: str
    claim: str


def start_session(store: Store, user: User, now: datetime | None = None) -> Started:
    """Open a session for a user who has just signed in."""
    now = now or datetime.now()
    started = Started(secrets.token_urlsafe(16), secrets.token_urlsafe(24))
    store.transaction(lambda cur: cur.execute(
        "INSERT INTO sessions (id, email, claim_hash, claim_until, started, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
        [started.id, user.email, _hash(started.claim), now + timedelta(seconds=CLAIM_SECONDS), now, now]))
    return started


def claim_cookie(store: Store, claim: str, now: datetime | None = None) -> str | None:
    """The cookie's secret for a valid, unused claim code (which is then spent), or None."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)

    def work(cur) -> bool:
        row = cur.execute("SELECT id FROM sessions WHERE claim_hash = ? AND claim_until >= ? AND ended IS NULL",
                          [_hash(claim), now]).fetchone()
        if row is None:
            return False
        cur.execute("UPDATE sessions SET token_hash = ?, claim_hash = NULL, claim_until = NULL WHERE id = ?",
                    [_hash(token), row[0]])
        return True

    return token if claim and store.transaction(work) else None


def _alive(last_seen: datetime, ended: datetime | None, now: datetime) -> bool:
    return ended is None and now - last_seen <= timedelta(minutes=session_minutes())


def session_user(store: Store, session_id: str, now: datetime | None = None) -> tuple[User | None, str | None]:
    """The account of a live session (and its sighting moved on), or None and why the session is
    over: 'expired' (idle, or signed out in another tab) or 'disabled' (the account was)."""
    now = now or datetime.now()
    row = store.fetch_one("SELECT email, last_seen, ended FROM sessions WHERE id = ?", [session_id])
    if row is None or not _alive(row[1], row[2], now):
        return None, "expired"
    user = get_user(store, row[0])  # the role as it is now, not as it was at sign-in
    if user is None or user.status == "disabled":
        end_session(store, session_id, now)
        return None, "disabled"
    if (now - row[1]).total_seconds() >= TOUCH_SECONDS:
        store.transaction(lambda cur: cur.execute(
            "UPDATE sessions SET last_seen = ? WHERE id = ? AND ended IS NULL", [now, session_id]))
    return user, None


def resume_session(store: Store, token: str | None, now: datetime | None = None) -> str | None:
    """The id of the live session a cookie's secret belongs to (a reload, a new tab), or None."""
    if not token:
        return None
    now = now or datetime.now()
    row = store.fetch_one("SELECT id, last_seen, ended FROM sessions WHERE token_hash = ?", [_hash(token)])
    return row[0] if row and _alive(row[1], row[2], now) else None


def end_session(store: Store, session_id: str, now: datetime | None = None) -> None:
    """Sign a session out, in every tab that shares it."""
    store.transaction(lambda cur: cur.execute(
        "UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL", [now or datetime.now(), session_id]))


def end_by_token(store: Store, token: str | None) -> None:
    """Sign out the session a cookie's secret belongs to (the sign-out route)."""
    if token:
        store.transaction(lambda cur: cur.execute(
            "UPDATE sessions SET ended = ? WHERE token_hash = ? AND ended IS NULL", [datetime.now(), _hash(token)]))


def forget_old_sessions(store: Store, days: int = 30, now: datetime | None = None) -> int:
    """Delete sessions ended or idle for more than `days` (housekeeping); returns how many."""
    cutoff = (now or datetime.now()) - timedelta(days=days)

    def work(cur) -> int:
        n = cur.execute("SELECT count(*) FROM sessions WHERE last_seen < ?", [cutoff]).fetchone()[0]
        cur.execute("DELETE FROM sessions WHERE last_seen < ?", [cutoff])
        return n

    return store.transaction(work)
