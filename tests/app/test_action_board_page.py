"""The action board, rendered by AppTest on a copy of the demo company: columns, follow-up,
filters, the table view, moves and a move made on a stale card."""

from __future__ import annotations

from datetime import datetime

from relclient.actions import STATUSES, ActionChange, ActionQuery, follow_up_counts, get_action, history, list_actions, update_action
from relclient.auth import get_user
from tests.app.action_app import actions_app, button  # noqa: F401  (fixture)

BOARD = "pages/actions/board.py"


def test_the_board_shows_each_column_with_its_count_and_warns_over_a_wip_limit(actions_app):
    at = actions_app(BOARD)
    assert not at.exception
    assert at.title[0].value == "Tableau des actions transverses"
    actions = list_actions(actions_app.store())
    heads = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value][:len(STATUSES)]
    for head, status in zip(heads, STATUSES):
        assert f"· {sum(a.status == status.id for a in actions)}" in head.replace(":orange[**", "").replace("**", "")
    # The demo has 11 actions in progress for a limit of 8.
    assert any("limite de 8" in w.value for w in at.warning)


def test_the_follow_up_counts_equal_the_domains(actions_app):
    at = actions_app(BOARD)
    counts = follow_up_counts(actions_app.store(), now=datetime.now())
    shown = {m.label: m.value for m in at.metric}
    assert shown["En retard"] == str(counts.overdue)
    assert shown["Bloquées depuis plus de 14 jours"] == str(counts.blocked_long)
    assert shown["Sans nouvelles depuis 30 jours"] == str(counts.stale)


def test_the_table_view_lists_the_filtered_actions_and_offers_downloads(actions_app):
    at = actions_app(BOARD)
    at.selectbox(key="board_dept").set_value("logistics").run()
    at.button_group(key="board_view").set_value("table").run()
    assert not at.exception
    shown = at.dataframe[0].value
    expected = list_actions(actions_app.store(), ActionQuery(dept="logistics"))
    assert list(shown["N°"]) == [a.action_id for a in expected]
    assert {"Titre", "Statut", "Sponsor (direction)", "Point de départ", "Aujourd'hui"} <= set(shown.columns)
    assert {b.label for b in at.get("download_button")} >= {"CSV", "Excel"} or len(at.get("download_button")) == 2


def test_a_link_naming_a_kpi_filters_the_board(actions_app):
    at = actions_app(BOARD, kpi="nps")
    at.button_group(key="board_view").set_value("table").run()
    assert at.selectbox(key="board_kpi").value == "nps"
    assert set(at.dataframe[0].value["Indicateur visé"]) == {"NPS"}


def test_the_overdue_and_blocked_filters_keep_only_those_actions(actions_app):
    at = actions_app(BOARD)
    at.toggle(key="board_blocked").set_value(True).run()
    at.button_group(key="board_view").set_value("table").run()
    assert set(at.dataframe[0].value["Statut"]) == {"Bloquée"}
    at.toggle(key="board_blocked").set_value(False).run()
    at.toggle(key="board_overdue").set_value(True).run()
    assert all(at.dataframe[0].value["En retard"])


def test_a_move_button_moves_the_action_and_the_history_says_who(actions_app):
    at = actions_app(BOARD)
    todo = next(a for a in list_actions(actions_app.store()) if a.status == "todo")
    at.button(key=f"move-{todo.action_id}-in_progress").click().run()
    assert not at.exception
    moved = get_action(actions_app.store(), todo.action_id)
    assert moved.status == "in_progress" and moved.version == todo.version + 1
    last = history(actions_app.store(), todo.action_id)[-1]
    assert (last.field, last.old, last.new, last.changed_by) == ("status", "todo", "in_progress",
                                                                 "direction@demo.relclient.fr")
    assert any(f"n°{todo.action_id}" in s.value for s in at.success)


def test_a_move_on_a_card_someone_changed_meanwhile_is_refused_with_what_changed(actions_app):
    at = actions_app(BOARD)
    store = actions_app.store()
    todo = next(a for a in list_actions(store) if a.status == "todo")
    other = get_user(store, "helene.dumas@demo.relclient.fr")
    # Raised, so that its card stays among the column's first (a lowered one may leave the board's view).
    priority = "critical" if todo.priority != "critical" else "high"
    update_action(store, other, todo.action_id, todo.version, ActionChange(priority=priority))
    at.button(key=f"move-{todo.action_id}-in_progress").click().run()
    assert any("Hélène Dumas" in e.value and "Priorité" in e.value for e in at.error)
    after = get_action(store, todo.action_id)
    assert (after.status, after.priority, after.version) == ("todo", priority, todo.version + 1)


def test_a_viewer_sees_the_board_without_move_buttons(actions_app):
    at = actions_app(BOARD, user="lecteur@demo.relclient.fr")
    assert not at.exception
    assert not [b for b in at.button if (b.key or "").startswith("move-")]
    assert button(at, "Enregistrer les limites").disabled


def test_each_card_labels_start_now_and_target_and_says_what_the_move_is_worth(actions_app):
    at = actions_app(BOARD)
    lines = [m.value for m in at.markdown if "départ " in m.value and "aujourd'hui " in m.value]
    assert lines  # one per card drawn
    verdicts = ("significatif", "dans le bruit", "petit échantillon", "médiane : non testée")
    assert all(any(v in line for v in verdicts) or "pas de mesure" in line or "—" in line for line in lines)
    # Green or red only beside "significatif".
    for line in lines:
        if ":green[" in line or ":red[" in line:
            assert "significatif" in line
