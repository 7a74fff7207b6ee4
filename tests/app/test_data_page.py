"""The Data page, driven by AppTest: upload, check, load, report, history, undo — on a copy of the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from relclient.store import Store, close_all
from relclient.auth import User
from relclient.ingest import LoadMode
from relclient.stewards import set_steward
from tests.app.conftest import app_script

LEAD = "responsable.sc@demo.relclient.fr"
from tests.unit.test_ingest_bad_files import BAD

NEW_CUSTOMERS = ("N° client;Nom;Segment;Région;Date de création;Valeur annuelle\n"
                 "ZZ001;Dupont;PME;Nord;03/01/2024;1 234,50\n"
                 "ZZ002;Durand;PME;Sud;31/02/2024;12\n"
                 "ZZ003;Martin;;;05/01/2024;\n").encode("cp1252")


@pytest.fixture
def data_app(own_demo) -> tuple[AppTest, Path]:
    """The app on its own copy of the demo: these tests write."""
    db = own_demo
    store = Store(db)  # customer service stewards the customers here: its department lead uploads them
    set_steward(store, User("admin@demo.relclient.fr", "A", "direction", "admin"), "customers", "customer_service")
    store.close()
    at = app_script(LEAD).run()
    at.switch_page("pages/data/uploads.py").run()
    return at, db


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _count(db: Path, sql: str) -> int:
    close_all()  # the app's connection holds the file; read it after the run
    import streamlit as st

    st.cache_resource.clear()
    s = Store(db, read_only=True)
    try:
        return s.fetch_one(sql)[0]
    finally:
        s.close()


def test_the_page_shows_the_dataset_contract_and_an_upload_box(data_app):
    at, _ = data_app
    assert not at.exception
    assert at.title[0].value == "Chargement de données"
    contract = at.dataframe[0].value
    assert list(contract["Colonne"]) == ["customer_id", "name", "segment", "region", "created_on", "churned_on",
                                         "annual_value"]
    assert {".csv", ".xlsx", ".parquet"} <= set(at.file_uploader[0].allowed_type)


def test_a_new_file_is_checked_at_once_with_line_numbers_in_french_and_nothing_changes(data_app):
    at, db = data_app
    at.file_uploader[0].set_value(("clients.csv", NEW_CUSTOMERS, "text/csv")).run()
    assert not at.exception, at.exception
    assert "texte cp1252, séparateur « ; »" in at.success[0].value
    grid = at.data_editor[0].value
    assert grid.set_index("target").loc["customer_id", "source"] == "N° client"
    assert "Vérification seule" in at.info[-1].value  # checked without a click
    _button(at, "Vérifier sans charger").click().run()
    assert not at.exception, at.exception
    assert "Vérification seule" in at.info[-1].value and "2 ajoutées" in at.info[-1].value
    issues = at.dataframe[-1].value
    assert list(issues["ligne"]) == [3] and "31/02/2024" in issues["Motif"].iloc[0]
    assert any(b.label.startswith("Télécharger les lignes rejetées") for b in at.get("download_button"))
    at.run()
    assert _count(db, "SELECT count(*) FROM customers WHERE customer_id LIKE 'ZZ%'") == 0


def test_a_load_writes_the_valid_rows_records_the_load_and_can_be_undone(data_app):
    at, db = data_app
    at.file_uploader[0].set_value(("clients.csv", NEW_CUSTOMERS, "text/csv")).run()
    _button(at, "Charger").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Chargement n°1 terminé") and "2 ajoutées" in s.value for s in at.success)
    history = at.dataframe[-1].value
    assert list(history["Fichier"]) == ["clients.csv"] and list(history["Ajoutées"]) == [2]
    at.checkbox(key="data_undo_sure").check()  # in a form: sent with the submit below
    _button(at, "Annuler ce chargement").click().run()
    assert not at.exception, at.exception
    assert any("Chargement n°1 annulé" in s.value for s in at.success)
    assert _count(db, "SELECT count(*) FROM customers WHERE customer_id LIKE 'ZZ%'") == 0
    assert _count(db, "SELECT count(*) FROM loads WHERE undone_at IS NOT NULL") == 1


def test_an_unreadable_file_gets_one_clear_error(data_app):
    at, _ = data_app
    at.file_uploader[0].set_value(("x.xlsx", (BAD / "25_encrypted_customers.xlsx").read_bytes(),
                                   "application/octet-stream")).run()
    assert not at.exception
    assert "protégé par un mot de passe" in at.error[0].value


def test_a_file_whose_required_columns_are_unmapped_says_which_and_keeps_the_history(data_app):
    at, _ = data_app
    at.file_uploader[0].set_value(("x.csv", b"a;b\n1;2\n", "text/csv")).run()
    assert not at.exception
    assert "customer_id, created_on" in at.error[0].value.replace("\\", "")  # escaped Markdown
    assert any(h.value == "Historique des chargements" for h in at.subheader)


def test_the_page_in_english(data_app):
    at, _ = data_app
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Data uploads"
    assert "Column" in at.dataframe[0].value.columns


def test_headers_and_file_names_from_the_file_are_shown_as_text_not_markdown(data_app):
    at, _ = data_app
    evil = "customer_id;[click](http://evil.example);[click](http://evil.example)\nC1;a;b\n".encode()
    at.file_uploader[0].set_value(("**bold**.csv", evil, "text/csv")).run()
    assert not at.exception
    warning = at.warning[0].value
    assert "\\[click\\]\\(http" in warning  # escaped: Markdown shows the brackets, makes no link
    assert "\\*\\*bold\\*\\*" in at.success[0].value


def test_the_uploader_takes_the_load_limit_for_the_steward_and_the_check_limit_for_the_others(data_app, monkeypatch):
    monkeypatch.setenv("RELCLIENT_MAX_UPLOAD_MB", "700")
    monkeypatch.setenv("RELCLIENT_MAX_CHECK_MB", "20")
    at, _ = data_app
    limits = {}
    for dataset in ("customers", "orders"):  # customer service stewards the first here, not the second
        at.selectbox(key="data_dataset").set_value(dataset).run()
        uploader = at.get("file_uploader")[0]
        limits[dataset] = (uploader.proto.max_upload_size_mb, uploader.proto.help)
    assert limits["customers"][0] == 700 and "700 Mo au plus" in limits["customers"][1]  # the session reads French
    assert limits["orders"][0] == 20 and "20 Mo au plus" in limits["orders"][1]


def test_a_mapping_named_on_the_page_is_saved_by_the_load_and_not_by_a_refused_one(data_app):
    at, db = data_app
    at.file_uploader[0].set_value(("clients.csv", NEW_CUSTOMERS, "text/csv")).run()
    at.text_input(key="data_save_as").input("export CRM")
    at.radio(key="data_policy").set_value(True)  # all or nothing: line 3 is wrong, nothing is loaded
    _button(at, "Charger").click().run()
    assert not at.exception, at.exception
    assert any(e.value.startswith("Rien n'a été chargé") for e in at.error), [e.value for e in at.error]
    assert _count(db, "SELECT count(*) FROM saved_mappings") == 0
    assert _count(db, "SELECT count(*) FROM loads") == 0
    at.radio(key="data_policy").set_value(False)
    at.radio(key="data_mode").set_value(LoadMode.APPEND)  # the page's options are the modes themselves
    _button(at, "Charger").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Chargement n°1 terminé") for s in at.success)
    assert _count(db, "SELECT count(*) FROM saved_mappings WHERE name = 'export CRM' AND dataset = 'customers'"
                      " AND saved_by = '" + LEAD + "'") == 1
    assert _count(db, "SELECT count(*) FROM loads WHERE mode = 'append'") == 1
