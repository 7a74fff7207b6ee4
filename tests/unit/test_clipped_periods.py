"""Periods clipped to the data: a period asked to end after the latest data day is computed through
it, against as many days before it; trends mark a month that is not complete. By hand on
tests/fixtures.py, whose latest data day is 1 August 2025 (T4 opened, S12 answered)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from relclient.metrics import KpiFilter, compute_kpis, compute_trend
from relclient.periods import Period, period_text, preset_period

ASKED = Period(date(2025, 7, 15), date(2025, 8, 31))


def test_a_period_past_the_latest_data_day_is_computed_through_it_against_as_many_days_before(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(ASKED), ["complaints", "nps"])
    period = result.filter.period
    assert (period.start, period.end, period.asked_end) == (date(2025, 7, 15), date(2025, 8, 1), date(2025, 8, 31))
    assert (period.days, period.days_asked, period.clipped) == (18, 48, True)
    assert result.through == date(2025, 8, 1)
    # The previous period is 18 days too: 27 June – 14 July, not the 48 days before 15 July.
    assert result.previous_period == Period(date(2025, 6, 27), date(2025, 7, 14))
    # Complaints opened 15 July – 1 August: T3, T4; 27 June – 14 July: T7, T1.
    assert (result.values["complaints"].value, result.values["complaints"].previous) == (2, 2)
    # NPS: 15 July – 1 August S5 0, S6 9, S12 10 (1 detractor, 2 promoters of 3); before: S1 10,
    # S2 9, S3 6, S4 7 (2 promoters, 1 detractor of 4).
    nps = result.values["nps"]
    assert (nps.value, nps.n, nps.previous, nps.previous_n) == (pytest.approx(100 / 3), 3, pytest.approx(25.0), 4)


def test_a_period_the_data_covers_is_not_clipped(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31))), ["complaints"])
    assert not result.filter.period.clipped and result.through == date(2025, 7, 31)


def test_a_period_after_the_data_or_on_an_empty_database_is_left_as_asked(kpi_store, tmp_path):
    from relclient.store import Store

    later = Period(date(2030, 1, 1), date(2030, 1, 31))
    assert compute_kpis(kpi_store, KpiFilter(later), ["complaints"]).filter.period == later
    empty = Store(tmp_path / "empty.duckdb")
    assert compute_kpis(empty, KpiFilter(ASKED), ["complaints"]).filter.period == ASKED
    empty.close()


def test_clipping_is_idempotent_and_the_asked_period_survives_it():
    clipped = ASKED.clip(date(2025, 8, 1))
    assert clipped.clip(date(2025, 8, 1)) == clipped
    assert clipped.clip(date(2025, 8, 10)) == Period(date(2025, 7, 15), date(2025, 8, 10), date(2025, 8, 31))
    assert clipped.clip(date(2025, 9, 30)) == ASKED == clipped.asked()


def test_the_quarter_and_year_to_date_presets_ask_for_the_whole_quarter_and_year():
    assert preset_period("quarter_to_date", date(2025, 12, 3)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert preset_period("year_to_date", date(2025, 12, 3)) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert preset_period("quarter_to_date", date(2025, 12, 3)).clip(date(2025, 12, 3)).days == 64


def test_every_clipped_period_says_to_date_with_its_days_in_both_languages():
    clipped = Period(date(2025, 10, 1), date(2025, 12, 31)).clip(date(2025, 12, 3))
    fr, en = period_text(clipped, "fr"), period_text(clipped, "en")
    assert "à date : 64 j sur 92" in fr and "03/12/2025" in fr and "29/07/2025 – 30/09/2025" in fr
    assert "to date: 64 of 92 days" in en and "29 Jul 2025 – 30 Sep 2025" in en
    assert "à date" not in period_text(Period(date(2025, 7, 1), date(2025, 9, 30)), "fr")


def test_a_trend_marks_the_last_month_when_the_data_stops_inside_it(kpi_store):
    trend = compute_trend(kpi_store, KpiFilter(Period(date(2025, 7, 1), date(2025, 8, 31))), ["complaints"], months=2)
    assert trend.months == [date(2025, 7, 1), date(2025, 8, 1)]
    assert trend.days == [31, 1]
    assert trend.complete(0) and not trend.complete(1)
    assert trend.values["complaints"] == [2, 1]  # July: T1, T3; 1 August: T4
    assert trend.n["complaints"] == [4, 1]


def test_the_trend_chart_draws_a_month_to_date_apart_and_says_so(kpi_store):
    from relclient.charts import trend_figure
    from relclient.metrics import kpi

    trend = compute_trend(kpi_store, KpiFilter(Period(date(2025, 7, 1), date(2025, 8, 31))), ["complaints"], months=2)
    fig = trend_figure(kpi("complaints"), trend, None, "en")
    full, to_date = fig.data
    assert list(full.y) == [2, None]  # the full line stops at the last complete month
    assert list(to_date.y) == [2, 1] and to_date.line.dash == "dot"
    assert list(to_date.marker.symbol) == ["circle", "circle-open"]
    assert fig.layout.annotations[0].text == "to date (1 of 31 d)"


def test_the_cli_says_through_which_day_and_against_which_days(kpi_store, monkeypatch, capsys):
    from relclient.cli import main

    monkeypatch.setenv("RELCLIENT_DB", str(kpi_store.path))
    kpi_store.close()
    assert main(["kpis", "--from", "2025-07-15", "--to", "2025-08-31", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["from"], printed["to"], printed["through"]) == ("2025-07-15", "2025-08-31", "2025-08-01")
    assert (printed["previous_from"], printed["previous_to"]) == ("2025-06-27", "2025-07-14")
    assert printed["kpis"]["complaints"] == {"value": 2, "previous": 2, "n": 3, "previous_n": 3,
                                             "significant": False, "target": None}
