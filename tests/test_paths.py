"""Where notebooks read and write: parameters first, then the project's defaults."""

from __future__ import annotations

import pytest

from helpers.paths import INTERACTIVE_OUTPUT_DIR, PROJECT_ROOT, resolve_output_dir


def test_interactive_runs_write_to_a_folder_per_period():
    assert resolve_output_dir("", "2025-06") == PROJECT_ROOT / "outputs" / "interactive" / "2025-06"
    assert resolve_output_dir(period="2024-12") == INTERACTIVE_OUTPUT_DIR / "2024-12"


def test_without_a_period_interactive_runs_share_one_folder():
    assert resolve_output_dir() == PROJECT_ROOT / "outputs" / "interactive"


def test_an_output_dir_parameter_is_used_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_output_dir("renders/out", "2025-06") == tmp_path / "renders" / "out"
    assert resolve_output_dir(tmp_path / "out", "2025-06") == tmp_path / "out"


@pytest.mark.parametrize("period", ["2025-6", "../2025-06", "2025-13"])
def test_a_period_that_is_not_a_month_is_refused(period):
    with pytest.raises(ValueError) as error:
        resolve_output_dir("", period)
    # The one period rule of helpers.parameters, with its one message.
    assert str(error.value) == (
        f"parameter 'period' is {period!r}: expected a period written YYYY-MM in ASCII digits, "
        "such as '2025-12'"
    )
