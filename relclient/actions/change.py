"""What an action says (ActionDraft) and what a save changes in it (ActionChange): typed values,
compared the way a reader means them (order and blanks never count as a change)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum

from relclient.actions.errors import ActionError
from relclient.actions.model import FIELDS, STATUS_BY_ID, Action, ChecklistItem, Link


class Keep(Enum):
    """The value of a field a change leaves as it is (None is a value: no scope, no due date)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class ActionDraft:
    """Every field of an action, as a form or a decision gives it (the baseline is measured when it is created)."""

    title: str
    kpi_id: str
    lead_dept: str
    sponsor: str
    problem: str = ""
    scope_dept: str | None = None
    target: float | None = None
    target_date: date | None = None
    contributors: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    priority: str = "normal"
    due_date: date | None = None
    status: str = "proposed"
    status_reason: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    blocked_by: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()

    def normalised(self) -> ActionDraft:
        """The same values as they are stored: trimmed, sorted, without duplicates, the lead not among contributors."""
        draft = ActionDraft(**{f.name: normalise(f.name, getattr(self, f.name)) for f in fields(self)})
        return replace(draft, contributors=tuple(d for d in draft.contributors if d != draft.lead_dept))

    def value_of(self, name: str) -> object:
        """A field's value by name (a name of FIELDS)."""
        return getattr(self, name)


@dataclass(frozen=True)
class ActionChange:
    """The fields one save sets, in the order of FIELDS; a field left at KEEP stays as whoever last saved it."""

    title: str | Keep = KEEP
    problem: str | Keep = KEEP
    kpi_id: str | Keep = KEEP
    scope_dept: str | None | Keep = KEEP
    target: float | None | Keep = KEEP
    target_date: date | None | Keep = KEEP
    lead_dept: str | Keep = KEEP
    contributors: tuple[str, ...] | Keep = KEEP
    sponsor: str | Keep = KEEP
    assignees: tuple[str, ...] | Keep = KEEP
    priority: str | Keep = KEEP
    due_date: date | None | Keep = KEEP
    status: str | Keep = KEEP
    status_reason: str | None | Keep = KEEP
    checklist: tuple[ChecklistItem, ...] | Keep = KEEP
    blocked_by: tuple[int, ...] | Keep = KEEP
    links: tuple[Link, ...] | Keep = KEEP

    @classmethod
    def of(cls, values: Mapping[str, object]) -> ActionChange:
        """A change from field names and values (a script's); a name that is not a field is refused, worded."""
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise ActionError("field", fields=", ".join(sorted(unknown)))
        return cls(**values)

    def set_fields(self) -> dict[str, object]:
        """The fields this change sets, name → value, in the order of FIELDS."""
        return {name: value for name in FIELDS if (value := getattr(self, name)) is not KEEP}

    @property
    def is_empty(self) -> bool:
        """Whether the change sets nothing (a form saved as it was shown)."""
        return not self.set_fields()

    def applied_to(self, before: Action) -> ActionDraft:
        """`before`'s values with this change on top, the changed ones normalised; a reason left
        unchanged goes when the status no longer needs one (it explained the block or the drop)."""
        wanted = {name: normalise(name, value) for name, value in self.set_fields().items()}
        draft = ActionDraft(**({name: before.value_of(name) for name in FIELDS} | wanted))
        draft = replace(draft, contributors=tuple(d for d in draft.contributors if d != draft.lead_dept))
        if not STATUS_BY_ID[draft.status].needs_reason and "status_reason" not in wanted:
            draft = replace(draft, status_reason=None)
        return draft


def normalise(name: str, value: object) -> object:
    """A field's value as stored: equal meaning, equal value (order and blanks never count)."""
    if name == "contributors":
        return tuple(sorted({str(v) for v in value or ()}))
    if name == "assignees":
        return tuple(sorted({str(v).strip().lower() for v in value or () if str(v).strip()}))
    if name == "blocked_by":
        return tuple(sorted({int(v) for v in value or ()}))
    if name == "links":
        return tuple(sorted(set(value or ()), key=Link.text))
    if name == "checklist":
        return tuple(ChecklistItem(i.text.strip(), bool(i.done)) for i in value or () if i.text.strip())
    if name == "sponsor":
        return str(value or "").strip().lower()
    if name in ("title", "problem"):
        return str(value or "").strip()
    if name in ("status_reason", "scope_dept"):
        return str(value).strip() or None if value is not None else None
    if name == "target":
        return None if value is None else float(value)
    return value


def changes_from(seen: Action, entered: ActionDraft) -> ActionChange:
    """The fields of `entered` whose value differs from `seen`'s, order and blanks aside: what a
    reader actually changed in a form showing `seen`."""
    return ActionChange(**{name: entered.value_of(name) for name in FIELDS
                           if normalise(name, entered.value_of(name)) != normalise(name, seen.value_of(name))})
