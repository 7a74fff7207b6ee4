"""The Overview's tiles: values and changes written for each language, n on every figure, a change
coloured only when significant, small samples grey, and the filters that leave a KPI company-wide."""

from __future__ import annotations

from datetime import date

from relclient import derived
from relclient.metrics import KPIS, KpiFilter, kpi
from relclient.overview import build_overview, make_tiles
from relclient.metrics import compute_kpis
from relclient.periods import Period

JULY = KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)))


def test_values_carry_their_unit_in_each_language():
    assert kpi("csat").format(66.666, "fr") == "66,7 %"
    assert kpi("csat").format(66.666, "en") == "66.7 %"
    assert kpi("complaints").format(1234, "fr") == "1\u202f234"
    assert kpi("ces").format(4.5, "en") == "4.50/7"
    assert kpi("nps").format(None, "en") == "—"


def test_percentages_change_in_points_and_hours_in_hours():
    assert kpi("csat").format_change(-2.345, "en") == "-2.3 pts"
    assert kpi("resolution_hours").format_change(12.0, "fr") == "+12,0 h"
    assert kpi("nps").format_change(None, "en") is None


def test_a_change_that_rounds_to_zero_has_no_minus_sign():
    assert kpi("ces").format_change(-0.001, "en") == "+0.00"


def test_tiles_follow_the_registry_and_say_what_each_figure_rests_on(kpi_store):
    overview = build_overview(kpi_store, JULY, "en")
    assert [tile.kpi_id for tile in overview.tiles] == [k.id for k in KPIS]
    tiles = {tile.kpi_id: tile for tile in overview.tiles}
    # NPS: 16.7 in July (6 answers) against -100 in June (1 answer): a small sample, grey, not judged.
    nps = tiles["nps"]
    assert (nps.value, nps.delta, nps.sample) == ("16.7 pts", "+116.7 pts", "n = 6 (before: 1)")  # said beside the change
    assert nps.small_sample and nps.delta_color == "gray" and nps.verdict == "small_sample"
    # Complaints: 2 against 1, a count (n does not gate it): Poisson z = 1 / √3, within noise.
    complaints = tiles["complaints"]
    assert (complaints.delta, complaints.verdict, complaints.verdict_text) == ("+1", "noise", "within noise")
    assert complaints.delta_color == "gray" and not complaints.small_sample
    assert complaints.sample == "n = 4 (before: 2)"  # tickets opened, complaint or not
    # Medians are never judged, and say so.
    assert tiles["resolution_hours"].verdict_text == "median: not tested"
    # CSAT had no answer in June: no change to show.
    assert tiles["csat"].delta is None and tiles["csat"].verdict is None
    assert "% of scores of 4 or 5" in tiles["csat"].help
    assert "Owner: Customer service" in tiles["csat"].help


def test_only_a_significant_change_is_green_or_red(store):
    # CSAT 75 % of 40 against 45 % of 40 (z = 2.74): green. Unanswered within 48 h: every one of
    # 40 July tickets late against none of 40 in June (z = 8.9): red, lower is better.
    store.transaction(lambda cur: (
        cur.executemany("INSERT INTO survey_responses (response_id, customer_id, answered_at, survey, score)"
                        " VALUES (?, 'C1', ?, 'csat', ?)",
                        [(f"J{i}", "2025-07-31 10:00:00", 5 if i < 30 else 2) for i in range(40)]
                        + [(f"P{i}", "2025-06-10 10:00:00", 4 if i < 18 else 1) for i in range(40)]),
        cur.executemany("INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept,"
                        " first_response_at) VALUES (?, 'C1', ?, 'email', false, 'sales', ?)",
                        [(f"TJ{i}", "2025-07-20 10:00:00", None) for i in range(40)]
                        + [(f"TP{i}", "2025-06-20 10:00:00", "2025-06-20 11:00:00") for i in range(40)]),
        derived.rebuild(cur)))
    tiles = {tile.kpi_id: tile for tile in build_overview(store, JULY, "fr").tiles}
    assert (tiles["csat"].delta_color, tiles["csat"].verdict_text) == ("green", "significatif")
    assert (tiles["unanswered_48h_rate"].delta, tiles["unanswered_48h_rate"].delta_color) == ("+100,0 pts", "red")


def test_a_kpi_the_filters_leave_company_wide_says_so_on_its_tile(kpi_store):
    result = compute_kpis(kpi_store, KpiFilter(JULY.period, dept="logistics", channel="email"))
    tiles = {tile.kpi_id: tile for tile in make_tiles(result, {}, "en")}
    assert tiles["on_time_delivery"].scope_note == "Company-wide: not filtered by department, channel"
    assert tiles["nps"].scope_note == "Not filtered by channel"
    assert tiles["complaints"].scope_note is None
    fr = {tile.kpi_id: tile for tile in make_tiles(result, {}, "fr")}
    assert fr["churn_rate"].scope_note == "Toute l'entreprise : sans filtre service, canal"


def test_an_unchanged_kpi_is_grey(kpi_store):
    # Churn in January 2030 and December 2029: 0 % both times (customers stay, nobody leaves).
    overview = build_overview(kpi_store, KpiFilter(Period(date(2030, 1, 1), date(2030, 1, 31))), "fr")
    tiles = {tile.kpi_id: tile for tile in overview.tiles}
    assert tiles["churn_rate"].delta == "+0,0 pts"
    assert tiles["churn_rate"].delta_color == "gray"
    assert "Pas de données" in tiles["nps"].help


def test_a_target_missed_by_less_than_the_page_shows_is_met():
    from relclient.overview import format_target

    k = kpi("first_response_hours")  # shown to a tenth of an hour
    assert k.meets(2.04, 2.0) and format_target(k, 2.04, 2.0, "en") == ("Target 2.0 h · met", True)
    assert not k.meets(2.06, 2.0) and format_target(k, 2.06, 2.0, "en") == ("Target 2.0 h · 0.1 h to go", False)
    assert kpi("csat").meets(77.96, 78.0) and not kpi("csat").meets(77.94, 78.0)


def test_a_change_that_rounds_to_zero_draws_no_arrow(kpi_store):
    tiles = {tile.kpi_id: tile for tile in build_overview(
        kpi_store, KpiFilter(Period(date(2030, 1, 1), date(2030, 1, 31))), "en").tiles}
    assert tiles["churn_rate"].flat  # 0 % against 0 %
    july = {tile.kpi_id: tile for tile in build_overview(kpi_store, JULY, "en").tiles}
    assert not july["complaints"].flat  # 2 against 1
