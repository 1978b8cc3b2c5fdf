"""The notebooks: parameters declared as literals, and each runs for every period."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.analysis import list_periods
from helpers.loading import load_tables
from helpers.paths import DATA_DIR, NOTEBOOKS_DIR, RENDER_PLAN
from renderer.plan import read_plan

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
# Every period with a count of users, each with the one before it: the runs a reader can ask for.
SURVEY_PERIODS = list_periods(load_tables(DATA_DIR)[0])
PERIOD_RUNS = list(itertools.pairwise(SURVEY_PERIODS))
PERIOD_RUNS = [(period, comparison) for comparison, period in PERIOD_RUNS]
# The plan's sets run in the shared render; the pairs no set covers run here through papermill.
SETS = read_plan(RENDER_PLAN, NOTEBOOKS_DIR)
PLAN_RUNS = {(s.parameters["period"], s.parameters["comparison_period"]): s.name for s in SETS}
OFF_PLAN_RUNS = [run for run in PERIOD_RUNS if run not in PLAN_RUNS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_is_first_and_holds_commented_literals(path):
    notebook = nbformat.read(path, as_version=4)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "parameters" in first_code.metadata.get("tags", [])
    tree = ast.parse(first_code.source)
    names = []
    for statement in tree.body:
        assert isinstance(statement, ast.AnnAssign), "parameters carry a type annotation"
        assert isinstance(statement.value, ast.Constant), "parameters are literals only"
        names.append(statement.target.id)
    assert names, f"{path.name}: the parameters cell declares no parameter"
    for line in first_code.source.splitlines():
        assert "  # " in line, f"{path.name}: parameter line lacks a typed comment: {line}"
    declared = papermill.inspect_notebook(str(path))
    assert list(declared) == names
    assert all(declared[name]["help"] for name in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_prose_types_no_numbers(path):
    """Numbers reach the reader only through code; the title's reading-order number is the one exception."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"^# \d\d · ", "# ", cell.source)
            assert not re.search(r"\d", text), (
                f"{path.name}: cell {cell.id} types a number: {text!r}"
            )


def test_no_notebook_hard_codes_a_data_path():
    for path in NOTEBOOKS:
        assert "../data" not in path.read_text(encoding="utf-8")


def test_every_survey_period_of_the_data_runs_in_the_plan_or_here():
    covered = {period for run in PLAN_RUNS for period in run} | {
        period for run in OFF_PLAN_RUNS for period in run
    }
    assert covered >= set(SURVEY_PERIODS)


def check_run(executed: nbformat.NotebookNode, output_dir: Path) -> None:
    """No cell failed, and every chart the notebook saved has its PNG, SVG and data as CSV."""
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    for svg in (output_dir / "figures").glob("*.svg"):
        if svg.name.endswith(".phone.svg"):
            continue
        for twin in (svg.with_suffix(".png"), output_dir / "tables" / f"{svg.stem}.csv"):
            assert twin.stat().st_size > 0, twin


@pytest.mark.slow
@pytest.mark.parametrize("run", PLAN_RUNS, ids=lambda run: PLAN_RUNS[run])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_each_set_of_the_plan(path: Path, run, rendered_outputs):
    set_dir = rendered_outputs / PLAN_RUNS[run]
    executed = nbformat.read(set_dir / path.name, as_version=4)
    check_run(executed, set_dir)


@pytest.mark.slow
@pytest.mark.parametrize("period,comparison", OFF_PLAN_RUNS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_a_period_off_the_plan(path: Path, period, comparison, tmp_path):
    output_dir = tmp_path / "out"
    executed = papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        # Only what the notebook declares, as the render plan does.
        parameters={
            name: value
            for name, value in {
                "period": period,
                "comparison_period": comparison,
                "output_dir": str(output_dir),
            }.items()
            if name in papermill.inspect_notebook(str(path))
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    check_run(executed, output_dir)
