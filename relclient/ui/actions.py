"""The action pages' shared parts: cached loaders, saves that clear the caches, the flash
message that survives a rerun, and the board's card."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from relclient.actions import STATUS_BY_ID, STATUSES, Action, ActionQuery, FollowUp, Movement
from relclient.actions.views import Board, action_view, build_board
from relclient.addresses import script
from relclient.auth import User
from relclient.i18n import t
from relclient.metrics import kpi
from relclient.permissions import allowed
from relclient.store import open_store
from relclient.ui.data import clear_caches
from relclient.ui.widgets import date_text, plain

FLASH_KEY = "actions_flash"
_COLUMN = {s.id: n for n, s in enumerate(STATUSES)}


def _arrow(old: str, new: str) -> str:
    # The sign on a card's move button: done, forward, or back to an earlier column.
    return "✓" if new == "done" else ("→" if _COLUMN[new] > _COLUMN[old] else "←")


@st.cache_data(show_spinner=False, ttl=300)
def load_board(db: str, dept: str | None, sponsor: str | None, kpi_id: str | None, overdue: bool, blocked: bool,
               mine: str | None, lang: str, day: date) -> Board:
    """The board for these filters (cached per day: follow-up counts in days)."""
    return build_board(open_store(db), ActionQuery(dept=dept, sponsor=sponsor, kpi_id=kpi_id, overdue=overdue,
                                               blocked=blocked, mine=mine), lang)


@st.cache_data(show_spinner=False, ttl=300)
def load_action(db: str, action_id: int, lang: str, day: date):
    """One action's page content."""
    return action_view(open_store(db), action_id, lang)


def after_write(message: str) -> None:
    """Forget cached results, keep `message` for the next run, and rerun."""
    clear_caches()
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    """The message a write left before its rerun, once."""
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))


def follow_up(counts: FollowUp, lang: str, dept: str | None = None) -> None:
    """The follow-up counts in one row (overdue, blocked too long, silent), with a link to the board."""
    with st.container(border=True):
        st.markdown(f"**{t('board.follow_up', lang)}** · " + t("followup.open", lang, n=counts.open))
        cols = st.columns([1, 1, 1, 1], vertical_alignment="center")
        for column, (key, n) in zip(cols, (("board.fu_overdue", counts.overdue),
                                            ("board.fu_blocked", counts.blocked_long),
                                            ("board.fu_stale", counts.stale))):
            column.metric(t(key, lang), n, help=t(f"{key}_help", lang))
        cols[3].page_link(script("actions"), label=t("followup.to_board", lang), icon=":material/view_kanban:",
                          query_params={"dept": dept} if dept else None)


def kpi_line(action: Action, moved: Movement, lang: str) -> str:
    """`NPS: start 12.0 pts → now 18.5 pts → target 25.0 pts ↗ · within noise`: the arrow says
    which way it moved, the colour whether that move is significant (green the right way, red the
    wrong way, grey otherwise), and the verdict says it in words."""
    k = kpi(action.kpi_id)
    parts = [t("actions.card.baseline", lang, value=k.format(moved.baseline, lang)),
             t("actions.card.now", lang, value=k.format(moved.now, lang))]
    if moved.target is not None:
        parts.append(t("actions.card.target", lang, value=k.format(moved.target, lang)))
    verdict = moved.verdict(k)
    return t("actions.card.kpi", lang, kpi=plain(k.label(lang)), colour=moved.colour,
             values=" → ".join(plain(p) for p in parts), arrow=moved.arrow,
             verdict=f" · {t(f'verdict.{verdict}', lang)}" if verdict else "")


def due_text(action: Action, lang: str, today: date) -> str:
    """The due date, in red with a word when it has passed."""
    if action.due_date is None:
        return t("actions.card.no_due", lang)
    text = t("actions.card.due", lang, day=date_text(action.due_date, lang))
    return f":red[**{text} · {t('actions.card.overdue', lang)}**]" if action.is_overdue(today) else text


_SEEN_KEY = "board_seen_version"


def _saw(action_id: int, version: int) -> None:
    # Bound when the card was drawn: the version the person saw, even if the board is read again
    # (another process's change clears the caches) before their click is handled.
    st.session_state[_SEEN_KEY] = (action_id, version)


def seen_version(action: Action) -> int:
    """The version of `action` the person saw when they clicked a move (the version check is on it)."""
    seen = st.session_state.pop(_SEEN_KEY, None)
    return seen[1] if seen and seen[0] == action.action_id else action.version


def card(action: Action, board: Board, user: User, lang: str, today: date) -> str | None:
    """One compact card of the board: the title (a link to the action), the departments, the due
    date, the KPI's start → now → target, and the moves the user may make; return the status a
    move button asked for."""
    with st.container(border=True, key=f"card-{action.action_id}", gap="small"):
        # A page link keeps the session and the page (a plain link would start the app again).
        st.page_link(script("action"), label=f"#{action.action_id} · {plain(action.title)}",
                     query_params={"id": action.action_id})
        names = board.departments
        depts = plain(names.get(action.lead_dept, action.lead_dept))
        if action.contributors:
            depts += " + " + ", ".join(plain(names.get(d, d)) for d in action.contributors)
        else:
            depts += f" · {t('actions.card.single', lang)}"
        # Sponsor, priority and a blocking reason are on the action's page and in the table view.
        st.caption(depts)
        st.markdown(due_text(action, lang, today))
        st.markdown(kpi_line(action, board.moved[action.action_id], lang))
        if not allowed(user, "edit_action", lead_dept=action.lead_dept, contributors=action.contributors,
                       assignees=action.assignees):
            return None
        asked = None
        with st.container(horizontal=True, gap="small"):
            for status in STATUS_BY_ID[action.status].quick_moves:  # a reason is typed on the action page
                label = t(f"action_status.{status}", lang)
                if st.button(f"{_arrow(action.status, status)} {label}", key=f"move-{action.action_id}-{status}",
                             type="tertiary", help=t("actions.card.move_help", lang, status=label),
                             on_click=_saw, args=(action.action_id, action.version)):
                    asked = status
        return asked


_ITEM = re.compile(r"#(\d+) · ")


def drag_board(board: Board, lang: str, key: str) -> list[tuple[Action, str]]:
    """The board's columns as lists to drag cards between (streamlit-sortables, titles as text);
    return the (action, new status) of each card dragged to another column."""
    from streamlit_sortables import sort_items  # a component: loaded only where it is drawn

    def item(a: Action) -> str:
        title = " ".join(a.title.split())
        return f"#{a.action_id} · {title[:70]}{'…' if len(title) > 70 else ''}"

    columns = [{"header": f"{t(f'action_status.{s.id}', lang)} · {len(board.in_status(s.id))}",
                "items": [item(a) for a in board.in_status(s.id)]} for s in STATUSES]
    result = sort_items(columns, multi_containers=True, direction="horizontal", key=key,
                        custom_style=".sortable-component { font-size: 0.8rem; } "
                                     ".sortable-container { flex: 1 1 0; min-width: 0; } "
                                     ".sortable-item { white-space: normal; }")
    by_id = {a.action_id: a for a in board.actions}
    moved = []
    for status, column in zip(STATUSES, result):
        for text in column["items"]:
            found = _ITEM.match(text)
            action = by_id.get(int(found.group(1))) if found else None
            if action is not None and action.status != status.id:
                moved.append((action, status.id))
    return moved
