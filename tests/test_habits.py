"""The habits the pre-commit hooks enforce hold for what is committed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

BIN = Path(sys.executable).parent


def test_pre_commit_runs_nbstripout_keeping_ids_and_ruff():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text())
    entries = {hook["id"]: hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    assert entries["nbstripout"].endswith("nbstripout --keep-id")
    assert "ruff check" in entries["ruff-check"] and "ruff format" in entries["ruff-format"]


def test_nbstripout_strips_outputs_and_leaves_committed_notebooks_unchanged(tmp_path):
    copies = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, copies)
    dirty = nbformat.read(copies / "01-load-figures.ipynb", as_version=4)
    code = next(cell for cell in dirty.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="left behind")]
    code.execution_count = 7
    nbformat.write(dirty, copies / "dirty.ipynb")
    notebooks = sorted(copies.glob("*.ipynb"))
    subprocess.run([str(BIN / "nbstripout"), "--keep-id", *map(str, notebooks)], check=True)
    for path in notebooks:
        if path.name != "dirty.ipynb":
            assert path.read_bytes() == (NOTEBOOKS_DIR / path.name).read_bytes()
    cleaned = nbformat.read(copies / "dirty.ipynb", as_version=4)
    cleaned_code = next(cell for cell in cleaned.cells if cell.cell_type == "code")
    assert cleaned_code.outputs == [] and cleaned_code.execution_count is None
