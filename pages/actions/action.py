"""One action: its KPI movement, everything about it (editable by those allowed), comments and
history. A save made on a version someone else has changed since is refused with what changed."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.actions import ActionConflict, add_comment, update_action
from relclient.i18n import t
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.action_forms import comment_form, edit_form
from relclient.ui.action_page import (Edits, action_header, checklist_and_origin, comment_list, conflict_text, facts,
                                      history_tab, movement_tiles, related)
from relclient.ui.actions import after_write, load_action, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store
from relclient.ui.i18n import current_language
from relclient.ui.params import id_param
from relclient.ui.widgets import plain

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
today = date.today()
show_flash()

action_id = id_param()
view = load_action(db, action_id, lang, today) if action_id is not None else None
if view is None:
    st.title(t("action.title", lang))
    if action_id is None:
        st.info(t("action.ask", lang))
    else:
        st.warning(t("actions.error.unknown", lang, id=action_id))
    st.page_link(script("actions"), label=t("action.to_board", lang), icon=":material/view_kanban:")
    st.stop()
a, store = view.action, get_store()
edits = Edits(a)  # the form shows the version this reader opened; a save names it
action_header(view, lang, today)
movement_tiles(view, lang)

if edits.conflict:
    conflict_text(edits.conflict[lang])
    keep, drop = st.columns(2)
    if keep.button(t("action.conflict_keep", lang), type="primary", key="conflict_keep"):
        try:
            update_action(store, user, action_id, a.version, edits.pending)
            edits.forget()
            after_write(t("action.saved", lang, id=action_id))
        except ActionConflict as exc:
            edits.refused(exc)
            after_write(t("action.conflict_again", lang))
        except Problem as exc:
            st.error(plain(exc.message(lang)))
    if drop.button(t("action.conflict_drop", lang), key="conflict_drop"):
        edits.forget()
        st.rerun()

details, talk, past = st.tabs([t("action.tab_details", lang), t("action.tab_comments", lang, n=len(view.comments)),
                               t("action.tab_history", lang, n=len(view.history))])
with details:
    left, right = st.columns([3, 2])
    with right:
        related(view, lang)
        checklist_and_origin(view, lang)
    with left:
        refusal = why_not(user, "edit_action", lang, lead_dept=a.lead_dept, contributors=a.contributors,
                          assignees=a.assignees)
        if refusal:
            facts(view, edits.seen, lang)
            st.caption(refusal)
        elif (sent := edit_form(store, user, edits.seen, view, lang)) is not None:
            change = sent.change(edits.seen)  # only what this reader changed: the rest stays as last saved
            if change.is_empty:
                st.info(t("action.nothing_changed", lang))
            else:
                try:
                    update_action(store, user, action_id, edits.seen.version, change)
                    edits.saved()
                    after_write(t("action.saved", lang, id=action_id))
                except ActionConflict as exc:
                    edits.refused(exc, change)
                    clear_caches()
                    st.rerun()
                except Problem as exc:
                    st.error(plain(exc.message(lang)))

with talk:
    comment_list(view, lang)
    refusal = why_not(user, "comment_action", lang)
    if refusal:
        st.caption(refusal)
    elif (comment := comment_form(view, lang)) is not None:
        body, mentions = comment
        try:
            add_comment(store, user, action_id, body, mentions)
            after_write(t("action.commented", lang))
        except Problem as exc:
            st.error(plain(exc.message(lang)))

with past:
    history_tab(view, lang)
