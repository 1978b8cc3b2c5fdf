"""Bad plans stop before any kernel starts, name set, notebook and parameter, and change nothing."""

from __future__ import annotations

import pytest
import yaml
from rendering import render, snapshot


@pytest.fixture
def outputs(tmp_path):
    """An outputs folder holding an earlier render's files, to prove a bad plan leaves them alone."""
    folder = tmp_path / "outputs"
    (folder / "headline").mkdir(parents=True)
    (folder / "headline" / "02-growth.html").write_text("<p>earlier report</p>")
    (folder / "manifest.json").write_text('{"renders": {}}\n')
    return folder


def write_plan(tmp_path, sets):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({"sets": sets}))
    return path


def run_bad(tmp_path, outputs, capsys, sets=None, extra=()):
    before = snapshot(outputs)
    args = ["--plan", str(write_plan(tmp_path, sets))] if sets is not None else []
    code = render(outputs, *args, *extra)
    assert code == 4
    assert snapshot(outputs) == before
    return capsys.readouterr().err


def test_unknown_set_name_suggests_the_nearest(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, extra=("--only", "headlin"))
    assert "--only: unknown set 'headlin' (did you mean 'headline'?)" in err


def test_unknown_parameter(tmp_path, outputs, capsys):
    sets = {"s": {"parameters": {"period": "2025-12", "comparison_perod": "2024-12"}}}
    err = run_bad(tmp_path, outputs, capsys, sets)
    assert (
        "set 's', notebook '01-load-figures': unknown parameter 'comparison_perod' (did you mean 'comparison_period'?)"
        in err
    )


def test_wrong_type(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameters": {"period": 2025}}})
    assert (
        "set 's', notebook '01-load-figures': parameter 'period' must be a str, got 2025 (int)"
        in err
    )


def test_unknown_period(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameters": {"period": "2025-11"}}})
    assert (
        "set 's', notebook '01-load-figures': parameter 'period' is '2025-11', a period data/ does not have (did you mean '2025-12'?)"
        in err
    )


def test_unknown_notebook(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"notebooks": ["02-grwth"], "parameters": {}}})
    assert (
        "set 's': notebook '02-grwth' does not exist" in err
        and "(did you mean '02-growth'?)" in err
    )


@pytest.mark.parametrize("name", ["../x", "/tmp/abs", "Head Line"])
def test_set_names_that_would_escape_outputs_are_refused(tmp_path, outputs, capsys, name):
    err = run_bad(tmp_path, outputs, capsys, {name: {"parameters": {}}})
    assert f"set '{name}': a set name must be lower-case letters" in err


def test_misspelled_set_key(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameter": {"period": "2025-12"}}})
    assert "set 's': unknown key 'parameter' (did you mean 'parameters'?)" in err


def test_reserved_parameter(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameters": {"output_dir": "/tmp"}}})
    assert "parameter 'output_dir' is set by the renderer" in err


def test_list_shows_sets_and_parameters(capsys):
    from helpers.render.cli import main

    assert main(["render", "--list"]) == 0
    out = capsys.readouterr().out
    assert "headline" in out and "period=2025-12, comparison_period=2024-12" in out
