"""Signing in: passwords checked behind a throttle that cannot be turned against the people it
protects, single sign-on matched on the provider's identity, password changes.

Every attempt is counted before its password is checked, in one transaction (a conflict between
simultaneous attempts retries), per account — whether the account exists or not — and per source
address. Past a few free failures, attempts wait a growing delay: while it runs they are not even
heard (a burst of guesses checks nothing), and once it is over a correct password signs in. Every
answer to a wrong email or password is the same and takes the same time (an unknown account's
password is checked against a dummy hash); a disabled account answers like a wrong password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from relclient.audit import record
from relclient.auth import (
    _COLUMNS,
    N_COLUMNS,
    AuthError,
    User,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from relclient.permissions import require
from relclient.store import Store

FREE_FAILURES = 5  # wrong passwords in a row on one account before attempts must wait
FREE_FAILURES_SOURCE = 20  # from one address (colleagues behind one proxy share it)
FIRST_DELAY = timedelta(seconds=30)  # then 1 min, 2, 4, 8… up to MAX_DELAY
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(days=1)  # failures older than this, and no delay running, are forgotten
ATTEMPTS = 30  # simultaneous attempts conflict on the same throttle row: each retries


@dataclass(frozen=True)
class Throttle:
    """One key's state: failures in a row, and the instant before which attempts are not heard."""

    key: str
    failures: int
    blocked_until: datetime | None


def delay(failures: int, free: int) -> timedelta | None:
    """How long attempts wait after `failures` in a row (None while they are free)."""
    if failures < free:
        return None
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - free))


def _keys(email: str, source: str | None) -> list[tuple[str, int]]:
    return [(f"account:{email}", FREE_FAILURES)] + ([(f"source:{source}", FREE_FAILURES_SOURCE)] if source else [])


def _count_attempt(cur: duckdb.DuckDBPyConnection, email: str, source: str | None, now: datetime) -> datetime | None:
    """Refuse to hear the attempt while a delay runs (returning its end), else count it as a failure
    until the password proves otherwise, and set the delay the next attempt will wait."""
    cur.execute("DELETE FROM sign_in_throttle WHERE last_failure < ? AND (blocked_until IS NULL OR blocked_until < ?)",
                [now - FORGET_AFTER, now])
    keys = _keys(email, source)
    rows = {key: (failures, until) for key, failures, until in cur.execute(
        "SELECT key, failures, blocked_until FROM sign_in_throttle WHERE list_contains(?, key)",
        [[k for k, _ in keys]]).fetchall()}
    waits = [until for _, until in rows.values() if until is not None and until > now]
    if waits:
        return max(waits)
    for key, free in keys:
        failures = rows.get(key, (0, None))[0] + 1
        wait = delay(failures, free)
        # Replaced rather than upserted: DuckLake has no ON CONFLICT (relclient/lake.py).
        cur.execute("DELETE FROM sign_in_throttle WHERE key = ?", [key])
        cur.execute("INSERT INTO sign_in_throttle VALUES (?, ?, ?, ?)", [key, failures, now, now + wait if wait else None])
    return None


def authenticate(store: Store, email: str, password: str, now: datetime | None = None,
                 source: str | None = None) -> User:
    """The user whose email and password these are; AuthError otherwise. `source` is the address
    the attempt comes from (throttled too), when known."""
    now = now or datetime.now()
    email = email.strip().lower()[:320]

    def count(cur: duckdb.DuckDBPyConnection) -> tuple[datetime | None, tuple | None]:
        wait = _count_attempt(cur, email, source, now)
        if wait is not None:
            record(cur, email, "sign_in_failed", email, f"waiting until {wait:%H:%M:%S}", "refused")
        row = cur.execute(f"SELECT {_COLUMNS}, password_hash FROM users WHERE email = ?", [email]).fetchone()
        return wait, row

    try:
        wait, row = store.transaction(count, attempts=ATTEMPTS)
    except duckdb.Error:  # so many simultaneous attempts that even the retries collided
        raise AuthError("busy") from None
    if wait is not None:
        raise AuthError("wait", until=wait.strftime("%H:%M:%S"))
    user, hashed = (User(*row[:N_COLUMNS]), row[N_COLUMNS]) if row else (None, None)
    # The password is checked whatever the account: a dummy hash stands in for a missing one.
    ok = verify_password(hashed, password) and user is not None and user.status == "active"

    def settle(cur: duckdb.DuckDBPyConnection) -> None:
        if not ok:
            reason = "unknown account" if user is None else ("wrong password" if user.status == "active"
                                                              else f"{user.status} account")
            record(cur, email, "sign_in_failed", email, reason, "refused")
            return
        cur.execute("DELETE FROM sign_in_throttle WHERE list_contains(?, key)", [[k for k, _ in _keys(email, source)]])
        if needs_rehash(hashed):
            cur.execute("UPDATE users SET password_hash = ? WHERE email = ?", [hash_password(password), email])
        cur.execute("UPDATE users SET last_sign_in = ? WHERE email = ?", [now, email])
        record(cur, email, "sign_in", email, "password", "ok")

    store.transaction(settle, attempts=ATTEMPTS)
    if not ok:
        raise AuthError("bad_credentials")
    return user


def unlock(store: Store, actor: User, email: str) -> bool:
    """Forget an account's failed sign-ins and its running delay (admins only); whether it had any."""
    require(actor, "manage_users", store=store)
    email = email.strip().lower()

    def work(cur: duckdb.DuckDBPyConnection) -> bool:
        found = cur.execute("DELETE FROM sign_in_throttle WHERE key = ?", [f"account:{email}"]).fetchone()[0]
        record(cur, actor.email, "unlock", email, f"{found} throttle row(s) forgotten")
        return bool(found)

    return store.transaction(work)


def change_password(store: Store, user: User, old: str, new: str, source: str | None = None) -> None:
    """Change one's own password, proving the old one first (throttled like a sign-in)."""
    authenticate(store, user.email, old, source=source)
    if new == old:
        raise AuthError("password_same")
    check_password(new, user.email, user.name)
    hashed = hash_password(new)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE users SET password_hash = ?, must_change_password = false WHERE email = ?",
                    [hashed, user.email])
        record(cur, user.email, "password_change", user.email, None, "ok")

    store.transaction(work)


@dataclass(frozen=True)
class Identity:
    """What the identity provider says of who signed in (its ID token's claims)."""

    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str = ""

    @classmethod
    def from_claims(cls, claims: dict) -> Identity:
        """The identity in an ID token's claims (iss, sub, email, email_verified, name)."""
        verified = claims.get("email_verified")
        return cls(str(claims.get("iss") or ""), str(claims.get("sub") or ""), str(claims.get("email") or ""),
                   verified is True or str(verified).lower() == "true", str(claims.get("name") or ""))


def sso_user(store: Store, identity: Identity, unknown: str = "pending") -> User:
    """The account of the identity the provider signed in, matched on its issuer and subject. The
    first time, an account whose e-mail the provider has verified is bound to that identity; an
    unknown identity gets an account pending an admin's approval, which sees no data
    (`unknown="pending"`), or is refused (`"refuse"`)."""
    email = identity.email.strip().lower()
    if not identity.issuer or not identity.subject:
        raise AuthError("sso_incomplete")

    def work(cur: duckdb.DuckDBPyConnection) -> tuple[User | None, str | None]:
        row = cur.execute(f"SELECT {_COLUMNS} FROM users WHERE sso_issuer = ? AND sso_subject = ?",
                          [identity.issuer, identity.subject]).fetchone()
        if row is None:
            if not identity.email_verified or "@" not in email:
                record(cur, email or identity.subject, "sign_in_failed", email, "single sign-on: e-mail not verified",
                       "refused")
                return None, "sso_unverified"
            bound = cur.execute(f"SELECT {_COLUMNS}, sso_subject FROM users WHERE email = ?", [email]).fetchone()
            if bound is not None and bound[N_COLUMNS] is not None:
                # The e-mail's account belongs to another identity (a reused or reassigned address).
                record(cur, email, "sign_in_failed", email, "single sign-on: another identity holds the account",
                       "refused")
                return None, "sso_taken"
            if bound is None and unknown == "refuse":
                record(cur, email, "sign_in_failed", email, "single sign-on: unknown account", "refused")
                return None, "unknown_sso"
            if bound is None:
                cur.execute("INSERT INTO users (email, name, dept, role, status, created_at, sso_issuer, sso_subject)"
                            " VALUES (?, ?, 'direction', 'viewer', 'pending', ?, ?, ?)",
                            [email, identity.name or email, datetime.now(), identity.issuer, identity.subject])
                record(cur, email, "sso_pending", email, "waits for an admin's approval", "ok")
            else:
                cur.execute("UPDATE users SET sso_issuer = ?, sso_subject = ? WHERE email = ?",
                            [identity.issuer, identity.subject, email])
            row = cur.execute(f"SELECT {_COLUMNS} FROM users WHERE email = ?", [email]).fetchone()
        user = User(*row)
        if user.status == "disabled":
            record(cur, user.email, "sign_in_failed", user.email, "single sign-on: disabled", "refused")
            return None, "disabled"
        cur.execute("UPDATE users SET last_sign_in = ? WHERE email = ?", [datetime.now(), user.email])
        record(cur, user.email, "sign_in", user.email, "single sign-on", "ok")
        return user, None

    user, error = store.transaction(work)
    if error:
        raise AuthError(error)
    return user
