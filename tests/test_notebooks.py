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


# Free text of data/ (what a news site wrote) and what notebooks name it: unescaped in Markdown, a
# label like "[x](javascript:…)" or "<img onerror=…>" would become markup in the report.
DATA_TEXT = re.compile(
    r"\b(label|publisher|title|cnnic_report|reliability|segment_name|reports?|series|outlets"
    r"|describe_secondary)\b"
)
# Calls whose text is HTML-escaped where it is shown: chart words (charts.render_chart_html) and
# the notebooks' own HTML, whose data text must go through html.escape.
HTML_BOUND_CALLS = ("ChartText", "HTML")


def name_called(node: ast.Call) -> str:
    """Return the name a call is made by: 'f' for f(…) and for module.f(…)."""
    return getattr(node.func, "id", getattr(node.func, "attr", ""))


def find_unescaped_data_text(source: str) -> list[str]:
    """Return the data text a cell puts into Markdown without escape_markdown, and html escapes
    used outside HTML(…)."""
    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith("%")))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    bound = [call for call in calls if name_called(call) in HTML_BOUND_CALLS]
    escaped = [call for call in calls if name_called(call) == "escape_markdown"]
    exempt = {id(node) for call in bound + escaped for node in ast.walk(call)}
    html_names = {
        node.id for call in bound for node in ast.walk(call) if isinstance(node, ast.Name)
    }
    safe_names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign | ast.AugAssign):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = {target.id for target in targets if isinstance(target, ast.Name)}
        if names & html_names:  # text built for an HTML-bound call: `lede = f"…"`, `bars = …`
            exempt |= {id(inner) for inner in ast.walk(node)}
        if isinstance(node.value, ast.Call) and name_called(node.value) == "escape_markdown":
            safe_names |= names  # `publisher = escape_markdown(…)`
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.Call) and name_called(node) == "escape":
            found.append(f"html escape outside HTML(…): {ast.unparse(node)}")
        # Text goes into a sentence through an f-string field or by joining a list of names.
        if isinstance(node, ast.FormattedValue):
            inserted = node.value
        elif isinstance(node, ast.Call) and name_called(node) == "join" and node.args:
            inserted = node.args[0]
            if isinstance(inserted, ast.GeneratorExp | ast.ListComp):
                continue  # the f-strings it joins are checked field by field
        else:
            continue
        if id(inserted) in exempt:
            continue
        counted = isinstance(inserted, ast.Call) and name_called(inserted) == "len"
        # The code's own constants (DEFINITIONS[m].publisher) are no data.
        root = inserted
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        if isinstance(root, ast.Name) and root.id.isupper():
            continue
        safe = isinstance(inserted, ast.Name) and inserted.id in safe_names
        if DATA_TEXT.search(ast.unparse(inserted)) and not (counted or safe):
            found.append(ast.unparse(inserted))
    return found


def test_the_check_for_unescaped_data_text_finds_it():
    source = (
        'lines = [f"- {row.label}: {escape_markdown(row.publisher)}"]\n'
        "display(Markdown(f\"{escape(name)} {sources.loc[s, 'cnnic_report']}\"))\n"
        'lede = f"{top.segment_name}"\n'
        'display(HTML(f"<p>{escape(lede)}</p>"))\n'
        'text = "From " + "; ".join(reports) + escape_markdown(", ".join(names))\n'
        "publisher = escape_markdown(publisher)\n"
        'text += f"{len(reports)} reports by {publisher}"\n'
    )
    assert sorted(find_unescaped_data_text(source)) == [
        "html escape outside HTML(…): escape(name)",
        "reports",
        "row.label",
        "sources.loc[s, 'cnnic_report']",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_data_text_reaches_markdown_only_through_escape_markdown(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert find_unescaped_data_text(cell.source) == [], f"{path.name}: cell {cell.id}"


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


# Markup in the text fields of data/, by (file, row key, column); every one must read as text.
HOSTILE_CELLS = {
    ("figures.csv", "users-2025-12", "label"): "<img src=x onerror=alert(1)> users",
    ("figures.csv", "by-use-media-2025-12", "label"): "[x](javascript:alert(2))",
    ("figures.csv", "by-use-assistant-2025-12", "label"): "![](http://tracker.example/a.png)",
    ("figures.csv", "occupation-students-2025-12", "label"): "# fake heading",
    ("sources.csv", "forexbnb-13764", "cnnic_report"): "<img src=x onerror=alert(3)> report",
    ("sources.csv", "workers-daily-2026-02-07", "publisher"): "[w](javascript:alert(4))",
    ("sources.csv", "678chat-8580", "publisher"): "![](http://tracker.example/b.png)",
    ("sources.csv", "arynews-2025-10", "publisher"): "Costs $x$ \\frac{1}{2}",
    ("findings.csv", "age-2025-12", "finding"): "<b>[f](javascript:alert(5))</b>",
    ("sources.csv", "ithome-911987", "publisher"): "<img src=x onerror=alert(6)> IT Home",
}


@pytest.mark.slow
def test_markup_in_data_renders_as_text_in_every_report(tmp_path, data_copy):
    import yaml
    from datafiles import set_cells
    from rendering import parse, render

    for (file, key, column), text in HOSTILE_CELLS.items():
        set_cells(data_copy / file, key, **{column: text})
    plan = tmp_path / "plan.yaml"
    parameters = {"period": "2025-12", "comparison_period": "2024-12"}
    plan.write_text(yaml.safe_dump({"sets": {"hostile": {"parameters": parameters}}}))
    outputs = tmp_path / "outputs"
    assert render(outputs, "--plan", str(plan), "--data", str(data_copy)) == 0
    pages = [outputs / "hostile" / f"{path.stem}.html" for path in NOTEBOOKS]
    text = ""
    for page in pages:
        parsed = parse(page)
        for tag in parsed.find_all(True):
            values = " ".join(str(value) for value in tag.attrs.values())
            assert "javascript:" not in values and "tracker.example" not in values, (page, tag)
            assert not any(name.startswith("on") for name in tag.attrs), (page, tag)
            assert tag.name != "img" or str(tag.get("src")).startswith("data:"), page
        for heading in parsed.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            assert "fake heading" not in heading.get_text(), page
        text += re.sub(r"\s+", " ", parsed.get_text())
    for (_, key, column), hostile in HOSTILE_CELLS.items():
        assert hostile in text, (key, column)
