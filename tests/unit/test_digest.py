"""The weekly digest, sent to a real SMTP server (aiosmtpd on loopback) and read back."""

from __future__ import annotations

import email
import os
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from relclient.actions import add_comment
from relclient.auth import set_preferences
from relclient.digest import DigestError, SmtpSettings, due, schedule, send_digests, week_of
from tests.action_helpers import PEOPLE, new_action, people
from tests.conftest import target_env

NOW = datetime(2025, 12, 4, 9, 0)  # a Thursday
BASE = "https://relclient.example.fr"


class Inbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on loopback for the test, stopped afterwards."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.settings = SmtpSettings("127.0.0.1", controller.port, "plain")
    yield inbox
    controller.stop()


@pytest.fixture
def company(kpi_store):
    """The hand-made company with people, two actions due and a mention of logistics."""
    crew = people(kpi_store)
    new_action(kpi_store, crew["cs"], title="Rappeler <les> détracteurs", due_date=date(2025, 12, 1),
               assignees=(PEOPLE["cs"][0],), now=NOW - timedelta(days=10))
    action = new_action(kpi_store, crew["cs"], title="Stock promises", due_date=date(2025, 12, 6), now=NOW)
    add_comment(kpi_store, crew["boss"], action.action_id, "Logistics, check the stock", ("logistics",),
                now=NOW - timedelta(days=1))
    set_preferences(kpi_store, crew["log"], lang="en")
    return kpi_store, crew


def _by_recipient(inbox: Inbox) -> dict[str, email.message.EmailMessage]:
    return {rcpts[0]: msg for (_sender, rcpts), msg in zip(inbox.envelopes, inbox.messages)}


def test_one_message_goes_to_each_person_with_something_to_say_and_none_to_the_others(company, smtp):
    store, crew = company
    outcomes = send_digests(store, now=NOW, settings=smtp.settings, base=BASE)
    sent = {o.email for o in outcomes if o.outcome == "sent"}
    # The boss sponsors both actions; Carl is assigned the overdue one; logistics is mentioned.
    assert sent == {PEOPLE["boss"][0], PEOPLE["cs"][0], PEOPLE["log"][0]}
    assert {o.email for o in outcomes if o.outcome == "empty"} == {
        PEOPLE[k][0] for k in ("chair", "cs2", "sales", "viewer")}
    got = _by_recipient(smtp)
    assert set(got) == sent and len(smtp.messages) == 3


def test_a_digest_is_text_and_html_in_the_persons_language_with_links_back(company, smtp):
    store, crew = company
    send_digests(store, now=NOW, settings=smtp.settings, base=BASE)
    got = _by_recipient(smtp)
    carl = got[PEOPLE["cs"][0]]
    assert carl["Subject"] == "relclient — 1 point pour vous, semaine du 01/12/2025"
    assert carl.get_content_type() == "multipart/alternative"
    text = carl.get_body(("plain",)).get_content()
    html = carl.get_body(("html",)).get_content()
    assert "Rappeler <les> détracteurs — échéance 01/12/2025, en retard (assignée à moi)" in text
    assert "Rappeler &lt;les&gt; détracteurs" in html and "<les>" not in html  # a title is text, never markup
    assert f'href="{BASE}/action?id=1"' in html and f"{BASE}/action?id=1" in text
    lou = got[PEOPLE["log"][0]]  # chose English
    assert lou["Subject"] == "relclient — 1 item for you, week of 1 Dec 2025"
    assert 'Bea Boss on "Stock promises", 3 Dec 2025: Logistics, check the stock' in lou.get_body(("plain",)).get_content()
    boss = got[PEOPLE["boss"][0]]
    assert boss["Subject"] == "relclient — 2 points pour vous, semaine du 01/12/2025"


def test_nobody_gets_two_in_a_week_and_a_dry_run_sends_and_records_nothing(company, smtp):
    store, _crew = company
    dry = send_digests(store, now=NOW, dry_run=True, base=BASE)
    assert {o.outcome for o in dry} == {"would_send", "empty"} and smtp.messages == []
    assert store.fetch_one("SELECT count(*) FROM digests_sent")[0] == 0
    send_digests(store, now=NOW, settings=smtp.settings, base=BASE)
    again = send_digests(store, now=NOW + timedelta(days=2), settings=smtp.settings, base=BASE)
    assert {o.outcome for o in again} == {"already", "empty"} and len(smtp.messages) == 3
    assert store.fetch_all("SELECT DISTINCT week FROM digests_sent") == [(week_of(NOW.date()),)]


def test_a_digest_that_cannot_be_sent_is_not_recorded_and_goes_next_time(company, smtp):
    store, _crew = company
    dead = SmtpSettings("127.0.0.1", _free_port(), "plain")  # nobody listens there
    failed = send_digests(store, now=NOW, settings=dead, to=PEOPLE["cs"][0])
    assert [o.outcome for o in failed] == ["failed"]
    assert store.fetch_one("SELECT count(*) FROM digests_sent")[0] == 0
    assert [o.outcome for o in send_digests(store, now=NOW, settings=smtp.settings, to=PEOPLE["cs"][0])] == ["sent"]


def test_without_a_server_the_digest_refuses_and_an_unknown_address_is_said(company):
    store, _crew = company
    with pytest.raises(DigestError) as no_smtp:
        send_digests(store, now=NOW, settings=None)
    assert "RELCLIENT_SMTP_URL" in no_smtp.value.message("en")
    with pytest.raises(DigestError) as unknown:
        send_digests(store, now=NOW, dry_run=True, to="nobody@example.fr")
    assert unknown.value.message("fr") == "Aucun compte actif pour nobody@example.fr."


def test_the_smtp_address_gives_security_port_and_login():
    assert SmtpSettings.from_url("smtp://127.0.0.1:2525") == SmtpSettings("127.0.0.1", 2525, "plain")
    assert SmtpSettings.from_url("smtp+starttls://me%40x.fr:p%3Ass@mail.x.fr") == SmtpSettings(
        "mail.x.fr", 587, "starttls", "me@x.fr", "p:ss")
    assert SmtpSettings.from_url("smtps://u:p@mail.x.fr").port == 465
    with pytest.raises(ValueError):
        SmtpSettings.from_url("http://mail.x.fr")


def test_the_schedule_reads_a_day_and_an_hour(monkeypatch):
    monkeypatch.setenv("RELCLIENT_DIGEST_AT", "wed 08:30")
    assert schedule() == (2, 8)
    assert due(datetime(2025, 12, 3, 8, 1), (2, 8)) and not due(datetime(2025, 12, 3, 7, 59), (2, 8))
    assert due(datetime(2025, 12, 5, 1, 0), (2, 8)) and not due(datetime(2025, 12, 1, 23, 0), (2, 8))
    monkeypatch.setenv("RELCLIENT_DIGEST_AT", "off")
    assert schedule() is None


def test_the_command_line_logs_in_and_sends_one_persons_digest(company, tmp_path):
    store, _crew = company

    class Login(Inbox):
        pass

    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"relclient", b"s3cret")
        return AuthResult(success=ok)

    inbox = Login()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=check,
                            auth_require_tls=False)
    controller.start()
    try:
        store.close()
        env = {**os.environ, **target_env(store.path), "RELCLIENT_BASE_URL": BASE,
               "RELCLIENT_SMTP_URL": f"smtp://relclient:s3cret@127.0.0.1:{controller.port}"}
        run = subprocess.run([sys.executable, "-m", "relclient", "digest", "--to", PEOPLE["boss"][0], "--format", "json"],
                             env=env, capture_output=True, text=True, timeout=120)
    finally:
        controller.stop()
    assert run.returncode == 0, run.stderr
    assert '"outcome": "sent"' in run.stdout
    # Today, both of the boss's actions are overdue: the digest has something to say.
    assert [rcpts for _s, rcpts in inbox.envelopes] == [[PEOPLE["boss"][0]]]
