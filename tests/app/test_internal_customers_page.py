"""The internal-customers page, rendered by AppTest on the demo company."""

from __future__ import annotations


def test_the_page_shows_the_matrix_the_weakest_pairs_and_the_comments(app):
    app.run()
    app.switch_page("pages/dashboards/internal_customers.py").run()
    assert not app.exception
    assert app.title[0].value == "Clients internes"
    assert len(app.get("plotly_chart")) == 2
    pairs = app.dataframe[0].value
    assert list(pairs.iloc[:, 2]) == sorted(pairs.iloc[:, 2])
    assert len(app.sidebar.selectbox) == 1  # only the period applies


def test_another_period_changes_the_matrix(app):
    app.run()
    app.switch_page("pages/dashboards/internal_customers.py").run()
    before = app.dataframe[0].value.iloc[:, 2].tolist()
    app.sidebar.selectbox[0].set_value("last_12_months").run()
    assert not app.exception
    assert app.dataframe[0].value.iloc[:, 2].tolist() != before
