"""Significance of a change, by the data contract's tests, against z computed by hand; then the
whole path (SQL aggregates, n, test) on a small company whose answers are counted by hand."""

from __future__ import annotations

from datetime import date
from math import sqrt

import pytest

from relclient import derived
from relclient.metrics import KpiFilter, compute_kpis, kpi
from relclient.metrics.significance import Sample, significant, z_score
from relclient.periods import Period


def test_rates_use_the_pooled_two_proportion_test():
    # 60 % vs 45 % of 100 each: p = 0.525, z = 0.15 / sqrt(0.525 × 0.475 × 0.02) = 2.124.
    z = z_score("proportion", Sample(60.0, 100), Sample(45.0, 100))
    assert z == pytest.approx(0.15 / sqrt(0.525 * 0.475 * 0.02))
    assert significant("proportion", Sample(60.0, 100), Sample(45.0, 100)) is True
    # 55 % vs 45 %: z = 0.10 / sqrt(0.25 × 0.02) = 1.414, within noise.
    assert significant("proportion", Sample(55.0, 100), Sample(45.0, 100)) is False


def test_nps_uses_the_variance_of_promoters_and_detractors():
    # 50 % promoters, 20 % detractors (NPS 30) vs 40 % and 30 % (NPS 10), 200 answers each:
    # v = 100² × (0.7 − 0.3²) = 6100 and 100² × (0.7 − 0.1²) = 6900; z = 20 / sqrt(65) = 2.48.
    now, before = Sample(30.0, 200, promoters=100, detractors=40), Sample(10.0, 200, promoters=80, detractors=60)
    assert z_score("nps", now, before) == pytest.approx(20 / sqrt(6100 / 200 + 6900 / 200))
    assert significant("nps", now, before) is True


def test_means_use_welch():
    # 4.5 (s 1.0, 50 answers) vs 4.0 (s 1.2, 40): z = 0.5 / sqrt(1/50 + 1.44/40) = 2.113.
    now, before = Sample(4.5, 50, sd=1.0), Sample(4.0, 40, sd=1.2)
    assert z_score("mean", now, before) == pytest.approx(0.5 / sqrt(0.02 + 0.036))
    assert significant("mean", now, before) is True
    assert significant("mean", Sample(4.2, 50, sd=1.0), before) is False  # z = 0.2 / 0.2366 = 0.85


def test_counts_use_poisson_and_ignore_n():
    # 130 vs 100: z = 30 / sqrt(230) = 1.978; 128 vs 100: 28 / sqrt(228) = 1.854.
    assert significant("count", Sample(130, 5), Sample(100, 5)) is True
    assert significant("count", Sample(128, 5), Sample(100, 5)) is False
    assert significant("count", Sample(0, 0), Sample(0, 0)) is False


def test_medians_null_values_and_small_samples_are_not_judged():
    assert significant("median", Sample(10.0, 500), Sample(50.0, 500)) is None
    assert significant("proportion", Sample(None, 0), Sample(50.0, 100)) is None
    assert significant("proportion", Sample(90.0, 29), Sample(10.0, 500)) is None  # 29 < 30
    assert significant("mean", Sample(4.0, 100, sd=1.0), Sample(2.0, 20, sd=1.0)) is None


def test_no_variation_is_never_significant():
    assert significant("proportion", Sample(100.0, 50), Sample(100.0, 60)) is False  # p = 1
    assert significant("proportion", Sample(0.0, 50), Sample(0.0, 60)) is False  # p = 0
    assert significant("nps", Sample(100.0, 50, 50, 0), Sample(100.0, 40, 40, 0)) is False  # both v = 0
    assert significant("mean", Sample(5.0, 50, sd=0.0), Sample(5.0, 40, sd=0.0)) is False


JULY = Period(date(2025, 7, 1), date(2025, 7, 31))


def _answers(store, rows):
    # The July answers of each test include the 31st: the data covers July (no clipping).
    store.transaction(lambda cur: (cur.executemany(
        "INSERT INTO survey_responses (response_id, customer_id, answered_at, survey, score) VALUES (?, 'C1', ?, ?, ?)",
        rows), derived.rebuild(cur)))  # written by hand: derived as a load would


def test_the_kpi_layer_carries_n_and_judges_each_change_as_computed_by_hand(store):
    # July: 40 CSAT answers, 30 of them 4 or 5; 31 May – 30 June: 40, 18 of them.
    # p = 48 / 80 = 0.6, z = (0.75 − 0.45) / sqrt(0.24 × (1/40 + 1/40)) = 2.739: significant.
    july = [(f"J{i}", "2025-07-31 10:00:00", "csat", 5 if i < 30 else 2) for i in range(40)]
    june = [(f"P{i}", "2025-06-10 10:00:00", "csat", 4 if i < 18 else 1) for i in range(40)]
    # CES: 35 answers of 6 and 35 of 4 in July (mean 5), 35 of 5 and 35 of 3 in June (mean 4);
    # s = sqrt(35 × 1² × 2 / 69) = 1.0072 both times: z = 1 / sqrt(2 × 1.0145 / 70) = 5.87.
    july += [(f"E{i}", "2025-07-11 10:00:00", "ces", 6 if i % 2 else 4) for i in range(70)]
    june += [(f"F{i}", "2025-06-11 10:00:00", "ces", 5 if i % 2 else 3) for i in range(70)]
    # NPS: 10 answers in July only: a small sample, never judged.
    july += [(f"N{i}", "2025-07-12 10:00:00", "nps", 10) for i in range(10)]
    _answers(store, july + june)
    result = compute_kpis(store, KpiFilter(JULY), ["csat", "ces", "nps"]).values
    csat, ces, nps = result["csat"], result["ces"], result["nps"]
    assert (csat.value, csat.previous, csat.n, csat.previous_n) == (pytest.approx(75.0), pytest.approx(45.0), 40, 40)
    assert csat.significant is True and csat.verdict(kpi("csat")) == "better"
    assert (ces.value, ces.previous, ces.n, ces.previous_n) == (5.0, 4.0, 70, 70)
    assert ces.significant is True
    assert (nps.n, nps.previous_n, nps.previous) == (10, 0, None)
    assert nps.significant is None and nps.small_sample(kpi("nps"))


def test_a_change_within_noise_reads_as_such(store):
    # 40 answers each: 26 vs 22 satisfied, p = 0.6, z = 0.1 / 0.1095 = 0.91.
    _answers(store, [(f"J{i}", "2025-07-31 10:00:00", "csat", 5 if i < 26 else 1) for i in range(40)]
             + [(f"P{i}", "2025-06-10 10:00:00", "csat", 5 if i < 22 else 1) for i in range(40)])
    v = compute_kpis(store, KpiFilter(JULY), ["csat"]).values["csat"]
    assert v.significant is False and v.verdict(kpi("csat")) == "noise"


def test_every_verdict_is_worded_in_both_languages_and_in_the_cli():
    from relclient.cli import _VERDICT_WORDS
    from relclient.i18n import t
    from relclient.metrics import VERDICTS

    for verdict in VERDICTS:
        assert t(f"verdict.{verdict}", "fr") and t(f"verdict.{verdict}", "en"), verdict
        assert t(f"verdict.{verdict}", "fr") != t(f"verdict.{verdict}", "en"), verdict
        assert verdict in _VERDICT_WORDS, verdict
