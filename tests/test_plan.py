"""Bad plans stop before any kernel starts, name set, notebook and parameter, and change nothing."""

from __future__ import annotations

import time

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


@pytest.mark.parametrize("name", ["../x", "/tmp/abs", "Head Line", "s\n", "s" * 65, ".hidden"])
def test_set_names_that_would_escape_outputs_are_refused(tmp_path, outputs, capsys, name):
    err = run_bad(tmp_path, outputs, capsys, {name: {"parameters": {}}})
    assert f"set {name!r}: a set name must be 1 to 64 lower-case letters" in err


def test_misspelled_set_key(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameter": {"period": "2025-12"}}})
    assert "set 's': unknown key 'parameter' (did you mean 'parameters'?)" in err


def test_misspelled_top_level_key(tmp_path, outputs, capsys):
    err = run_raw(tmp_path, outputs, capsys, "set:\n  s:\n    parameters: {}\n")
    assert "unknown key 'set' (did you mean 'sets'?)" in err


def test_reserved_parameter(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameters": {"output_dir": "/tmp"}}})
    assert "parameter 'output_dir' is set by the renderer" in err


def test_list_shows_sets_and_parameters(capsys):
    from renderer.cli import main

    assert main(["render", "--list"]) == 0
    out = capsys.readouterr().out
    assert "headline" in out and "period=2025-12, comparison_period=2024-12" in out


def write_raw_plan(tmp_path, text):
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    return path


def run_raw(tmp_path, outputs, capsys, text):
    before = snapshot(outputs)
    assert render(outputs, "--plan", str(write_raw_plan(tmp_path, text))) == 4
    assert snapshot(outputs) == before
    return capsys.readouterr().err


def test_aliases_are_refused_at_once(tmp_path, outputs, capsys):
    # Nine levels of nine aliases: a billion values if expanded.
    lines = ['a0: &a0 ["x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "\n".join(lines) + "\nsets:\n  s:\n    parameters: {period: '2025-12'}\n    title: *a9\n"
    started = time.perf_counter()
    err = run_raw(tmp_path, outputs, capsys, text)
    assert time.perf_counter() - started < 1
    assert "cannot read the plan: aliases ('*name') are not allowed in a plan" in err
    assert "line 2" in err


@pytest.mark.parametrize(
    "value,expected",
    [("[" * 3000 + "]" * 3000, "nested too deeply"), ("1" * 5000, "Exceeds the limit")],
    ids=["deep", "long-number"],
)
def test_pathological_values_are_plan_errors(tmp_path, outputs, capsys, value, expected):
    text = f"sets:\n  s:\n    parameters: {{period: {value}}}\n"
    assert f"cannot read the plan: {expected}" in run_raw(tmp_path, outputs, capsys, text)


def test_a_set_defined_twice_is_refused(tmp_path, outputs, capsys):
    text = "sets:\n  s:\n    title: first\n  s:\n    title: second\n"
    err = run_raw(tmp_path, outputs, capsys, text)
    assert "'s' is defined twice in the same mapping" in err and "line 4" in err


# Values of the wrong shape, each stopped before use: (the set as YAML, words of the message).
BAD_VALUES = {
    "YAML date": (
        "parameters: {period: 2025-12-01}",
        "parameter 'period' must be a text, number or true/false, got datetime.date(2025, 12, 1)",
    ),
    "non-string parameter name": ("parameters: {1: x}", "parameter name 1 must be a text"),
    "nested list": (
        "parameters: {period: [['2025-12']]}",
        "parameter 'period' must be a text, number or true/false, got [['2025-12']] (list)",
    ),
    "string where a list belongs": (
        "notebooks: 02-growth",
        "'notebooks' must be a list of notebook names such as ['02-growth'], got '02-growth'",
    ),
    "notebook listed twice": (
        "notebooks: [02-growth, 02-growth]", "notebook '02-growth' is listed twice",
    ),
    "title that is not text": ("title: [a, b]", "'title' must be a text, got ['a', 'b'] (list)"),
    "not a number": ("parameters: {period: .nan}", "parameter 'period' must be a text, number"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_VALUES)
def test_values_are_type_checked_before_use(tmp_path, outputs, capsys, case):
    body, expected = BAD_VALUES[case]
    err = run_raw(tmp_path, outputs, capsys, f"sets:\n  s: {{{body}}}\n")
    assert f"set 's': {expected}" in err


def test_an_empty_notebooks_folder_is_an_error(tmp_path, outputs, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    before = snapshot(outputs)
    assert render(outputs, "--notebooks", str(empty)) == 4
    assert snapshot(outputs) == before
    assert f"{empty}: no notebooks to render" in capsys.readouterr().err


@pytest.mark.parametrize(
    "option,value,expected",
    [
        ("--timeout", "0", "expected a whole number of 1 or more, got '0'"),
        ("--timeout", "-5", "expected a whole number of 1 or more, got '-5'"),
        ("--timeout", "nan", "expected a whole number of 1 or more, got 'nan'"),
        # nbclient's timeouts are whole seconds: a fraction is refused here, not by every render.
        ("--timeout", "2.5", "expected a whole number of 1 or more, got '2.5'"),
        ("--jobs", "0", "expected a whole number of 1 or more, got '0'"),
        ("--jobs", "1.5", "expected a whole number of 1 or more, got '1.5'"),
        *(
            (
                "--base-url",
                url,
                "expected an http:// or https:// address such as https://example.org/reports/, "
                f"got {url!r}",
            )
            for url in (
                "example.org/reports",
                "ftp://example.org/",
                "javascript:alert(1)",
                "https://",
            )
        ),
    ],
)
def test_timeout_and_jobs_are_checked(tmp_path, capsys, option, value, expected):
    with pytest.raises(SystemExit) as stopped:
        render(tmp_path / "outputs", option, value)
    assert stopped.value.code == 2
    assert f"argument {option}: {expected}" in capsys.readouterr().err
    assert not (tmp_path / "outputs").exists()


def test_whole_timeout_is_accepted_and_help_says_whole_seconds(capsys):
    from renderer.cli import build_parser

    args = build_parser().parse_args(["render", "--timeout", "2", "--jobs", "3"])
    assert (args.timeout, args.jobs) == (2, 3)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["render", "--help"])
    assert "whole seconds" in " ".join(capsys.readouterr().out.split())


def test_a_comparison_period_not_earlier_is_refused(tmp_path, outputs, capsys):
    sets = {"s": {"parameters": {"period": "2024-12", "comparison_period": "2025-12"}}}
    err = run_bad(tmp_path, outputs, capsys, sets)
    assert (
        "set 's', notebook '01-load-figures': parameter 'comparison_period' is '2025-12': "
        "expected a period earlier than 'period' ('2024-12')" in err
    )


def test_a_notebooks_default_comparison_period_not_earlier_is_refused(tmp_path, outputs, capsys):
    err = run_bad(tmp_path, outputs, capsys, {"s": {"parameters": {"period": "2024-12"}}})
    assert "parameter 'comparison_period' is '2024-12': expected a period earlier" in err
    assert "(the notebook's defaults: ['comparison_period']; set them in the plan)" in err


def test_the_period_pattern_is_defined_once():
    from helpers.paths import HELPERS_DIR

    defining = [
        p.name for p in HELPERS_DIR.rglob("*.py") if "(0[1-9]|1[0-2])" in p.read_text("utf-8")
    ]
    # schemas.py also holds the date pattern, which shares the month part.
    assert sorted(defining) == ["schemas.py", "vocabulary.py"]
    from helpers import parameters, schemas, vocabulary

    assert parameters.PERIOD_PATTERN is vocabulary.PERIOD_PATTERN is schemas.PERIOD_PATTERN


def test_the_plan_and_the_notebooks_share_one_parameter_rule(tmp_path):
    """A bad period in the plan fails with the message the notebook's first step would give."""
    from helpers.parameters import ParameterError, check_parameters
    from renderer.errors import PlanError
    from renderer.plan import ParameterSet
    from renderer.plan import check_parameters as check_plan

    notebook = tmp_path / "01-x.ipynb"
    declared = {notebook: {"period": {"inferred_type_name": "str"}}}
    periods = ["2024-12", "2025-12"]
    with pytest.raises(ParameterError) as from_notebook:
        check_parameters({"period": "2025-6"}, periods)
    with pytest.raises(PlanError) as from_plan:
        check_plan(ParameterSet("s", "t", {"period": "2025-6"}, [notebook], declared), periods)
    assert str(from_plan.value) == f"set 's', notebook '01-x': {from_notebook.value}"


def test_each_notebook_gets_only_the_parameters_it_declares(tmp_path, data_copy):
    """A parameter one notebook declares goes to that notebook alone; the others never see it."""
    import shutil

    import nbformat

    from helpers.paths import NOTEBOOKS_DIR
    from renderer.engine import RenderSettings, plan_jobs

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for path in sorted(NOTEBOOKS_DIR.glob("0[12]-*.ipynb")):
        shutil.copy(path, notebooks / path.name)
    growth = nbformat.read(notebooks / "02-growth.ipynb", as_version=4)
    cell = next(c for c in growth.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += '\nbase_label: str = "start"  # word for the earlier level in one chart'
    nbformat.write(growth, notebooks / "02-growth.ipynb")
    plan = tmp_path / "plan.yaml"
    parameters = {"period": "2025-12", "comparison_period": "2024-12", "base_label": "base"}
    plan.write_text(yaml.safe_dump({"sets": {"s": {"parameters": parameters}}}))
    settings = RenderSettings(tmp_path / "out", plan, notebooks, data_copy)
    _, _, jobs = plan_jobs(settings)
    given = {job.notebook.stem: job.parameters for job in jobs}
    assert "base_label" not in given["01-load-figures"]
    assert given["02-growth"]["base_label"] == "base"
    assert given["01-load-figures"]["period"] == given["02-growth"]["period"] == "2025-12"


def test_a_base_url_is_kept_with_one_trailing_slash():
    from renderer.cli import web_address

    assert web_address("https://example.org/reports") == "https://example.org/reports/"
    assert web_address(" http://example.org/r/ ") == "http://example.org/r/"
