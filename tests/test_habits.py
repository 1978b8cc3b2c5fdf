"""The habits the pre-commit hooks enforce hold for what is committed."""

from __future__ import annotations

import re
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


def test_readme_headline_is_generated_from_data():
    from helpers.headline import render_headline_markdown
    from helpers.loading import load_tables
    from helpers.readme import README, replace_headline

    text = README.read_text(encoding="utf-8")
    assert replace_headline(text, render_headline_markdown(*load_tables())) == text, (
        "README.md's headline is out of date: run `make readme`"
    )
    assert "- **602 M** generative-AI users in China at the end of December 2025" in text


def test_make_help_lists_every_target_with_one_line():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):(?!=)", makefile, flags=re.MULTILINE)
    output = subprocess.run(
        ["make", "-s", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed = [line.split()[1] for line in output.splitlines()]
    assert sorted(listed) == sorted(targets)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for target in listed:
        assert f"`make {target}`" in readme, f"README.md does not mention make {target}"
