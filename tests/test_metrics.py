"""Exact values of the derived figures, and the rounding rule checked on random inputs."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import metrics
from helpers.metrics import Interval, bound_published


def rounded(interval: Interval, places: int = 2) -> tuple[float, float]:
    return round(interval.low, places), round(interval.high, places)


def test_point_growth_and_base():
    assert round(metrics.compute_growth_pct(249, 602), 2) == 141.77
    assert round(metrics.compute_implied_base(602, 142), 2) == 248.76
    with pytest.raises(ValueError, match="positive starting level"):
        metrics.compute_growth_pct(0, 602)


def test_published_values_stand_for_their_rounding():
    assert bound_published(249) == (248.5, 249.5)
    assert bound_published(142, "nearly") == (141.5, 142)
    assert rounded(bound_published(141.7)) == (141.65, 141.75)
    assert rounded(bound_published(21.0, rounded_to=0.1)) == (20.95, 21.05)
    assert bound_published(30, "more_than") == (30, math.inf)
    # 490余 (490-odd), rounded to tens: above 490, short of 500.
    assert bound_published(490, "odd", rounded_to=10) == (490, 500)
    # 2.3亿: 230 million rounded to ten million stands for 225-235 M, not 229.5-230.5 M.
    assert bound_published(230, rounded_to=10) == (225, 235)
    with pytest.raises(ValueError, match="no known reading"):
        bound_published(1, "roughly")


@pytest.mark.parametrize(
    "end,rate,qualifier,expected",
    [
        (602, 142, "nearly", (248.55, 249.48)),
        (602, 141.7, "exact", (248.81, 249.33)),
        (515, 106.6, "exact", (248.97, 249.58)),
    ],
)
def test_each_published_rate_allows_a_base_range_that_holds_249(end, rate, qualifier, expected):
    base = metrics.bound_implied_base(bound_published(end), bound_published(rate, qualifier))
    assert rounded(base) == expected
    assert base.overlaps(bound_published(249))


def test_growth_allowed_by_two_rounded_levels():
    assert rounded(metrics.bound_growth_pct(bound_published(249), bound_published(602))) == (
        141.08,
        142.45,
    )


def test_recomputations_beside_published_figures():
    share = metrics.bound_share_pct(bound_published(602), bound_published(1404.89))
    assert round(metrics.compute_share_pct(602, 1404.89), 2) == 42.85
    assert rounded(share) == (42.81, 42.89) and share.overlaps(bound_published(42.8))
    earlier = metrics.bound_difference(bound_published(42.8), bound_published(25.2))
    assert rounded(earlier) == (17.5, 17.7) and earlier.overlaps(bound_published(17.7))
    assert not earlier.overlaps(bound_published(17.8))
    half_year = metrics.bound_difference(bound_published(36.5), bound_published(18.8))
    assert rounded(half_year) == (17.6, 17.8) and half_year.overlaps(bound_published(17.7))
    added = metrics.bound_difference(bound_published(515), bound_published(249))
    assert added == (265, 267) and added.overlaps(bound_published(266))


def test_counts_from_shares_keep_the_precision_of_their_inputs():
    assert metrics.estimate_part_of_total(515, 80.9) == 417
    assert metrics.estimate_part_of_total(249, 77.6) == 193
    # 36.0 % written to one decimal carries three digits, though the float 36.0 shows two.
    assert metrics.estimate_part_of_total(515, 36.0, 1, 0.1) == 185
    # Three digits each, but 16.2% of 602 allows 97.14–97.91: the tenth is not known (review 4,
    # item 5), and 14.2% of 602 (85.48) allows 85.11–85.86.
    assert metrics.estimate_part_of_total(602, 16.2, 1, 0.1) == 98
    assert metrics.estimate_part_of_total(602, 14.2, 1, 0.1) == 85
    # Where the rounding moves it by less than a tenth, the tenth is kept: 1.523% of 6,020 is
    # 91.68, within 91.65–91.72 (four digits each would give the hundredth).
    assert metrics.estimate_part_of_total(6020, 1.523, 1, 0.001) == 91.7
    assert metrics.count_significant_digits(230, 10) == 2
    floor = metrics.bound_part_of_total(bound_published(602), bound_published(30, "more_than"))
    assert floor.low == pytest.approx(180.45) and math.floor(floor.low) == 180


def test_digits_and_months():
    assert [metrics.count_decimals(v) for v in (142, 141.7, 1099.67, 0.5)] == [0, 1, 2, 1]
    assert [metrics.count_significant_digits(v) for v in (515, 80.9, 30, 1404.89)] == [3, 3, 2, 6]
    assert metrics.round_significant(416.6, 3) == 417
    # A half goes up, as a publisher rounds: 30.0% of 515 M is 154.5, shown as 155.
    assert metrics.round_significant(154.5, 3) == 155
    assert metrics.round_significant(0.0125, 2) == 0.013
    assert metrics.round_significant(-2.5, 1) == -3
    assert metrics.round_significant(1404.89, 2) == 1400
    assert metrics.count_months("2024-12", "2025-06") == 6
    assert metrics.count_months("2024-06", "2025-12") == 18


def publish(value: float, decimals: int) -> float:
    """Round as a publisher would."""
    return round(value, decimals)


starts = st.floats(min_value=5, max_value=2000, allow_nan=False)
growths = st.floats(min_value=0.5, max_value=400, allow_nan=False)
places = st.integers(min_value=0, max_value=2)


@given(start=starts, growth=growths, level_places=places, rate_places=places)
def test_rounding_honest_figures_is_always_consistent(start, growth, level_places, rate_places):
    end = start * (1 + growth / 100)
    start_published = publish(start, level_places)
    end_published = publish(end, level_places)
    rate_published = publish(growth, rate_places)
    base = metrics.bound_implied_base(
        bound_published(end_published, rounded_to=10.0**-level_places),
        bound_published(rate_published, rounded_to=10.0**-rate_places),
    )
    assert base.overlaps(bound_published(start_published, rounded_to=10.0**-level_places))


@given(start=starts, growth=growths)
def test_nearly_a_whole_percent_is_consistent(start, growth):
    end = start * (1 + growth / 100)
    nearly = math.ceil(growth)
    if nearly - growth >= 0.5:
        return  # a publisher would not say "nearly" this far below
    base = metrics.bound_implied_base(
        bound_published(round(end), rounded_to=1.0), bound_published(nearly, "nearly")
    )
    assert base.overlaps(bound_published(round(start), rounded_to=1.0))


@given(start=starts, growth=growths, rate_places=places, above=st.booleans())
def test_a_rate_moved_outside_its_rounding_is_flagged(start, growth, rate_places, above):
    start_published, end_published = round(start), round(start * (1 + growth / 100))
    if start_published <= 1:
        return
    allowed = metrics.bound_growth_pct(
        bound_published(start_published, rounded_to=1.0),
        bound_published(end_published, rounded_to=1.0),
    )
    step = 10**-rate_places
    # The nearest rate on the publisher's grid whose own rounding range misses what the levels allow.
    if above:
        moved = math.ceil((allowed.high + step / 2) / step + 1) * step
    else:
        moved = math.floor((allowed.low - step / 2) / step - 1) * step
        if moved <= -100 + step:
            return
    base = metrics.bound_implied_base(
        bound_published(end_published, rounded_to=1.0),
        bound_published(round(moved, rate_places), rounded_to=10.0**-rate_places),
    )
    assert not base.overlaps(bound_published(start_published, rounded_to=1.0))
