"""Pure functions that derive growth, bases, shares and bounds, on points and on rounding ranges.

Every published number is rounded to its last digit: 249 stands for anything from 248.5 to 249.5,
141.7 % for 141.65 to 141.75 %. A recomputed figure is compared with a published one by asking
whether the ranges they allow overlap, never by comparing two points.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from helpers.vocabulary import OPEN_ABOVE_QUALIFIERS

# How far a rounded value can lie from the truth, in rounding steps.
HALF_UNIT = 0.5
# Relative slack for comparing range ends, so float error (42.8 - 25.2 = 17.599999) never decides.
FLOAT_SLACK = 1e-9


class Interval(NamedTuple):
    """A closed range of values a rounded or qualified figure allows."""

    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        """Return whether the two ranges share at least one value."""
        return self.low <= slacken(other.high) and other.low <= slacken(self.high)


def slacken(value: float) -> float:
    """Return `value` nudged up by a relative hair, for range comparisons that float error can't flip."""
    return value + abs(value) * FLOAT_SLACK if math.isfinite(value) else value


def count_decimals(value: float) -> int:
    """Return how many decimals a published value was written with (141.7 has 1, 142 has 0)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def count_significant_digits(value: float, step: float | None = None) -> int:
    """Return the significant digits a published value carries (515 has 3, 80.9 has 3, 30 has 2).

    With the step it was rounded to, the step decides (36.0 to 0.1 has 3; 230 to 10 has 2).
    """
    if step is not None and value != 0:
        return max(math.floor(math.log10(abs(value))) - round(math.log10(step)) + 1, 1)
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0")
    return max(len(text), 1)


def round_significant(value: float, digits: int) -> float:
    """Return `value` rounded to `digits` significant digits (416.6 to 3 digits is 417)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round_to_power(value, math.floor(math.log10(abs(value))) + 1 - digits)


def round_to_power(value: float, exponent: int) -> float:
    """Return `value` rounded half up to a multiple of 10**exponent (97.52 to 10**0 is 98)."""
    # Halves round up, as publications round (154.5 is 155), not to even as round() does.
    step = Decimal(1).scaleb(exponent)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def bound_published(
    value: float, qualifier: str = "exact", rounded_to: float | None = None
) -> Interval:
    """Return the range a published, rounded and qualified value allows ("nearly 142" → 141.5–142).

    Bounds are returned closed; for whole counts `filings.whole_range` drops an end the wording
    excludes ("more than 490", "490-odd": not 490 itself).

    `rounded_to` is the step the publication rounded to (10 for "2.3亿", 230 M: 225–235 M);
    without it the value is read as rounded to its last written digit.
    """
    step = 10.0 ** -count_decimals(value) if rounded_to is None else rounded_to
    half = HALF_UNIT * step
    if qualifier in ("exact", "about"):
        return Interval(value - half, value + half)
    if qualifier == "nearly":
        return Interval(value - half, value)
    if qualifier in OPEN_ABOVE_QUALIFIERS:
        return Interval(value, math.inf)
    if qualifier == "odd":  # "490余" (490-odd): above 490, short of the next step, 500
        return Interval(value, value + step)
    if qualifier == "less_than":
        return Interval(-math.inf, value)
    raise ValueError(f"qualifier {qualifier!r} has no known reading")


def compute_growth_pct(start: float, end: float) -> float:
    """Return the percentage change from `start` to `end` (602 over 249 gives 141.77)."""
    if start <= 0:
        raise ValueError(f"growth needs a positive starting level, got {start}")
    return (end / start - 1) * 100


def compute_implied_base(level: float, growth_pct: float) -> float:
    """Return the starting level that `growth_pct` implies for `level` (602 at +142% gives 248.76)."""
    return level / (1 + growth_pct / 100)


def compute_share_pct(part: float, whole: float) -> float:
    """Return `part` as a percentage of `whole` (457 of 602 is 75.91%)."""
    if whole <= 0:
        raise ValueError(f"a share needs a positive whole, got {whole}")
    return part / whole * 100


def bound_growth_pct(start: Interval, end: Interval) -> Interval:
    """Return the growth range two rounded levels allow (249 → 602 allows 141.08–142.45 %)."""
    if start.low <= 0:
        raise ValueError(f"growth needs a positive starting level, got {start.low}")
    return Interval(
        compute_growth_pct(start.high, end.low), compute_growth_pct(start.low, end.high)
    )


def bound_implied_base(end: Interval, growth: Interval) -> Interval:
    """Return the starting levels a rounded level and a rounded rate allow together."""
    return Interval(
        compute_implied_base(end.low, growth.high), compute_implied_base(end.high, growth.low)
    )


def bound_difference(minuend: Interval, subtrahend: Interval) -> Interval:
    """Return the range of a difference of two rounded figures (42.8 − 25.2 allows 17.5–17.7)."""
    return Interval(minuend.low - subtrahend.high, minuend.high - subtrahend.low)


def bound_share_pct(part: Interval, whole: Interval) -> Interval:
    """Return the range of a share computed from two rounded counts (602 of 1,404.89 M)."""
    if whole.low <= 0:
        raise ValueError(f"a share needs a positive whole, got {whole.low}")
    return Interval(part.low / whole.high * 100, part.high / whole.low * 100)


def bound_part_of_total(total: Interval, share_pct: Interval) -> Interval:
    """Return the count a rounded share of a rounded total allows ("more than 30 %" of 602 M)."""
    return Interval(total.low * share_pct.low / 100, total.high * share_pct.high / 100)


def estimate_part_of_total(
    total: float, share_pct: float, total_step: float | None = None, share_step: float | None = None
) -> float:
    """Return a share of a total at the precision its rounded inputs allow (80.9% of 515 → 417).

    Rounded half up to the significant digits its inputs carry, and never to a digit their
    rounding can move by more than one: 16.2% of 602 allows 97.14–97.91, so the tenth is not known
    and the estimate is 98, not 97.5. The steps the inputs were published to count their digits
    when the float has lost them (36.0 % written to 0.1 carries three digits, not two).
    """
    point = total * share_pct / 100
    if point == 0 or not math.isfinite(point):
        return point
    digits = min(
        count_significant_digits(total, total_step), count_significant_digits(share_pct, share_step)
    )
    allowed = bound_part_of_total(
        bound_published(total, rounded_to=total_step),
        bound_published(share_pct, rounded_to=share_step),
    )
    # How far the rounding of the inputs can move the point, either way.
    doubt = max(point - allowed.low, allowed.high - point)
    exponent = max(
        math.floor(math.log10(abs(point))) + 1 - digits,
        # The finest power of ten at least as large as the doubt (slack: float error never decides).
        math.ceil(math.log10(doubt) - FLOAT_SLACK),
    )
    return round_to_power(point, exponent)


def count_months(start_period: str, end_period: str) -> int:
    """Return the months from one YYYY-MM period to another (2024-12 to 2025-06 is 6)."""
    start_year, start_month = (int(part) for part in start_period.split("-"))
    end_year, end_month = (int(part) for part in end_period.split("-"))
    return (end_year - start_year) * 12 + end_month - start_month
