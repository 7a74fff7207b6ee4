"""The errors an action's rules raise: worded in the reader's language, statuses named as the board names them."""

from __future__ import annotations

from relclient.actions.model import STATUS_BY_ID, HistoryEntry
from relclient.actions.wording import display_value
from relclient.i18n import t
from relclient.problems import Problem, worded


class ActionError(Problem):
    """A change the action's rules refuse, said in the reader's language; nothing was changed."""

    PREFIX = "actions.error"

    def message(self, lang: str) -> str:
        """The refusal in `lang`, statuses named as the board names them."""
        values = {k: t(f"action_status.{v}", lang) if k in ("old", "new", "status") and v in STATUS_BY_ID
                  else worded(v, lang) for k, v in self.values.items()}
        return t(f"{self.PREFIX}.{self.key}", lang, **values)


class ActionConflict(ActionError):
    """A save made on a version someone else has changed since: refused, with what they changed."""

    def __init__(self, action_id: int, seen: int, current: int, changes: tuple[HistoryEntry, ...],
                 names: dict[str, str]):
        self.action_id, self.seen, self.current, self.changes = action_id, seen, current, changes
        self.names = names
        last = changes[-1] if changes else None
        super().__init__("stale", id=action_id,
                         who=names.get(last.changed_by, last.changed_by) if last else "?",
                         at=last.changed_at if last else "?")

    def message(self, lang: str) -> str:
        """Who changed the action and when, then each change: field, before, after."""
        lines = [super().message(lang)]
        for change in self.changes:
            lines.append(t("actions.error.stale_line", lang, field=t(f"actions.field.{change.field}", lang),
                           old=display_value(change.field, change.old, lang) or "—",
                           new=display_value(change.field, change.new, lang) or "—",
                           who=self.names.get(change.changed_by, change.changed_by),
                           at=worded(change.changed_at, lang)))
        return "\n".join(lines)
