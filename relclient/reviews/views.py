"""A review as its pages say it: the meeting's steps, what the reader may do, the header, the
decisions, the comparison with the previous review, the preparation, and the list of reviews with
their progress. Plain text in the reader's language (the pages make a person's words safe for
Markdown); the minutes reuse the same words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from relclient.i18n import format_date, t
from relclient.metrics import kpi
from relclient.periods import Period, to_date_text
from relclient.permissions import allowed, why_not
from relclient.reviews.content import ReviewContent, compare
from relclient.reviews.model import SECTION_IDS, SECTIONS, Review
from relclient.reviews.sections import Table, opportunity_text, section_tables

if TYPE_CHECKING:
    from relclient.users import User

# The meeting goes through the inputs, then decides, compares, writes its minutes, and is held and closed.
STEPS: tuple[str, ...] = (*SECTION_IDS, "decisions", "compare", "minutes", "meeting")
NONE = "—"  # what an empty field reads as


def step_label(step: str, lang: str) -> str:
    """A step's name on the meeting's step picker."""
    return t(f"reviews.section.{step}" if step in SECTION_IDS else f"reviews.step.{step}", lang)


def next_step(step: str) -> str | None:
    """The step after `step` (None after the last)."""
    position = STEPS.index(step) + 1
    return STEPS[position] if position < len(STEPS) else None


@dataclass(frozen=True)
class Access:
    """What the reader may do with one review, and why not, in their language."""

    editable: bool  # may change it: leadership, while it is not closed
    refusal: str | None  # why they may not run reviews at all (None: they may)
    reopen_refusal: str | None  # why they may not reopen it once closed (None: they may)


def access(review: Review, user: User, lang: str) -> Access:
    """The reader's rights on `review`: the permission rules, and a closed review changes only by reopening."""
    return Access(review.status != "closed" and allowed(user, "manage_reviews"), why_not(user, "manage_reviews", lang),
                  why_not(user, "reopen_review", lang, chair=review.chair))


def _day(value: date | str | None, lang: str) -> str:
    # Records keep ISO text, live reviews dates: both read as the reader's day.
    if value is None:
        return NONE
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, lang)


def header_line(review: Review, people: dict[str, str], lang: str) -> str:
    """The review's period, meeting day and chair in one line."""
    return t("reviews.header", lang, start=_day(review.period_start, lang), end=_day(review.period_end, lang),
             meeting=_day(review.meeting_date, lang), chair=people.get(review.chair, review.chair))


def attendee_names(review: Review, people: dict[str, str], depts: dict[str, str]) -> list[str]:
    """Who attends: the people by name, then the departments by name."""
    return [people.get(p, p) for p in review.people] + [depts.get(d, d) for d in review.departments]


def attendance_line(content: ReviewContent, people: dict[str, str], depts: dict[str, str], lang: str) -> str:
    """The attendees, and the previous review the figures are set against when there is one."""
    line = t("reviews.label_value", lang, label=t("reviews.h.attendees", lang),
             value=", ".join(attendee_names(content.review, people, depts)) or NONE)
    if content.previous_title:
        line += " · " + t("reviews.label_value", lang, label=t("reviews.h.previous", lang), value=content.previous_title)
    return line


def closed_early_text(content: ReviewContent, people: dict[str, str], lang: str) -> str | None:
    """How a review closed before its period ended was recorded: through which day, and who confirmed it."""
    early = content.closed_early
    if not early:
        return None
    return t("reviews.h.closed_early", lang, through=_day(early["through"], lang), days=early["days"], of=early["of"],
             by=people.get(early["by"], early["by"]))


def step_tables(content: ReviewContent, step: str, lang: str, depts: dict[str, str]) -> list[Table]:
    """An input step's tables as the page shows them: a section with KPIs shows them as tiles, not as its first table."""
    section = SECTIONS[SECTION_IDS.index(step)]
    tables = section_tables(content, lang, depts)[step]
    return tables[1:] if section.kpis else tables


def opportunities_draft(content: ReviewContent, lang: str, depts: dict[str, str]) -> str:
    """The opportunities' box as it opens: the meeting's list, else the ones the data proposes, one per line."""
    return "\n".join(content.opportunities or [opportunity_text(p, lang, depts) for p in content.proposed])


def decision_table(content: ReviewContent, lang: str, depts: dict[str, str], people: dict[str, str]) -> Table:
    """The review's decisions: what, owner, sponsor, due day, and the action each became."""
    return Table(t("reviews.t.decisions", lang),
                 [t("reviews.c.decision", lang), t("reviews.c.owner", lang), t("reviews.c.sponsor", lang),
                  t("reviews.c.due", lang), t("reviews.c.action", lang)],
                 [[d["text"], depts.get(d["owner_dept"], d["owner_dept"]), people.get(d["sponsor"], d["sponsor"]),
                   _day(d["due_date"], lang), f"#{d['action_id']}" if d["action_id"] else NONE]
                  for d in content.decisions])


def outputs(review: Review, lang: str) -> list[tuple[str, str]]:
    """The review's other outputs (ISO 9001 §9.3.3): resource needs and target changes."""
    return [(t("reviews.h.resources", lang), review.resource_needs or NONE),
            (t("reviews.h.target_changes", lang), review.target_changes or NONE)]


@dataclass(frozen=True)
class Comparison:
    """The review against the one before, worded: what it is set against, each KPI's change, and the
    earlier decisions done or not."""

    running: bool  # the period is not over: set against as many days before, not the previous review
    note: str
    kpis: Table
    done: list[str]  # "#12 title"
    not_done: list[str]  # "#12 title · status"


def comparison(content: ReviewContent, lang: str) -> Comparison | None:
    """The comparison step's content; None when there is nothing to compare with (no previous review, a complete period)."""
    if content.previous is None and not content.partial:
        return None
    result = compare(content)
    running = result["basis"] != "previous_review"
    if running:
        note = t("reviews.compare_partial", lang, days=content.inputs["period"]["days"],
                 previous=content.previous_title or NONE)
        basis = t("reviews.c.previous_period_plain", lang)
    else:
        note = t("reviews.compare_caption", lang, previous=content.previous_title)
        basis = t("reviews.c.previous", lang)
    rows = [[kpi(i).label(lang), kpi(i).format(d["value"], lang), kpi(i).format(d["before"], lang),
             kpi(i).format_change(d["change"], lang) or NONE] for i, d in result["kpis"].items()]
    table = Table(t("reviews.step.compare", lang), [t("reviews.c.kpi", lang), t("reviews.c.this", lang), basis,
                                                     t("reviews.c.change", lang)], rows)
    return Comparison(running, note, table, [f"#{a['action_id']} {a['title']}" for a in result["done"]],
                      [f"#{a['action_id']} {a['title']} · {t('action_status.' + a['status'], lang)}"
                       for a in result["not_done"]])


def preparation_facts(review: Review, people: dict[str, str], depts: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """The preparation as a reader who may not change it reads it: title, attendees, meeting day, status."""
    return [(t("reviews.f.title", lang), review.title),
            (t("reviews.f.people", lang), ", ".join(people.get(e, e) for e in review.people) or NONE),
            (t("reviews.f.departments", lang), ", ".join(depts.get(d, d) for d in review.departments) or NONE),
            (t("reviews.h.meeting", lang), _day(review.meeting_date, lang)),
            (t("reviews.h.status", lang), t(f"reviews.status.{review.status}", lang))]


def closing_question(content: ReviewContent, lang: str) -> str | None:
    """What closing a review before its period ends asks to confirm (None once the period is over)."""
    if not content.partial:
        return None
    coverage = content.inputs["period"]
    return t("reviews.close_partial", lang, days=coverage["days"], of=coverage["of"],
             through=_day(coverage["through"], lang))


# The list's groups: the reviews to come, then the ones closed.
LIST_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (("reviews.upcoming", ("draft", "held")),
                                                         ("reviews.past", ("closed",)))


@dataclass(frozen=True)
class ReviewRow:
    """One review in the list: its line, and how far the actions its decisions became have got."""

    review_id: int
    title: str
    line: str  # period, status, meeting day
    to_date: str | None  # "to date (64 of 92 days)" while an open review's period is not over
    done_share: float | None  # its actions done, 0 to 1 (None: no decision became an action)
    progress: str  # the same in words, with its decisions' count


def review_row(row, latest: date | None, lang: str) -> ReviewRow:
    """A row of list_reviews() as the list says it (`latest`: the latest data day, for "to date")."""
    start, end = row.period_start.date(), row.period_end.date()
    line = t("reviews.row", lang, start=_day(start, lang), end=_day(end, lang),
             status=t(f"reviews.status.{row.status}", lang),
             meeting=_day(row.meeting_date.date(), lang) if pd.notna(row.meeting_date) else NONE)
    to_date = to_date_text(Period(start, end).clip(latest), lang) if row.status != "closed" else None
    if row.actions:
        share = row.done / row.actions
        progress = t("reviews.progress", lang, done=row.done, n=row.actions, decisions=row.decisions)
    else:
        share, progress = None, t("reviews.decisions_only", lang, n=row.decisions)
    return ReviewRow(int(row.review_id), row.title, line, to_date, share, progress)


def review_groups(frame: pd.DataFrame, latest: date | None, lang: str) -> list[tuple[str, list[ReviewRow]]]:
    """The reviews as the list shows them: the group's heading, then its reviews, newest period first."""
    return [(t(heading, lang), [review_row(row, latest, lang) for row in frame[frame["status"].isin(statuses)].itertuples()])
            for heading, statuses in LIST_GROUPS]
