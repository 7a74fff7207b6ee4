"""What an attacker tries against sign-in, and why it no longer works: locking others out, racing
the counter, telling real accounts from unknown ones, weak passwords, accounts off on the network,
the demo's published accounts in a real database, refusals that leave no trace."""

from __future__ import annotations

import statistics
import threading
import time
from datetime import datetime, timedelta

import pytest

import relclient.sign_in as sign_in
from relclient.audit import audit_entries
from relclient.auth import AuthError, User, add_user, get_user, set_status
from relclient.sign_in import FIRST_DELAY, FREE_FAILURES, FREE_FAILURES_SOURCE, authenticate, delay, unlock

ADMIN = User("root@example.fr", "Root", "direction", "admin")
PASSWORD = "correct horse battery"
NOW = datetime(2026, 3, 2, 9, 0, 0)


@pytest.fixture
def accounts(store):
    add_user(store, ADMIN, "ana@example.fr", "Ana", "sales", "member", PASSWORD)
    add_user(store, ADMIN, "admin@example.fr", "Admin", "direction", "admin", PASSWORD)
    return store


def _fail(store, email, n, now=NOW, source=None):
    for attempt in range(n):
        with pytest.raises(AuthError):
            authenticate(store, email, f"wrong {attempt}", now=now, source=source)


def test_five_wrong_passwords_make_attempts_wait_and_a_right_one_signs_in_after_the_wait(accounts):
    _fail(accounts, "admin@example.fr", FREE_FAILURES)
    with pytest.raises(AuthError) as waiting:  # even the right password waits: no guess is heard now
        authenticate(accounts, "admin@example.fr", PASSWORD, now=NOW + FIRST_DELAY - timedelta(seconds=1))
    assert waiting.value.key == "wait" and "09:00:30" in waiting.value.message("en")
    assert authenticate(accounts, "admin@example.fr", PASSWORD, now=NOW + FIRST_DELAY).email == "admin@example.fr"


def test_the_wait_grows_with_each_failure_but_never_past_fifteen_minutes(accounts):
    assert [delay(n, FREE_FAILURES).total_seconds() for n in (5, 6, 7, 8)] == [30, 60, 120, 240]
    assert delay(40, FREE_FAILURES) == timedelta(minutes=15) and delay(4, FREE_FAILURES) is None
    _fail(accounts, "ana@example.fr", FREE_FAILURES)
    later = NOW + FIRST_DELAY
    _fail(accounts, "ana@example.fr", 1, now=later)  # one more after the wait: the next waits 1 min
    with pytest.raises(AuthError) as waiting:
        authenticate(accounts, "ana@example.fr", PASSWORD, now=later + timedelta(seconds=59))
    assert waiting.value.key == "wait"
    assert authenticate(accounts, "ana@example.fr", PASSWORD, now=later + timedelta(seconds=60))


def test_an_admin_lifts_the_wait_from_the_page_or_the_command_line(accounts):
    _fail(accounts, "ana@example.fr", FREE_FAILURES)
    assert unlock(accounts, ADMIN, "ana@example.fr") is True
    assert authenticate(accounts, "ana@example.fr", PASSWORD, now=NOW)  # at once
    assert list(audit_entries(accounts, action="unlock")["target"]) == ["ana@example.fr"]


def test_one_address_trying_many_accounts_waits_and_other_addresses_do_not(accounts):
    for n in range(FREE_FAILURES_SOURCE):  # spraying: one guess per account, all from one address
        _fail(accounts, f"user{n}@example.fr", 1, source="203.0.113.7")
    with pytest.raises(AuthError) as waiting:
        authenticate(accounts, "ana@example.fr", PASSWORD, now=NOW, source="203.0.113.7")
    assert waiting.value.key == "wait"
    assert authenticate(accounts, "ana@example.fr", PASSWORD, now=NOW, source="198.51.100.2")


def test_sixteen_simultaneous_attempts_check_no_more_passwords_than_the_limit_and_raise_only_worded_errors(
        accounts, monkeypatch):
    checked = []
    real = sign_in.verify_password

    def counting(hashed, password):
        checked.append(password)
        return real(hashed, password)

    monkeypatch.setattr(sign_in, "verify_password", counting)
    answers, start = [], threading.Barrier(16)

    def attempt(n):
        start.wait()
        try:
            authenticate(accounts, "admin@example.fr", f"guess {n}", now=NOW)
        except AuthError as exc:
            answers.append(exc.key)
        except Exception as exc:  # noqa: BLE001 - what the finding saw: a DuckDB traceback
            answers.append(f"crash: {exc}")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= FREE_FAILURES
    assert set(answers) <= {"bad_credentials", "busy", "wait"} and len(answers) == 16, answers
    assert answers.count("bad_credentials") == len(checked)


def test_an_unknown_email_answers_like_a_real_one_in_words_time_and_waiting(accounts):
    def timed(email):
        times = []
        for n in range(5):
            unlock(accounts, ADMIN, email)
            begin = time.perf_counter()
            with pytest.raises(AuthError) as refused:
                authenticate(accounts, email, f"wrong {n}", now=NOW)
            times.append(time.perf_counter() - begin)
        return statistics.median(times), refused.value.message("en")

    real_time, real_says = timed("ana@example.fr")
    unknown_time, unknown_says = timed("nobody@example.fr")
    assert real_says == unknown_says
    assert abs(real_time - unknown_time) < 0.5 * max(real_time, unknown_time)  # both check a hash
    _fail(accounts, "nobody@example.fr", FREE_FAILURES)
    with pytest.raises(AuthError) as waiting:  # the unknown account waits like a real one
        authenticate(accounts, "nobody@example.fr", "x", now=NOW)
    assert waiting.value.key == "wait"
    set_status(accounts, ADMIN, "ana@example.fr", "disabled")
    with pytest.raises(AuthError) as disabled:
        authenticate(accounts, "ana@example.fr", PASSWORD, now=NOW + timedelta(hours=1))
    assert disabled.value.message("en") == real_says  # a disabled account says nothing more


@pytest.mark.parametrize("weak", ["password1234", "azertyuiop", "ana@example.fr", "Ana2026Ana2026", "x" * 129])
def test_a_weak_or_overlong_password_is_refused_when_an_account_is_made(store, weak):
    with pytest.raises(AuthError) as refused:
        add_user(store, ADMIN, "ana@example.fr", "Ana", "sales", "member", weak)
    assert refused.value.key in ("password_weak", "password_long")
    assert get_user(store, "ana@example.fr") is None


def test_an_overlong_password_costs_no_more_than_a_normal_one_to_refuse(accounts):
    begin = time.perf_counter()
    with pytest.raises(AuthError):
        authenticate(accounts, "ana@example.fr", "x" * 10_000_000, now=NOW)
    assert time.perf_counter() - begin < 2


def test_accounts_off_serve_this_machine_only(monkeypatch):
    from relclient.ui.serve import listen_address

    monkeypatch.setenv("RELCLIENT_AUTH", "off")
    assert listen_address(["--server.port", "8501"])[-2:] == ["--server.address", "127.0.0.1"]
    assert listen_address(["--server.address", "localhost"]) == ["--server.address", "localhost"]
    for exposed in (["--server.address", "0.0.0.0"], ["--server.address=192.0.2.1"]):
        with pytest.raises(SystemExit, match="this machine only"):
            listen_address(exposed)
    monkeypatch.setenv("RELCLIENT_AUTH", "local")
    assert listen_address(["--server.address", "0.0.0.0"]) == ["--server.address", "0.0.0.0"]


def test_accounts_off_on_a_server_open_to_the_network_serve_nothing_and_say_so(app_db, monkeypatch):
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import REPO

    monkeypatch.setenv("RELCLIENT_DB", str(app_db))
    monkeypatch.setenv("RELCLIENT_AUTH", "off")
    monkeypatch.chdir(REPO)
    before = config.get_option("server.address")
    try:
        for address, serves in ((None, False), ("0.0.0.0", False), ("127.0.0.1", True)):
            config.set_option("server.address", address)
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
            assert not at.exception
            assert bool(at.metric) == serves, address
            said = " ".join(e.value for e in at.error)
            assert ("ouvert au réseau" in said) != serves and ("RELCLIENT_AUTH=off" in said)  # the banner, in red
    finally:
        config.set_option("server.address", before)


def test_the_demo_never_goes_into_a_database_that_holds_real_accounts(store):
    from relclient.demo import DemoRefused, build_demo

    add_user(store, ADMIN, "boss@company.fr", "Boss", "direction", "admin", None)
    for replace in (False, True):
        with pytest.raises(DemoRefused, match="real account"):
            build_demo(store, scale=0.01, replace=replace)
    assert get_user(store, "admin@demo.relclient.fr") is None


def test_refused_attempts_are_written_to_the_audit_log(store):
    from relclient.actions import ActionChange, ActionDraft, create_action, update_action
    from relclient.permissions import PermissionDenied
    from relclient.targets import set_targets
    from tests.action_helpers import PEOPLE, people

    crew = people(store)
    viewer, outsider = crew["viewer"], User("out@example.fr", "Out", "rnd", "member")
    action = create_action(store, crew["boss"], ActionDraft("Rappeler", "nps", "customer_service", PEOPLE["boss"][0]))
    attempts = [  # a viewer forcing buttons the page disables, a member editing what is not theirs
        lambda: set_targets(store, viewer, None, {"nps": 50}),
        lambda: create_action(store, viewer, ActionDraft("x", "nps", "sales", PEOPLE["boss"][0])),
        lambda: update_action(store, outsider, action.action_id, action.version, ActionChange(title="Pris")),
        lambda: add_user(store, outsider, "new@example.fr", "N", "sales", "admin", None),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    refused = audit_entries(store)
    refused = refused[refused["outcome"] == "refused"]
    assert list(refused["action"])[::-1] == ["set_company_targets", "create_action", "edit_action", "manage_users"]
    assert list(refused["actor"])[::-1] == [viewer.email, viewer.email, outsider.email, outsider.email]
