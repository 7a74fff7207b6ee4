"""Accounts: argon2id hashes, sign-in, lockout after repeated failures, expiry, single sign-on, audit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relclient.audit import audit_entries
from relclient.auth import (
    LOCK_MINUTES, MAX_FAILED, AuthError, User, add_user, authenticate, change_password, session_expired, set_status,
    sso_user,
)

ADMIN = User("root@example.fr", "Root", "direction", "admin")


@pytest.fixture
def accounts(store):
    add_user(store, ADMIN, "Ana@Example.fr", "Ana", "sales", "member", "correct horse")
    return store


def test_a_password_is_stored_as_an_argon2id_hash_never_as_itself(accounts):
    stored = accounts.fetch_one("SELECT password_hash FROM users WHERE email = 'ana@example.fr'")[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


def test_the_right_password_signs_in_whatever_the_email_case_and_is_audited(accounts):
    user = authenticate(accounts, " ANA@example.fr ", "correct horse")
    assert (user.email, user.role, user.dept) == ("ana@example.fr", "member", "sales")
    last = audit_entries(accounts).iloc[0]
    assert (last.action, last.actor, last.outcome) == ("sign_in", "ana@example.fr", "ok")


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer_and_are_audited(accounts):
    with pytest.raises(AuthError) as wrong:
        authenticate(accounts, "ana@example.fr", "wrong horse")
    with pytest.raises(AuthError) as unknown:
        authenticate(accounts, "bob@example.fr", "whatever12")
    assert wrong.value.key == unknown.value.key == "bad_credentials"
    assert list(audit_entries(accounts, action="sign_in_failed")["actor"]) == ["bob@example.fr", "ana@example.fr"]


def test_repeated_failures_lock_the_account_even_for_the_right_password_until_the_lock_ends(accounts):
    now = datetime(2026, 1, 5, 9, 0)
    for attempt in range(MAX_FAILED):
        with pytest.raises(AuthError) as failed:
            authenticate(accounts, "ana@example.fr", f"wrong {attempt}", now=now)
    assert failed.value.key == "locked" and "09:15" in failed.value.message("en")
    with pytest.raises(AuthError) as locked:
        authenticate(accounts, "ana@example.fr", "correct horse", now=now + timedelta(minutes=LOCK_MINUTES - 1))
    assert locked.value.key == "locked"
    assert authenticate(accounts, "ana@example.fr", "correct horse",
                        now=now + timedelta(minutes=LOCK_MINUTES + 1)).email == "ana@example.fr"
    assert accounts.fetch_one("SELECT failed_attempts, locked_until FROM users WHERE email = 'ana@example.fr'") == (0, None)


def test_a_session_expires_after_the_configured_inactivity(monkeypatch):
    monkeypatch.setenv("RELCLIENT_SESSION_MINUTES", "20")
    now = datetime(2026, 1, 5, 9, 0)
    assert not session_expired(now - timedelta(minutes=19), now)
    assert session_expired(now - timedelta(minutes=21), now)


def test_a_disabled_account_cannot_sign_in_and_a_password_change_needs_the_old_one(accounts):
    user = authenticate(accounts, "ana@example.fr", "correct horse")
    with pytest.raises(AuthError):
        change_password(accounts, user, "not the old one", "a new long password")
    with pytest.raises(AuthError) as short:
        change_password(accounts, user, "correct horse", "short")
    assert short.value.key == "password_short"
    change_password(accounts, user, "correct horse", "a new long password")
    assert authenticate(accounts, "ana@example.fr", "a new long password")
    set_status(accounts, ADMIN, "ana@example.fr", "disabled")
    with pytest.raises(AuthError) as disabled:
        authenticate(accounts, "ana@example.fr", "a new long password")
    assert disabled.value.key == "disabled"


def test_single_sign_on_gives_an_unknown_email_a_pending_read_only_account_or_refuses_it(accounts):
    pending = sso_user(accounts, "New@Example.fr", "New Person")
    assert (pending.email, pending.role, pending.status, pending.rank) == ("new@example.fr", "viewer", "pending", 0)
    assert sso_user(accounts, "ana@example.fr", "Ana").role == "member"  # known: matched to its row
    with pytest.raises(AuthError) as refused:
        sso_user(accounts, "stranger@example.fr", "S", unknown="refuse")
    assert refused.value.key == "unknown_sso"
    assert accounts.fetch_one("SELECT count(*) FROM users WHERE email = 'stranger@example.fr'")[0] == 0
