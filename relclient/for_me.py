"""What needs a person now: their actions overdue or due this week, the comments that mention their
department, and their department's KPIs that got significantly worse. One definition for the
sidebar's "For me", its page and the weekly digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relclient.actions import OPEN_STATUSES
from relclient.auth import User
from relclient.i18n import format_date, format_number, t
from relclient.department_view import DEPARTMENT_KPIS
from relclient.metrics import KPIS_BY_ID, KpiFilter, compute_kpis
from relclient.periods import preset_period
from relclient.reference import latest_activity
from relclient.store import Store

MENTION_DAYS = 7  # a week: what the weekly digest covers
KPI_PRESET = "last_30_days"  # judged against the 30 days before, as the dashboards' tiles are


@dataclass(frozen=True)
class DueAction:
    """An open action that needs the person: why it is theirs, and when it is due."""

    action_id: int
    title: str
    due_date: date
    status: str
    roles: tuple[str, ...]  # 'lead' (their department leads it), 'sponsor', 'assigned'
    overdue: bool


@dataclass(frozen=True)
class Mention:
    """A comment on an action that mentions the person's department."""

    written_at: datetime
    action_id: int
    title: str
    author: str
    body: str


@dataclass(frozen=True)
class Alert:
    """A department KPI that got significantly worse than in the period before."""

    kpi_id: str
    value: float
    previous: float
    n: int
    previous_n: int


@dataclass(frozen=True)
class ForMe:
    """Everything that needs one person, as of a day."""

    email: str
    dept: str
    today: date
    actions: tuple[DueAction, ...] = field(default=())
    mentions: tuple[Mention, ...] = field(default=())
    alerts: tuple[Alert, ...] = field(default=())
    kpi_period: tuple[date, date] | None = None  # the period the alerts judge (start, end)

    @property
    def count(self) -> int:
        """How many things need the person (the menu's badge)."""
        return len(self.actions) + len(self.mentions) + len(self.alerts)

    @property
    def empty(self) -> bool:
        """Nothing needs the person: no digest is sent."""
        return self.count == 0


def week_end(day: date) -> date:
    """The Sunday that ends `day`'s week (weeks start on Monday, as in France)."""
    return day + timedelta(days=6 - day.weekday())


def due_actions(store: Store, user: User, today: date) -> tuple[DueAction, ...]:
    """Open actions the person leads (a department lead's department leads it), sponsors or is
    assigned to, overdue or due by the end of this week; most overdue first."""
    rows = store.fetch_all(
        "SELECT a.action_id, a.title, a.due_date, a.status, list_filter(["
        "   CASE WHEN $lead AND a.lead_dept = $dept THEN 'lead' END,"
        "   CASE WHEN a.sponsor = $email THEN 'sponsor' END,"
        "   CASE WHEN EXISTS (SELECT 1 FROM action_assignees s WHERE s.action_id = a.action_id AND s.email = $email)"
        "     THEN 'assigned' END], r -> r IS NOT NULL) AS roles"
        " FROM actions a WHERE list_contains($open, a.status) AND a.due_date IS NOT NULL AND a.due_date <= $until"
        " ORDER BY a.due_date, a.action_id",
        {"lead": user.role == "dept_lead", "dept": user.dept, "email": user.email,
         "open": list(OPEN_STATUSES), "until": week_end(today)})
    return tuple(DueAction(r[0], r[1], r[2], r[3], tuple(r[4]), r[2] < today) for r in rows if r[4])


def recent_mentions(store: Store, dept: str, now: datetime, days: int = MENTION_DAYS) -> tuple[Mention, ...]:
    """Comments of the last `days` days that mention `dept`, newest first."""
    rows = store.fetch_all(
        "SELECT c.written_at, c.action_id, a.title, coalesce(u.name, c.author), c.body FROM action_mentions m"
        " JOIN action_comments c USING (comment_id) JOIN actions a ON a.action_id = c.action_id"
        " LEFT JOIN users u ON u.email = c.author"
        " WHERE m.dept = ? AND c.written_at > ? AND c.written_at <= ? ORDER BY c.written_at DESC",
        [dept, now - timedelta(days=days), now])
    return tuple(Mention(*r) for r in rows)


def adverse_kpis(store: Store, dept: str) -> tuple[tuple[Alert, ...], tuple[date, date] | None]:
    """The department's KPIs significantly worse over the last 30 days of data than the 30 before."""
    latest = latest_activity(store)
    if latest is None:
        return (), None
    result = compute_kpis(store, KpiFilter(preset_period(KPI_PRESET, latest), dept=dept),
                          [k.id for k in DEPARTMENT_KPIS])
    alerts = tuple(Alert(kpi_id, v.value, v.previous, v.n, v.previous_n)
                   for kpi_id, v in result.values.items() if v.verdict(KPIS_BY_ID[kpi_id]) == "worse")
    period = result.filter.period
    return alerts, (period.start, period.end)


def for_me(store: Store, user: User, now: datetime | None = None) -> ForMe:
    """What needs `user` as of `now`."""
    now = now or datetime.now()
    alerts, period = adverse_kpis(store, user.dept)
    return ForMe(user.email, user.dept, now.date(), due_actions(store, user, now.date()),
                 recent_mentions(store, user.dept, now), alerts, period)


@dataclass(frozen=True)
class Line:
    """One thing to tell the person, and the portal page (its key in relclient.addresses, and
    parameters) it opens."""

    text: str
    page: str  # a key of relclient.addresses.PAGES
    params: dict = field(default_factory=dict, hash=False)


def one_line(text: object) -> str:
    """A text on one line: a person's title or comment never breaks a list's or a mail's layout."""
    return " ".join(str(text).split())


def sections_of(content: ForMe, lang: str, names: dict[str, str]) -> list[tuple[str, list[Line]]]:
    """The non-empty sections (title, lines) to show or send, in the person's language."""
    actions = [Line(t("forme.action_line", lang, title=one_line(a.title), due=format_date(a.due_date, lang),
                      when=t("forme.overdue" if a.overdue else "forme.due_week", lang),
                      roles=", ".join(t(f"forme.role.{r}", lang) for r in a.roles)), "action", {"id": a.action_id})
               for a in content.actions]
    mentions = [Line(t("forme.mention_line", lang, author=one_line(m.author), title=one_line(m.title),
                       when=format_date(m.written_at, lang), body=one_line(m.body)[:200]), "action", {"id": m.action_id})
                for m in content.mentions]
    alerts = []
    for a in content.alerts:
        k = KPIS_BY_ID[a.kpi_id]
        alerts.append(Line(t("forme.alert_line", lang, kpi=k.label(lang), value=k.unit.format(a.value, lang),
                             previous=k.unit.format(a.previous, lang), n=format_number(a.n, lang, 0)),
                           "department", {"dept": content.dept}))
    found = [(t("forme.actions", lang), actions),
             (t("forme.mentions", lang, dept=names.get(content.dept, content.dept)), mentions),
             (t("forme.alerts", lang), alerts)]
    return [(title, lines) for title, lines in found if lines]
