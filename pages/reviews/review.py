"""One management review, as the meeting's screen: one input at a time with big figures and the
dashboards' charts, the meeting's comments, decisions (that become actions), the comparison with
the previous review, the minutes to download, and the meeting's course (held, closed, reopened)."""

from datetime import date

import pandas as pd
import streamlit as st

from relclient.actions import ActionError
from relclient.actions.views import assignable, people, sponsors
from relclient.i18n import LANGUAGES, t
from relclient.metrics import KPIS_BY_ID, kpi
from relclient.permissions import PermissionDenied, allowed, why_not
from relclient.reference import department_names
from relclient.reviews import (
    SECTIONS,
    ReviewError,
    add_decision,
    close_review,
    compare,
    hold_review,
    reopen_review,
    set_comment,
    set_opportunities,
    update_review,
)
from relclient.reviews.minutes import build_minutes, chart_browser, to_html, to_pdf
from relclient.reviews.sections import period_note, review_tiles, section_charts, section_tables
from relclient.store import db_path_from_env
from relclient.ui.actions import ACTION_PAGE, after_write, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import get_store
from relclient.ui.i18n import current_language
from relclient.ui.reviews import LIST_PAGE, load_review
from relclient.ui.params import id_param, raw_param
from relclient.ui.widgets import date_text, kpi_tiles, plain, plotly, table

STEPS = (*(s.id for s in SECTIONS), "decisions", "compare", "minutes", "meeting")
BY_ID = {s.id: s for s in SECTIONS}

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
    st.page_link(LIST_PAGE, label=t("page.reviews", lang), icon=":material/event_note:")
    st.stop()
r = content.review
depts, names = department_names(store, lang), people(store)
editable = r.status != "closed" and allowed(user, "manage_reviews")
refusal = why_not(user, "manage_reviews", lang)


def fail(exc: Exception) -> None:
    """A refused write, said in the reader's language."""
    st.error(plain(exc.message(lang) if hasattr(exc, "message") else str(exc)))


st.title(f"#{r.review_id} · {plain(r.title)}")
st.markdown(f":blue-badge[{t(f'reviews.status.{r.status}', lang)}] " + t(
    "reviews.header", lang, start=date_text(r.period_start, lang), end=date_text(r.period_end, lang),
    meeting=date_text(r.meeting_date, lang) if r.meeting_date else "—", chair=plain(names.get(r.chair, r.chair))))
attendees = [names.get(p, p) for p in r.people] + [depts.get(d, d) for d in r.departments]
st.caption(t("reviews.label_value", lang, label=t("reviews.h.attendees", lang), value=plain(", ".join(attendees) or "—"))
           + (" · " + t("reviews.label_value", lang, label=t("reviews.h.previous", lang),
                        value=plain(content.previous_title)) if content.previous_title else ""))
if content.frozen:
    st.info(t("reviews.h.frozen", lang), icon=":material/lock:")
elif r.status == "closed":
    st.warning(t("reviews.no_record", lang))
if content.closed_early:
    early = content.closed_early
    st.warning(t("reviews.h.closed_early", lang, through=date_text(date.fromisoformat(early["through"]), lang),
                 days=early["days"], of=early["of"], by=plain(names.get(early["by"], early["by"]))))
partial_note = period_note(content, lang)

labels = {**{s.id: t(f"reviews.section.{s.id}", lang) for s in SECTIONS},
          **{k: t(f"reviews.step.{k}", lang) for k in ("decisions", "compare", "minutes", "meeting")}}
key = f"review_step_{review_id}"
if st.session_state.get(key) is None:
    st.session_state[key] = STEPS[0]
step = st.segmented_control(t("reviews.step", lang), STEPS, key=key, format_func=labels.get)
tables = section_tables(content, lang, depts)
if partial_note and step != "compare":  # every step of a period still running says so
    st.warning(partial_note, icon=":material/hourglass_top:")

if step in BY_ID:
    section = BY_ID[step]
    st.header(f"{labels[step]} · ISO 9001 §{section.clause}")
    if section.kpis:
        kpi_tiles(review_tiles(content, section.kpis, lang), lang)
    for n, tb in enumerate(tables[step][1:] if section.kpis else tables[step]):
        st.markdown(f"**{plain(tb.title)}**")
        if not tb.rows:
            st.caption("—")
        elif tb.sources:  # a row opens a pre-filled action
            table(pd.DataFrame(tb.rows, columns=tb.columns), f"review-{review_id}-{step}-{n}", lang,
                  act_from=tb.sources)
        else:
            st.dataframe(pd.DataFrame(tb.rows, columns=tb.columns), hide_index=True, width="stretch")
    for n, fig in enumerate(section_charts(content, lang)[step]):
        plotly(fig, f"review-{step}-{n}")
    if step == "opportunities" and editable:
        with st.form(f"opportunities-{review_id}"):
            kept = st.text_area(t("reviews.opp_edit", lang), "\n".join(row[0] for row in tables[step][0].rows),
                                help=t("reviews.opp_help", lang), height=150)
            if st.form_submit_button(t("reviews.save", lang)):
                try:
                    set_opportunities(store, user, review_id, kept.splitlines())
                    after_write(t("reviews.saved", lang))
                except (ReviewError, PermissionDenied) as exc:
                    fail(exc)
    comment = content.comments.get(step, "")
    if editable:
        with st.form(f"comment-{review_id}-{step}"):
            text = st.text_area(t("reviews.h.comment", lang), comment, key=f"comment-{review_id}-{step}")
            if st.form_submit_button(t("reviews.save_comment", lang)):
                try:
                    set_comment(store, user, review_id, step, text)
                    after_write(t("reviews.saved", lang))
                except (ReviewError, PermissionDenied) as exc:
                    fail(exc)
    else:
        st.markdown(f"**{t('reviews.h.comment', lang)}** {plain(comment) if comment else '—'}")
    position = STEPS.index(step)
    if position + 1 < len(STEPS):
        st.button(t("reviews.next", lang, step=labels[STEPS[position + 1]]), key="review_next",
                  on_click=lambda: st.session_state.update({key: STEPS[position + 1]}))

elif step == "decisions":
    st.header(labels[step])
    shown = pd.DataFrame([[d["text"], depts.get(d["owner_dept"], d["owner_dept"]), names.get(d["sponsor"], d["sponsor"]),
                           d["due_date"] or "—", f"#{d['action_id']}" if d["action_id"] else "—"]
                          for d in content.decisions],
                         columns=[t("reviews.c.decision", lang), t("reviews.c.owner", lang), t("reviews.c.sponsor", lang),
                                  t("reviews.c.due", lang), t("reviews.c.action", lang)])
    if shown.empty:
        st.caption(t("reviews.no_decision", lang))
    else:
        st.dataframe(shown, hide_index=True, width="stretch")
    for d in content.decisions:
        if d["action_id"]:
            st.page_link(ACTION_PAGE, label=f"#{d['action_id']} · {plain(d['text'])}", query_params={"id": d["action_id"]},
                         icon=":material/task_alt:")
    if not editable:
        # Closed (or read by someone who may not decide): the outputs as the record says them.
        st.info(refusal or t("reviews.closed_note", lang))
        st.subheader(t("reviews.h.outputs", lang))
        for label, value in ((t("reviews.h.resources", lang), r.resource_needs),
                             (t("reviews.h.target_changes", lang), r.target_changes)):
            st.markdown(f"**{label}**")
            st.text(value or "—")
    else:
        leaders = sponsors(store)
        with st.form(f"decision-{review_id}", clear_on_submit=True):
            text = st.text_area(t("reviews.c.decision", lang), key=f"decision_text_{review_id}")
            c1, c2, c3 = st.columns(3)
            owner = c1.selectbox(t("reviews.c.owner", lang), list(depts), format_func=depts.get, key=f"decision_owner_{review_id}")
            sponsor = c2.selectbox(t("reviews.c.sponsor", lang), list(leaders), format_func=leaders.get,
                                   key=f"decision_sponsor_{review_id}")
            due = c3.date_input(t("reviews.c.due", lang), None, key=f"decision_due_{review_id}",
                                format="DD/MM/YYYY")
            becomes = st.checkbox(t("reviews.becomes_action", lang), True, key=f"decision_action_{review_id}")
            c4, c5 = st.columns(2)
            action_kpi = c4.selectbox(t("actions.field.kpi_id", lang), list(KPIS_BY_ID), key=f"decision_kpi_{review_id}",
                                      format_func=lambda i: KPIS_BY_ID[i].label(lang))
            contributors = c5.multiselect(t("actions.field.contributors", lang), list(depts), format_func=depts.get,
                                          key=f"decision_contributors_{review_id}", placeholder=t("widget.choose", lang))
            if st.form_submit_button(t("reviews.decide", lang), type="primary"):
                try:
                    decision = add_decision(store, user, review_id, text, owner, sponsor or "", due,
                                            action_kpi=action_kpi if becomes else None, contributors=tuple(contributors))
                    after_write(t("reviews.decided", lang) + (f" #{decision.action_id}" if decision.action_id else ""))
                except (ReviewError, ActionError, PermissionDenied) as exc:
                    fail(exc)
        st.subheader(t("reviews.h.outputs", lang))
        with st.form(f"outputs-{review_id}"):
            needs = st.text_area(t("reviews.h.resources", lang), r.resource_needs, key=f"needs_{review_id}")
            changes = st.text_area(t("reviews.h.target_changes", lang), r.target_changes, key=f"targets_{review_id}")
            if st.form_submit_button(t("reviews.save", lang)):
                try:
                    update_review(store, user, review_id, resource_needs=needs, target_changes=changes)
                    after_write(t("reviews.saved", lang))
                except (ReviewError, PermissionDenied) as exc:
                    fail(exc)

elif step == "compare":
    st.header(labels[step])
    if content.previous is None and not content.partial:
        st.info(t("reviews.no_previous", lang))
    else:
        result = compare(content)
        if result["basis"] == "previous_review":
            st.caption(t("reviews.compare_caption", lang, previous=plain(content.previous_title)))
            basis = t("reviews.c.previous", lang)
        else:
            st.warning(t("reviews.compare_partial", lang, days=content.inputs["period"]["days"],
                         previous=plain(content.previous_title or "—")), icon=":material/hourglass_top:")
            basis = t("reviews.c.previous_period_plain", lang)
        st.dataframe(pd.DataFrame(
            [[kpi(i).label(lang), kpi(i).format(d["value"], lang), kpi(i).format(d["before"], lang),
              kpi(i).format_change(d["change"], lang) or "—"] for i, d in result["kpis"].items()],
            columns=[t("reviews.c.kpi", lang), t("reviews.c.this", lang), basis,
                     t("reviews.c.change", lang)]), hide_index=True, width="stretch")
        done, not_done = st.columns(2)
        done.markdown(f"**{t('reviews.done', lang, n=len(result['done']))}**")
        for a in result["done"]:
            done.markdown(f"- #{a['action_id']} {plain(a['title'])}")
        not_done.markdown(f"**{t('reviews.not_done', lang, n=len(result['not_done']))}**")
        for a in result["not_done"]:
            not_done.markdown(f"- #{a['action_id']} {plain(a['title'])} · {t('action_status.' + a['status'], lang)}")

elif step == "minutes":
    st.header(labels[step])
    st.caption(t("reviews.minutes_caption", lang))
    minutes_lang = st.segmented_control(t("reviews.minutes_lang", lang), LANGUAGES, default=lang,
                                        key=f"minutes_lang_{review_id}", format_func=str.upper) or lang
    can_draw = chart_browser() is not None
    charts = st.toggle(t("reviews.minutes_charts", lang), can_draw, key=f"minutes_charts_{review_id}",
                       disabled=not can_draw)
    if not can_draw:
        st.caption(t("reviews.minutes_no_browser", lang))
    store_key = f"minutes_{review_id}"
    if st.button(t("reviews.minutes_prepare", lang), type="primary", key="minutes_prepare"):
        with st.spinner(t("reviews.minutes_working", lang)):
            m = build_minutes(content, minutes_lang, department_names(store, minutes_lang), names, charts=charts)
            st.session_state[store_key] = (minutes_lang, to_pdf(m, minutes_lang), to_html(m, minutes_lang))
    if store_key in st.session_state:
        made_lang, pdf, html_text = st.session_state[store_key]
        name = f"revue-{review_id}-{made_lang}"
        with st.container(horizontal=True):
            st.download_button("PDF", pdf, file_name=f"{name}.pdf", mime="application/pdf", icon=":material/download:")
            st.download_button("HTML", html_text, file_name=f"{name}.html", mime="text/html", icon=":material/download:")

else:  # the meeting's course
    st.header(labels[step])
    if refusal:  # a reader who may not run the review reads its preparation as text
        for label, value in ((t("reviews.f.title", lang), r.title),
                             (t("reviews.f.people", lang), ", ".join(names.get(e, e) for e in r.people) or "—"),
                             (t("reviews.f.departments", lang), ", ".join(depts.get(d, d) for d in r.departments) or "—"),
                             (t("reviews.h.meeting", lang), date_text(r.meeting_date, lang) if r.meeting_date else "—"),
                             (t("reviews.h.status", lang), t(f"reviews.status.{r.status}", lang))):
            st.markdown(f"**{label}**")
            st.text(value)
        st.caption(refusal)
    elif r.status != "closed":
        all_people, leaders = assignable(store), sponsors(store)
        with st.form(f"prepare-{review_id}"):
            title = st.text_input(t("reviews.f.title", lang), r.title)
            who = st.multiselect(t("reviews.f.people", lang), list(dict.fromkeys([*r.people, *all_people])),
                                 default=list(r.people), format_func=lambda e: names.get(e, e), placeholder=t("widget.choose", lang))
            which = st.multiselect(t("reviews.f.departments", lang), list(depts), default=list(r.departments),
                                   format_func=depts.get, placeholder=t("widget.choose", lang))
            planned = st.date_input(t("reviews.f.meeting_planned", lang), r.meeting_date, format="DD/MM/YYYY",
                                    disabled=r.status != "draft")  # set in advance; holding the meeting confirms it
            if st.form_submit_button(t("reviews.save", lang), disabled=not editable):
                try:
                    update_review(store, user, review_id, title=title, people=tuple(who), departments=tuple(which),
                                  meeting_date=planned if r.status == "draft" else None)
                    after_write(t("reviews.saved", lang))
                except (ReviewError, PermissionDenied) as exc:
                    fail(exc)
    if r.status == "draft" and not refusal:
        held_on = st.date_input(t("reviews.h.meeting", lang), r.meeting_date or today, key=f"held_on_{review_id}",
                                format="DD/MM/YYYY")
        if st.button(t("reviews.hold", lang), type="primary", disabled=not editable, key="review_hold"):
            try:
                hold_review(store, user, review_id, held_on)
                after_write(t("reviews.held", lang))
            except (ReviewError, PermissionDenied) as exc:
                fail(exc)
    elif r.status == "held" and not refusal:
        st.caption(t("reviews.close_help", lang))
        early_ok = False
        if content.partial:  # closing before the period ends is said, confirmed, and recorded
            coverage = content.inputs["period"]
            early_ok = st.checkbox(t("reviews.close_partial", lang, days=coverage["days"], of=coverage["of"],
                                     through=date_text(date.fromisoformat(coverage["through"]), lang)),
                                   key=f"close_partial_{review_id}")
        if st.button(t("reviews.close", lang), type="primary", disabled=not editable or (content.partial and not early_ok),
                     key="review_close"):
            try:
                with st.spinner(t("reviews.closing", lang)):
                    closing = close_review(store, user, review_id, confirm_partial=early_ok)
                after_write(t("reviews.closed", lang, n=closing))
            except (ReviewError, PermissionDenied) as exc:
                fail(exc)
    elif r.status == "closed":
        why = why_not(user, "reopen_review", lang, chair=r.chair)
        if why:
            st.caption(why)
        reason = st.text_input(t("reviews.reopen_reason", lang), key=f"reopen_reason_{review_id}")
        if st.button(t("reviews.reopen", lang), disabled=why is not None, key="review_reopen"):
            try:
                reopen_review(store, user, review_id, reason)
                after_write(t("reviews.reopened", lang))
            except (ReviewError, PermissionDenied) as exc:
                fail(exc)
