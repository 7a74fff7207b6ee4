"""New action: a form, pre-filled when a dashboard sent a detractor, complaint, ticket or weak pair."""

from dataclasses import replace

import streamlit as st

from relclient.addresses import script
from relclient.actions import create_action
from relclient.closed_loop import prefill, source_text
from relclient.i18n import t
from relclient.metrics import KPIS_BY_ID
from relclient.permissions import why_not
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui.action_forms import new_form
from relclient.ui.actions import FLASH_KEY
from relclient.ui.auth import acting_user
from relclient.ui.data import clear_caches, get_store, load_choices, load_themes
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain

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
    except Problem as exc:
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

# Another source, a fresh form.
sent = new_form(store, user, pre, asked_kpi, names, f"new_{source}_{asked_kpi}", lang, disabled=refusal is not None)
if sent is not None:
    try:
        created = create_action(store, user, sent.draft())
    except Problem as exc:
        st.error(plain(exc.message(lang)))
    else:
        clear_caches()
        st.session_state[FLASH_KEY] = t("new.created", lang, id=created.action_id)
        st.switch_page(script("action"), query_params={"id": str(created.action_id)})
