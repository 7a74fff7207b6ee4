"""The silo map page, rendered by AppTest on the demo company."""

from __future__ import annotations


def _open(app):
    app.run()
    app.switch_page("pages/dashboards/silo_map.py").run()
    return app


def test_the_silo_map_shows_the_sankey_the_routes_and_the_cost(app):
    _open(app)
    assert not app.exception
    assert app.title[0].value == "Carte des silos"
    assert len(app.get("plotly_chart")) == 2  # the Sankey and the cost of silos as bars
    cost, routes = app.dataframe[0].value, app.dataframe[1].value
    assert len(routes) > 0
    assert list(cost.iloc[:, 0]) == ["0", "1", "2", "3+"]


def test_a_channel_filter_changes_the_map(app):
    _open(app)
    before = app.dataframe[0].value.iloc[:, 1].tolist()
    next(s for s in app.sidebar.selectbox if s.label == "Canal").set_value("phone").run()
    assert not app.exception
    assert app.dataframe[0].value.iloc[:, 1].tolist() != before
    assert not any(s.label == "Service" for s in app.sidebar.selectbox)


def test_the_map_says_which_days_it_shows_and_compares_with_none(app):
    _open(app)
    caption = app.markdown[0].value
    assert "à date : 64 j sur 92" in caption and "comparé" not in caption
