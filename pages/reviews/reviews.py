"""Management reviews: the upcoming and past reviews with their decisions' progress, and a new one."""

from datetime import date

import pandas as pd
import streamlit as st

from relclient.actions.views import default_sponsor, sponsors
from relclient.i18n import t
from relclient.periods import Period, quarter_of, to_date_text
from relclient.permissions import PermissionDenied, why_not
from relclient.reference import latest_activity
from relclient.reviews import ReviewError, create_review, review_for_period
from relclient.store import db_path_from_env
from relclient.ui.actions import FLASH_KEY, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store
from relclient.ui.i18n import current_language
from relclient.ui.reviews import REVIEW_PAGE, load_reviews
from relclient.ui.widgets import date_text, page_header, plain

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
store = get_store()
page_header("reviews", lang)
show_flash()

reviews = load_reviews(db, date.today())
latest = latest_activity(store)
for status_group, label in ((("draft", "held"), "reviews.upcoming"), (("closed",), "reviews.past")):
    st.subheader(t(label, lang))
    rows = reviews[reviews["status"].isin(status_group)]
    if rows.empty:
        st.caption(t("reviews.none", lang))
    for row in rows.itertuples():
        with st.container(border=True):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.page_link(REVIEW_PAGE, label=f"#{row.review_id} · {plain(row.title)}", query_params={"id": row.review_id},
                           icon=":material/event_note:")
            to_date = to_date_text(Period(row.period_start.date(), row.period_end.date()).clip(latest), lang)
            left.caption(t("reviews.row", lang, start=date_text(row.period_start, lang),
                           end=date_text(row.period_end, lang), status=t(f"reviews.status.{row.status}", lang),
                           meeting=date_text(row.meeting_date, lang) if pd.notna(row.meeting_date) else "—")
                         + (f" · :orange[{to_date}]" if to_date and row.status != "closed" else ""))
            if row.actions:
                right.progress(row.done / row.actions, text=t("reviews.progress", lang, done=row.done,
                                                              n=row.actions, decisions=row.decisions))
            else:
                right.caption(t("reviews.decisions_only", lang, n=row.decisions))

st.subheader(t("reviews.new", lang))
refusal = why_not(user, "manage_reviews", lang)
if refusal:
    st.info(refusal)
anchor = latest or date.today()
quarter = quarter_of(anchor)
leaders = sponsors(store)
with st.form("new_review"):
    title = st.text_input(t("reviews.f.title", lang), t("reviews.default_title", lang,
                                                       q=(quarter.start.month - 1) // 3 + 1, year=quarter.start.year))
    c1, c2 = st.columns(2)
    period = c1.date_input(t("reviews.f.period", lang), (quarter.start, quarter.end),
                           format="DD/MM/YYYY")
    chairs = list(leaders)
    chair = c2.selectbox(t("reviews.h.chair", lang), chairs, format_func=lambda e: leaders.get(e, e),
                         index=chairs.index(default) if (default := default_sponsor(store, user)) in chairs else 0)
    meeting = st.date_input(t("reviews.f.meeting_planned", lang), None, format="DD/MM/YYYY")
    submitted = st.form_submit_button(t("reviews.create", lang), type="primary", disabled=refusal is not None)
if submitted:
    if not isinstance(period, tuple) or len(period) != 2:
        st.error(t("reviews.f.period_both", lang))
    elif (existing := review_for_period(store, Period(*period))) is not None:
        # A period has one review: preparing it again opens the one there is.
        st.session_state[FLASH_KEY] = t("reviews.exists", lang, id=existing)
        st.switch_page(REVIEW_PAGE, query_params={"id": str(existing)})
    else:
        try:
            review_id = create_review(store, user, title, Period(*period), chair or "", meeting_date=meeting)
        except (ReviewError, PermissionDenied, ValueError) as exc:
            st.error(plain(exc.message(lang) if hasattr(exc, "message") else str(exc)))
        else:
            clear_caches()
            st.session_state[FLASH_KEY] = t("reviews.created", lang, id=review_id)
            st.switch_page(REVIEW_PAGE, query_params={"id": str(review_id)})
