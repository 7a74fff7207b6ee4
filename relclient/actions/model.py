"""What an action is: its statuses and their moves, its fields, its checklist, links, history and comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relclient.metrics.significance import Sample

BLOCKED_ALERT_DAYS = 14  # blocked longer than this: the board and the Overview call it out
STALE_DAYS = 30  # no change for this long on an open action: the same


@dataclass(frozen=True)
class Status:
    """A column of the board: where an action stands, and where it may go from there."""

    id: str
    is_open: bool
    needs_reason: bool
    moves_to: tuple[str, ...]

    @property
    def quick_moves(self) -> tuple[str, ...]:
        """The moves a board card makes in one click or drag: those that need no reason (a reason
        is typed on the action's page)."""
        return tuple(s for s in self.moves_to if not STATUS_BY_ID[s].needs_reason)


# The board's columns, left to right. Done and dropped can be reopened: nothing is final that
# leadership wants to look at again.
STATUSES: tuple[Status, ...] = (
    Status("proposed", True, False, ("todo", "dropped")),
    Status("todo", True, False, ("in_progress", "blocked", "proposed", "dropped")),
    Status("in_progress", True, False, ("done", "blocked", "todo", "dropped")),
    Status("blocked", True, True, ("in_progress", "todo", "dropped")),
    Status("done", False, False, ("in_progress",)),
    Status("dropped", False, True, ("proposed",)),
)
STATUS_BY_ID: dict[str, Status] = {s.id: s for s in STATUSES}
OPEN_STATUSES: tuple[str, ...] = tuple(s.id for s in STATUSES if s.is_open)
PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "critical")
LINK_KINDS: tuple[str, ...] = ("customer", "ticket", "response", "pair")

# The fields a change may set, in the order the action page and the history show them.
FIELDS: tuple[str, ...] = (
    "title", "problem", "kpi_id", "scope_dept", "target", "target_date", "lead_dept", "contributors",
    "sponsor", "assignees", "priority", "due_date", "status", "status_reason", "checklist", "blocked_by",
    "links",
)


@dataclass(frozen=True)
class ChecklistItem:
    """One step of an action's checklist."""

    text: str
    done: bool = False


@dataclass(frozen=True)
class Link:
    """What prompted an action: a customer, ticket, survey answer or pair of departments."""

    kind: str
    ref: str

    def text(self) -> str:
        """`kind:ref`, the form addresses and the history use."""
        return f"{self.kind}:{self.ref}"

    @classmethod
    def parse(cls, text: str) -> Link:
        """The link a `kind:ref` text names (blanks around either part ignored); a text without a
        colon is a kind without a reference, which the checks refuse in words."""
        kind, _, ref = text.strip().partition(":")
        return cls(kind.strip(), ref.strip())


@dataclass(frozen=True)
class Action:
    """One cross-team action as stored, with its departments, people, checklist and links."""

    action_id: int
    title: str
    problem: str
    kpi_id: str
    scope_dept: str | None
    baseline: float | None
    baseline_start: date
    baseline_end: date
    target: float | None
    target_date: date | None
    lead_dept: str
    sponsor: str
    priority: str
    due_date: date | None
    status: str
    status_reason: str | None
    status_since: datetime
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    version: int
    # What the baseline rests on (NULL for actions measured before it was kept): its n, and what
    # the KPI's test reads.
    baseline_n: int | None = None
    baseline_promoters: int | None = None
    baseline_detractors: int | None = None
    baseline_sd: float | None = None
    contributors: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    blocked_by: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def baseline_sample(self) -> Sample | None:
        """The baseline as the KPI's significance test reads it (None when its n was not kept)."""
        if self.baseline_n is None:
            return None
        return Sample(self.baseline, self.baseline_n, self.baseline_promoters or 0, self.baseline_detractors or 0,
                      self.baseline_sd)

    @property
    def checklist_done(self) -> int:
        """How many checklist items are ticked."""
        return sum(item.done for item in self.checklist)

    @property
    def departments(self) -> tuple[str, ...]:
        """The lead department, then the contributing ones."""
        return (self.lead_dept, *self.contributors)

    @property
    def single_department(self) -> bool:
        """Owned by one department alone: allowed, but the board exists to make them work together."""
        return not self.contributors

    @property
    def is_open(self) -> bool:
        """Still to be finished (neither done nor dropped)."""
        return STATUS_BY_ID[self.status].is_open

    def is_overdue(self, today: date) -> bool:
        """Open, with a due date before `today`."""
        return self.is_open and self.due_date is not None and self.due_date < today

    def is_blocked_too_long(self, now: datetime) -> bool:
        """Blocked for more than BLOCKED_ALERT_DAYS."""
        return self.status == "blocked" and now - self.status_since > timedelta(days=BLOCKED_ALERT_DAYS)

    def is_stale(self, now: datetime) -> bool:
        """Open, and unchanged for more than STALE_DAYS."""
        return self.is_open and now - self.updated_at > timedelta(days=STALE_DAYS)

    def value_of(self, name: str) -> object:
        """A field's value, as a change would give it."""
        return getattr(self, name)


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one field: who, when, from what to what."""

    version: int
    changed_by: str
    changed_at: datetime
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Comment:
    """A comment on an action, with the departments it mentions."""

    comment_id: int
    action_id: int
    author: str
    written_at: datetime
    body: str
    mentions: tuple[str, ...] = field(default=())
