"""Management reviews: the upcoming and past reviews with their decisions' progress, and a new one."""

from datetime import date

import streamlit as st

from relclient.addresses import script
from relclient.actions.views import default_sponsor, sponsors
from relclient.i18n import t
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.reference import latest_activity
from relclient.reviews.forms import NewReview, open_or_create, proposal
from relclient.reviews.views import review_groups
from relclient.store import db_path_from_env
from relclient.ui.actions import FLASH_KEY, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store
from relclient.ui.i18n import current_language
from relclient.ui.reviews import load_reviews
from relclient.ui.widgets import page_header, plain

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
store = get_store()
page_header("reviews", lang)
show_flash()

latest = latest_activity(store)
for heading, rows in review_groups(load_reviews(db, date.today()), latest, lang):
    st.subheader(heading)
    if not rows:
        st.caption(t("reviews.none", lang))
    for row in rows:
        with st.container(border=True):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.page_link(script("review"), label=f"#{row.review_id} · {plain(row.title)}", query_params={"id": row.review_id},
                           icon=":material/event_note:")
            left.caption(row.line + (f" · :orange[{row.to_date}]" if row.to_date else ""))
            if row.done_share is not None:
                right.progress(row.done_share, text=row.progress)
            else:
                right.caption(row.progress)

st.subheader(t("reviews.new", lang))
refusal = why_not(user, "manage_reviews", lang)
if refusal:
    st.info(refusal)
proposed = proposal(latest, date.today(), lang)
leaders = sponsors(store)
with st.form("new_review"):
    title = st.text_input(t("reviews.f.title", lang), proposed.title)
    c1, c2 = st.columns(2)
    period = c1.date_input(t("reviews.f.period", lang), (proposed.period.start, proposed.period.end),
                           format="DD/MM/YYYY")
    chairs = list(leaders)
    chair = c2.selectbox(t("reviews.h.chair", lang), chairs, format_func=lambda e: leaders.get(e, e),
                         index=chairs.index(default) if (default := default_sponsor(store, user)) in chairs else 0)
    meeting = st.date_input(t("reviews.f.meeting_planned", lang), None, format="DD/MM/YYYY")
    submitted = st.form_submit_button(t("reviews.create", lang), type="primary", disabled=refusal is not None)
if submitted:
    try:
        opened = open_or_create(store, user, NewReview(title, period, chair, meeting))
    except Problem as exc:
        st.error(plain(exc.message(lang)))
    else:
        # A period has one review: preparing it again opens the one there is.
        if opened.created:
            clear_caches()
        st.session_state[FLASH_KEY] = t("reviews.created" if opened.created else "reviews.exists", lang,
                                        id=opened.review_id)
        review_id = opened.review_id
        st.switch_page(script("review"), query_params={"id": str(review_id)})
