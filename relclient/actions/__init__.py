"""Cross-team actions: the board's domain (no Streamlit here)."""

from relclient.actions.closed_loop import Prefill, action_sources, prefill, source_address, source_text
from relclient.actions.edit import (
    ActionDraft,
    add_comment,
    changes_from,
    create_action,
    move_action,
    set_wip_limits,
    update_action,
)
from relclient.actions.model import (
    FIELDS,
    OPEN_STATUSES,
    PRIORITIES,
    STATUS_BY_ID,
    STATUSES,
    Action,
    ActionConflict,
    ActionError,
    ChecklistItem,
    Comment,
    HistoryEntry,
    Link,
)
from relclient.actions.movement import Movement, movements
from relclient.actions.queries import (
    ActionQuery,
    FollowUp,
    action_choices,
    comments,
    follow_up_counts,
    get_action,
    history,
    list_actions,
    mentions_of,
    open_actions_by_kpi,
    status_counts,
    wip_limits,
)

__all__ = [
    "FIELDS", "OPEN_STATUSES", "PRIORITIES", "STATUSES", "STATUS_BY_ID", "Action", "ActionConflict", "ActionDraft",
    "ActionError", "ActionQuery", "ChecklistItem", "Comment", "FollowUp", "HistoryEntry", "Link", "Movement",
    "Prefill", "action_choices", "action_sources", "add_comment", "changes_from", "comments", "create_action", "follow_up_counts", "get_action",
    "history", "list_actions", "mentions_of", "move_action", "movements", "open_actions_by_kpi", "prefill",
    "set_wip_limits", "source_address", "source_text", "status_counts", "update_action", "wip_limits",
]
