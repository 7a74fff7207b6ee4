"""One action's page and the new-action page, rendered by AppTest on a copy of the demo company:
figures, saving, a save on a stale version, comments, and an action opened from a detractor."""

from __future__ import annotations

from relclient.actions import ActionChange, get_action, history, list_actions, mentions_of, movements, update_action
from relclient.auth import get_user
from relclient.metrics import kpi
from tests.app.conftest import seen
from tests.app.action_app import actions_app, button  # noqa: F401  (fixture)

ACTION = "pages/actions/action.py"
NEW = "pages/actions/new.py"


def _some_action(store):
    return next(a for a in list_actions(store) if a.status == "in_progress" and a.target is not None)


def test_the_action_page_shows_the_kpi_baseline_now_and_target_of_the_domain(actions_app):
    store = actions_app.store()
    action = _some_action(store)
    at = actions_app(ACTION, id=str(action.action_id))
    assert not at.exception
    assert seen(at.title[0].value) == f"#{action.action_id} · {action.title}"
    moved = movements(store, [action])[action.action_id]
    k = kpi(action.kpi_id)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Point de départ"] == k.format(moved.baseline, "fr")
    assert shown["Aujourd'hui"] == k.format(moved.now, "fr")
    assert shown["Valeur cible"] == k.format(action.target, "fr")


def test_a_saved_change_lands_with_its_history_and_the_form_shows_the_new_version(actions_app):
    store = actions_app.store()
    action = _some_action(store)
    at = actions_app(ACTION, id=str(action.action_id))
    v = f"a{action.action_id}v{action.version}"
    at.text_input(key=f"{v}_title").set_value("Une promesse tenue")
    at.selectbox(key=f"{v}_priority").set_value("low")
    button(at, "Enregistrer").click().run()
    assert not at.exception
    saved = get_action(store, action.action_id)
    assert (saved.title, saved.priority, saved.version) == ("Une promesse tenue", "low", action.version + 1)
    assert {(h.field, h.new) for h in history(store, action.action_id) if h.version == saved.version} == {
        ("title", "Une promesse tenue"), ("priority", "low")}
    assert at.text_input(key=f"a{action.action_id}v{saved.version}_title").value == "Une promesse tenue"


def test_a_save_on_a_version_changed_meanwhile_is_refused_then_can_be_applied_on_top(actions_app):
    store = actions_app.store()
    action = _some_action(store)
    at = actions_app(ACTION, id=str(action.action_id))
    other = get_user(store, "helene.dumas@demo.relclient.fr")
    priority = "low" if action.priority != "low" else "high"
    update_action(store, other, action.action_id, action.version, ActionChange(priority=priority))
    v = f"a{action.action_id}v{action.version}"
    at.text_input(key=f"{v}_title").set_value("Mon titre")
    button(at, "Enregistrer").click().run()
    message = at.error[0].value
    assert "modifiée par Hélène Dumas" in message and "Priorité" in message
    assert {"low": "Basse", "high": "Haute"}[priority] in message
    assert get_action(store, action.action_id).title == action.title  # nothing of mine written yet
    assert at.text_input(key=f"{v}_title").value == "Mon titre"  # and nothing of mine lost
    button(at, "Enregistrer mes changements sur la nouvelle version").click().run()
    final = get_action(store, action.action_id)
    assert (final.title, final.priority, final.version) == ("Mon titre", priority, action.version + 2)


def test_a_comment_mentioning_a_department_is_shown_and_reaches_that_department(actions_app):
    store = actions_app.store()
    action = _some_action(store)
    at = actions_app(ACTION, id=str(action.action_id))
    at.text_area(key=f"comment_body_{action.action_id}").set_value("R&D, pouvez-vous regarder ?")
    at.multiselect(key=f"comment_mentions_{action.action_id}").set_value(["rnd"])
    button(at, "Publier").click().run()
    assert not at.exception
    assert "R&D, pouvez-vous regarder ?" in [x.value for x in at.text]
    assert list(mentions_of(store, "rnd")["body"])[0] == "R&D, pouvez-vous regarder ?"


def test_a_viewer_reads_the_action_as_text_with_no_form_to_save_or_comment(actions_app):
    action = _some_action(actions_app.store())
    at = actions_app(ACTION, user="lecteur@demo.relclient.fr", id=str(action.action_id))
    assert not at.exception
    assert not at.main.get("form") and not at.main.text_input and not at.main.text_area  # the sidebar has the password form
    assert not [b for b in at.button if b.label in ("Enregistrer", "Publier")]
    texts = [e.value for e in at.text]
    assert action.title in texts and "Priorité" in " ".join(m.value for m in at.markdown)
    assert any("service pilote" in c.value for c in at.caption)


def test_an_unknown_action_says_so(actions_app):
    at = actions_app(ACTION, id="9999")
    assert any("Aucune action n°9999" in w.value for w in at.warning)


def test_a_detractors_answer_opens_a_prefilled_action_that_is_created_with_its_link(actions_app):
    store = actions_app.store()
    response, customer = store.fetch_one(
        "SELECT response_id, customer_id FROM survey_responses WHERE survey = 'nps' AND score <= 6"
        " AND dept = 'logistics' AND comment IS NOT NULL ORDER BY response_id LIMIT 1")
    at = actions_app(NEW, **{"from": f"response:{response}"})
    assert not at.exception
    key = f"new_response:{response}_None"
    assert at.text_input(key=f"{key}_title").value.startswith("NPS ")
    assert at.selectbox(key=f"{key}_kpi").value == "nps"
    assert at.selectbox(key=f"{key}_lead").value == "logistics"
    at.multiselect(key=f"{key}_contributors").set_value(["customer_service"])
    button(at, "Créer l'action").click().run()
    assert not at.exception
    created = max(list_actions(store), key=lambda a: a.action_id)
    assert {link.text() for link in created.links} >= {f"response:{response}", f"customer:{customer}"}
    assert seen(at.title[0].value) == f"#{created.action_id} · {created.title}"  # now on its page


def test_a_source_that_is_not_in_the_data_gets_a_clear_error_and_an_empty_form(actions_app):
    at = actions_app(NEW, **{"from": "response:NOPE"})
    assert any("response:NOPE" in seen(e.value) for e in at.error)
    assert at.text_input(key="new_response:NOPE_None_title").value == ""
