"""The notebooks: parameters declared as literals, and each runs for every period."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.paths import NOTEBOOKS_DIR

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
}
# Runs whose period lacks what the notebook charts, with the words that must say so instead.
SAYS_WHAT_IS_MISSING = {("03-segment-shares", "2024-06"): "no usage breakdown for June 2024"}
# Periods with fewer figures still run; 2024-06 has no usage breakdown at all.
PERIOD_RUNS = [
    ("2025-12", "2024-12"),
    ("2024-12", "2024-06"),
    ("2025-06", "2024-12"),
    ("2024-06", "2024-06"),
]


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
    assert names[:4] == ["period", "comparison_period", "data_dir", "output_dir"]
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


@pytest.mark.slow
@pytest.mark.parametrize("period,comparison", PERIOD_RUNS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_each_period(path: Path, period, comparison, tmp_path):
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
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    expected = KEY_OUTPUTS[path.stem]
    if (path.stem, period) in SAYS_WHAT_IS_MISSING:
        expected = []  # the data lacks what this notebook charts; it must say so instead
        text = "".join(str(o.get("data", {})) for c in executed.cells for o in c.get("outputs", []))
        assert SAYS_WHAT_IS_MISSING[(path.stem, period)] in text
    for relative in expected:
        assert (output_dir / relative).stat().st_size > 0, relative
