"""Every group against the population (outcomes/disproportionality.py): worked examples and
properties, no database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomes.disproportionality import (
    Interval,
    Trend,
    Verdict,
    compare,
    difference_interval,
    gap_verdict,
    not_recorded_share,
    proportion,
    ratio,
    ratio_interval,
    relative_rate,
    relative_rate_interval,
    trend,
    warn_not_recorded,
    wilson,
)


def close(interval: Interval | None, low: float, high: float, places: int = 4) -> bool:
    assert interval is not None
    return round(interval.low, places) == low and round(interval.high, places) == high


# --- Wilson score interval -------------------------------------------------------------------


def test_wilson_matches_newcombes_worked_examples():
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (score).
    assert close(wilson(81, 263), 0.2553, 0.3662)
    assert close(wilson(15, 148), 0.0624, 0.1605)


def test_wilson_for_a_count_of_zero_starts_at_zero_and_is_not_empty():
    interval = wilson(0, 10)
    assert interval.low == 0.0
    # z² / (n + z²) = 3.8415 / 13.8415
    assert close(interval, 0.0, 0.2775)


def test_wilson_for_everyone_ends_at_one():
    assert close(wilson(10, 10), 0.7225, 1.0)


def test_wilson_for_a_group_of_one_is_very_wide():
    assert close(wilson(1, 1), 0.2065, 1.0)
    assert close(wilson(0, 1), 0.0, 0.7935)


def test_no_interval_or_share_for_a_total_of_zero():
    assert wilson(0, 0) is None
    assert proportion(0, 0) is None


def test_a_part_larger_than_its_total_is_refused():
    with pytest.raises(ValueError, match="cannot be of a total"):
        wilson(5, 4)


@given(
    st.integers(min_value=1, max_value=10**7).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_the_interval_always_contains_the_share_and_stays_within_0_and_1(case):
    part, total = case
    interval = wilson(part, total)
    share = part / total
    assert 0.0 <= interval.low <= share <= interval.high <= 1.0


@given(
    st.integers(min_value=1, max_value=10**6).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_the_interval_narrows_as_more_people_are_counted(case):
    part, total = case
    small, large = wilson(part, total), wilson(part * 4, total * 4)
    assert large.high - large.low <= small.high - small.low + 1e-12


# --- Gap, ratio and verdict ------------------------------------------------------------------


def test_a_clear_shortfall_is_below():
    # 200 of 1,000 (20%) against 30% of the population: 20% is 17.6% to 22.6%, a gap of
    # −12.4 to −7.4 points.
    comparison = compare(200, 1000, population=30, population_total=100)
    assert comparison.share == pytest.approx(0.2)
    assert comparison.gap == pytest.approx(-0.1)
    assert comparison.ratio == pytest.approx(2 / 3)
    assert close(comparison.share_interval, 0.1764, 0.2259)
    assert close(comparison.gap_interval, -0.1236, -0.0741)
    assert close(comparison.ratio_interval, 0.5879, 0.7531)
    assert comparison.verdict is Verdict.BELOW


def test_a_small_group_below_its_share_is_not_clearly_different():
    # 2 of 10 (20%) against 30%: the interval, 5.7% to 51.0%, includes 30%.
    comparison = compare(2, 10, population=30, population_total=100)
    assert comparison.gap == pytest.approx(-0.1)
    assert comparison.verdict is Verdict.NOT_CLEARLY_DIFFERENT
    assert comparison.ratio_interval.contains(1.0)


def test_above_when_the_whole_interval_is_above():
    assert compare(500, 1000, population=30, population_total=100).verdict is Verdict.ABOVE


def test_a_count_of_zero_has_a_share_of_zero_and_an_interval():
    comparison = compare(0, 50, population=10, population_total=100)
    assert comparison.share == 0.0
    assert comparison.ratio == 0.0
    assert comparison.share_interval.low == 0.0
    assert comparison.verdict is Verdict.BELOW  # 0 of 50: at most 7.1%, below 10%


def test_nothing_to_compare_when_no_one_is_recorded():
    comparison = compare(0, 0, population=30, population_total=100)
    assert comparison.share is None
    assert comparison.gap is None
    assert comparison.ratio is None
    assert comparison.ratio_interval is None
    assert comparison.verdict is Verdict.NO_SHARE


def test_no_ratio_without_a_population_figure():
    comparison = compare(5, 10, population=None, population_total=100)
    assert comparison.share == 0.5
    assert comparison.gap is None
    assert comparison.ratio is None
    assert comparison.verdict is Verdict.NO_SHARE


def test_no_ratio_for_a_group_with_no_population():
    assert ratio(0.5, 0.0) is None
    assert ratio_interval(Interval(0.1, 0.2), 0.0) is None


@given(
    st.integers(min_value=1, max_value=100_000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    ),
    st.integers(min_value=1, max_value=999),
)
def test_the_ratio_interval_contains_the_ratio_and_agrees_with_the_gap(case, per_thousand):
    count, recorded = case
    comparison = compare(count, recorded, population=per_thousand, population_total=1000)
    assert comparison.ratio_interval.low <= comparison.ratio <= comparison.ratio_interval.high
    assert comparison.gap_interval.contains(comparison.gap)
    clearly = comparison.verdict is not Verdict.NOT_CLEARLY_DIFFERENT
    assert clearly == (not comparison.ratio_interval.contains(1.0))


def test_gap_verdicts():
    assert gap_verdict(Interval(-0.2, -0.01)) is Verdict.BELOW
    assert gap_verdict(Interval(0.01, 0.2)) is Verdict.ABOVE
    assert gap_verdict(Interval(-0.01, 0.2)) is Verdict.NOT_CLEARLY_DIFFERENT
    assert gap_verdict(Interval(-0.2, 0.0)) is Verdict.NOT_CLEARLY_DIFFERENT
    assert gap_verdict(None) is Verdict.NO_SHARE


# --- Relative rate index ---------------------------------------------------------------------


def test_relative_rate_index_with_the_katz_log_interval():
    # 10 of a population of 100 against 20 of 400: rates 0.1 and 0.05, an RRI of 2.
    assert relative_rate(10, 100, 20, 400) == pytest.approx(2.0)
    spread = 1.959963984540054 * math.sqrt(1 / 10 - 1 / 100 + 1 / 20 - 1 / 400)
    interval = relative_rate_interval(10, 100, 20, 400)
    assert interval.low == pytest.approx(2 * math.exp(-spread))
    assert interval.high == pytest.approx(2 * math.exp(spread))
    assert close(interval, 0.9669, 4.1368)


def test_no_relative_rate_when_the_reference_group_has_no_one():
    assert relative_rate(10, 100, 0, 400) is None
    assert relative_rate_interval(10, 100, 0, 400) is None


def test_a_relative_rate_of_zero_has_no_log_interval():
    assert relative_rate(0, 100, 20, 400) == 0.0
    assert relative_rate_interval(0, 100, 20, 400) is None


def test_compare_gives_the_relative_rate_when_there_is_a_reference_group():
    comparison = compare(10, 30, population=100, population_total=500, reference=(20, 400))
    assert comparison.rri == pytest.approx(2.0)
    assert comparison.rri_interval.contains(2.0)


# --- Not recorded ----------------------------------------------------------------------------


def test_not_recorded_share_and_its_warning():
    assert not_recorded_share(90, 100) == pytest.approx(0.1)
    assert not warn_not_recorded(0.1)  # 10% is not above 10%
    assert warn_not_recorded(0.11)
    assert warn_not_recorded(0.06, threshold_percent=5)


def test_all_not_recorded():
    share = not_recorded_share(0, 40)
    assert share == 1.0
    assert warn_not_recorded(share)
    assert compare(0, 0, population=30, population_total=100).verdict is Verdict.NO_SHARE


def test_not_recorded_for_a_total_of_zero():
    assert not_recorded_share(0, 0) is None
    assert not warn_not_recorded(None)


# --- Trends ----------------------------------------------------------------------------------


def test_newcombes_difference_interval_worked_example():
    # Newcombe (1998), Statistics in Medicine 17:873-890, example (a), method 10: 56/70 − 48/80.
    assert close(difference_interval((48, 80), (56, 70)), 0.0524, 0.3339)


def test_a_gap_that_closes_clearly_is_narrowing():
    # 15% then 28% of 1,000, against 30% of the population.
    assert trend([(150, 1000), (220, 1000), (280, 1000)], 0.30) is Trend.NARROWING


def test_a_gap_that_grows_clearly_is_widening():
    assert trend([(280, 1000), (150, 1000)], 0.30) is Trend.WIDENING


def test_small_groups_show_no_clear_change():
    assert trend([(1, 10), (3, 10)], 0.30) is Trend.NO_CLEAR_CHANGE


def test_one_period_or_none_is_no_clear_change():
    assert trend([(150, 1000)], 0.30) is Trend.NO_CLEAR_CHANGE
    assert trend([], 0.30) is Trend.NO_CLEAR_CHANGE
    assert trend([(0, 0), (150, 1000)], 0.30) is Trend.NO_CLEAR_CHANGE


def test_no_trend_without_a_population_share():
    assert trend([(150, 1000), (280, 1000)], None) is Trend.NO_CLEAR_CHANGE
