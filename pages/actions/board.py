"""Action board: the cross-team actions as a kanban by status (with swimlanes), as a table, and
the follow-up lists of actions that need a push."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.actions import move_action
from relclient.actions.views import board_table
from relclient.i18n import t
from relclient.metrics import KPIS_BY_ID
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.actions import after_write, load_board, seen_version, show_flash
from relclient.ui.board import drag_view, follow_up_lists, kanban, wip_form
from relclient.ui.auth import acting_user
from relclient.ui.data import get_store, load_choices
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain, table

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

follow_up_lists(board, lang)

view = st.segmented_control(t("board.view", lang), ["kanban", "drag", "table"], key="board_view", default="kanban",
                            format_func=lambda v: t(f"board.view_{v}", lang))
if not board.actions:
    st.info(t("board.empty", lang))

asked = None
if view == "table":
    table(board_table(board, lang, today), "actions", lang)
elif view == "drag" and board.actions:
    asked = drag_view(board, lang)
elif board.actions:
    asked = kanban(board, user, lang, today)

if asked:
    action, status = asked
    try:
        move_action(get_store(), user, action.action_id, seen_version(action), status)
        after_write(t("board.moved", lang, id=action.action_id, status=t(f"action_status.{status}", lang)))
    except Problem as exc:
        st.error(plain(exc.message(lang)))

wip_form(board, user, lang)
