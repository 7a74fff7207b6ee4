"""The glossary page, rendered by AppTest on the demo company."""

from __future__ import annotations

from relclient.metrics import KPIS


def test_the_glossary_shows_every_kpi_and_every_dataset_with_downloads(app):
    app.run()
    app.switch_page("pages/dashboards/glossary.py").run()
    assert not app.exception
    assert app.title[0].value == "Glossaire des indicateurs"
    kpis, datasets = app.dataframe[0].value, app.dataframe[1].value
    assert len(kpis) == len(KPIS)
    assert datasets["Lignes"].sum() > 10_000
    assert len(app.get("download_button")) == 4


def test_the_glossary_in_english(app):
    app.run()
    app.switch_page("pages/dashboards/glossary.py").run()
    app.sidebar.radio[0].set_value("en").run()
    assert app.title[0].value == "KPI glossary"
    assert "Definition (English)" in app.dataframe[0].value.columns
