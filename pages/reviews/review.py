"""One management review, as the meeting's screen: one input at a time with big figures and the
dashboards' charts, the meeting's comments, decisions (that become actions), the comparison with
the previous review, the minutes to download, and the meeting's course (held, closed, reopened)."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.actions.views import people
from relclient.i18n import t
from relclient.reference import department_names
from relclient.reviews import SECTION_IDS
from relclient.reviews.views import access
from relclient.store import db_path_from_env
from relclient.ui.actions import show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import get_store
from relclient.ui.i18n import current_language
from relclient.ui.params import id_param, raw_param
from relclient.ui.reviews import (Meeting, compare_step, decision_forms, decision_list, load_review,
                                  meeting_step, minutes_step, review_header, section_step, step_picker)
from relclient.ui.widgets import plain

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
store = get_store()
today = date.today()
show_flash()

review_id = id_param()
content = load_review(db, review_id, today) if review_id is not None else None
if content is None:
    st.title(t("page.review", lang))
    st.warning(t("reviews.error.unknown", lang, id=plain(raw_param("id") or "?")))
    st.page_link(script("reviews"), label=t("page.reviews", lang), icon=":material/event_note:")
    st.stop()
meeting = Meeting(content, user, lang, department_names(store, lang), people(store), access(content.review, user, lang))
review_header(meeting)
step = step_picker(meeting)

if step in SECTION_IDS:
    section_step(meeting, step, store)
elif step == "decisions":
    decision_list(meeting)
    for d in content.decisions:
        if d["action_id"]:
            st.page_link(script("action"), label=f"#{d['action_id']} · {plain(d['text'])}", query_params={"id": d["action_id"]},
                         icon=":material/task_alt:")
    decision_forms(meeting, store)
elif step == "compare":
    compare_step(meeting)
elif step == "minutes":
    minutes_step(meeting, store)
else:  # the meeting's course
    meeting_step(meeting, store, today)
