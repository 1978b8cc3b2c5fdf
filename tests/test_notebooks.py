"""The notebooks: parameters declared as literals, and each runs for every period."""

from __future__ import annotations

import ast
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
# What each notebook must leave in its output folder.
KEY_OUTPUTS = {
    "01-load-figures": ["tables/figures-of-period.csv"],
    "02-growth": [
        "figures/users-over-time.png",
        "figures/users-over-time.svg",
        "tables/users-over-time.csv",
        "figures/reach.png",
        "figures/reach.svg",
        "tables/reach.csv",
        "tables/growth-reconciliation.csv",
    ],
    "03-segment-shares": [
        "figures/usage-shares.png",
        "figures/usage-shares.svg",
        "tables/usage-shares.csv",
    ],
    "05-registered-services": [
        "figures/cac-running-totals.png",
        "figures/cac-running-totals.svg",
        "tables/cac-running-totals.csv",
        "tables/cac-flows-reconciled.csv",
    ],
    "06-in-context": [
        "figures/china-eu-shares.png",
        "figures/china-eu-shares.svg",
        "tables/china-eu-shares.csv",
    ],
}
# Runs whose period lacks what the notebook charts, with the words that must say so instead.
SAYS_WHAT_IS_MISSING = {
    ("03-segment-shares", "2024-06"): "no usage breakdown for June 2024",
    ("05-registered-services", "2024-06"): "so there is nothing to chart",
    ("06-in-context", "2024-06"): "No chart for June 2024",
    ("06-in-context", "2024-12"): "No chart for December 2024",
    ("06-in-context", "2025-06"): "No chart for June 2025",
}
# Every period the data has, with the period it is compared with; 2024-06 has no usage breakdown.
PERIOD_RUNS = [
    ("2025-12", "2024-12"),
    ("2024-12", "2024-06"),
    ("2025-06", "2024-12"),
    ("2024-06", "2024-06"),
]
# The plan's sets run in the shared render; the periods no set covers run here through papermill.
SETS = read_plan(RENDER_PLAN, NOTEBOOKS_DIR)
PLAN_RUNS = {(s.parameters["period"], s.parameters["comparison_period"]): s.name for s in SETS}
OFF_PLAN_RUNS = [run for run in PERIOD_RUNS if run not in PLAN_RUNS]


def test_every_notebook_has_its_key_outputs_listed():
    assert [path.stem for path in NOTEBOOKS] == sorted(KEY_OUTPUTS)


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
    # Only the parameters a notebook uses, in the house order (06 compares no two periods).
    house = ["period", "comparison_period", "data_dir", "output_dir"]
    assert names[0] == "period" and {"data_dir", "output_dir"} <= set(names)
    assert [name for name in names if name in house] == [n for n in house if n in names]
    for line in first_code.source.splitlines():
        assert "  # " in line, f"{path.name}: parameter line lacks a typed comment: {line}"
    declared = papermill.inspect_notebook(str(path))
    assert declared["period"]["default"] == '"2025-12"'
    assert declared["period"]["inferred_type_name"] == "str"
    assert "reporting period" in declared["period"]["help"]


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
    figures, _ = load_tables(DATA_DIR)
    survey_periods = list_periods(figures)  # the periods with a count of users
    assert sorted(period for period, _ in PERIOD_RUNS) == survey_periods
    assert OFF_PLAN_RUNS, "every period is in the plan: run one off-plan period here all the same"


def check_run(executed: nbformat.NotebookNode, stem: str, period: str, output_dir: Path) -> None:
    """No cell failed, and the notebook wrote its key outputs or said what the data lacks."""
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    expected = KEY_OUTPUTS[stem]
    if (stem, period) in SAYS_WHAT_IS_MISSING:
        expected = []  # the data lacks what this notebook charts; it must say so instead
        text = "".join(str(o.get("data", {})) for c in executed.cells for o in c.get("outputs", []))
        assert SAYS_WHAT_IS_MISSING[(stem, period)] in text
    for relative in expected:
        assert (output_dir / relative).stat().st_size > 0, relative


@pytest.mark.slow
@pytest.mark.parametrize("run", PLAN_RUNS, ids=lambda run: PLAN_RUNS[run])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_each_set_of_the_plan(path: Path, run, rendered_outputs):
    set_dir = rendered_outputs / PLAN_RUNS[run]
    executed = nbformat.read(set_dir / path.name, as_version=4)
    check_run(executed, path.stem, run[0], set_dir)


@pytest.mark.slow
@pytest.mark.parametrize("period,comparison", OFF_PLAN_RUNS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_a_period_off_the_plan(path: Path, period, comparison, tmp_path):
    output_dir = tmp_path / "out"
    executed = papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters={
            "period": period,
            "comparison_period": comparison,
            "output_dir": str(output_dir),
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    check_run(executed, path.stem, period, output_dir)
