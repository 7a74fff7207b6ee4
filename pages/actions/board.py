"""Action board: the cross-team actions as a kanban by status (with swimlanes), as a table, and
the follow-up lists of actions that need a push."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.actions import STATUS_BY_ID, STATUSES, move_action, set_wip_limits
from relclient.actions.views import board_table
from relclient.i18n import format_number, t, tn
from relclient.metrics import KPIS_BY_ID
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.actions import after_write, card, drag_board, load_board, seen_version, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import get_store, load_choices
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain, table

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

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
today = date.today()
page_header("board", lang)
show_flash()

names = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
# A link (the Overview's KPI tile, a department view) names its filters in the address.
for param, key, known in (("kpi", "board_kpi", KPIS_BY_ID), ("dept", "board_dept", names)):
    value = st.query_params.get(param)
    if value in known and st.session_state.get(f"_{key}_url") != value:
        st.session_state[f"_{key}_url"] = value
        st.session_state[key] = value

with st.container(horizontal=True, vertical_alignment="bottom"):
    dept = st.selectbox(t("board.dept", lang), ["", *names], format_func=lambda c: names.get(c, t("board.all", lang)),
                        key="board_dept", width=220)
    kpi_id = st.selectbox(t("board.kpi", lang), ["", *KPIS_BY_ID], key="board_kpi", width=220,
                          format_func=lambda k: KPIS_BY_ID[k].label(lang) if k else t("board.all", lang))
    everything = load_board(db, None, None, None, False, False, None, lang, today)
    sponsor_emails = sorted({a.sponsor for a in everything.actions}, key=lambda e: everything.people.get(e, e))
    sponsor = st.selectbox(t("board.sponsor", lang), ["", *sponsor_emails], key="board_sponsor", width=220,
                           format_func=lambda e: everything.people.get(e, e) if e else t("board.all", lang))
    overdue = st.toggle(t("board.overdue", lang), key="board_overdue")
    blocked = st.toggle(t("board.blocked", lang), key="board_blocked")
    mine = st.toggle(t("board.mine", lang), key="board_mine", help=t("board.mine_help", lang))
    st.page_link(script("new_action"), label=t("board.new", lang), icon=":material/add_task:")

board = load_board(db, dept or None, sponsor or None, kpi_id or None, overdue, blocked,
                   user.email if mine else None, lang, today)

# Follow-up: what needs a push, whatever the column; each list opens on demand (the board stays short).
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

view = st.segmented_control(t("board.view", lang), ["kanban", "drag", "table"], key="board_view", default="kanban",
                            format_func=lambda v: t(f"board.view_{v}", lang))
if not board.actions:
    st.info(t("board.empty", lang))

asked = None
if view == "table":
    table(board_table(board, lang, today), "actions", lang)
elif view == "drag" and board.actions:
    st.caption(t("board.drag_help", lang))
    # A new key after every change: the lists are drawn again from the database, not from the drag.
    state = hash(tuple((a.action_id, a.status, a.version) for a in board.actions))
    dragged = drag_board(board, lang, key=f"drag-{state}")
    if dragged:
        action, status = dragged[0]  # one card is dragged at a time
        if status not in STATUS_BY_ID[action.status].quick_moves:
            st.error(t("board.drag_refused", lang, id=action.action_id, old=t(f"action_status.{action.status}", lang),
                       new=t(f"action_status.{status}", lang)))
        else:
            asked = (action, status)
elif board.actions:
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

if asked:
    action, status = asked
    try:
        move_action(get_store(), user, action.action_id, seen_version(action), status)
        after_write(t("board.moved", lang, id=action.action_id, status=t(f"action_status.{status}", lang)))
    except Problem as exc:
        st.error(plain(exc.message(lang)))

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
