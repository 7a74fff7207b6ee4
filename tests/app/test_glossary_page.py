"""The glossary page, rendered by AppTest on the demo company."""

from __future__ import annotations

from relclient.metrics import KPIS


def test_the_glossary_shows_every_kpi_and_every_dataset_with_downloads(app):
    app.run()
    app.switch_page("pages/dashboards/glossary.py").run()
    assert not app.exception
    assert app.title[0].value == "Glossaire des indicateurs"
    # A list to read: each KPI's name and its definition in full, then its facts.
    shown = [m.value for m in app.markdown]
    assert all(f"**{k.label_fr}**" in shown for k in KPIS)
    assert all(k.definition_fr in [w.value for w in app.get("markdown")] + shown for k in KPIS)
    datasets = app.dataframe[0].value
    assert datasets["Lignes"].sum() > 10_000
    assert len(app.get("download_button")) == 4  # the full glossary's and the datasets' (CSV, Excel)


def test_the_glossary_in_english(app):
    app.run()
    app.switch_page("pages/dashboards/glossary.py").run()
    app.sidebar.radio[0].set_value("en").run()
    assert app.title[0].value == "KPI glossary"
    assert "**Complaints**" in [m.value for m in app.markdown]
    assert any(c.value.startswith("Unit: ") for c in app.caption)
