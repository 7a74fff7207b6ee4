"""The action board's parts: the follow-up lists, the kanban with its swimlanes, the drag-and-drop
view and the WIP limits' form (pages/actions/board.py wires them to its filters)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient.actions import STATUS_BY_ID, STATUSES, set_wip_limits
from relclient.actions.views import Board
from relclient.addresses import script
from relclient.i18n import format_number, t, tn
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.ui.actions import after_write, card, drag_board
from relclient.ui.data import get_store
from relclient.ui.widgets import plain
from relclient.users import User

# A column shows its most urgent cards (priority, then due date); the drag-and-drop view, the table
# and the filters show the rest, so that the board stays within two screens and stays quick.
CARDS_PER_CELL = 5
# Cards in smaller type, and a card's title (a page link) wrapping instead of being cut at the
# column's width: a column of five cards stays within a screen.
CARD_STYLE = """<style>
[class*="st-key-card-"] { padding: 0.6rem 0.7rem !important; gap: 0.35rem !important; }
[class*="st-key-card-"] p, [class*="st-key-card-"] button { font-size: 0.8rem !important; line-height: 1.35 !important; }
[class*="st-key-card-"] [data-testid="stPageLink"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[class*="st-key-card-"] button { min-height: 1.6rem !important; padding: 0 0.2rem !important; }
</style>"""


def follow_up_lists(board: Board, lang: str) -> None:
    """What needs a push, whatever the column (overdue, blocked long, without news); each list opens
    on demand, so that the board stays short."""
    st.subheader(t("board.follow_up", lang))
    lists = ((board.overdue, "board.fu_overdue"), (board.blocked_long, "board.fu_blocked"), (board.stale, "board.fu_stale"))
    for column, (found, key) in zip(st.columns(3), lists):
        with column:
            st.metric(t(key, lang), format_number(len(found), lang, 0), help=t(f"{key}_help", lang))
            if found:
                with st.expander(t("board.fu_list", lang, n=format_number(len(found), lang, 0))):
                    for a in found[:8]:
                        st.page_link(script("action"), label=f"#{a.action_id} · {plain(a.title)}",
                                     query_params={"id": a.action_id})
                    if len(found) > 8:
                        st.caption(t("board.fu_more", lang, n=len(found) - 8))


def drag_view(board: Board, lang: str) -> tuple | None:
    """The board as lists to drag between; the card dragged and the status it was dropped on, when
    the move is one a button offers (otherwise said, and None)."""
    st.caption(t("board.drag_help", lang))
    # A new key after every change: the lists are drawn again from the database, not from the drag.
    state = hash(tuple((a.action_id, a.status, a.version) for a in board.actions))
    dragged = drag_board(board, lang, key=f"drag-{state}")
    if not dragged:
        return None
    action, status = dragged[0]  # one card is dragged at a time
    if status not in STATUS_BY_ID[action.status].quick_moves:
        st.error(t("board.drag_refused", lang, id=action.action_id, old=t(f"action_status.{action.status}", lang),
                   new=t(f"action_status.{status}", lang)))
        return None
    return action, status


def kanban(board: Board, user: User, lang: str, today: date) -> tuple | None:
    """The kanban: a column per status (closed ones on demand), a row per swimlane, the most urgent
    cards of each cell; the card and the status its button asked for, if one was pressed."""
    asked = None
    with st.container(horizontal=True, vertical_alignment="bottom"):
        lane_by = st.segmented_control(t("board.lanes", lang), ["none", "lead", "sponsor"], key="board_lanes",
                                       default="none", format_func=lambda v: t(f"board.lanes_{v}", lang))
        closed = st.toggle(t("board.show_closed", lang), key="board_closed")
    st.html(CARD_STYLE)
    columns_shown = [s for s in STATUSES if s.is_open or closed]
    for status in STATUSES:
        if board.over_limit(status.id):
            st.warning(t("board.wip_over", lang, status=t(f"action_status.{status.id}", lang),
                         n=board.column_totals[status.id], limit=board.wip[status.id]), icon="⚠️")
    for head, status in zip(st.columns(len(columns_shown)), columns_shown):
        label = t(f"action_status.{status.id}", lang)
        limit = board.wip.get(status.id)
        shown = f"{len(board.in_status(status.id))}" + (f" / {limit}" if limit else "")
        head.markdown(f"**{label}** · " + (f":orange[**{shown}** ⚠]" if board.over_limit(status.id) else shown))

    for lane in sorted({board.lane(a, lane_by) for a in board.actions if a.status in {s.id for s in columns_shown}}):
        if lane:
            st.markdown(f"#### {plain(lane)}")
        for column, status in zip(st.columns(len(columns_shown)), columns_shown):
            with column:
                cell = [a for a in board.in_status(status.id) if board.lane(a, lane_by) == lane]
                for action in cell[:CARDS_PER_CELL]:
                    wanted = card(action, board, user, lang, today)
                    if wanted:
                        asked = (action, wanted)
                if len(cell) > CARDS_PER_CELL:
                    st.caption(tn("board.more_cards", len(cell) - CARDS_PER_CELL, lang))
    return asked


def wip_form(board: Board, user: User, lang: str) -> None:
    """The board's WIP limits, set by those allowed (and why not, for the others)."""
    with st.expander(t("board.wip_title", lang)):
        refusal = why_not(user, "set_wip_limits", lang)
        st.caption(t("board.wip_help", lang))
        if refusal:
            st.info(refusal)
        with st.form("wip_limits"):
            columns = st.columns(4)
            entered = {s.id: columns[n % 4].number_input(t(f"action_status.{s.id}", lang), min_value=1, step=1,
                                                         value=board.wip.get(s.id), placeholder="—", key=f"wip_{s.id}")
                       for n, s in enumerate(x for x in STATUSES if x.is_open)}
            if st.form_submit_button(t("board.wip_save", lang), disabled=refusal is not None):
                try:
                    set_wip_limits(get_store(), user,
                                   {k: (int(v) if v is not None else None) for k, v in entered.items()})
                    after_write(t("board.wip_saved", lang))
                except Problem as exc:
                    st.error(plain(exc.message(lang)))
