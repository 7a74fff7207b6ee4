"""Signed-in sessions in the database: claimed once for a cookie, found again by it, sliding, ended
everywhere at sign-out, and a person's preferences."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relclient.auth import AuthError, User, add_user, get_user, set_preferences, set_status, start_page
from relclient.sessions import claim_cookie, end_session, forget_old_sessions, resume_session, session_user, start_session

ROOT = User("root@x.fr", "Root", "direction", "admin")
T0 = datetime(2026, 12, 3, 9, 0)


@pytest.fixture
def lead(store):
    return add_user(store, ROOT, "lead@x.fr", "Lea Lead", "logistics", "dept_lead", None)


def test_a_claim_gives_a_cookie_once_and_the_table_keeps_only_hashes(store, lead):
    started = start_session(store, lead, T0)
    token = claim_cookie(store, started.claim, T0 + timedelta(seconds=5))
    assert token and claim_cookie(store, started.claim, T0 + timedelta(seconds=6)) is None  # spent
    assert resume_session(store, token, T0 + timedelta(minutes=1)) == started.id
    stored = " ".join(str(v) for v in store.fetch_one("SELECT * FROM sessions"))
    assert token not in stored and started.claim not in stored


def test_a_claim_too_late_or_made_up_gives_nothing(store, lead):
    started = start_session(store, lead, T0)
    assert claim_cookie(store, started.claim, T0 + timedelta(minutes=3)) is None
    assert claim_cookie(store, "made-up", T0) is None and claim_cookie(store, "", T0) is None
    assert resume_session(store, "made-up", T0) is None and resume_session(store, None, T0) is None


def test_a_session_slides_with_use_and_ends_after_its_idle_period(store, lead, monkeypatch):
    monkeypatch.setenv("RELCLIENT_SESSION_MINUTES", "30")
    started = start_session(store, lead, T0)
    token = claim_cookie(store, started.claim, T0)
    assert session_user(store, started.id, T0 + timedelta(minutes=25))[0] == lead  # moves the sighting on
    assert session_user(store, started.id, T0 + timedelta(minutes=50))[0] == lead  # 25 min after the last
    assert session_user(store, started.id, T0 + timedelta(minutes=81)) == (None, "expired")
    assert resume_session(store, token, T0 + timedelta(minutes=81)) is None


def test_signing_out_ends_the_session_for_every_tab_and_a_disabled_account_is_out(store, lead):
    first = start_session(store, lead, T0)
    token = claim_cookie(store, first.claim, T0)
    end_session(store, first.id, T0 + timedelta(minutes=1))
    assert resume_session(store, token, T0 + timedelta(minutes=2)) is None  # another tab, a reload
    assert session_user(store, first.id, T0 + timedelta(minutes=2)) == (None, "expired")
    second = start_session(store, lead, T0)
    set_status(store, ROOT, lead.email, "disabled")
    assert session_user(store, second.id, T0 + timedelta(minutes=1)) == (None, "disabled")


def test_old_sessions_are_forgotten(store, lead):
    start_session(store, lead, T0 - timedelta(days=40))
    kept = start_session(store, lead, T0)
    assert forget_old_sessions(store, 30, T0) == 1
    assert store.fetch_all("SELECT id FROM sessions") == [(kept.id,)]


def test_a_person_keeps_their_language_and_start_page(store, lead):
    assert start_page(lead) == "department"
    assert start_page(User("b@x.fr", "B", "direction", "leadership")) == "overview"
    set_preferences(store, lead, lang="en", start="actions")
    again = get_user(store, lead.email)
    assert (again.lang, again.start_page, start_page(again)) == ("en", "actions", "actions")
    with pytest.raises(AuthError):
        set_preferences(store, lead, lang="de")
    with pytest.raises(AuthError):
        set_preferences(store, lead, start="admin")
