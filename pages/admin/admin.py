"""Administration: accounts, dataset stewards, and the audit trail."""

from datetime import date, timedelta

import streamlit as st

from relclient.admin_data import delete_mapping, save_department, saved_mappings
from relclient.audit import audit_actions, audit_entries, audit_label
from relclient.auth import ROLES, STATUSES, add_user, list_users, set_role, set_status
from relclient.contract import DATASETS
from relclient.i18n import t
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.reference import department_names, departments_frame
from relclient.sign_in import unlock
from relclient.stewards import set_steward, stewards
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain, table

lang = current_language()
store = get_store()
user = acting_user()
page_header("admin", lang)
if refusal := why_not(user, "manage_users", lang):
    st.error(refusal)
    st.stop()

FLASH = "admin_flash"
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))
depts = department_names(store, lang)
role_label = {r: t(f"role.{r}", lang) for r in ROLES}


def _shown(frame):
    """A table with its columns, roles and statuses in the reader's language."""
    frame = frame.copy()
    if "role" in frame:
        frame["role"] = frame["role"].map(role_label)
    if "status" in frame:
        frame["status"] = frame["status"].map(lambda s: t(f"status.{s}", lang))
    if "dept" in frame:
        frame["dept"] = frame["dept"].map(lambda d: depts.get(d, d))
    for column in ("action", "outcome"):
        if column in frame:
            frame[column] = frame[column].map(lambda a: audit_label(a, lang))
    return frame.rename(columns={c: t(f"admin.col.{c}", lang) for c in frame.columns})


def _act(work, done: str) -> None:
    """Run one admin change and say how it went."""
    try:
        work()
    except Problem as exc:  # a refusal, a mistyped code, an unknown department: said in the reader's language
        st.error(plain(exc.message(lang)))
    else:
        clear_caches()
        st.session_state[FLASH] = done  # said after the rerun, above tables that show the change
        st.rerun()


users_tab, depts_tab, stewards_tab, mappings_tab, audit_tab = st.tabs([
    t("admin.users", lang), t("admin.departments", lang), t("admin.stewards", lang), t("admin.mappings", lang),
    t("admin.audit", lang)])
with users_tab:
    table(_shown(list_users(store)), "users", lang)
    left, right = st.columns(2)
    with left.form("user_add", clear_on_submit=True):
        st.markdown(f"**{t('admin.add', lang)}**")
        email = st.text_input(t("signin.email", lang))
        name = st.text_input(t("admin.name", lang))
        dept = st.selectbox(t("col.dept", lang), list(depts), format_func=depts.get)
        role = st.selectbox(t("admin.role", lang), ROLES, format_func=role_label.get)
        password = st.text_input(t("admin.password", lang), type="password", help=t("admin.password_help", lang))
        if st.form_submit_button(t("admin.add_submit", lang), type="primary"):
            _act(lambda: add_user(store, user, email, name, dept, role, password or None),
                 t("admin.added", lang, email=email))
    with right.container(border=True):
        st.markdown(f"**{t('admin.change', lang)}**")
        accounts = list_users(store)
        # Outside the form, so that the role and state below start from the chosen account's own.
        who = st.selectbox(t("signin.email", lang), list(accounts["email"]), key="admin_who")
        if who is None:  # no account yet (accounts off, or a new database)
            st.caption(t("admin.no_accounts", lang))
    if who is not None:
        chosen = accounts.set_index("email").loc[who]
        with right.form("user_change", border=False):
            new_role = st.selectbox(t("admin.role", lang), ROLES, format_func=role_label.get,
                                    index=ROLES.index(chosen["role"]), key=f"admin_new_role_{who}")
            new_status = st.selectbox(t("admin.status", lang), STATUSES, format_func=lambda s: t(f"status.{s}", lang),
                                      index=STATUSES.index(chosen["status"]), key=f"admin_new_status_{who}")
            role_button, status_button, unlock_button = st.columns(3)
            if role_button.form_submit_button(t("admin.set_role", lang)):
                _act(lambda: set_role(store, user, who, new_role), t("admin.changed", lang, email=who))
            if status_button.form_submit_button(t("admin.set_status", lang)):
                _act(lambda: set_status(store, user, who, new_status), t("admin.changed", lang, email=who))
            if unlock_button.form_submit_button(t("admin.unlock", lang)):
                _act(lambda: unlock(store, user, who), t("admin.unlocked", lang, email=who))

with stewards_tab:
    st.caption(t("admin.stewards_help", lang))
    current = stewards(store)
    st.dataframe([{t("data.dataset", lang): d.label(lang), t("col.dept", lang): depts.get(current.get(d.name), "—")}
                  for d in DATASETS], hide_index=True, placeholder="")
    with st.form("steward"):
        labels = {d.name: d.label(lang) for d in DATASETS}
        dataset = st.selectbox(t("data.dataset", lang), list(labels), format_func=labels.get)
        dept = st.selectbox(t("col.dept", lang), list(depts), format_func=depts.get, key="steward_dept")
        if st.form_submit_button(t("admin.set_steward", lang)):
            _act(lambda: set_steward(store, user, dataset, dept), t("admin.steward_set", lang))

with depts_tab:
    table(_shown(departments_frame(store)), "departments", lang)
    st.caption(t("admin.department_help", lang))
    with st.form("department"):
        cols = st.columns([1, 2, 2, 1])
        code = cols[0].text_input(t("admin.code", lang))
        name_fr = cols[1].text_input(t("admin.name_fr", lang))
        name_en = cols[2].text_input(t("admin.name_en", lang))
        active = cols[3].checkbox(t("admin.active", lang), value=True)
        if st.form_submit_button(t("admin.save_department", lang)):
            _act(lambda: save_department(store, user, code, name_fr, name_en, active),
                 t("admin.department_saved", lang, code=code))

with mappings_tab:
    mappings = saved_mappings(store)
    if mappings.empty:
        st.caption(t("admin.no_mappings", lang))
    else:
        table(_shown(mappings), "saved-mappings", lang)
        with st.form("mapping_delete"):
            name = st.selectbox(t("admin.mappings", lang), list(mappings["name"]))
            if st.form_submit_button(t("admin.delete_mapping", lang)):
                _act(lambda: delete_mapping(store, user, name), t("admin.mapping_deleted", lang))

with audit_tab:
    cols = st.columns(4)
    start = cols[0].date_input(t("admin.from", lang), date.today() - timedelta(days=30), key="audit_from")
    end = cols[1].date_input(t("admin.to", lang), date.today(), key="audit_to")
    actor = cols[2].text_input(t("admin.actor", lang), key="audit_actor")
    action = cols[3].selectbox(t("admin.action", lang), ["", *audit_actions(store)], key="audit_action",
                               format_func=lambda a: audit_label(a, lang) if a else t("filter.all", lang))
    entries = audit_entries(store, start=start, end=end, actor=actor.strip().lower() or None, action=action or None)
    table(_shown(entries), "audit", lang)
