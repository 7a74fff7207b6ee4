"""The Overview page, rendered by AppTest on the demo company."""

from __future__ import annotations

import json
from datetime import date


from relclient.actions import open_actions_by_kpi
from relclient.metrics import KPIS, KpiFilter
from relclient.overview import build_overview
from relclient.periods import Period
from relclient.store import Store, open_store
from tests.app.conftest import DIRECTION, REPO, app_script


def test_the_app_opens_on_the_overview_with_every_kpi_tile(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Vue d'ensemble"
    assert len(app.metric) == len(KPIS) + 3  # the tiles, then the three follow-up counts
    assert all(any(ch.isdigit() for ch in m.value) for m in app.metric)


def test_the_tiles_show_the_kpi_layer_values_for_the_default_period(app, app_db):
    app.run()
    # The default period is the quarter to date: Q4 2025, computed through the latest data day (3/12/2025).
    expected = build_overview(open_store(app_db), KpiFilter(Period(date(2025, 10, 1), date(2025, 12, 31))), "fr")
    shown = [(m.label, m.value, m.delta) for m in app.metric[:len(KPIS)]]
    # A rate, mean or median on fewer than 30 rows is drawn grey (the call-backs' hours, at this scale).
    assert shown == [(tile.label, f":gray[{tile.value}]" if tile.small_sample else tile.value, tile.delta)
                     for tile in expected.tiles]
    assert any(tile.small_sample for tile in expected.tiles)


def test_switching_to_english_translates_the_page(app):
    app.run()
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Overview"
    assert "Complaints" in [m.label for m in app.metric]


def test_a_department_filter_changes_the_figures_and_explains_its_reach(app):
    app.run()
    before = {m.label: m.value for m in app.metric}
    box = next(s for s in app.sidebar.selectbox if s.label == "Service")
    assert "Commandes et attrition restent" in box.help
    box.set_value("logistics").run()
    after = {m.label: m.value for m in app.metric}
    assert after["Réclamations"] != before["Réclamations"]
    assert after["Livraison à l'heure"] == before["Livraison à l'heure"]  # orders stay company-wide


def test_choosing_the_previous_quarter_recomputes_for_it(app):
    app.run()
    preset = next(s for s in app.sidebar.selectbox if s.label == "Période")
    preset.set_value("previous_quarter").run()
    assert not app.exception
    assert "Du 01/07/2025 au 30/09/2025 (92 j)" in app.markdown[0].value


def test_a_custom_range_with_one_date_asks_for_the_second(app):
    app.run()
    next(s for s in app.sidebar.selectbox if s.label == "Période").set_value("custom").run()
    app.sidebar.date_input[0].set_value((date(2025, 7, 1),)).run()
    assert not app.exception
    assert any("date de fin" in i.value for i in app.sidebar.info)
    assert len(app.metric) == 0


def test_an_empty_database_says_how_to_fill_it(tmp_path, monkeypatch, accounts_off):
    Store(tmp_path / "empty.duckdb").close()  # `python -m relclient init`
    monkeypatch.setenv("RELCLIENT_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.chdir(REPO)
    at = app_script().run()
    assert not at.exception
    assert "relclient demo" in at.info[0].value
    assert len(at.metric) == len(KPIS) + 3  # and the follow-up counts, all zero


def test_a_database_newer_than_the_code_shows_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "future.duckdb"
    s = Store(path)
    s.transaction(lambda cur: cur.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')"))
    s.close()
    monkeypatch.setenv("RELCLIENT_DB", str(path))
    monkeypatch.chdir(REPO)
    at = app_script().run()
    assert not at.exception
    assert "newer than this relclient" in at.error[0].value


def test_the_overview_draws_the_monthly_trends_of_the_key_kpis(app):
    from relclient.overview import TREND_KPIS

    app.run()
    charts = app.get("plotly_chart")
    assert len(charts) == len(TREND_KPIS)


def test_filters_are_written_to_the_url_and_a_link_restores_them(app):
    app.run()
    next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    assert app.query_params["dept"] == "logistics"
    assert app.query_params["from"] == "2025-10-01"

    linked = app_script(DIRECTION)
    linked.query_params.update({"from": "2025-07-01", "to": "2025-09-30", "dept": "sales"})
    linked.run()
    assert not linked.exception
    assert "Du 01/07/2025 au 30/09/2025" in linked.markdown[0].value
    assert next(s for s in linked.sidebar.selectbox if s.label == "Service").value == "sales"


def test_a_link_with_nonsense_falls_back_to_the_default_view(app):
    app.query_params.update({"from": "yesterday", "to": "2025-09-30", "dept": "<script>"})
    app.run()
    assert not app.exception
    assert "Du 01/10/2025 au 31/12/2025" in app.markdown[0].value
    assert next(s for s in app.sidebar.selectbox if s.label == "Service").value == ""  # "all"


def test_a_target_set_in_the_form_shows_on_its_tile(app, app_db):
    from relclient.auth import User
    from relclient.targets import set_targets

    demo_target = open_store(app_db).fetch_one("SELECT target FROM kpi_targets WHERE kpi_id = 'csat' AND dept = ''")
    app.run()
    app.number_input(key="target_csat").set_value(99.0)
    app.button[0].click().run()
    assert not app.exception
    assert any("Cible 99,0 %" in c.value for c in app.caption)
    # Leave the shared copy as the demo made it (its CSAT target included: later tests read it).
    set_targets(open_store(app_db), User("t@x.fr", "T", "direction", "leadership"), None,
                {"csat": demo_target[0] if demo_target else None})


def test_an_impossible_target_is_refused_with_a_message(app):
    app.run()
    app.number_input(key="target_csat").set_value(750.0)
    app.button[0].click().run()
    assert "Cible refusée" in app.error[0].value


def test_each_tile_links_to_the_open_actions_targeting_its_kpi(app, app_db):
    app.run()
    counts = open_actions_by_kpi(open_store(app_db))
    links = [link.proto for link in app.get("page_link") if "kpi=" in link.proto.query_string
             and link.proto.page in ("actions", "new-action")]
    assert len(links) == len(KPIS)
    for k, link in zip(KPIS, links):
        if counts.get(k.id):
            assert (link.label, link.page) == (f"{counts[k.id]} action(s) ouverte(s)", "actions")
            assert f"kpi={k.id}" in link.query_string
        else:
            assert (link.label, link.page) == ("Ouvrir une action", "new-action")


def test_a_quarter_still_running_is_computed_to_date_against_as_many_days_before(app):
    app.run()
    caption = app.markdown[0].value
    assert "Du 01/10/2025 au 31/12/2025, à date : 64 j sur 92 (données jusqu'au 03/12/2025)" in caption
    assert "comparé aux 64 mêmes jours avant : 29/07/2025 – 30/09/2025" in caption
    # Every tile says what it rests on; the last month of every trend is drawn apart, "to date".
    assert sum(c.value.startswith("n = ") for c in app.caption) == len(KPIS)
    for chart in app.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        assert [a["text"] for a in figure["layout"]["annotations"] if "date" in a["text"]] == ["à date (3 j sur 31)"]
        assert figure["data"][1]["line"]["dash"] == "dot"


def test_the_demo_targets_show_on_the_tiles_and_the_trends(app):
    app.run()
    targets = [c.value for c in app.caption if "Cible" in c.value]
    assert len(targets) >= 8
    from relclient.overview import TREND_KPIS

    for kpi_id, chart in zip(TREND_KPIS, app.get("plotly_chart")):
        # The target, dashed, on every trend but churn's: churn grows with the period, no target.
        shapes = json.loads(chart.proto.spec)["layout"].get("shapes", [])
        assert [shape["line"]["dash"] for shape in shapes] == ([] if kpi_id == "churn_rate" else ["dash"]), kpi_id


def test_with_a_department_the_company_wide_kpis_say_so_on_their_tile(app):
    app.run()
    next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    notes = [c.value for c in app.caption if "Toute l'entreprise" in c.value]
    assert len(notes) == 3  # on-time delivery, returns, churn
    assert all("sans filtre service" in n for n in notes)
    # Their trends say it under their title too.
    subtitles = [json.loads(chart.proto.spec)["layout"]["title"].get("subtitle", {}).get("text")
                 for chart in app.get("plotly_chart")]
    assert subtitles == [None, None, None, None, "Toute l'entreprise : sans filtre service",
                         "Toute l'entreprise : sans filtre service"]


def test_a_mistyped_database_path_is_said_not_created(tmp_path, monkeypatch):
    monkeypatch.setenv("RELCLIENT_DB", str(tmp_path / "typo.duckdb"))
    monkeypatch.chdir(REPO)
    at = app_script().run()
    assert not at.exception
    assert "typo\\.duckdb" in at.error[0].value and "relclient init" in at.error[0].value
    assert not (tmp_path / "typo.duckdb").exists()


def test_every_session_reads_one_shared_overview_until_the_data_changes(app_db, monkeypatch):
    # A cached view used to unpickle the Overview and validate its six figures again at every
    # view (most of its time, 20 readers at once waiting 2.4 s each): sessions now share one object.
    from relclient.ui import data

    monkeypatch.setenv("RELCLIENT_DB", str(app_db))
    flt = KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30)))
    first = data.load_overview(str(app_db), flt, "fr")
    assert data.load_overview(str(app_db), flt, "fr") is first
    data.clear_caches()  # what every write that changes figures does
    again = data.load_overview(str(app_db), flt, "fr")
    assert again is not first and [t.value for t in again.tiles] == [t.value for t in first.tiles]
