"""Cross-team actions: the board's domain (no Streamlit here)."""

from relclient.actions.change import KEEP, ActionChange, ActionDraft, changes_from
from relclient.actions.comments import add_comment
from relclient.actions.creation import CREATE_STATUSES, create_action
from relclient.actions.errors import ActionConflict, ActionError
from relclient.actions.forms import EditForm, NewForm
from relclient.actions.model import (
    FIELDS,
    OPEN_STATUSES,
    PRIORITIES,
    STATUS_BY_ID,
    STATUSES,
    Action,
    ChecklistItem,
    Comment,
    HistoryEntry,
    Link,
)
from relclient.actions.movement import Movement, movements
from relclient.actions.origins import decision_of_action
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
from relclient.actions.updates import move_action, update_action
from relclient.actions.wip import set_wip_limits

__all__ = [
    "CREATE_STATUSES", "FIELDS", "KEEP", "OPEN_STATUSES", "PRIORITIES", "STATUSES", "STATUS_BY_ID", "Action",
    "ActionChange", "ActionConflict", "ActionDraft", "ActionError", "ActionQuery", "ChecklistItem", "Comment",
    "EditForm", "FollowUp", "HistoryEntry", "Link", "Movement", "NewForm", "action_choices",
    "add_comment", "changes_from", "comments", "create_action", "decision_of_action",
    "follow_up_counts", "get_action", "history", "list_actions", "mentions_of", "move_action", "movements",
    "open_actions_by_kpi", "set_wip_limits", "status_counts",
    "update_action", "wip_limits",
]
