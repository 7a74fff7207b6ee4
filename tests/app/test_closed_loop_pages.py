"""The closed loop's entry points: the tables of detractors, complaints, ping-pong routes and weak
pairs offer to open an action from a row (one click on its box; Playwright clicks one)."""

from __future__ import annotations

import pytest

HINT = "Cochez une ligne pour ouvrir une action pré-remplie à partir d'elle."


@pytest.mark.parametrize("page, query, picks", [
    ("pages/dashboards/department.py", {}, 1),  # the verbatims
    ("pages/dashboards/silo_map.py", {}, 1),  # the ping-pong routes
    ("pages/dashboards/internal_customers.py", {}, 1),  # the weakest pairs
    ("pages/dashboards/details.py", {"kpi": "complaints"}, 1),  # the complaints
    ("pages/dashboards/details.py", {"kpi": "on_time_delivery"}, 0),  # orders: nothing to link
])
def test_the_tables_an_action_starts_from_can_be_picked_row_by_row(app, page, query, picks):
    app.run()
    app.switch_page(page)
    for key, value in {"from": "2025-10-01", "to": "2025-12-31", **query}.items():
        app.query_params[key] = value
    app.run()
    if page.endswith("department.py"):
        next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    assert not app.exception
    selectable = [d for d in app.dataframe if d.proto.selection_mode]
    assert len(selectable) == picks
    assert (HINT in [c.value for c in app.caption]) == bool(picks)
