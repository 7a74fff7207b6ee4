"""The review pages' forms as typed values, and the one write each makes: a new review (or the one
its period has already), the preparation, a decision, the opportunities' list. The pages read
their widgets into these and call one function; every refusal is a translated Problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from relclient.i18n import t
from relclient.periods import Period, quarter_of
from relclient.reviews.edit import add_decision, create_review, set_opportunities, update_review
from relclient.reviews.model import Decision, Review, ReviewError
from relclient.reviews.queries import review_for_period
from relclient.store import Store

if TYPE_CHECKING:
    from relclient.users import User


@dataclass(frozen=True)
class Proposal:
    """What the new-review form starts from: the quarter of the latest data, titled after it."""

    title: str
    period: Period


def proposal(latest: date | None, today: date, lang: str) -> Proposal:
    """The quarter holding the latest data day (today's when there is no data), with its default title."""
    quarter = quarter_of(latest or today)
    number = (quarter.start.month - 1) // 3 + 1  # January–March is Q1
    return Proposal(t("reviews.default_title", lang, q=number, year=quarter.start.year), quarter)


def chosen_period(value: object) -> Period:
    """The period a date-range picker holds; ReviewError until its first and last days are both chosen, in order."""
    if not isinstance(value, Sequence) or len(value) != 2 or not all(isinstance(day, date) for day in value):
        raise ReviewError("period_both")  # the picker gives one day until the second is clicked
    start, end = value
    if end < start:
        raise ReviewError("period_order")
    return Period(start, end)


@dataclass(frozen=True)
class NewReview:
    """The new-review form as filled in (`period` as the date-range picker gives it)."""

    title: str
    period: object
    chair: str | None
    meeting_date: date | None = None


@dataclass(frozen=True)
class Opened:
    """The review a new-review form leads to, and whether it was created or was there already."""

    review_id: int
    created: bool


def open_or_create(store: Store, actor: User, form: NewReview) -> Opened:
    """The review of the form's period: the one it has (a period has one review), else a new draft."""
    period = chosen_period(form.period)
    existing = review_for_period(store, period)
    if existing is not None:
        return Opened(existing, created=False)
    return Opened(create_review(store, actor, form.title, period, form.chair or "", meeting_date=form.meeting_date),
                  created=True)


@dataclass(frozen=True)
class Preparation:
    """The meeting step's form: title, attendees, and the planned meeting date."""

    title: str
    people: tuple[str, ...]
    departments: tuple[str, ...]
    meeting_date: date | None


def prepare(store: Store, actor: User, review: Review, form: Preparation) -> None:
    """Save the preparation; the planned date only while the review is a draft (holding it sets the real one)."""
    update_review(store, actor, review.review_id, title=form.title, people=form.people, departments=form.departments,
                  meeting_date=form.meeting_date if review.status == "draft" else None)


@dataclass(frozen=True)
class DecisionForm:
    """The decisions step's form: what was decided, by whom, by when, and whether it becomes an action."""

    text: str
    owner_dept: str | None
    sponsor: str | None
    due_date: date | None
    becomes_action: bool
    kpi_id: str | None
    contributors: tuple[str, ...] = ()


def decide(store: Store, actor: User, review_id: int, form: DecisionForm) -> Decision:
    """Record the form's decision; it becomes an action on the board (on its KPI) when the form says so."""
    return add_decision(store, actor, review_id, form.text, form.owner_dept or "", form.sponsor or "", form.due_date,
                        action_kpi=form.kpi_id if form.becomes_action else None, contributors=form.contributors)


def save_opportunities(store: Store, actor: User, review_id: int, text: str) -> None:
    """The opportunities' box, one per line (blank lines dropped), as the meeting's list."""
    set_opportunities(store, actor, review_id, text.splitlines())
