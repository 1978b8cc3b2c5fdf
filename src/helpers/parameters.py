"""The one rule for notebook parameters, used by every notebook's first step and by the render plan."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from helpers.vocabulary import PERIOD_PATTERN

# The parameters that name a period; stated here, not guessed from a name's spelling.
PERIOD_PARAMETERS = ("period", "comparison_period")


class ParameterError(ValueError):
    """A notebook parameter that the data cannot answer for."""


def check_period_format(name: str, value: object, example: str = "2025-12") -> None:
    """Raise ParameterError naming the parameter if `value` is not a period written YYYY-MM."""
    if not isinstance(value, str) or not re.match(PERIOD_PATTERN, value):
        raise ParameterError(
            f"parameter '{name}' is {value!r}: expected a period written YYYY-MM in ASCII digits, "
            f"such as {example!r}"
        )


def check_period(name: str, value: object, available: Iterable[str]) -> None:
    """Raise ParameterError naming the parameter if `value` is not a period data/ has."""
    periods = sorted(available)
    check_period_format(name, value, periods[-1] if periods else "2025-12")
    if value not in periods:
        close = difflib.get_close_matches(str(value), periods, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"parameter '{name}' is {value!r}, a period data/ does not have{hint}; "
            f"periods with figures: {periods}"
        )


def check_parameters(values: Mapping[str, object], available: Iterable[str]) -> None:
    """Raise ParameterError for the first period parameter that data/ cannot answer, or for a
    comparison period that is not earlier than the period."""
    periods = list(available)
    for name in PERIOD_PARAMETERS:
        if name in values:
            check_period(name, values[name], periods)
    period, earlier = values.get("period"), values.get("comparison_period")
    if isinstance(period, str) and isinstance(earlier, str) and earlier >= period:
        raise ParameterError(
            f"parameter 'comparison_period' is {earlier!r}: expected a period earlier than "
            f"'period' ({period!r}), since each report compares a date with an earlier one"
        )
