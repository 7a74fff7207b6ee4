"""The action forms as sent: widget values as read (text, ticks, `kind:ref` links), and the typed
draft or change they mean. The pages read widgets; what the values say is decided here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relclient.actions.change import ActionChange, ActionDraft, changes_from
from relclient.actions.model import Action, ChecklistItem, Link


def checklist_lines(text: str) -> tuple[ChecklistItem, ...]:
    """One new, unticked checklist item per line that is not blank."""
    return tuple(ChecklistItem(line) for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class EditForm:
    """The action page's form as sent, read against the version of the action it showed."""

    title: str
    problem: str
    kpi_id: str
    scope_dept: str  # "" for the whole company
    target: float | None
    target_date: date | None
    lead_dept: str
    contributors: tuple[str, ...]
    sponsor: str
    assignees: tuple[str, ...]
    priority: str
    due_date: date | None
    status: str
    status_reason: str  # blank: none
    ticks: tuple[bool, ...]  # the boxes of the checklist shown, in its order
    new_items: str  # checklist items to add, one a line
    blocked_by: tuple[int, ...]
    kept_links: tuple[str, ...]  # the links shown that were kept, as `kind:ref`
    new_link: str  # a link typed as `kind:ref`, or blank

    def draft(self, seen: Action) -> ActionDraft:
        """Every value the form says, its checklist being `seen`'s items as ticked, then the new lines."""
        links = tuple(link for link in seen.links if link.text() in self.kept_links)
        if self.new_link.strip():
            links += (Link.parse(self.new_link),)
        return ActionDraft(
            title=self.title, problem=self.problem, kpi_id=self.kpi_id, scope_dept=self.scope_dept or None,
            target=self.target, target_date=self.target_date or None, lead_dept=self.lead_dept,
            contributors=self.contributors, sponsor=self.sponsor, assignees=self.assignees, priority=self.priority,
            due_date=self.due_date or None, status=self.status, status_reason=self.status_reason.strip() or None,
            checklist=tuple(ChecklistItem(item.text, tick) for item, tick in zip(seen.checklist, self.ticks))
            + checklist_lines(self.new_items),
            blocked_by=self.blocked_by, links=links)

    def change(self, seen: Action) -> ActionChange:
        """What the reader changed in the form showing `seen`: only that is saved, the rest stays as
        whoever last saved it."""
        return changes_from(seen, self.draft(seen))


@dataclass(frozen=True)
class NewForm:
    """The new-action form as sent."""

    title: str
    problem: str
    kpi_id: str
    scope_dept: str  # "" for the whole company
    lead_dept: str
    contributors: tuple[str, ...]
    sponsor: str | None  # None when no leadership account exists to choose
    assignees: tuple[str, ...]
    priority: str
    due_date: date | None
    target: float | None
    target_date: date | None
    status: str
    checklist: str  # one item a line
    links: tuple[str, ...]  # the links kept from what prompted it, as `kind:ref`

    def draft(self) -> ActionDraft:
        """The action the form describes, for create_action to check and write."""
        return ActionDraft(
            title=self.title, problem=self.problem, kpi_id=self.kpi_id, scope_dept=self.scope_dept or None,
            lead_dept=self.lead_dept, contributors=self.contributors, sponsor=self.sponsor or "",
            assignees=self.assignees, priority=self.priority, due_date=self.due_date or None, target=self.target,
            target_date=self.target_date or None, status=self.status, checklist=checklist_lines(self.checklist),
            links=tuple(Link.parse(text) for text in self.links))
