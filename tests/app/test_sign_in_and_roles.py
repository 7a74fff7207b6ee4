"""Sign-in and roles, driven by AppTest on a copy of the demo company with its five accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import streamlit as st
from streamlit.testing.v1 import AppTest

from relclient.metrics import KPIS
from relclient.store import close_all, open_store
from tests.app.conftest import app_script, seen, signed_in

VIEWER, LEAD, ADMIN = "lecteur@demo.relclient.fr", "responsable.sc@demo.relclient.fr", "admin@demo.relclient.fr"


@pytest.fixture
def fresh(own_demo):
    """A new AppTest on its own copy of the demo (these tests sign in, fail and add accounts)."""
    return lambda: app_script()


def _sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input(key="signin_email").set_value(email)
    at.text_input(key="signin_password").set_value(password)
    return at.button[0].click().run()


def test_nothing_is_shown_before_signing_in_and_a_wrong_password_is_refused(fresh):
    at = fresh().run()
    assert at.title[0].value == "Connexion" and not at.metric
    _sign_in(at, ADMIN, "wrong-password")
    assert seen(at.error[0].value) == "E-mail ou mot de passe incorrect." and not at.metric
    _sign_in(at, ADMIN, "admin-demo-2025")
    assert not at.exception
    assert at.title[0].value == "Vue d'ensemble" and len(at.metric) == len(KPIS) + 3
    assert any("Alice Admin (administrateur)" in c.value for c in at.sidebar.caption)


def test_an_idle_session_ends_and_says_so(fresh):
    at = signed_in(fresh(), VIEWER)
    open_store().transaction(lambda cur: cur.execute(  # idle for two hours
        "UPDATE sessions SET last_seen = ? WHERE id = ?", [datetime.now() - timedelta(hours=2),
                                                          at.session_state["auth_session"]]))
    at.run()
    assert at.title[0].value == "Connexion"
    assert "inactivité" in at.warning[0].value


def test_a_viewer_reads_but_the_targets_form_and_the_load_button_say_why_not(fresh):
    at = signed_in(fresh(), VIEWER).run()
    assert len(at.metric) == len(KPIS) + 3
    assert "les objectifs de l'entreprise sont fixés par la direction" in at.info[0].value
    assert next(b for b in at.button if b.label == "Enregistrer les cibles").disabled
    at.switch_page("pages/data/uploads.py").run()
    at.file_uploader[0].set_value(("c.csv", b"customer_id;created_on\nZ1;01/01/2024\n", "text/csv")).run()
    assert not at.exception
    load = next(b for b in at.button if b.label == "Charger")
    assert load.disabled and any("responsables du service Commercial" in c.value for c in at.caption)


def test_only_an_admin_has_the_admin_page_and_can_add_an_account(fresh):
    lead = signed_in(fresh(), LEAD).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        lead.switch_page("pages/admin/admin.py")  # not registered for a department lead at all
    admin = signed_in(fresh(), ADMIN).run()
    admin.switch_page("pages/admin/admin.py").run()
    assert not admin.exception
    assert set(admin.dataframe[0].value["E-mail"]) >= {VIEWER, LEAD, ADMIN}
    form_inputs = [i for i in admin.text_input if i.label in ("E-mail", "Nom", "Mot de passe initial")]
    for field, value in zip(form_inputs, ("nouveau@exemple.fr", "Nadia Nouveau", "un-mot-de-passe-long")):
        field.set_value(value)
    next(b for b in admin.button if b.label == "Créer").click().run()
    assert any("Compte nouveau@exemple.fr créé." in s.value for s in admin.success)
    assert "nouveau@exemple.fr" in set(admin.dataframe[0].value["E-mail"])


@pytest.mark.parametrize("page", ["pages/dashboards/glossary.py", "pages/data/uploads.py", "pages/dashboards/customer.py"])
def test_every_page_asks_to_sign_in_first(fresh, page):
    at = fresh().run()
    at.switch_page(page).run()  # declared (so a link keeps its address) but not run before sign-in
    assert at.title[0].value == "Connexion" and len(at.text_input) == 2
    assert not at.dataframe and not at.file_uploader and not at.metric


def test_a_name_typed_by_an_admin_is_shown_as_text_not_html_or_markdown(fresh):
    from relclient.auth import User, add_user
    from relclient.store import Store

    close_all()
    st.cache_resource.clear()
    import os

    store = Store(os.environ["RELCLIENT_DB"])
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](http://evil.example) ![i](http://x/i.png)'
    add_user(store, User("root@x.fr", "R", "direction", "admin"), "evil@example.fr", evil, "sales", "viewer", None)
    store.close()
    at = signed_in(fresh(), "evil@example.fr").run()
    shown = next(c.value for c in at.sidebar.caption if "Connecté" in c.value)
    assert "\\<script\\>" in shown and "\\[click\\]\\(http" in shown and "\\!\\[i\\]" in shown
    assert "<script>" not in shown.replace("\\<", "")


def _add(email: str, password: str | None, status: str | None = None) -> None:
    import os

    from relclient.auth import User, add_user, set_status
    from relclient.store import Store

    close_all()
    st.cache_resource.clear()
    store = Store(os.environ["RELCLIENT_DB"])
    root = User("root@x.fr", "R", "direction", "admin")
    add_user(store, root, email, "Nouvelle Personne", "sales", "member", password)
    if status:
        store.transaction(lambda cur: cur.execute("UPDATE users SET status = ? WHERE email = ?", [status, email]))
    store.close()


def test_an_account_an_admin_created_chooses_its_own_password_before_seeing_anything(fresh):
    _add("new@demo.relclient.fr", "given by the admin 42")
    at = _sign_in(fresh().run(), "new@demo.relclient.fr", "given by the admin 42")
    assert at.title[0].value == "Choisissez votre mot de passe" and not at.metric
    fields = at.get("text_input")
    fields[0].set_value("given by the admin 42")
    fields[1].set_value("password1234")
    fields[2].set_value("password1234")
    at.button[0].click().run()
    assert "trop facilement" in seen(at.error[0].value) and not at.metric  # too easy to guess
    fields = at.get("text_input")
    fields[1].set_value("quartz lemon harbor violin")
    fields[2].set_value("quartz lemon harbor violin")
    at.button[0].click().run()
    # A member starts on their own department.
    assert not at.exception and at.title[0].value == "Vue service"


def test_an_account_waiting_for_approval_sees_no_data(fresh):
    _add("waiting@demo.relclient.fr", None, status="pending")
    at = signed_in(fresh(), "waiting@demo.relclient.fr").run()
    assert at.title[0].value == "Compte en attente" and not at.metric and not at.dataframe


def test_a_session_the_database_does_not_hold_has_ended(fresh):
    at = fresh()
    at.session_state["auth_session"] = "made-up"  # no such row: a forged or forgotten session
    at.run()
    assert at.title[0].value == "Connexion" and not at.metric


def test_the_change_an_account_form_starts_from_the_chosen_accounts_role_and_state(fresh):
    admin = signed_in(fresh(), ADMIN).run()
    admin.switch_page("pages/admin/admin.py").run()
    admin.selectbox(key="admin_who").set_value(LEAD).run()
    assert admin.selectbox(key=f"admin_new_role_{LEAD}").value == "dept_lead"
    assert admin.selectbox(key=f"admin_new_status_{LEAD}").value == "active"
    admin.selectbox(key="admin_who").set_value(VIEWER).run()
    assert admin.selectbox(key=f"admin_new_role_{VIEWER}").value == "viewer"
