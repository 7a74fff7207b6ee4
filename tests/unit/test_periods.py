"""Periods: both days included, and the previous period of the same length."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relclient.periods import Period, parse_date, preset_period, quarter_of


def test_the_previous_period_has_the_same_days_and_ends_the_day_before():
    q3 = Period(date(2025, 7, 1), date(2025, 9, 30))
    assert q3.days == 92
    assert q3.previous() == Period(date(2025, 3, 31), date(2025, 6, 30))


def test_timestamps_are_in_the_period_from_midnight_to_the_next_midnight():
    p = Period(date(2025, 7, 1), date(2025, 7, 31))
    assert p.ts_start == datetime(2025, 7, 1)
    assert p.ts_end_exclusive == datetime(2025, 8, 1)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2025, 7, 2), date(2025, 7, 1))


def test_a_bad_date_says_the_expected_form():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("31/12/2025")


@pytest.mark.parametrize("preset, expected", [
    ("quarter_to_date", Period(date(2025, 10, 1), date(2025, 12, 31))),  # the KPI layer clips it to the data
    ("previous_quarter", Period(date(2025, 7, 1), date(2025, 9, 30))),
    ("last_30_days", Period(date(2025, 10, 17), date(2025, 11, 15))),
    ("year_to_date", Period(date(2025, 1, 1), date(2025, 12, 31))),
])
def test_presets_name_the_anchors_quarter_or_year_or_days_ending_on_it(preset, expected):
    assert preset_period(preset, date(2025, 11, 15)) == expected


def test_the_fourth_quarter_ends_on_the_last_of_december():
    assert quarter_of(date(2025, 12, 31)) == Period(date(2025, 10, 1), date(2025, 12, 31))


def test_a_period_read_by_sql_counts_its_last_day_until_midnight_and_not_the_instant_after():
    bounds = Period(date(2026, 3, 1), date(2026, 3, 31)).bounds()
    assert bounds == {"lo": datetime(2026, 3, 1, 0, 0), "hi": datetime(2026, 4, 1, 0, 0)}
    last_moment, next_day = datetime(2026, 3, 31, 23, 59, 59), datetime(2026, 4, 1, 0, 0)
    assert bounds["lo"] <= last_moment < bounds["hi"] and not next_day < bounds["hi"]
