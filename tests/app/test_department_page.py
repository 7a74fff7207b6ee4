"""The department page, rendered by AppTest on the demo company."""

from __future__ import annotations

from datetime import date

from relclient.actions import follow_up_counts, mentions_of
from relclient.department_view import DEPARTMENT_KPIS
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import open_store


def _open(app):
    app.run()
    app.switch_page("pages/dashboards/department.py").run()
    return app


def test_without_a_department_the_page_offers_to_pick_one(app):
    _open(app)
    assert not app.exception
    assert app.title[0].value == "Vue service"
    assert len(app.metric) == 0
    assert len(app.get("button_group")) == 1


def test_a_department_shows_its_kpis_equal_to_the_kpi_layer(app, app_db):
    _open(app)
    next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    assert not app.exception
    assert len(app.metric) == len(DEPARTMENT_KPIS) + 3  # and the three follow-up counts
    expected = compute_kpis(open_store(app_db), KpiFilter(Period(date(2025, 10, 1), date(2025, 12, 31)),
                                                          dept="logistics"))
    shown = {m.label: m.value for m in app.metric}
    for k in DEPARTMENT_KPIS:
        v = expected.values[k.id]
        # A rate, mean or median on fewer than 30 rows is drawn grey.
        value = k.format(v.value, "fr")
        assert shown[k.label("fr")] == (f":gray[{value}]" if v.small_sample(k) else value)
    assert any(v.small_sample(k) for k in DEPARTMENT_KPIS for v in (expected.values[k.id],))
    captions = [c.value for c in app.caption]
    assert f"n = {expected.values['complaints'].n} (avant : {expected.values['complaints'].previous_n})" in captions
    assert len(app.get("plotly_chart")) == 2
    assert len(app.dataframe) == 5  # verbatims, its themes, its call-backs, transfers, ratings


def test_a_department_counts_its_actions_that_need_a_push_and_sees_the_comments_mentioning_it(app, app_db):
    _open(app)
    next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    counts = follow_up_counts(open_store(app_db), "logistics")
    shown = {m.label: m.value for m in app.metric}
    assert (shown["En retard"], shown["Bloquées depuis plus de 14 jours"], shown["Sans nouvelles depuis 30 jours"]) \
        == (str(counts.overdue), str(counts.blocked_long), str(counts.stale))
    mentions = mentions_of(open_store(app_db), "logistics")
    assert len(mentions) > 0
    assert [m.value for m in app.text][:len(mentions.head(10))] == list(mentions["body"].head(10))


def test_changing_the_channel_changes_the_department_figures(app):
    _open(app)
    next(s for s in app.sidebar.selectbox if s.label == "Service").set_value("customer_service").run()
    before = {m.label: m.value for m in app.metric}
    next(s for s in app.sidebar.selectbox if s.label == "Canal").set_value("email").run()
    after = {m.label: m.value for m in app.metric}
    assert after["Réclamations"] != before["Réclamations"]
