"""Each report's Sources table lists exactly the publications of the figures and findings it
recorded as shown, run on the frozen fixture data for one pair of periods."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_DATA

from helpers.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
# Run last in the notebook's own kernel: the addresses of the publications behind what it recorded.
RECORDED = """
import json as _json

_findings = rep.findings.loc[rep.findings["finding_id"].isin(rep.shown_finding_ids)]
_used = set(rep.shown_rows()["source_id"]) | set(_findings["source_id"])
print(_json.dumps(sorted(rep.sources.loc[sorted(_used), "url"])))
"""
PARAMETERS = {"period": "2025-12", "comparison_period": "2024-12", "data_dir": str(FIXTURE_DATA)}


def list_source_links(executed: nbformat.NotebookNode) -> list[str]:
    """Return the addresses the Sources table of an executed notebook links to, sorted."""
    html = "".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )
    soup = BeautifulSoup(html, "html.parser")
    links = []
    for caption in soup.find_all(
        "caption", string="Publications the figures of this report come from"
    ):
        links += [a["href"] for a in caption.find_parent("table").find_all("a")]
    return sorted(links)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_sources_table_lists_exactly_the_publications_recorded(path: Path, tmp_path: Path):
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(RECORDED))
    source = tmp_path / path.name
    nbformat.write(notebook, source)
    declared = papermill.inspect_notebook(str(path))
    parameters = PARAMETERS | {"output_dir": str(tmp_path / "out")}
    executed = papermill.execute_notebook(
        str(source),
        str(tmp_path / "executed.ipynb"),
        parameters={name: value for name, value in parameters.items() if name in declared},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    recorded = json.loads(executed.cells[-1].outputs[0]["text"])
    assert recorded, "the report records no figure for a period the fixture data covers"
    assert list_source_links(executed) == recorded
