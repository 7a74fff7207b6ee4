"""The voice of the customer page, rendered by AppTest on its own copy of the demo company: the
themes with their figures, a search, a theme to an action, the catalogue kept by leadership, and a
call-back recorded by the department it belongs to."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from relclient.store import Store, close_all
from relclient.voice.catalogue import STARTER
from tests.app.conftest import DIRECTION, new_app, seen

QUARTER = {"from": "2025-10-01", "to": "2025-12-31"}


@pytest.fixture(scope="module")
def voice_db(demo_db, tmp_path_factory):
    """A copy of the demo company the tests of this module may write to."""
    path = tmp_path_factory.mktemp("voice") / "voice.duckdb"
    shutil.copy(demo_db, path)
    yield path
    close_all()


def _voice(voice_db, monkeypatch, email: str = DIRECTION, **query: str) -> AppTest:
    at = new_app(monkeypatch, voice_db, email, timeout=90).run()
    at.switch_page("pages/dashboards/voice.py")
    for key, value in {**QUARTER, **query}.items():
        at.query_params[key] = value
    return at.run()


def _read(voice_db, sql: str, params=None):
    store = Store(voice_db, read_only=True)
    try:
        return store.fetch_all(sql, params)
    finally:
        store.close()


def test_the_page_shows_every_theme_with_its_figures_charts_and_four_tabs(voice_db, monkeypatch):
    at = _voice(voice_db, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Voix du client"
    assert [tab.label for tab in at.tabs] == ["Thèmes", "Verbatims", "Rappels clients", "Catalogue des thèmes"]
    themes = at.dataframe[0].value
    assert len(themes) == len(STARTER)
    assert {"Thème", "Verbatims", "NPS du thème", "n (NPS)", "Évolution du NPS", "Tonalité (−1 à 1)"} <= set(themes.columns)
    counts = list(themes["Verbatims"])
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert "Retard de livraison" in set(themes["Thème"])
    assert len(at.get("plotly_chart")) == 2
    assert len(at.metric) == 2  # callback_rate and callback_hours


def test_a_search_finds_the_verbatims_holding_any_form_of_the_word_newest_first(voice_db, monkeypatch):
    at = _voice(voice_db, monkeypatch)
    at.text_input(key="voice-search").set_value("RETARDS").run()
    assert not at.exception
    found = next(df.value for df in at.dataframe if "Commentaire" in df.value.columns)
    assert len(found) > 0
    assert all("retard" in c.lower() for c in found["Commentaire"])
    dates = list(found["Répondu le"])
    assert dates == sorted(dates, reverse=True)


def test_a_theme_opens_a_new_action_pre_filled_from_it(voice_db, monkeypatch):
    at = _voice(voice_db, monkeypatch)
    at.button(key="voice-act-go").click().run()
    assert not at.exception
    assert at.query_params["from"].startswith("theme:") and at.query_params["from"].endswith(":2025-10-01:2025-12-03")
    assert at.title[0].value == "Nouvelle action"
    title = next(w.value for w in at.text_input if w.label == "Titre")
    assert title.startswith("Thème « ") and title.endswith("verbatims à traiter")


def test_leadership_adds_a_theme_and_the_verbatims_are_read_again(voice_db, monkeypatch):
    at = _voice(voice_db, monkeypatch)
    at.text_input(key="voice_theme_fr").set_value("Chantier annulé")
    at.text_input(key="voice_theme_en").set_value("Cancelled building site")
    at.selectbox(key="voice_theme_dept").set_value("logistics")
    at.text_area(key="voice_kw_fr").set_value("chantiers")
    next(b for b in at.button if b.label == "Enregistrer le thème").click().run()
    assert not at.exception
    assert [seen(s.value) for s in at.success] == ["Thème « Chantier annulé » enregistré ; les verbatims sont relus."]
    matched = _read(voice_db, "SELECT count(*), count(*) FILTER (WHERE lower(s.comment) LIKE '%chantier%')"
                              " FROM verbatim_themes vt JOIN survey_responses s USING (response_id)"
                              " WHERE vt.theme = 'cancelled_building_site'")[0]
    assert matched[0] > 0 and matched[0] == matched[1]


def test_a_member_reads_the_catalogue_and_cannot_change_it(voice_db, monkeypatch):
    at = _voice(voice_db, monkeypatch, "membre@demo.relclient.fr")
    assert not at.exception
    assert "La direction tient le catalogue des thèmes." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.label == "Enregistrer le thème"]


def test_a_department_lead_records_a_call_back_of_their_department(voice_db, monkeypatch):
    lead = "responsable.sc@demo.relclient.fr"
    before = _read(voice_db, "SELECT count(*) FROM callbacks WHERE done_by = ? AND status = 'called'", [lead])[0][0]
    at = _voice(voice_db, monkeypatch, lead, dept="customer_service")
    next(t for t in at.text_area if t.label == "Note").set_value("Rappelé, excuses faites")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert not at.exception
    assert seen(at.success[0].value).startswith("Rappel du client CL")
    after = _read(voice_db, "SELECT count(*), max(note) FROM callbacks WHERE done_by = ? AND status = 'called'", [lead])[0]
    assert after[0] == before + 1 and after[1] == "Rappelé, excuses faites"
