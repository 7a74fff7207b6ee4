"""New action: a form, pre-filled when a dashboard sent a detractor, complaint, ticket or weak pair."""

from dataclasses import replace
from datetime import date, timedelta

import streamlit as st

from relclient.actions import (
    PRIORITIES,
    ActionDraft,
    ActionError,
    ChecklistItem,
    Link,
    create_action,
    prefill,
    source_text,
)
from relclient.actions.edit import CREATE_STATUSES
from relclient.actions.views import assignable, default_sponsor, sponsors
from relclient.i18n import t
from relclient.metrics import KPIS_BY_ID
from relclient.permissions import PermissionDenied, why_not
from relclient.store import db_path_from_env
from relclient.ui.actions import ACTION_PAGE, FLASH_KEY
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store, load_choices, load_themes
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain

DUE_IN_DAYS = 30  # a new action's default due date: a month gives a first review something to judge

lang = current_language()
db = str(db_path_from_env())
user = acting_user()
store = get_store()
page_header("new_action", lang)

source = st.query_params.get("from", "")
pre = None
if source:
    try:
        pre = prefill(store, source, lang)
    except ActionError as exc:
        st.error(plain(exc.message(lang)))
# A dashboard names the KPI its rows were behind (the details page): it wins over the guess.
asked_kpi = st.query_params.get("kpi")
if pre and asked_kpi in KPIS_BY_ID:
    pre = replace(pre, kpi_id=asked_kpi)
names = {d.code: d.name(lang) for d in load_choices(db)["departments"]}
if pre:
    themes = {th.code: th.name(lang) for th in load_themes(db, True)}
    st.info(t("new.prefilled", lang, source=plain(source_text(source, lang, names, themes))), icon=":material/link:")
refusal = why_not(user, "create_action", lang)
if refusal:
    st.info(refusal)

codes = list(names)
leaders, members = sponsors(store), assignable(store)
k = f"new_{source}_{asked_kpi}"  # another source, a fresh form
with st.form(k):
    title = st.text_input(t("actions.field.title", lang), pre.title if pre else "", key=f"{k}_title", max_chars=200)
    problem = st.text_area(t("actions.field.problem", lang), pre.problem if pre else "", key=f"{k}_problem")
    c1, c2 = st.columns(2)
    kpis = list(KPIS_BY_ID)
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
                                  key=f"{k}_contributors", format_func=names.get, help=t("new.contributors_help", lang), placeholder=t("widget.choose", lang))
    sponsor_list = list(leaders)
    sponsor = c1.selectbox(t("actions.field.sponsor", lang), sponsor_list,
                           index=sponsor_list.index(default) if (default := default_sponsor(store, user)) in sponsor_list else 0,
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
    target_date = c2.date_input(t("actions.field.target_date", lang), None, key=f"{k}_tdate",
                                format="DD/MM/YYYY")
    status = c1.selectbox(t("actions.field.status", lang), CREATE_STATUSES, key=f"{k}_status",
                          format_func=lambda s: t(f"action_status.{s}", lang))
    checklist = st.text_area(t("actions.field.checklist", lang), key=f"{k}_checklist",
                             placeholder=t("action.new_items_help", lang))
    links = st.multiselect(t("actions.field.links", lang), [link.text() for link in pre.links] if pre else [],
                           default=[link.text() for link in pre.links] if pre else [], key=f"{k}_links", placeholder=t("widget.choose", lang))
    submitted = st.form_submit_button(t("new.create", lang), type="primary", disabled=refusal is not None)

if submitted:
    try:
        created = create_action(store, user, ActionDraft(
            title=title, problem=problem, kpi_id=kpi_id, scope_dept=scope or None, lead_dept=lead,
            contributors=tuple(contributors), sponsor=sponsor or "", assignees=tuple(assignees), priority=priority,
            due_date=due or None, target=target, target_date=target_date or None, status=status,
            checklist=tuple(ChecklistItem(line) for line in checklist.splitlines() if line.strip()),
            links=tuple(Link(*text.split(":", 1)) for text in links)))
    except (ActionError, PermissionDenied) as exc:
        st.error(plain(exc.message(lang)))
    else:
        clear_caches()
        st.session_state[FLASH_KEY] = t("new.created", lang, id=created.action_id)
        st.switch_page(ACTION_PAGE, query_params={"id": str(created.action_id)})
