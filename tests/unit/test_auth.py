"""Accounts: argon2id hashes, sign-in, expiry, password changes, single sign-on, audit.
(What an attacker tries against them is tests/security/test_sign_in_attacks.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relclient.audit import audit_entries
from relclient.auth import AuthError, User, add_user, get_user, session_expired, set_status
from relclient.sign_in import Identity, authenticate, change_password, sso_user

ADMIN = User("root@example.fr", "Root", "direction", "admin")
PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(store):
    add_user(store, ADMIN, "Ana@Example.fr", "Ana", "sales", "member", PASSWORD)
    return store


def test_a_password_is_stored_as_an_argon2id_hash_never_as_itself(accounts):
    stored = accounts.fetch_one("SELECT password_hash FROM users WHERE email = 'ana@example.fr'")[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_right_password_signs_in_whatever_the_email_case_and_is_audited(accounts):
    user = authenticate(accounts, " ANA@example.fr ", PASSWORD)
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


def test_a_session_expires_after_the_configured_inactivity(monkeypatch):
    monkeypatch.setenv("RELCLIENT_SESSION_MINUTES", "20")
    now = datetime(2026, 1, 5, 9, 0)
    assert not session_expired(now - timedelta(minutes=19), now)
    assert session_expired(now - timedelta(minutes=21), now)


def test_an_account_an_admin_created_chooses_its_own_password_which_must_be_strong(accounts):
    user = authenticate(accounts, "ana@example.fr", PASSWORD)
    assert user.must_change_password  # the admin knows the first one
    with pytest.raises(AuthError):
        change_password(accounts, user, "not the old one", "a new long password")
    for weak, key in (("short", "password_short"), ("ana@example.fr", "password_weak"), ("password1234", "password_weak"),
                      ("x" * 129, "password_long"), (PASSWORD, "password_same")):
        with pytest.raises(AuthError) as refused:
            change_password(accounts, user, PASSWORD, weak)
        assert refused.value.key == key, weak
    change_password(accounts, user, PASSWORD, "lantern orbit pickle meadow")
    assert not authenticate(accounts, "ana@example.fr", "lantern orbit pickle meadow").must_change_password


def test_a_disabled_account_answers_like_a_wrong_password(accounts):
    set_status(accounts, ADMIN, "ana@example.fr", "disabled")
    with pytest.raises(AuthError) as disabled:
        authenticate(accounts, "ana@example.fr", PASSWORD)
    assert disabled.value.key == "bad_credentials"


ISSUER = "https://login.example.com/tenant"


def _identity(sub: str, email: str, verified: bool = True) -> Identity:
    return Identity(ISSUER, sub, email, verified, email.split("@")[0].title())


def test_single_sign_on_binds_an_account_to_the_providers_identity_and_then_matches_that(accounts):
    ana = sso_user(accounts, _identity("sub-ana", "ana@example.fr"))
    assert (ana.email, ana.role) == ("ana@example.fr", "member")
    assert accounts.fetch_one("SELECT sso_issuer, sso_subject FROM users WHERE email = 'ana@example.fr'") == (
        ISSUER, "sub-ana")
    # The same identity under a changed e-mail is still Ana; another identity with her e-mail is not.
    assert sso_user(accounts, _identity("sub-ana", "ana.new@example.fr")).email == "ana@example.fr"
    with pytest.raises(AuthError) as taken:
        sso_user(accounts, _identity("sub-mallory", "ana@example.fr"))
    assert taken.value.key == "sso_taken"


def test_single_sign_on_refuses_an_unverified_email_and_gives_an_unknown_identity_no_data(accounts):
    with pytest.raises(AuthError) as unverified:
        sso_user(accounts, _identity("sub-x", "ana@example.fr", verified=False))
    assert unverified.value.key == "sso_unverified"
    pending = sso_user(accounts, _identity("sub-new", "New@Example.fr"))
    assert (pending.email, pending.status, pending.rank) == ("new@example.fr", "pending", -1)
    assert not pending.at_least("viewer")  # sees nothing until an admin approves it
    with pytest.raises(AuthError) as refused:
        sso_user(accounts, _identity("sub-stranger", "stranger@example.fr"), unknown="refuse")
    assert refused.value.key == "unknown_sso"
    assert get_user(accounts, "stranger@example.fr") is None


def test_the_claims_of_an_id_token_make_an_identity():
    identity = Identity.from_claims({"iss": ISSUER, "sub": "42", "email": "a@b.fr", "email_verified": "true"})
    assert (identity.issuer, identity.subject, identity.email_verified) == (ISSUER, "42", True)
    assert not Identity.from_claims({"iss": ISSUER, "sub": "42", "email": "a@b.fr"}).email_verified
