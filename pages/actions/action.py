"""One action: its KPI movement, everything about it (editable by those allowed), comments and
history. A save made on a version someone else has changed since is refused with what changed."""

from datetime import date

import streamlit as st

from relclient.actions import (
    PRIORITIES,
    STATUS_BY_ID,
    ActionConflict,
    ActionError,
    ChecklistItem,
    Link,
    add_comment,
    changes_from,
    update_action,
)
from relclient.actions.model import display_value
from relclient.actions.views import action_facts, assignable, history_table, sponsors
from relclient.overview import sample_text
from relclient.i18n import LANGUAGES, format_number, t
from relclient.metrics import KPIS_BY_ID, kpi
from relclient.permissions import PermissionDenied, allowed, why_not
from relclient.store import db_path_from_env
from relclient.ui.actions import ACTION_PAGE, BOARD_PAGE, after_write, due_text, kpi_line, load_action, show_flash
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store
from relclient.ui.i18n import current_language
from relclient.ui.params import id_param
from relclient.ui.widgets import date_text, plain, table

LATEST = 5  # history entries shown as text above the table

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
today = date.today()
show_flash()

action_id = id_param()
if action_id is None:
    st.title(t("action.title", lang))
    st.info(t("action.ask", lang))
    st.page_link(BOARD_PAGE, label=t("action.to_board", lang), icon=":material/view_kanban:")
    st.stop()
view = load_action(db, action_id, lang, today)
if view is None:
    st.title(t("action.title", lang))
    st.warning(t("actions.error.unknown", lang, id=action_id))
    st.page_link(BOARD_PAGE, label=t("action.to_board", lang), icon=":material/view_kanban:")
    st.stop()
a, names, people = view.action, view.departments, view.people

# The form shows the action as it was when this reader opened it (the "seen" version); a save
# names that version, so that a change made meanwhile by someone else is never overwritten.
SNAP, PENDING, CONFLICT = f"action_snap_{action_id}", f"action_pending_{action_id}", f"action_conflict_{action_id}"
if SNAP not in st.session_state or st.session_state[SNAP].action_id != action_id:
    st.session_state[SNAP] = a
seen = st.session_state[SNAP]


def said(exc: ActionConflict) -> dict[str, str]:
    """The refusal in both languages: plain text keeps the session state plain (and the reader may
    switch language before deciding)."""
    return {code: exc.message(code) for code in LANGUAGES}


store = get_store()

st.title(f"#{a.action_id} · {plain(a.title)}")
badges = [f":blue-badge[{t(f'action_status.{a.status}', lang)}]", f":gray-badge[{t(f'priority.{a.priority}', lang)}]"]
if a.is_overdue(today):
    badges.append(f":red-badge[{t('actions.card.overdue', lang)}]")
if a.single_department:
    badges.append(f":orange-badge[{t('actions.card.single', lang)}]")
st.markdown(" ".join(badges) + "  " + due_text(a, lang, today))
if a.single_department:
    st.caption(t("action.single_help", lang))
if a.status_reason:
    st.warning(f"{t('actions.field.status_reason', lang)} : {plain(a.status_reason)}")

k = kpi(a.kpi_id)
m = view.moved
scope = names.get(a.scope_dept, a.scope_dept) if a.scope_dept else t("action.company", lang)
st.markdown(kpi_line(a, m, lang) + f" · {plain(scope)}")
cols = st.columns(4)
verdict = m.verdict(k)
cols[0].metric(t("actions.col.baseline", lang), k.format(m.baseline, lang),
               help=t("action.baseline_help", lang, start=date_text(a.baseline_start, lang),
                      end=date_text(a.baseline_end, lang)))
if m.baseline_n is not None:
    cols[0].caption(sample_text(m.baseline_n, None, lang))
# The move is coloured only when it is more than noise (the contract's test, baseline against now).
cols[1].metric(t("actions.col.now", lang), k.format(m.now, lang),
               delta=None if m.now is None or m.baseline is None else k.format_change(m.now - m.baseline, lang),
               delta_color=m.colour, delta_description=t(f"verdict.{verdict}", lang) if verdict else None,
               delta_arrow="off" if m.direction in (None, "flat") or (
                   m.now is not None and m.baseline is not None
                   and round(abs(m.now - m.baseline), k.unit.decimals) == 0) else "auto",
               help=t("action.now_help", lang))
if m.now_n is not None:
    cols[1].caption(sample_text(m.now_n, None, lang))
cols[2].metric(t("actions.field.target", lang), k.format(a.target, lang),
               help=t("action.target_help", lang, day=date_text(a.target_date, lang) if a.target_date else "—"))
cols[3].metric(t("action.progress", lang), "—" if m.progress is None else f"{format_number(m.progress, lang, 0)} %",
               help=t("action.progress_help", lang))

if CONFLICT in st.session_state:
    lines = st.session_state[CONFLICT][lang].splitlines()
    st.error("\n".join([plain(lines[0]), ""] + [f"- {plain(line[2:])}" for line in lines[1:]]), icon="🔀")
    keep, drop = st.columns(2)
    if keep.button(t("action.conflict_keep", lang), type="primary", key="conflict_keep"):
        try:
            update_action(store, user, action_id, a.version, st.session_state[PENDING])
            for key in (SNAP, PENDING, CONFLICT):
                st.session_state.pop(key, None)
            after_write(t("action.saved", lang, id=action_id))
        except ActionConflict as exc:
            st.session_state[CONFLICT] = said(exc)
            after_write(t("action.conflict_again", lang))
        except (ActionError, PermissionDenied) as exc:
            st.error(plain(exc.message(lang)))
    if drop.button(t("action.conflict_drop", lang), key="conflict_drop"):
        for key in (SNAP, PENDING, CONFLICT):
            st.session_state.pop(key, None)
        st.rerun()

details, talk, past = st.tabs([t("action.tab_details", lang), t("action.tab_comments", lang, n=len(view.comments)),
                               t("action.tab_history", lang, n=len(view.history))])

with details:
    left, right = st.columns([3, 2])
    with right:
        st.markdown(f"**{t('actions.field.links', lang)}**")
        if not a.links:
            st.caption(t("action.no_links", lang))
        for link in a.links:
            label = f"{t(f'link_kind.{link.kind}', lang)} {plain(link.ref)}"
            if link.kind == "customer":
                st.page_link("pages/dashboards/customer.py", label=label, query_params={"customer": link.ref},
                             icon=":material/person:")
            else:
                st.markdown(f"- {label}")
        st.markdown(f"**{t('actions.field.blocked_by', lang)}**")
        for other in a.blocked_by:
            other_status = t("action_status." + view.statuses.get(other, "proposed"), lang)
            st.page_link(ACTION_PAGE, label=f"#{other} · {plain(view.titles.get(other, '?'))} ({other_status})",
                         query_params={"id": other})
        if not a.blocked_by:
            st.caption(t("action.no_dependencies", lang))
        if view.blocks:
            st.markdown(f"**{t('action.blocks', lang)}**")
            for other in view.blocks:
                st.page_link(ACTION_PAGE, label=f"#{other} · {plain(view.titles.get(other, '?'))}", query_params={"id": other})
        if view.decided_in:
            st.markdown(f"**{t('action.decided_in', lang)}**")
            st.page_link("pages/reviews/review.py", label=f"#{view.decided_in[0]} · {plain(view.decided_in[1])}",
                         query_params={"id": view.decided_in[0]}, icon=":material/event_note:")
        done = sum(item.done for item in a.checklist)
        st.markdown(f"**{t('actions.field.checklist', lang)}** · {done}/{len(a.checklist)}")
        if a.checklist:
            st.progress(done / len(a.checklist))
        st.caption(t("action.created", lang, who=plain(people.get(a.created_by, a.created_by)),
                     day=date_text(a.created_at.date(), lang), version=a.version))

    with left:
        refusal = why_not(user, "edit_action", lang, lead_dept=a.lead_dept, contributors=a.contributors,
                          assignees=a.assignees)
        if refusal:
            # A reader who may not edit reads the record as text (a disabled form reads badly).
            for label, value in action_facts(seen, lang, names, people, view.titles):
                st.markdown(f"**{label}**")
                st.text(value)
            st.caption(refusal)
        else:
            leaders, members = sponsors(store), assignable(store)
            dept_codes = list(names)
            others = [i for i in view.titles if i != action_id]
            v = f"a{action_id}v{seen.version}"  # widget keys change with the version the form shows
            with st.form(f"edit-{v}"):
                title = st.text_input(t("actions.field.title", lang), seen.title, key=f"{v}_title", max_chars=200)
                problem = st.text_area(t("actions.field.problem", lang), seen.problem, key=f"{v}_problem")
                c1, c2 = st.columns(2)
                kpi_id = c1.selectbox(t("actions.field.kpi_id", lang), list(KPIS_BY_ID),
                                      index=list(KPIS_BY_ID).index(seen.kpi_id), key=f"{v}_kpi",
                                      format_func=lambda i: KPIS_BY_ID[i].label(lang))
                scopes = ["", *dept_codes]
                scope_dept = c2.selectbox(t("actions.field.scope_dept", lang), scopes,
                                          index=scopes.index(seen.scope_dept or ""), key=f"{v}_scope",
                                          format_func=lambda c: names.get(c, t("action.company", lang)),
                                          help=t("action.scope_help", lang))
                target = c1.number_input(t("actions.field.target", lang), value=seen.target, key=f"{v}_target",
                                         placeholder="—", format="%.2f")
                target_date = c2.date_input(t("actions.field.target_date", lang), seen.target_date, key=f"{v}_tdate",
                                            format="DD/MM/YYYY")
                lead = c1.selectbox(t("actions.field.lead_dept", lang), dept_codes,
                                    index=dept_codes.index(seen.lead_dept) if seen.lead_dept in dept_codes else 0,
                                    key=f"{v}_lead", format_func=names.get)
                contributors = c2.multiselect(t("actions.field.contributors", lang), dept_codes,
                                              default=[d for d in seen.contributors if d in dept_codes],
                                              key=f"{v}_contributors", format_func=names.get, placeholder=t("widget.choose", lang))
                sponsor_choices = list(dict.fromkeys([seen.sponsor, *leaders]))
                sponsor = c1.selectbox(t("actions.field.sponsor", lang), sponsor_choices, key=f"{v}_sponsor",
                                       format_func=lambda e: people.get(e, e),
                                       disabled=not allowed(user, "change_sponsor"),
                                       help=why_not(user, "change_sponsor", lang))
                assignee_choices = list(dict.fromkeys([*seen.assignees, *members]))
                assignees = c2.multiselect(t("actions.field.assignees", lang), assignee_choices,
                                           default=list(seen.assignees), key=f"{v}_assignees",
                                           format_func=lambda e: people.get(e, e), placeholder=t("widget.choose", lang))
                priority = c1.selectbox(t("actions.field.priority", lang), PRIORITIES,
                                        index=PRIORITIES.index(seen.priority), key=f"{v}_priority",
                                        format_func=lambda p: t(f"priority.{p}", lang))
                due_date = c2.date_input(t("actions.field.due_date", lang), seen.due_date, key=f"{v}_due",
                                         format="DD/MM/YYYY")
                statuses = [seen.status, *STATUS_BY_ID[seen.status].moves_to]
                status = c1.selectbox(t("actions.field.status", lang), statuses, key=f"{v}_status",
                                      format_func=lambda s: t(f"action_status.{s}", lang))
                reason = c2.text_input(t("actions.field.status_reason", lang), seen.status_reason or "",
                                       key=f"{v}_reason", help=t("action.reason_help", lang))
                st.markdown(f"**{t('actions.field.checklist', lang)}**")
                ticks = [st.checkbox(plain(item.text), item.done, key=f"{v}_item{n}") for n, item in enumerate(seen.checklist)]
                new_items = st.text_area(t("action.new_items", lang), key=f"{v}_new_items",
                                         placeholder=t("action.new_items_help", lang), height=68)
                blocked_by = st.multiselect(t("actions.field.blocked_by", lang), others, default=list(seen.blocked_by),
                                            key=f"{v}_blocked_by",
                                            format_func=lambda i: f"#{i} · {view.titles.get(i, '?')}", placeholder=t("widget.choose", lang))
                kept = st.multiselect(t("actions.field.links", lang), [link.text() for link in seen.links],
                                      default=[link.text() for link in seen.links], key=f"{v}_links", placeholder=t("widget.choose", lang))
                new_link = st.text_input(t("action.new_link", lang), key=f"{v}_new_link",
                                         placeholder="ticket:T-000123", help=t("action.new_link_help", lang))
                submitted = st.form_submit_button(t("action.save", lang), type="primary")
            if submitted:
                links = [Link(*text.split(":", 1)) for text in kept]
                if new_link.strip():
                    kind, _, ref = new_link.strip().partition(":")
                    links.append(Link(kind.strip(), ref.strip()))
                entered = {
                    "title": title, "problem": problem, "kpi_id": kpi_id, "scope_dept": scope_dept or None,
                    "target": target, "target_date": target_date or None, "lead_dept": lead,
                    "contributors": tuple(contributors), "sponsor": sponsor, "assignees": tuple(assignees),
                    "priority": priority, "due_date": due_date or None, "status": status,
                    "status_reason": reason.strip() or None,
                    "checklist": tuple(ChecklistItem(item.text, tick) for item, tick in zip(seen.checklist, ticks))
                    + tuple(ChecklistItem(line) for line in new_items.splitlines() if line.strip()),
                    "blocked_by": tuple(blocked_by), "links": tuple(links),
                }
                # Only what this reader changed is sent: the rest stays as whoever last saved it.
                changes = changes_from(seen, entered)
                if not changes:
                    st.info(t("action.nothing_changed", lang))
                else:
                    try:
                        update_action(store, user, action_id, seen.version, changes)
                        st.session_state.pop(SNAP, None)
                        after_write(t("action.saved", lang, id=action_id))
                    except ActionConflict as exc:
                        st.session_state[CONFLICT], st.session_state[PENDING] = said(exc), changes
                        clear_caches()
                        st.rerun()
                    except (ActionError, PermissionDenied) as exc:
                        st.error(plain(exc.message(lang)))

with talk:
    for c in view.comments:
        with st.container(border=True):
            mentioned = " ".join(f":violet-badge[@{plain(names.get(d, d))}]" for d in c.mentions)
            st.markdown(f"**{plain(people.get(c.author, c.author))}** · {date_text(c.written_at.date(), lang)} "
                        f"{c.written_at:%H:%M} {mentioned}")
            st.text(c.body)
    if not view.comments:
        st.caption(t("action.no_comments", lang))
    refusal = why_not(user, "comment_action", lang)
    if refusal:
        st.caption(refusal)
    else:
        with st.form(f"comment-{action_id}", clear_on_submit=True):
            body = st.text_area(t("action.comment", lang), key=f"comment_body_{action_id}")
            mentions = st.multiselect(t("action.mentions", lang), list(names), format_func=names.get,
                                      key=f"comment_mentions_{action_id}", help=t("action.mentions_help", lang), placeholder=t("widget.choose", lang))
            if st.form_submit_button(t("action.comment_send", lang)):
                try:
                    add_comment(store, user, action_id, body, tuple(mentions))
                    after_write(t("action.commented", lang))
                except (ActionError, PermissionDenied) as exc:
                    st.error(plain(exc.message(lang)))

with past:
    # The latest changes in words (what one checks after a meeting), then the whole history.
    st.markdown(f"**{t('action.latest', lang)}**")
    st.markdown("\n".join(
        f"- {date_text(h.changed_at.date(), lang)} {h.changed_at:%H:%M} · {plain(people.get(h.changed_by, h.changed_by))}"
        + " · " + t("action.change", lang, field=t(f"actions.field.{h.field}", lang),
                    old=plain(display_value(h.field, h.old, lang, names, people) or "—"),
                    new=plain(display_value(h.field, h.new, lang, names, people) or "—"))
        for h in list(reversed(view.history))[:LATEST]))
    table(history_table(view, lang), f"action-{action_id}-history", lang)
