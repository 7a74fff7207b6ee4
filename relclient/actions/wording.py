"""An action's field values as text: one line for the history, and that line as a reader reads it."""

from __future__ import annotations

import re
from datetime import date, datetime

from relclient.actions.model import PRIORITIES, STATUS_BY_ID
from relclient.i18n import format_date, t


def field_text(name: str, value: object) -> str:
    """A field's value as the history stores it: one line of text, the same for equal values."""
    if value is None:
        return ""
    if name == "checklist":
        return " | ".join(f"[{'x' if item.done else ' '}] {item.text}" for item in value)
    if name == "links":
        return ", ".join(link.text() for link in value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


_DEPT_FIELDS = ("lead_dept", "scope_dept", "contributors")


def display_value(name: str, text: str, lang: str, dept_names: dict[str, str] | None = None,
                  people: dict[str, str] | None = None) -> str:
    """A stored history value as a reader reads it: statuses, priorities, KPIs, departments and people named."""
    if not text:
        return text
    if name == "status" and text in STATUS_BY_ID:
        return t(f"action_status.{text}", lang)
    if name == "priority" and text in PRIORITIES:
        return t(f"priority.{text}", lang)
    if name == "kpi_id":
        from relclient.metrics import KPIS_BY_ID  # here: the metrics registry is heavy for the model modules
        return KPIS_BY_ID[text].label(lang) if text in KPIS_BY_ID else text
    if name in _DEPT_FIELDS and dept_names:
        return ", ".join(dept_names.get(code, code) for code in text.split(", "))
    if name in ("sponsor", "assignees") and people:
        return ", ".join(people.get(email, email) for email in text.split(", "))
    if _ISO_DAY.fullmatch(text):  # due and target dates, the reader's way
        return format_date(date.fromisoformat(text), lang)
    return text


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
