"""The Overview's tiles: values and changes written for each language, coloured by direction."""

from __future__ import annotations

from datetime import date

from relclient.metrics import KPIS, KpiFilter, kpi
from relclient.overview import build_overview, format_delta, format_value
from relclient.periods import Period

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_values_carry_their_unit_in_each_language():
    assert format_value(kpi("csat"), 66.666, "fr") == "66,7 %"
    assert format_value(kpi("csat"), 66.666, "en") == "66.7 %"
    assert format_value(kpi("complaints"), 1234, "fr") == "1\u202f234"
    assert format_value(kpi("ces"), 4.5, "en") == "4.50/7"
    assert format_value(kpi("nps"), None, "en") == "—"


def test_percentages_change_in_points_and_hours_in_hours():
    assert format_delta(kpi("csat"), -2.345, "en") == "-2.3 pts"
    assert format_delta(kpi("resolution_hours"), 12.0, "fr") == "+12,0 h"
    assert format_delta(kpi("nps"), None, "en") is None


def test_a_change_that_rounds_to_zero_has_no_minus_sign():
    assert format_delta(kpi("ces"), -0.001, "en") == "+0.00"


def test_tiles_follow_the_registry_and_the_direction_of_each_kpi(kpi_store):
    overview = build_overview(kpi_store, JULY, "en")
    assert [tile.kpi_id for tile in overview.tiles] == [k.id for k in KPIS]
    tiles = {tile.kpi_id: tile for tile in overview.tiles}
    # NPS: 16.7 in July against -100 in June; higher is better, so green ("normal").
    assert tiles["nps"].value == "16.7 pts"
    assert tiles["nps"].delta == "+116.7 pts"
    assert tiles["nps"].delta_color == "normal"
    # Complaints: 2 against 1; lower is better, so an increase reads red ("inverse").
    assert tiles["complaints"].delta == "+1"
    assert tiles["complaints"].delta_color == "inverse"
    # CSAT had no answer in June: no change to show.
    assert tiles["csat"].delta is None
    assert "% of scores of 4 or 5" in tiles["csat"].help
    assert "Owner: Customer service" in tiles["csat"].help


def test_an_unchanged_kpi_is_grey(kpi_store):
    # Churn in January 2030 and December 2029: 0 % both times (customers stay, nobody leaves).
    overview = build_overview(kpi_store, KpiFilter(Period(date(2030, 1, 1), date(2030, 1, 31))), "fr")
    tiles = {tile.kpi_id: tile for tile in overview.tiles}
    assert tiles["churn_rate"].delta == "+0,0 pts"
    assert tiles["churn_rate"].delta_color == "off"
    assert "Pas de données" in tiles["nps"].help
