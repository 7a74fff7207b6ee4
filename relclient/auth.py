"""Accounts: users in DuckDB, argon2id passwords, lockout, session expiry, single sign-on matching.

Every function that changes an account takes the acting user and checks it may (permissions.py);
sign-ins, failures and role changes go to the audit log in the same transaction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from relclient.audit import record
from relclient.problems import Problem
from relclient.store import Store

ROLES: tuple[str, ...] = ("viewer", "member", "dept_lead", "leadership", "admin")  # each may what the previous may, and more
STATUSES: tuple[str, ...] = ("active", "pending", "disabled")
MAX_FAILED = 5  # wrong passwords in a row before the account is locked
LOCK_MINUTES = 15
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AuthError(Problem):
    """A refused sign-in or account change, told in the reader's language."""

    PREFIX = "auth.error"


@dataclass(frozen=True)
class User:
    """Who acts: an account's identity, department and role."""

    email: str
    name: str
    dept: str
    role: str
    status: str = "active"

    @property
    def rank(self) -> int:
        """The role's place in ROLES; a pending account reads only, a disabled one nothing."""
        if self.status == "disabled":
            return -1
        return 0 if self.status == "pending" else ROLES.index(self.role)

    def at_least(self, role: str) -> bool:
        """Whether this user's role includes `role`'s rights."""
        return self.rank >= ROLES.index(role)


def session_minutes() -> int:
    """Minutes of inactivity after which a session ends (RELCLIENT_SESSION_MINUTES, default 30)."""
    try:
        return max(1, int(os.environ.get("RELCLIENT_SESSION_MINUTES", "30")))
    except ValueError:
        return 30


def accounts_enabled() -> bool:
    """False only when RELCLIENT_AUTH=off (one person on their own machine)."""
    return os.environ.get("RELCLIENT_AUTH", "local").lower() != "off"


LOCAL_USER = User("local", "Local", "direction", "admin")  # who acts when accounts are off


def session_expired(last_seen: datetime, now: datetime | None = None) -> bool:
    """Whether a session idle since `last_seen` has ended."""
    return (now or datetime.now()) - last_seen > timedelta(minutes=session_minutes())


def hash_password(password: str) -> str:
    """The argon2id hash of a password long enough to keep."""
    if len(password) < MIN_PASSWORD:
        raise AuthError("password_short", n=MIN_PASSWORD)
    return _hasher.hash(password)


def _user(row: tuple | None) -> User | None:
    return User(*row) if row else None


def get_user(store: Store, email: str) -> User | None:
    """The account of `email` (any case), or None."""
    return _user(store.fetch_one("SELECT email, name, dept, role, status FROM users WHERE email = ?",
                                 [email.strip().lower()]))


def authenticate(store: Store, email: str, password: str, now: datetime | None = None) -> User:
    """The user whose email and password these are; AuthError otherwise (and a count toward lockout)."""
    now = now or datetime.now()
    email = email.strip().lower()

    def work(cur: duckdb.DuckDBPyConnection) -> tuple[User | None, str | None, dict]:
        row = cur.execute("SELECT email, name, dept, role, status, password_hash, failed_attempts, locked_until"
                          " FROM users WHERE email = ?", [email]).fetchone()
        if row is None:
            record(cur, email, "sign_in_failed", email, "unknown account", "refused")
            return None, "bad_credentials", {}
        user, hashed, failed, locked_until = User(*row[:5]), row[5], row[6], row[7]
        if user.status == "disabled":
            record(cur, email, "sign_in_failed", email, "disabled", "refused")
            return None, "disabled", {}
        if locked_until is not None and locked_until > now:
            record(cur, email, "sign_in_failed", email, "locked", "refused")
            return None, "locked", {"until": locked_until.strftime("%H:%M")}
        try:
            ok = hashed is not None and _hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            failed += 1
            lock = now + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_FAILED else None
            cur.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE email = ?",
                        [0 if lock else failed, lock, email])
            record(cur, email, "sign_in_failed", email, f"wrong password ({failed})", "refused")
            return None, ("locked" if lock else "bad_credentials"), ({"until": lock.strftime("%H:%M")} if lock else {})
        if _hasher.check_needs_rehash(hashed):
            cur.execute("UPDATE users SET password_hash = ? WHERE email = ?", [_hasher.hash(password), email])
        cur.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in = ? WHERE email = ?",
                    [now, email])
        record(cur, email, "sign_in", email, "password", "ok")
        return user, None, {}

    # The failure is committed (its count and its audit line), then raised.
    user, error, values = store.transaction(work)
    if error:
        raise AuthError(error, **values)
    return user


def sso_user(store: Store, email: str, name: str, unknown: str = "pending") -> User:
    """The account of an email signed in by the identity provider; an unknown email gets a
    read-only account pending approval (`unknown="pending"`) or is refused (`"refuse"`)."""
    email = email.strip().lower()

    def work(cur: duckdb.DuckDBPyConnection) -> tuple[User | None, str | None]:
        user = _user(cur.execute("SELECT email, name, dept, role, status FROM users WHERE email = ?",
                                 [email]).fetchone())
        if user is None and unknown == "refuse":
            record(cur, email, "sign_in_failed", email, "single sign-on: unknown account", "refused")
            return None, "unknown_sso"
        if user is None:
            cur.execute("INSERT INTO users (email, name, dept, role, status, created_at) VALUES (?, ?, 'direction',"
                        " 'viewer', 'pending', ?)", [email, name or email, datetime.now()])
            user = User(email, name or email, "direction", "viewer", "pending")
        if user.status == "disabled":
            record(cur, email, "sign_in_failed", email, "single sign-on: disabled", "refused")
            return None, "disabled"
        cur.execute("UPDATE users SET last_sign_in = ? WHERE email = ?", [datetime.now(), email])
        record(cur, email, "sign_in", email, "single sign-on", "ok")
        return user, None

    user, error = store.transaction(work)
    if error:
        raise AuthError(error)
    return user


def change_password(store: Store, user: User, old: str, new: str) -> None:
    """Change one's own password, proving the old one first."""
    authenticate(store, user.email, old)
    hashed = hash_password(new)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE users SET password_hash = ? WHERE email = ?", [hashed, user.email])
        record(cur, user.email, "password_change", user.email, None, "ok")

    store.transaction(work)


def add_user(store: Store, actor: User, email: str, name: str, dept: str, role: str, password: str | None) -> User:
    """Create an account (admins only); no password means single sign-on only."""
    from relclient.permissions import require

    require(actor, "manage_users")
    email = email.strip().lower()
    if "@" not in email:
        raise AuthError("bad_email", email=email)
    if role not in ROLES:
        raise AuthError("bad_role", role=role, roles=", ".join(ROLES))
    hashed = hash_password(password) if password else None

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        if cur.execute("SELECT count(*) FROM departments WHERE code = ?", [dept]).fetchone()[0] == 0:
            raise AuthError("bad_dept", dept=dept)
        if cur.execute("SELECT count(*) FROM users WHERE email = ?", [email]).fetchone()[0]:
            raise AuthError("exists", email=email)
        cur.execute("INSERT INTO users (email, name, dept, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [email, name, dept, role, hashed, datetime.now()])
        record(cur, actor.email, "user_add", email, f"{role} {dept}", "ok")

    store.transaction(work)
    return User(email, name, dept, role)


def set_role(store: Store, actor: User, email: str, role: str) -> None:
    """Give an account another role (admins only); approving a pending account makes it active."""
    from relclient.permissions import require

    require(actor, "manage_users")
    if role not in ROLES:
        raise AuthError("bad_role", role=role, roles=", ".join(ROLES))
    _update(store, actor, email, "role_change", "UPDATE users SET role = ?, status = CASE status WHEN 'pending'"
            " THEN 'active' ELSE status END WHERE email = ?", role)


def set_status(store: Store, actor: User, email: str, status: str) -> None:
    """Disable, re-enable or approve an account (admins only; not one's own)."""
    from relclient.permissions import require

    require(actor, "manage_users")
    if status not in STATUSES:
        raise AuthError("bad_status", status=status)
    if email.strip().lower() == actor.email and status != "active":
        raise AuthError("not_yourself")
    _update(store, actor, email, "status_change", "UPDATE users SET status = ? WHERE email = ?", status)


def _update(store: Store, actor: User, email: str, action: str, sql: str, value: str) -> None:
    email = email.strip().lower()

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        before = cur.execute("SELECT role, status FROM users WHERE email = ?", [email]).fetchone()
        if before is None:
            raise AuthError("no_user", email=email)
        cur.execute(sql, [value, email])
        record(cur, actor.email, action, email, f"{before[0]}/{before[1]} → {value}", "ok")

    store.transaction(work)


def list_users(store: Store) -> pd.DataFrame:
    """Every account, without its password hash."""
    return store.fetch_df("SELECT email, name, dept, role, status, failed_attempts, locked_until, created_at,"
                          " last_sign_in FROM users ORDER BY email")
