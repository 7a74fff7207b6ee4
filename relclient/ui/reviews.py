"""The review pages' shared parts: cached loaders (cleared after every write), and the meeting's
steps drawn from relclient.reviews (the words in views.py, the forms' writes in forms.py); the
page (pages/reviews/review.py) wires them together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from relclient.actions.views import assignable, sponsors
from relclient.i18n import LANGUAGES, t
from relclient.metrics import KPIS_BY_ID
from relclient.problems import Problem
from relclient.reference import department_names
from relclient.reviews import (
    SECTION_IDS,
    SECTIONS,
    Review,
    ReviewContent,
    close_review,
    hold_review,
    list_reviews,
    reopen_review,
    review_content,
    set_comment,
    update_review,
)
from relclient.reviews.forms import DecisionForm, Preparation, decide, prepare, save_opportunities
from relclient.reviews.minutes import chart_browser, minutes_files
from relclient.reviews.sections import period_note, review_tiles, section_charts
from relclient.reviews.views import (
    STEPS,
    Access,
    attendance_line,
    closed_early_text,
    closing_question,
    comparison,
    decision_table,
    header_line,
    next_step,
    opportunities_draft,
    outputs,
    preparation_facts,
    step_label,
    step_tables,
)
from relclient.store import Store, open_store
from relclient.ui.actions import after_write
from relclient.ui.widgets import kpi_tiles, plain, plotly, table

if TYPE_CHECKING:
    from relclient.users import User



@st.cache_data(show_spinner=False, ttl=300)
def load_reviews(db: str, day: date):
    """Every review with its decisions' progress."""
    return list_reviews(open_store(db))


@st.cache_data(show_spinner=False, ttl=300)
def load_review(db: str, review_id: int, day: date):
    """A review's content: its frozen record once closed, else assembled from today's data."""
    return review_content(open_store(db), review_id, day)


@dataclass(frozen=True)
class Meeting:
    """What every step of the review page draws from: the review, the reader, and the names it shows."""

    content: ReviewContent
    user: User
    lang: str
    depts: dict[str, str]  # department names by code
    people: dict[str, str]  # people's names by email
    access: Access

    @property
    def review(self) -> Review:
        """The review as stored."""
        return self.content.review


def _write(change: Callable[[], object], done: Callable[[object], str], lang: str) -> None:
    # A write refused is said where the form is; a write made reruns the page with its confirmation.
    try:
        result = change()
    except Problem as exc:
        st.error(plain(exc.message(lang)))
    else:
        after_write(done(result))


def review_header(m: Meeting) -> None:
    """The review's title, status, period, chair, attendees, and how its record stands."""
    r, lang = m.review, m.lang
    st.title(f"#{r.review_id} · {plain(r.title)}")
    st.markdown(f":blue-badge[{t(f'reviews.status.{r.status}', lang)}] " + plain(header_line(r, m.people, lang)))
    st.caption(plain(attendance_line(m.content, m.people, m.depts, lang)))
    if m.content.frozen:
        st.info(t("reviews.h.frozen", lang), icon=":material/lock:")
    elif r.status == "closed":
        st.warning(t("reviews.no_record", lang))
    if m.content.closed_early:
        st.warning(plain(closed_early_text(m.content, m.people, lang)))


def _step_key(m: Meeting) -> str:
    return f"review_step_{m.review.review_id}"


def step_picker(m: Meeting) -> str:
    """The meeting's step, chosen on a segmented control (the first input until another is chosen)."""
    key = _step_key(m)
    if st.session_state.get(key) is None:
        st.session_state[key] = STEPS[0]
    step = st.segmented_control(t("reviews.step", m.lang), STEPS, key=key, format_func=lambda s: step_label(s, m.lang))
    note = period_note(m.content, m.lang)
    if note and step != "compare":  # every step of a period still running says so
        st.warning(note, icon=":material/hourglass_top:")
    return step


def section_step(m: Meeting, step: str, store: Store) -> None:
    """One input: its KPIs as tiles, its tables and charts, the opportunities' list, the meeting's comment."""
    r, lang = m.review, m.lang
    section = SECTIONS[SECTION_IDS.index(step)]
    st.header(f"{step_label(step, lang)} · ISO 9001 §{section.clause}")
    if section.kpis:
        kpi_tiles(review_tiles(m.content, section.kpis, lang), lang)
    for n, tb in enumerate(step_tables(m.content, step, lang, m.depts)):
        st.markdown(f"**{plain(tb.title)}**")
        if not tb.rows:
            st.caption("—")
        elif tb.sources:  # a row opens a pre-filled action
            table(pd.DataFrame(tb.rows, columns=tb.columns), f"review-{r.review_id}-{step}-{n}", lang,
                  act_from=tb.sources)
        else:
            st.dataframe(pd.DataFrame(tb.rows, columns=tb.columns), hide_index=True, width="stretch", placeholder="")
    for n, fig in enumerate(section_charts(m.content, lang)[step]):
        plotly(fig, f"review-{step}-{n}")
    if step == "opportunities" and m.access.editable:
        with st.form(f"opportunities-{r.review_id}"):
            kept = st.text_area(t("reviews.opp_edit", lang), opportunities_draft(m.content, lang, m.depts),
                                help=t("reviews.opp_help", lang), height=150)
            if st.form_submit_button(t("reviews.save", lang)):
                _write(lambda: save_opportunities(store, m.user, r.review_id, kept),
                       lambda _: t("reviews.saved", lang), lang)
    comment = m.content.comments.get(step, "")
    if m.access.editable:
        with st.form(f"comment-{r.review_id}-{step}"):
            text = st.text_area(t("reviews.h.comment", lang), comment, key=f"comment-{r.review_id}-{step}")
            if st.form_submit_button(t("reviews.save_comment", lang)):
                _write(lambda: set_comment(store, m.user, r.review_id, step, text), lambda _: t("reviews.saved", lang),
                       lang)
    else:
        st.markdown(f"**{t('reviews.h.comment', lang)}** {plain(comment) if comment else '—'}")
    after = next_step(step)
    if after is not None:
        st.button(t("reviews.next", lang, step=step_label(after, lang)), key="review_next",
                  on_click=lambda: st.session_state.update({_step_key(m): after}))


def decision_list(m: Meeting) -> None:
    """The decisions taken so far (the page links each action after it)."""
    st.header(step_label("decisions", m.lang))
    decided = decision_table(m.content, m.lang, m.depts, m.people)
    if not decided.rows:
        st.caption(t("reviews.no_decision", m.lang))
    else:
        st.dataframe(pd.DataFrame(decided.rows, columns=decided.columns), hide_index=True, width="stretch", placeholder="")


def decision_forms(m: Meeting, store: Store) -> None:
    """A new decision (an action too, when it calls for work) and the other outputs; read only when closed or not the reader's."""
    r, lang = m.review, m.lang
    if not m.access.editable:
        # Closed (or read by someone who may not decide): the outputs as the record says them.
        st.info(m.access.refusal or t("reviews.closed_note", lang))
        st.subheader(t("reviews.h.outputs", lang))
        for label, value in outputs(r, lang):
            st.markdown(f"**{label}**")
            st.text(value)
        return
    rid, depts, leaders = r.review_id, m.depts, sponsors(store)
    with st.form(f"decision-{rid}", clear_on_submit=True):
        text = st.text_area(t("reviews.c.decision", lang), key=f"decision_text_{rid}")
        c1, c2, c3 = st.columns(3)
        owner = c1.selectbox(t("reviews.c.owner", lang), list(depts), format_func=depts.get, key=f"decision_owner_{rid}")
        sponsor = c2.selectbox(t("reviews.c.sponsor", lang), list(leaders), format_func=leaders.get,
                               key=f"decision_sponsor_{rid}")
        due = c3.date_input(t("reviews.c.due", lang), None, key=f"decision_due_{rid}", format="DD/MM/YYYY")
        becomes = st.checkbox(t("reviews.becomes_action", lang), True, key=f"decision_action_{rid}")
        c4, c5 = st.columns(2)
        action_kpi = c4.selectbox(t("actions.field.kpi_id", lang), list(KPIS_BY_ID), key=f"decision_kpi_{rid}",
                                  format_func=lambda i: KPIS_BY_ID[i].label(lang))
        contributors = c5.multiselect(t("actions.field.contributors", lang), list(depts), format_func=depts.get,
                                      key=f"decision_contributors_{rid}", placeholder=t("widget.choose", lang))
        if st.form_submit_button(t("reviews.decide", lang), type="primary"):
            form = DecisionForm(text, owner, sponsor, due, becomes, action_kpi, tuple(contributors))
            _write(lambda: decide(store, m.user, rid, form),
                   lambda d: t("reviews.decided", lang) + (f" #{d.action_id}" if d.action_id else ""), lang)
    st.subheader(t("reviews.h.outputs", lang))
    with st.form(f"outputs-{rid}"):
        needs = st.text_area(t("reviews.h.resources", lang), r.resource_needs, key=f"needs_{rid}")
        changes = st.text_area(t("reviews.h.target_changes", lang), r.target_changes, key=f"targets_{rid}")
        if st.form_submit_button(t("reviews.save", lang)):
            _write(lambda: update_review(store, m.user, rid, resource_needs=needs, target_changes=changes),
                   lambda _: t("reviews.saved", lang), lang)


def compare_step(m: Meeting) -> None:
    """Each KPI against the previous review (or as many days before, while the period runs), and the earlier decisions done or not."""
    lang = m.lang
    st.header(step_label("compare", lang))
    shown = comparison(m.content, lang)
    if shown is None:
        st.info(t("reviews.no_previous", lang))
        return
    if shown.running:
        st.warning(plain(shown.note), icon=":material/hourglass_top:")
    else:
        st.caption(plain(shown.note))
    st.dataframe(pd.DataFrame(shown.kpis.rows, columns=shown.kpis.columns), hide_index=True, width="stretch", placeholder="")
    done, not_done = st.columns(2)
    done.markdown(f"**{t('reviews.done', lang, n=len(shown.done))}**")
    for line in shown.done:
        done.markdown(f"- {plain(line)}")
    not_done.markdown(f"**{t('reviews.not_done', lang, n=len(shown.not_done))}**")
    for line in shown.not_done:
        not_done.markdown(f"- {plain(line)}")


def minutes_step(m: Meeting, store: Store) -> None:
    """The minutes in either language, with or without charts, as PDF and HTML downloads."""
    lang, rid = m.lang, m.review.review_id
    st.header(step_label("minutes", lang))
    st.caption(t("reviews.minutes_caption", lang))
    minutes_lang = st.segmented_control(t("reviews.minutes_lang", lang), LANGUAGES, default=lang,
                                        key=f"minutes_lang_{rid}", format_func=str.upper) or lang
    can_draw = chart_browser() is not None
    charts = st.toggle(t("reviews.minutes_charts", lang), can_draw, key=f"minutes_charts_{rid}", disabled=not can_draw)
    if not can_draw:
        st.caption(t("reviews.minutes_no_browser", lang))
    kept = f"minutes_{rid}"
    if st.button(t("reviews.minutes_prepare", lang), type="primary", key="minutes_prepare"):
        with st.spinner(t("reviews.minutes_working", lang)):
            st.session_state[kept] = minutes_files(m.content, minutes_lang, department_names(store, minutes_lang),
                                                   m.people, charts=charts)
    files = st.session_state.get(kept)
    if files is not None:
        with st.container(horizontal=True):
            st.download_button("PDF", files.pdf, file_name=f"{files.name}.pdf", mime="application/pdf",
                               icon=":material/download:")
            st.download_button("HTML", files.html, file_name=f"{files.name}.html", mime="text/html",
                               icon=":material/download:")


def meeting_step(m: Meeting, store: Store, today: date) -> None:
    """The meeting's course: its preparation, then held, closed (confirmed when early), and reopened by its chair."""
    r, lang, rid = m.review, m.lang, m.review.review_id
    st.header(step_label("meeting", lang))
    if m.access.refusal:  # a reader who may not run the review reads its preparation as text
        for label, value in preparation_facts(r, m.people, m.depts, lang):
            st.markdown(f"**{label}**")
            st.text(value)
        st.caption(m.access.refusal)
        if r.status == "closed":
            _reopen(m, store)
        return
    if r.status != "closed":
        _preparation(m, store)
    if r.status == "draft":
        held_on = st.date_input(t("reviews.h.meeting", lang), r.meeting_date or today, key=f"held_on_{rid}",
                                format="DD/MM/YYYY")
        if st.button(t("reviews.hold", lang), type="primary", disabled=not m.access.editable, key="review_hold"):
            _write(lambda: hold_review(store, m.user, rid, held_on), lambda _: t("reviews.held", lang), lang)
    elif r.status == "held":
        st.caption(t("reviews.close_help", lang))
        question = closing_question(m.content, lang)
        # Closing before the period ends is said, confirmed, and recorded.
        early_ok = st.checkbox(question, key=f"close_partial_{rid}") if question else False
        if st.button(t("reviews.close", lang), type="primary", disabled=not m.access.editable or bool(question and not early_ok),
                     key="review_close"):
            def close() -> int:
                with st.spinner(t("reviews.closing", lang)):
                    return close_review(store, m.user, rid, confirm_partial=early_ok)

            _write(close, lambda closing: t("reviews.closed", lang, n=closing), lang)
    else:
        _reopen(m, store)


def _preparation(m: Meeting, store: Store) -> None:
    # Title, attendees, and the planned meeting day (set in advance; holding the meeting confirms it).
    r, lang = m.review, m.lang
    everyone = assignable(store)
    with st.form(f"prepare-{r.review_id}"):
        title = st.text_input(t("reviews.f.title", lang), r.title)
        who = st.multiselect(t("reviews.f.people", lang), list(dict.fromkeys([*r.people, *everyone])),
                             default=list(r.people), format_func=lambda e: m.people.get(e, e),
                             placeholder=t("widget.choose", lang))
        which = st.multiselect(t("reviews.f.departments", lang), list(m.depts), default=list(r.departments),
                               format_func=m.depts.get, placeholder=t("widget.choose", lang))
        planned = st.date_input(t("reviews.f.meeting_planned", lang), r.meeting_date, format="DD/MM/YYYY",
                                disabled=r.status != "draft")
        if st.form_submit_button(t("reviews.save", lang), disabled=not m.access.editable):
            form = Preparation(title, tuple(who), tuple(which), planned)
            _write(lambda: prepare(store, m.user, r, form), lambda _: t("reviews.saved", lang), lang)


def _reopen(m: Meeting, store: Store) -> None:
    # A closed review is reopened by its chair only, who says why.
    lang, rid = m.lang, m.review.review_id
    if m.access.reopen_refusal:
        st.caption(m.access.reopen_refusal)
    reason = st.text_input(t("reviews.reopen_reason", lang), key=f"reopen_reason_{rid}")
    if st.button(t("reviews.reopen", lang), disabled=m.access.reopen_refusal is not None, key="review_reopen"):
        _write(lambda: reopen_review(store, m.user, rid, reason), lambda _: t("reviews.reopened", lang), lang)
