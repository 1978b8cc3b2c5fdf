"""The one parameter rule every notebook and the render plan apply."""

import pytest

from helpers.parameters import ParameterError, check_parameters, check_period

PERIODS = ["2024-06", "2024-12", "2025-06", "2025-12"]


def test_a_known_period_passes():
    check_parameters({"period": "2025-12", "comparison_period": "2024-12"}, PERIODS)


@pytest.mark.parametrize(
    "value,message",
    [
        ("2025-6", "expected a period written YYYY-MM in ASCII digits"),
        ("٢٠٢٥-١٢", "expected a period written YYYY-MM in ASCII digits"),  # Arabic-Indic digits
        ("2025-12\n", "expected a period written YYYY-MM in ASCII digits"),
        (202512, "expected a period written YYYY-MM in ASCII digits"),
        ("2025-11", "a period data/ does not have (did you mean '2025-12'?)"),
    ],
)
def test_a_bad_period_is_named_with_what_was_expected(value, message):
    with pytest.raises(ParameterError) as caught:
        check_period("comparison_period", value, PERIODS)
    assert str(caught.value).startswith(f"parameter 'comparison_period' is {value!r}")
    assert message in str(caught.value)


def test_only_the_stated_period_parameters_are_checked():
    check_parameters({"period": "2025-12", "title_period": "anything"}, PERIODS)
    with pytest.raises(ParameterError, match="parameter 'period'"):
        check_parameters({"period": "2025-13"}, PERIODS)
