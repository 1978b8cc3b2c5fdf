"""Exact values of the derived figures, to the precision the issue states."""

import math

import pytest

from helpers import metrics


def test_implied_base_and_increase_from_the_rounded_rate():
    assert round(metrics.compute_implied_base(602, 142), 2) == 248.76
    assert round(metrics.compute_absolute_increase(602, 142), 2) == 353.24


def test_growth_from_levels():
    assert round(metrics.compute_growth_pct(249, 602), 1) == 141.8
    assert round(metrics.compute_growth_pct(249, 515), 1) == 106.8
    with pytest.raises(ValueError, match="positive starting level"):
        metrics.compute_growth_pct(0, 602)


def test_nearly_142_allows_bases_between_248_76_and_249_28():
    low, high = metrics.bound_reported_rate(142, "nearly")
    assert (low, high) == (141.5, 142)
    base_low, base_high = metrics.compute_base_interval(602, low, high)
    assert (round(base_low, 2), round(base_high, 2)) == (248.76, 249.28)
    assert base_low <= 249 <= base_high


def test_rate_intervals_follow_decimals_and_qualifier():
    assert metrics.bound_reported_rate(141.7, "exact") == pytest.approx((141.65, 141.75))
    assert metrics.bound_reported_rate(30, "more_than") == (30, math.inf)
    with pytest.raises(ValueError, match="no known reading"):
        metrics.bound_reported_rate(1, "roughly")


def test_count_decimals():
    assert [metrics.count_decimals(v) for v in (142, 141.7, 1099.67, 0.5)] == [0, 1, 2, 1]


def test_rounded_levels_bound_the_growth():
    low, high = metrics.bound_growth_from_rounded_levels(249, 602)
    assert round(low, 2) == round((601.5 / 249.5 - 1) * 100, 2) == 141.08
    assert round(high, 2) == 142.45


def test_shares_and_bounds():
    assert [round(metrics.compute_share_pct(v, 602), 1) for v in (457, 288, 184)] == [
        75.9,
        47.8,
        30.6,
    ]
    assert round(metrics.bound_from_share(602, 30), 1) == 180.6
    with pytest.raises(ValueError):
        metrics.compute_share_pct(1, 0)


def test_months_and_annualized_growth():
    assert metrics.count_months("2024-12", "2025-06") == 6
    assert metrics.count_months("2024-06", "2025-12") == 18
    # Doubling in six months is quadrupling in a year.
    assert metrics.compute_annualized_growth_pct(100, 6) == pytest.approx(300)
    assert metrics.compute_annualized_growth_pct(141.8, 12) == pytest.approx(141.8)
    with pytest.raises(ValueError, match="positive number of months"):
        metrics.compute_annualized_growth_pct(10, 0)
