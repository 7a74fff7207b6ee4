"""The action forms' widgets: the action page's edit and comment forms, and the new-action form.
Each returns what was sent (relclient.actions.forms reads an action's) or None while it is not sent."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from relclient.actions import CREATE_STATUSES, PRIORITIES, STATUS_BY_ID, Action, EditForm, NewForm
from relclient.actions.checks import TITLE_MAX
from relclient.closed_loop import Prefill
from relclient.actions.views import ActionView, assignable, default_sponsor, sponsors
from relclient.auth import User
from relclient.i18n import t
from relclient.metrics import KPIS_BY_ID
from relclient.permissions import allowed, why_not
from relclient.store import Store
from relclient.ui.widgets import plain

DUE_IN_DAYS = 30  # a new action's default due date: a month gives a first review something to judge


def edit_form(store: Store, user: User, seen: Action, view: ActionView, lang: str) -> EditForm | None:
    """The form showing `seen` (its widget keys change with the version it shows); what was sent, or None."""
    names, people = view.departments, view.people
    leaders, members, dept_codes = sponsors(store), assignable(store), list(names)
    v = f"a{seen.action_id}v{seen.version}"
    with st.form(f"edit-{v}"):
        title = st.text_input(t("actions.field.title", lang), seen.title, key=f"{v}_title", max_chars=TITLE_MAX)
        problem = st.text_area(t("actions.field.problem", lang), seen.problem, key=f"{v}_problem")
        c1, c2 = st.columns(2)
        kpi_id = c1.selectbox(t("actions.field.kpi_id", lang), list(KPIS_BY_ID), index=list(KPIS_BY_ID).index(seen.kpi_id),
                              key=f"{v}_kpi", format_func=lambda i: KPIS_BY_ID[i].label(lang))
        scopes = ["", *dept_codes]
        scope_dept = c2.selectbox(t("actions.field.scope_dept", lang), scopes, index=scopes.index(seen.scope_dept or ""),
                                  key=f"{v}_scope", format_func=lambda c: names.get(c, t("action.company", lang)),
                                  help=t("action.scope_help", lang))
        target = c1.number_input(t("actions.field.target", lang), value=seen.target, key=f"{v}_target",
                                 placeholder="—", format="%.2f")
        target_date = c2.date_input(t("actions.field.target_date", lang), seen.target_date, key=f"{v}_tdate",
                                    format="DD/MM/YYYY")
        lead = c1.selectbox(t("actions.field.lead_dept", lang), dept_codes,
                            index=dept_codes.index(seen.lead_dept) if seen.lead_dept in dept_codes else 0,
                            key=f"{v}_lead", format_func=names.get)
        contributors = c2.multiselect(t("actions.field.contributors", lang), dept_codes,
                                      default=[d for d in seen.contributors if d in dept_codes], key=f"{v}_contributors",
                                      format_func=names.get, placeholder=t("widget.choose", lang))
        sponsor = c1.selectbox(t("actions.field.sponsor", lang), list(dict.fromkeys([seen.sponsor, *leaders])),
                               key=f"{v}_sponsor", format_func=lambda e: people.get(e, e),
                               disabled=not allowed(user, "change_sponsor"), help=why_not(user, "change_sponsor", lang))
        assignees = c2.multiselect(t("actions.field.assignees", lang), list(dict.fromkeys([*seen.assignees, *members])),
                                   default=list(seen.assignees), key=f"{v}_assignees",
                                   format_func=lambda e: people.get(e, e), placeholder=t("widget.choose", lang))
        priority = c1.selectbox(t("actions.field.priority", lang), PRIORITIES, index=PRIORITIES.index(seen.priority),
                                key=f"{v}_priority", format_func=lambda p: t(f"priority.{p}", lang))
        due_date = c2.date_input(t("actions.field.due_date", lang), seen.due_date, key=f"{v}_due", format="DD/MM/YYYY")
        status = c1.selectbox(t("actions.field.status", lang), [seen.status, *STATUS_BY_ID[seen.status].moves_to],
                              key=f"{v}_status", format_func=lambda s: t(f"action_status.{s}", lang))
        reason = c2.text_input(t("actions.field.status_reason", lang), seen.status_reason or "", key=f"{v}_reason",
                               help=t("action.reason_help", lang))
        st.markdown(f"**{t('actions.field.checklist', lang)}**")
        ticks = [st.checkbox(plain(item.text), item.done, key=f"{v}_item{n}") for n, item in enumerate(seen.checklist)]
        new_items = st.text_area(t("action.new_items", lang), key=f"{v}_new_items",
                                 placeholder=t("action.new_items_help", lang), height=68)
        blocked_by = st.multiselect(t("actions.field.blocked_by", lang), [i for i in view.titles if i != seen.action_id],
                                    default=list(seen.blocked_by), key=f"{v}_blocked_by",
                                    format_func=lambda i: f"#{i} · {view.titles.get(i, '?')}",
                                    placeholder=t("widget.choose", lang))
        shown_links = [link.text() for link in seen.links]
        kept = st.multiselect(t("actions.field.links", lang), shown_links, default=shown_links, key=f"{v}_links",
                              placeholder=t("widget.choose", lang))
        new_link = st.text_input(t("action.new_link", lang), key=f"{v}_new_link", placeholder="ticket:T-000123",
                                 help=t("action.new_link_help", lang))
        if not st.form_submit_button(t("action.save", lang), type="primary"):
            return None
    return EditForm(title, problem, kpi_id, scope_dept, target, target_date, lead, tuple(contributors), sponsor,
                    tuple(assignees), priority, due_date, status, reason, tuple(ticks), new_items, tuple(blocked_by),
                    tuple(kept), new_link)


def new_form(store: Store, user: User, pre: Prefill | None, asked_kpi: str | None, names: dict[str, str], key: str,
             lang: str, *, disabled: bool) -> NewForm | None:
    """The new-action form, pre-filled from what prompted it (`disabled` for a reader who may not
    create actions); what was sent, or None."""
    codes, leaders, members = list(names), sponsors(store), assignable(store)
    kpis = list(KPIS_BY_ID)
    k = key  # every widget key starts with the form's
    with st.form(k):
        title = st.text_input(t("actions.field.title", lang), pre.title if pre else "", key=f"{k}_title",
                              max_chars=TITLE_MAX)
        problem = st.text_area(t("actions.field.problem", lang), pre.problem if pre else "", key=f"{k}_problem")
        c1, c2 = st.columns(2)
        first_kpi = pre.kpi_id if pre else (asked_kpi if asked_kpi in KPIS_BY_ID else kpis[0])
        kpi_id = c1.selectbox(t("actions.field.kpi_id", lang), kpis, index=kpis.index(first_kpi),
                              key=f"{k}_kpi", format_func=lambda i: KPIS_BY_ID[i].label(lang))
        scopes = ["", *codes]
        scope = c2.selectbox(t("actions.field.scope_dept", lang), scopes,
                             index=scopes.index(pre.scope_dept) if pre and pre.scope_dept in scopes else 0,
                             key=f"{k}_scope", format_func=lambda c: names.get(c, t("action.company", lang)),
                             help=t("action.scope_help", lang))
        lead_default = pre.lead_dept if pre else user.dept
        lead = c1.selectbox(t("actions.field.lead_dept", lang), codes,
                            index=codes.index(lead_default) if lead_default in codes else 0, key=f"{k}_lead",
                            format_func=names.get)
        contributors = c2.multiselect(t("actions.field.contributors", lang), codes,
                                      default=[d for d in (pre.contributors if pre else ()) if d in codes],
                                      key=f"{k}_contributors", format_func=names.get,
                                      help=t("new.contributors_help", lang), placeholder=t("widget.choose", lang))
        sponsor_list = list(leaders)
        default = default_sponsor(store, user)
        sponsor = c1.selectbox(t("actions.field.sponsor", lang), sponsor_list,
                               index=sponsor_list.index(default) if default in sponsor_list else 0,
                               key=f"{k}_sponsor", format_func=lambda e: leaders.get(e, e))
        assignees = c2.multiselect(t("actions.field.assignees", lang), list(members),
                                   default=[user.email] if user.email in members else [], key=f"{k}_assignees",
                                   format_func=lambda e: members.get(e, e), placeholder=t("widget.choose", lang))
        priority = c1.selectbox(t("actions.field.priority", lang), PRIORITIES, index=PRIORITIES.index("normal"),
                                key=f"{k}_priority", format_func=lambda p: t(f"priority.{p}", lang))
        due = c2.date_input(t("actions.field.due_date", lang), date.today() + timedelta(days=DUE_IN_DAYS),
                            key=f"{k}_due", format="DD/MM/YYYY")
        target = c1.number_input(t("actions.field.target", lang), value=None, key=f"{k}_target", placeholder="—",
                                 format="%.2f", help=t("new.target_help", lang))
        target_date = c2.date_input(t("actions.field.target_date", lang), None, key=f"{k}_tdate", format="DD/MM/YYYY")
        status = c1.selectbox(t("actions.field.status", lang), CREATE_STATUSES, key=f"{k}_status",
                              format_func=lambda s: t(f"action_status.{s}", lang))
        checklist = st.text_area(t("actions.field.checklist", lang), key=f"{k}_checklist",
                                 placeholder=t("action.new_items_help", lang))
        prompted = [link.text() for link in pre.links] if pre else []
        links = st.multiselect(t("actions.field.links", lang), prompted, default=prompted, key=f"{k}_links",
                               placeholder=t("widget.choose", lang))
        sent = st.form_submit_button(t("new.create", lang), type="primary", disabled=disabled)
    if not sent:
        return None
    return NewForm(title, problem, kpi_id, scope, lead, tuple(contributors), sponsor, tuple(assignees), priority, due,
                   target, target_date, status, checklist, tuple(links))


def comment_form(view: ActionView, lang: str) -> tuple[str, tuple[str, ...]] | None:
    """The comment form (emptied once sent): the text and the departments it mentions, or None."""
    names, action_id = view.departments, view.action.action_id
    with st.form(f"comment-{action_id}", clear_on_submit=True):
        body = st.text_area(t("action.comment", lang), key=f"comment_body_{action_id}")
        mentions = st.multiselect(t("action.mentions", lang), list(names), format_func=names.get,
                                  key=f"comment_mentions_{action_id}", help=t("action.mentions_help", lang),
                                  placeholder=t("widget.choose", lang))
        sent = st.form_submit_button(t("action.comment_send", lang))
    return (body, tuple(mentions)) if sent else None
