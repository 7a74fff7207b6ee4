"""The weekly digest: each person's "For me" by email, in their language, with links to the portal.

Sent through the SMTP server of RELCLIENT_SMTP_URL: `smtp://host:port` (plain, for a relay on the
machine or the network), `smtp+starttls://user:password@host:587` (STARTTLS, then login) or
`smtps://user:password@host:465` (TLS from the start). Links start with RELCLIENT_BASE_URL. Nobody is
sent an empty digest, and nobody two in a week: the `digests_sent` row is written before the
message goes (so that two servers never both send it) and removed again when sending fails.
"""

from __future__ import annotations

import html
import logging
import os
import smtplib
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

import duckdb

from relclient.addresses import link
from relclient.auth import User
from relclient.for_me import ForMe, for_me, one_line, sections_of
from relclient.i18n import format_date, t, tn
from relclient.lake import Target
from relclient.problems import Problem
from relclient.reference import department_names
from relclient.service import run_every
from relclient.store import Store

log = logging.getLogger("relclient")
SENDER = "relclient <relclient@localhost>"


class DigestError(Problem):
    """A digest that cannot be sent (no SMTP server configured, an address nobody has)."""

    PREFIX = "digest.error"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand messages over."""

    host: str
    port: int
    security: str  # 'plain', 'starttls' or 'tls'
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """Read an smtp://, smtp+starttls:// or smtps:// address (ValueError when it is none of them)."""
        parts = urlsplit(url.strip())
        security = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}.get(parts.scheme)
        if security is None or not parts.hostname:
            raise ValueError(f"RELCLIENT_SMTP_URL must look like smtp://host:port, smtp+starttls://user:password@host:587"
                             f" or smtps://user:password@host:465 (got scheme {parts.scheme!r})")
        port = parts.port or {"plain": 25, "starttls": 587, "tls": 465}[security]
        return cls(parts.hostname, port, security, unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None)


def smtp_settings() -> SmtpSettings | None:
    """The SMTP server of RELCLIENT_SMTP_URL, or None when none is configured."""
    url = os.environ.get("RELCLIENT_SMTP_URL", "").strip()
    return SmtpSettings.from_url(url) if url else None


def base_url() -> str:
    """The portal's address for links (RELCLIENT_BASE_URL, default http://localhost:8501)."""
    return os.environ.get("RELCLIENT_BASE_URL", "http://localhost:8501").rstrip("/")


def week_of(day: date) -> date:
    """The Monday of `day`'s week: one digest per person per week."""
    return day - timedelta(days=day.weekday())


# -- the message ---------------------------------------------------------------------------------
def compose(content: ForMe, user: User, lang: str, names: dict[str, str], base: str | None = None) -> EmailMessage:
    """The digest for one person: plain text and HTML (every text the data holds is escaped)."""
    base = base or base_url()
    sections = [(title, [(line.text, link(line.page, line.params, base)) for line in lines])
                for title, lines in sections_of(content, lang, names)]
    subject = tn("digest.subject", content.count, lang, date=format_date(week_of(content.today), lang))
    intro = t("digest.intro", lang, name=one_line(user.name))
    text = [intro, ""]
    for title, lines in sections:
        text += [title, *(f"- {line}\n  {address}" for line, address in lines), ""]
    text += [t("digest.footer", lang, url=base)]
    parts = [f"<p>{html.escape(intro)}</p>"]
    for title, lines in sections:
        items = "".join(f'<li><a href="{html.escape(address)}">{html.escape(line)}</a></li>' for line, address in lines)
        parts.append(f"<h3>{html.escape(title)}</h3><ul>{items}</ul>")
    parts.append(f'<p><a href="{html.escape(base)}">{html.escape(t("digest.footer", lang, url=base))}</a></p>')
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = os.environ.get("RELCLIENT_MAIL_FROM", SENDER)
    msg["To"] = formataddr((one_line(user.name), user.email))
    msg["Message-ID"] = make_msgid(domain="relclient")
    msg["Content-Language"] = lang
    msg.set_content("\n".join(text))
    msg.add_alternative(f'<html lang="{lang}"><body>{"".join(parts)}</body></html>', subtype="html")
    return msg


# -- sending -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What happened for one person: sent, empty (nothing to say), already (sent this week), failed."""

    email: str
    outcome: str
    items: int
    lang: str
    subject: str | None = None


def _people(store: Store, to: str | None) -> list[User]:
    from relclient.auth import _COLUMNS  # one definition of an account's columns

    rows = store.fetch_all(f"SELECT {_COLUMNS} FROM users WHERE status = 'active' AND email LIKE '%@%'"
                           + (" AND email = ?" if to else "") + " ORDER BY email", [to.strip().lower()] if to else [])
    if to and not rows:
        raise DigestError("unknown_account", email=to)
    return [User(*r) for r in rows]


def _claim(store: Store, email: str, week: date, now: datetime, items: int) -> bool:
    try:
        store.transaction(lambda cur: cur.execute(
            "INSERT INTO digests_sent (email, week, sent_at, items) VALUES (?, ?, ?, ?)", [email, week, now, items]))
        return True
    except duckdb.ConstraintException:  # another server sent it, or this week's is gone already
        return False


def _release(store: Store, email: str, week: date) -> None:
    store.transaction(lambda cur: cur.execute("DELETE FROM digests_sent WHERE email = ? AND week = ?", [email, week]))


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=30,
                                               context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=30)
        if settings.security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def send_digests(store: Store, *, now: datetime | None = None, to: str | None = None, dry_run: bool = False,
                 settings: SmtpSettings | None = None, base: str | None = None,
                 default_lang: str = "fr") -> list[Outcome]:
    """Send this week's digest to every active person with something to say (or only `to`).
    A dry run composes the messages and sends and records nothing."""
    now = now or datetime.now()
    settings = settings or smtp_settings()
    if settings is None and not dry_run:
        raise DigestError("no_smtp")
    week, outcomes, server = week_of(now.date()), [], None
    names_by_lang: dict[str, dict[str, str]] = {}
    try:
        for user in _people(store, to):
            lang = user.lang or default_lang
            content = for_me(store, user, now)
            if content.empty:
                outcomes.append(Outcome(user.email, "empty", 0, lang))
                continue
            names = names_by_lang.setdefault(lang, department_names(store, lang))
            msg = compose(content, user, lang, names, base)
            if dry_run:
                outcomes.append(Outcome(user.email, "would_send", content.count, lang, msg["Subject"]))
                continue
            if not _claim(store, user.email, week, now, content.count):
                outcomes.append(Outcome(user.email, "already", content.count, lang, msg["Subject"]))
                continue
            try:
                server = server or _connect(settings)
                server.send_message(msg)
            except (OSError, smtplib.SMTPException) as exc:
                _release(store, user.email, week)  # the next round tries again
                log.warning("digest to %s not sent: %s", user.email, exc)
                outcomes.append(Outcome(user.email, "failed", content.count, lang, msg["Subject"]))
                server = None
                continue
            outcomes.append(Outcome(user.email, "sent", content.count, lang, msg["Subject"]))
    finally:
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return outcomes


# -- the schedule --------------------------------------------------------------------------------
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def schedule() -> tuple[int, int] | None:
    """When the service sends the digest: RELCLIENT_DIGEST_AT, "mon 07:00" by default, as (weekday,
    hour); "off" for never. Nothing is sent without RELCLIENT_SMTP_URL."""
    text = (os.environ.get("RELCLIENT_DIGEST_AT") or "mon 07:00").strip().lower()
    if text == "off":
        return None
    try:
        day, clock = text.split()
        return DAYS.index(day[:3]), int(clock.split(":")[0]) % 24
    except ValueError:
        raise ValueError(f"RELCLIENT_DIGEST_AT={text!r}: write a day and an hour, like 'mon 07:00', or off") from None


def due(now: datetime, when: tuple[int, int]) -> bool:
    """Whether this week's digest is due: at or after the scheduled day and hour of the week."""
    return (now.weekday(), now.hour) >= when


def watch_digest(target: Target, stop: threading.Event, every: float = 600) -> threading.Thread | None:
    """Start the service's digest thread: every 10 minutes, once the week's day and hour have come,
    the people not yet sent this week's digest are sent it (digests_sent keeps servers from doubling)."""
    when = schedule()
    if when is None or smtp_settings() is None:
        return None

    def work(store: Store) -> None:
        now = datetime.now()
        if due(now, when):
            sent = [o for o in send_digests(store, now=now) if o.outcome == "sent"]
            if sent:
                log.info("weekly digest sent to %d people", len(sent))

    return run_every("digest", target, every, stop, work)


def outcomes_json(outcomes: Iterable[Outcome]) -> list[dict]:
    """The outcomes as plain dicts (the CLI's JSON)."""
    return [o.__dict__ for o in outcomes]
