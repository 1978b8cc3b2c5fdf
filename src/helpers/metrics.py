"""Small pure functions that derive growth, bases, shares and bounds from published figures."""

from __future__ import annotations

import math

# How far a value rounded to 0 decimals can lie from the truth; scaled by 10**-decimals.
HALF_UNIT = 0.5


def compute_growth_pct(start: float, end: float) -> float:
    """Return the percentage change from `start` to `end` (602 over 249 gives 141.77)."""
    if start <= 0:
        raise ValueError(f"growth needs a positive starting level, got {start}")
    return (end / start - 1) * 100


def compute_implied_base(level: float, growth_pct: float) -> float:
    """Return the starting level that `growth_pct` implies for `level` (602 at +142% gives 248.76)."""
    return level / (1 + growth_pct / 100)


def compute_absolute_increase(level: float, growth_pct: float) -> float:
    """Return how much was added to reach `level` at `growth_pct` (602 at +142% gives 353.24)."""
    return level - compute_implied_base(level, growth_pct)


def count_decimals(value: float) -> int:
    """Return how many decimals a published value was written with (141.7 has 1, 142 has 0)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def bound_reported_rate(value: float, qualifier: str) -> tuple[float, float]:
    """Return the interval [low, high) a rounded, qualified rate allows ("nearly 142" → 141.5–142)."""
    half = HALF_UNIT * 10 ** -count_decimals(value)
    if qualifier == "nearly":
        return value - half, value
    if qualifier in ("exact", "about"):
        return value - half, value + half
    if qualifier in ("more_than", "at_least"):
        return value, math.inf
    if qualifier == "less_than":
        return -math.inf, value
    raise ValueError(f"qualifier {qualifier!r} has no known reading")


def compute_base_interval(level: float, rate_low: float, rate_high: float) -> tuple[float, float]:
    """Return the lowest and highest starting level that rates in [rate_low, rate_high) allow."""
    return compute_implied_base(level, rate_high), compute_implied_base(level, rate_low)


def bound_growth_from_rounded_levels(start: float, end: float) -> tuple[float, float]:
    """Return the growth range levels rounded to their last digit allow (249 means 248.5–249.5)."""
    start_half = HALF_UNIT * 10 ** -count_decimals(start)
    end_half = HALF_UNIT * 10 ** -count_decimals(end)
    low = compute_growth_pct(start + start_half, end - end_half)
    high = compute_growth_pct(start - start_half, end + end_half)
    return low, high


def bound_from_share(total: float, share_pct: float) -> float:
    """Return the level a share of a total stands for (30% of 602 M is 180.6 M)."""
    return total * share_pct / 100


def compute_share_pct(part: float, whole: float) -> float:
    """Return `part` as a percentage of `whole` (457 of 602 is 75.91%)."""
    if whole <= 0:
        raise ValueError(f"a share needs a positive whole, got {whole}")
    return part / whole * 100


def count_months(start_period: str, end_period: str) -> int:
    """Return the months from one YYYY-MM period to another (2024-12 to 2025-06 is 6)."""
    start_year, start_month = (int(part) for part in start_period.split("-"))
    end_year, end_month = (int(part) for part in end_period.split("-"))
    return (end_year - start_year) * 12 + end_month - start_month


def compute_annualized_growth_pct(growth_pct: float, months: int) -> float:
    """Return the yearly rate that compounds to `growth_pct` over `months` months."""
    if months <= 0:
        raise ValueError(f"annualizing needs a positive number of months, got {months}")
    return ((1 + growth_pct / 100) ** (12 / months) - 1) * 100
