"""The reviews list and the review page, rendered by AppTest on a copy of the demo company: the
list's groups and progress, a new review, walking the sections, a comment, a decision that becomes
an action, holding and closing, and who may reopen."""

from __future__ import annotations

from datetime import date

from relclient.actions import get_action
from relclient.i18n import t
from relclient.metrics import kpi
from relclient.reviews import SECTIONS, decisions, get_review, latest_record, list_reviews, review_content
from tests.app.action_app import actions_app, button  # noqa: F401  (fixture)

LIST = "pages/reviews/reviews.py"
REVIEW = "pages/reviews/review.py"


def test_the_list_shows_upcoming_and_past_reviews_with_their_progress(actions_app):
    at = actions_app(LIST)
    assert not at.exception
    assert at.title[0].value == "Revues de direction"
    reviews = list_reviews(actions_app.store())
    links = [link.proto.label for link in at.get("page_link") if link.proto.page == "review"]
    assert links == [f"#{r.review_id} · {r.title}" for r in reviews.itertuples()]
    done = reviews[reviews["status"] == "closed"].iloc[-1]
    assert any(f"{done['done']} actions terminées sur {done['actions']}" in p.proto.text
               for p in at.get("progress"))


def test_preparing_a_review_of_a_period_that_has_one_opens_it_instead_of_making_a_second(actions_app):
    at = actions_app(LIST)
    before = list_reviews(actions_app.store())
    button(at, "Créer la revue").click().run()  # the proposed period: the latest quarter, reviewed already
    assert not at.exception
    after = list_reviews(actions_app.store())
    assert len(after) == len(before)
    assert "a déjà sa revue" in at.success[0].value and at.title[0].value.startswith("#")


def test_a_new_review_is_created_with_its_planned_meeting_and_opens_on_its_first_section(actions_app):
    at = actions_app(LIST)
    at.text_input[0].set_value("Revue spéciale livraisons")
    at.date_input[0].set_value((date(2026, 1, 1), date(2026, 3, 31)))
    at.date_input[1].set_value(date(2026, 4, 15))  # set in advance
    button(at, "Créer la revue").click().run()
    assert not at.exception
    created = list_reviews(actions_app.store()).iloc[0]
    assert created["title"] == "Revue spéciale livraisons" and created["status"] == "draft"
    assert created["meeting_date"].date() == date(2026, 4, 15)
    assert at.title[0].value == f"#{created['review_id']} · Revue spéciale livraisons"


def test_the_meeting_walks_one_section_at_a_time_with_the_figures_of_the_kpi_layer(actions_app):
    store = actions_app.store()
    draft = list_reviews(store).iloc[0]
    at = actions_app(REVIEW, id=str(draft["review_id"]))
    content = review_content(store, int(draft["review_id"]))
    for section in SECTIONS[1:3]:
        button(at, next(b.label for b in at.button if b.label.startswith("Rubrique suivante"))).click().run()
        assert not at.exception
        assert at.header[0].value == f"{t(f'reviews.section.{section.id}', 'fr')} · ISO 9001 §{section.clause}"
        shown = {m.label: m.value for m in at.metric}
        assert len(shown) == len(section.kpis)
        for kpi_id in section.kpis:
            k = kpi(kpi_id)
            assert shown[k.label("fr")] == k.format(content.inputs["kpis"][kpi_id]["value"], "fr")


def test_every_section_of_a_quarter_still_running_says_so_and_compares_like_for_like(actions_app):
    store = actions_app.store()
    draft = int(list_reviews(store).iloc[0]["review_id"])  # the demo's current quarter, 64 of 92 days
    at = actions_app(REVIEW, id=str(draft))
    for section in SECTIONS:
        at.button_group(key=f"review_step_{draft}").set_value(section.id).run()
        assert not at.exception
        assert any("Période en cours : chiffres à date, jusqu'au 03/12/2025 (64 j sur 92)" in w.value
                   for w in at.warning), section.id
        for frame in at.dataframe:
            assert "Revue précédente" not in frame.value.columns, section.id
        assert all("Revue précédente" not in (m.help or "") for m in at.metric)
    at.button_group(key=f"review_step_{draft}").set_value("compare").run()
    assert any("face aux 64 mêmes jours avant" in w.value for w in at.warning)
    assert "Période précédente" in at.dataframe[0].value.columns
    # The opportunities proposed from the data, biggest first, each with what it concerns.
    at.button_group(key=f"review_step_{draft}").set_value("opportunities").run()
    proposed = at.dataframe[0].value
    assert len(proposed) >= 5 and list(proposed.columns) == ["Opportunité", "Concerne"]
    assert at.dataframe[0].proto.selection_mode  # a row opens a pre-filled action


def test_a_comment_a_decision_holding_and_closing_freeze_the_review(actions_app):
    store = actions_app.store()
    review_id = int(list_reviews(store).iloc[0]["review_id"])  # the demo's draft
    at = actions_app(REVIEW, id=str(review_id))
    at.text_area(key=f"comment-{review_id}-actions").set_value("Deux actions en retard à relancer.")
    button(at, "Enregistrer le commentaire").click().run()
    at.button_group(key=f"review_step_{review_id}").set_value("decisions").run()
    at.text_area(key=f"decision_text_{review_id}").set_value("Tenir la promesse de livraison")
    at.selectbox(key=f"decision_owner_{review_id}").set_value("logistics")
    at.selectbox(key=f"decision_kpi_{review_id}").set_value("on_time_delivery")
    button(at, "Enregistrer la décision").click().run()
    assert not at.exception
    decided = decisions(store, review_id)
    assert [d.text for d in decided] == ["Tenir la promesse de livraison"]
    action = get_action(store, decided[0].action_id)
    assert (action.lead_dept, action.kpi_id, action.status) == ("logistics", "on_time_delivery", "todo")
    at.button_group(key=f"review_step_{review_id}").set_value("meeting").run()
    button(at, "La réunion a eu lieu").click().run()
    assert get_review(store, review_id).status == "held"
    # The quarter is not over (64 of 92 days): closing waits for the confirmation, then records it.
    assert button(at, "Clore et figer la revue").disabled
    at.checkbox(key=f"close_partial_{review_id}").check().run()
    button(at, "Clore et figer la revue").click().run()
    assert not at.exception
    assert get_review(store, review_id).status == "closed"
    record = latest_record(store, review_id)
    assert (record["closed_early"]["days"], record["closed_early"]["of"]) == (64, 92)
    assert any("Close avant la fin de sa période" in w.value for w in at.warning)
    assert record["comments"] == {"actions": "Deux actions en retard à relancer."}
    assert [d["text"] for d in record["decisions"]] == ["Tenir la promesse de livraison"]
    assert any("figé" in i.value for i in at.info)


def test_only_the_chair_may_reopen_and_a_viewer_changes_nothing(actions_app):
    store = actions_app.store()
    closed = int(list_reviews(store).query("status == 'closed'").iloc[0]["review_id"])
    admin = actions_app(REVIEW, user="admin@demo.relclient.fr", id=str(closed))
    admin.button_group(key=f"review_step_{closed}").set_value("meeting").run()
    assert button(admin, "Rouvrir la revue").disabled
    viewer = actions_app(REVIEW, user="lecteur@demo.relclient.fr", id=str(closed))
    assert not viewer.exception and not [b for b in viewer.button if b.label == "Enregistrer le commentaire"]
    viewer.button_group(key=f"review_step_{closed}").set_value("decisions").run()
    assert not [b for b in viewer.button if b.label in ("Enregistrer la décision", "Enregistrer")]
    assert get_review(store, closed).resource_needs in [x.value for x in viewer.text]
    chair = actions_app(REVIEW, id=str(closed))
    chair.button_group(key=f"review_step_{closed}").set_value("meeting").run()
    chair.text_input(key=f"reopen_reason_{closed}").set_value("Décision oubliée")
    button(chair, "Rouvrir la revue").click().run()
    assert get_review(store, closed).status == "held"


def test_an_action_decided_in_a_review_links_back_to_that_review(actions_app):
    store = actions_app.store()
    review_id, action_id = store.fetch_one("SELECT review_id, action_id FROM review_decisions"
                                           " WHERE action_id IS NOT NULL ORDER BY decision_id LIMIT 1")
    at = actions_app("pages/actions/action.py", id=str(action_id))
    back = [link.proto for link in at.get("page_link") if link.proto.page == "review"]
    assert [(b.label, b.query_string) for b in back] == [
        (f"#{review_id} · {get_review(store, review_id).title}", f"id={review_id}")]


def test_a_viewer_reads_a_draft_reviews_preparation_as_text_with_no_form(actions_app):
    store = actions_app.store()
    draft = int(list_reviews(store).query("status == 'draft'").iloc[0]["review_id"])
    viewer = actions_app(REVIEW, user="lecteur@demo.relclient.fr", id=str(draft))
    viewer.button_group(key=f"review_step_{draft}").set_value("meeting").run()
    assert not viewer.exception
    assert not viewer.main.get("form") and not viewer.main.date_input
    assert not [b for b in viewer.button if b.label in ("Enregistrer", "Tenir la revue")]
    assert get_review(store, draft).title in [x.value for x in viewer.text]


def test_a_period_with_only_its_first_day_chosen_is_refused_in_words_and_nothing_is_created(actions_app):
    at = actions_app(LIST)
    before = len(list_reviews(actions_app.store()))
    at.date_input[0].set_value((date(2026, 1, 1),))
    button(at, "Créer la revue").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Choisissez le premier et le dernier jour de la période")
    assert len(list_reviews(actions_app.store())) == before
