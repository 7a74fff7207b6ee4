"""Accounts: users in DuckDB, argon2id passwords and their strength, session expiry, roles.

Every function that changes an account takes the acting user and checks it may (permissions.py);
role and status changes go to the audit log in the same transaction. Signing in (throttling,
single sign-on, password changes) is relclient.sign_in.
"""

from __future__ import annotations

import os
from dataclasses import fields
from datetime import datetime, timedelta

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from relclient.addresses import PAGES
from relclient.audit import record
from relclient.departments import require_department
from relclient.permissions import require
from relclient.problems import Problem
from relclient.store import Store
# User and the roles live in relclient.users (permissions reads them, and auth checks permissions);
# the many modules that import them from here, where accounts are, still may.
from relclient.users import ROLES, STATUSES, User

MIN_PASSWORD = 10
MAX_PASSWORD = 128  # hashing a megabyte-long "password" is a way to burn the server's time
MIN_STRENGTH = 3  # zxcvbn's score (0–4): 3 is "safely unguessable: moderate protection from offline attacks"
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AuthError(Problem):
    """A refused sign-in or account change, told in the reader's language."""

    PREFIX = "auth.error"


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
LOOPBACK: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")  # where a server with accounts off may listen


def session_expired(last_seen: datetime, now: datetime | None = None) -> bool:
    """Whether a session idle since `last_seen` has ended."""
    return (now or datetime.now()) - last_seen > timedelta(minutes=session_minutes())


# The pages a person may start on, in the menu's order (the registry marks them). Leadership starts
# on the Overview, everyone else on their own department's view.
START_PAGES: tuple[str, ...] = tuple(p.key for p in PAGES if p.start)


def start_page(user: User) -> str:
    """The page `user` starts on: their own choice, else their role's."""
    if user.start_page in START_PAGES:
        return user.start_page
    return "overview" if user.at_least("leadership") else "department"


def set_preferences(store: Store, user: User, *, lang: str | None = None, start: str | None = None) -> None:
    """Remember a person's own interface language and start page (anyone may set their own)."""
    if lang is not None and lang not in ("fr", "en"):
        raise AuthError("bad_language")
    if start is not None and start not in START_PAGES:
        raise AuthError("bad_start_page")

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        if lang is not None:
            cur.execute("UPDATE users SET lang = ? WHERE email = ?", [lang, user.email])
        if start is not None:
            cur.execute("UPDATE users SET start_page = ? WHERE email = ?", [start, user.email])

    store.transaction(work)


def hash_password(password: str) -> str:
    """The argon2id hash of a password (its strength is check_password's business)."""
    if len(password) > MAX_PASSWORD:
        raise AuthError("password_long", n=MAX_PASSWORD)
    return _hasher.hash(password)


def check_password(password: str, email: str, name: str) -> None:
    """Refuse a password too short, too long, or too easy to guess (zxcvbn's estimate, fed the
    person's e-mail and name, which an attacker tries first)."""
    if len(password) < MIN_PASSWORD:
        raise AuthError("password_short", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AuthError("password_long", n=MAX_PASSWORD)
    from zxcvbn import zxcvbn  # imported when a password is chosen, not at every start

    if zxcvbn(password, user_inputs=[email, email.split("@")[0], *name.split(), "relclient"])["score"] < MIN_STRENGTH:
        raise AuthError("password_weak")


def verify_password(hashed: str | None, password: str) -> bool:
    """Whether `password` is the one `hashed` was made from. With no hash (an unknown account, a
    single sign-on one), a dummy is checked all the same: every answer takes the same time."""
    if len(password) > MAX_PASSWORD:
        password = password[:MAX_PASSWORD]  # never hash more than any accepted password
    try:
        return _hasher.verify(hashed or _dummy_hash(), password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """Whether a stored hash was made with older parameters than the library recommends now."""
    return _hasher.check_needs_rehash(hashed)


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher.hash("relclient: a password nobody has"))
    return _DUMMY[0]


_COLUMNS = "email, name, dept, role, status, coalesce(must_change_password, false), lang, start_page"
N_COLUMNS = len(fields(User))  # a query may select more after them (sign_in: the hash)


def _user(row: tuple | None) -> User | None:
    return User(*row) if row else None


def get_user(store: Store, email: str) -> User | None:
    """The account of `email` (any case), or None."""
    return _user(store.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE email = ?", [email.strip().lower()]))


def add_user(store: Store, actor: User, email: str, name: str, dept: str, role: str, password: str | None) -> User:
    """Create an account (admins only); no password means single sign-on only. A password an admin
    chose is the account's until its first sign-in, which asks for its own."""
    require(actor, "manage_users", store=store)
    email = email.strip().lower()
    if "@" not in email:
        raise AuthError("bad_email", email=email)
    if role not in ROLES:
        raise AuthError("bad_role", role=role, roles=", ".join(ROLES))
    if password:
        check_password(password, email, name)
    hashed = hash_password(password) if password else None

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        require_department(cur, dept)
        if cur.execute("SELECT count(*) FROM users WHERE email = ?", [email]).fetchone()[0]:
            raise AuthError("exists", email=email)
        cur.execute("INSERT INTO users (email, name, dept, role, password_hash, created_at, must_change_password)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [email, name, dept, role, hashed, datetime.now(), hashed is not None])
        record(cur, actor.email, "user_add", email, f"{role} {dept}", "ok")

    store.transaction(work)
    return User(email, name, dept, role, must_change_password=hashed is not None)


def set_role(store: Store, actor: User, email: str, role: str) -> None:
    """Give an account another role (admins only); approving a pending account makes it active."""
    require(actor, "manage_users", store=store)
    if role not in ROLES:
        raise AuthError("bad_role", role=role, roles=", ".join(ROLES))
    _update(store, actor, email, "role_change", "UPDATE users SET role = ?, status = CASE status WHEN 'pending'"
            " THEN 'active' ELSE status END WHERE email = ?", role)


def set_status(store: Store, actor: User, email: str, status: str) -> None:
    """Disable, re-enable or approve an account (admins only; not one's own)."""
    require(actor, "manage_users", store=store)
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
    """Every account, without its password hash, with its sign-in throttle (failures in a row, and
    until when attempts are not heard)."""
    return store.fetch_df(
        "SELECT u.email, u.name, u.dept, u.role, u.status, coalesce(t.failures, 0) AS failed_attempts,"
        " t.blocked_until AS locked_until, u.created_at, u.last_sign_in FROM users u"
        " LEFT JOIN sign_in_throttle t ON t.key = 'account:' || u.email ORDER BY u.email")
