"""What a management review is: its input sections (ISO 9001 §9.3.2), statuses, and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from relclient.problems import Problem

STATUSES: tuple[str, ...] = ("draft", "held", "closed")


@dataclass(frozen=True)
class Section:
    """One input of the review: the clause it answers and the KPIs it shows."""

    id: str
    clause: str
    kpis: tuple[str, ...] = ()


# The inputs in the order the meeting goes through them; pages, exports and records loop over this.
SECTIONS: tuple[Section, ...] = (
    Section("actions", "9.3.2 a"),
    Section("satisfaction", "9.3.2 c1", ("nps", "csat", "ces")),
    Section("process", "9.3.2 c3", ("first_response_hours", "resolution_hours", "unanswered_48h_rate",
                                    "on_time_delivery", "return_rate")),
    Section("nonconformities", "9.3.2 c4", ("complaints", "reopen_rate")),
    Section("alignment", "9.3.2 c", ("handoff_rate", "ping_pong_rate", "internal_service_score")),
    Section("objectives", "9.3.2 c2"),
    Section("opportunities", "9.3.2 f"),
)
SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)


@dataclass(frozen=True)
class Decision:
    """An output of the review: what was decided, who owns it, by when, and the action it became."""

    decision_id: int
    review_id: int
    text: str
    owner_dept: str
    sponsor: str
    due_date: date | None
    action_id: int | None


@dataclass(frozen=True)
class Review:
    """One management review as stored."""

    review_id: int
    title: str
    period_start: date
    period_end: date
    meeting_date: date | None
    chair: str
    status: str
    resource_needs: str
    target_changes: str
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    people: tuple[str, ...] = field(default=())  # attendees' emails
    departments: tuple[str, ...] = field(default=())  # attending departments' codes


class ReviewError(Problem):
    """A change the review's rules refuse, in the reader's language; nothing was changed."""

    PREFIX = "reviews.error"
