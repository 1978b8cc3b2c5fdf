"""The habits hold for what git commits: notebooks without outputs, hooks, targets, README."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import nbformat
import pytest

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def git(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    """Run git in the project and return what it printed."""
    return subprocess.run(
        ["git", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> dict[str, str]:
    """Return what `git add notebooks/` would store for each notebook (in a copy of the index)."""
    index = tmp_path_factory.mktemp("git") / "index"
    # A copy of the real index: git runs the filter only on notebooks changed since it was staged.
    shutil.copy2(PROJECT_ROOT / git("rev-parse", "--git-path", "index").strip(), index)
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    names = [path.relative_to(PROJECT_ROOT).as_posix() for path in NOTEBOOKS]
    git("add", "--", *names, env=env)
    return {name: git("show", f":{name}", env=env) for name in names}


def test_git_cleans_notebooks_with_nbstripout_keeping_ids():
    for path in NOTEBOOKS:
        name = path.relative_to(PROJECT_ROOT).as_posix()
        assert git("check-attr", "filter", "--", name).split(": ")[-1].strip() == "nbstripout"
    assert git("config", "filter.nbstripout.clean").strip().endswith("nbstripout --keep-id"), (
        "git does not strip notebook outputs in this clone: run `make setup` (or `make hooks`)"
    )
    assert git("config", "filter.nbstripout.required").strip() == "true"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_what_git_would_commit_has_no_outputs(path, staged):
    """The working copy may hold JupyterLab's outputs; what git stores must not."""
    committed = nbformat.reads(staged[path.relative_to(PROJECT_ROOT).as_posix()], as_version=4)
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} carries outputs"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} has a count"
    assert set(committed.metadata.get("language_info", {})) <= {"name"}
    working = nbformat.read(path, as_version=4)
    assert [cell.id for cell in committed.cells] == [cell.id for cell in working.cells]


def test_git_stores_a_notebook_saved_by_jupyterlab_as_if_never_run(staged, tmp_path):
    name = "notebooks/02-growth.ipynb"
    saved = nbformat.reads(staged[name], as_version=4)
    # What JupyterLab adds when a notebook is run and saved: the kernel's details, counts, outputs.
    saved.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.11.2",
    }
    for count, cell in enumerate((c for c in saved.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
        cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stderr", text="a warning"),
            nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
            nbformat.v4.new_output("error", ename="KeyError", evalue="x", traceback=["KeyError"]),
        ]
    nbformat.write(saved, tmp_path / "saved.ipynb")
    as_stored = git("hash-object", f"--path={name}", str(tmp_path / "saved.ipynb"))
    assert as_stored == git("hash-object", "--no-filters", "--stdin", stdin=staged[name])
    assert as_stored != git("hash-object", "--no-filters", str(tmp_path / "saved.ipynb"))


@pytest.mark.parametrize("target", ["setup", "render", "lab", "check", "test"])
def test_every_way_in_installs_the_notebook_filter(target):
    """Whichever target a newcomer starts with, git strips notebook outputs from then on."""
    planned = subprocess.run(
        ["make", "-n", target], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "nbstripout --install" in planned
    assert (
        'git config filter.nbstripout.clean ".venv/bin/python -m nbstripout --keep-id"' in planned
    )


def test_the_renderer_reaches_no_private_attribute():
    """An upgrade of jupyter_client or Python must not break renders: public APIs only."""
    for path in sorted((PROJECT_ROOT / "src" / "renderer").glob("*.py")):
        private = re.findall(r"\b\w+\._\w+", path.read_text(encoding="utf-8"))
        assert set(private) <= {"os._exit"}, f"{path.name}: {private}"


def test_readme_headline_is_generated_from_data():
    from refresh_readme import README, replace_headline

    from helpers.headline import render_headline_markdown
    from helpers.loading import load_findings, load_tables

    text = README.read_text(encoding="utf-8")
    section = render_headline_markdown(*load_tables(), load_findings())
    assert replace_headline(text, section) == text, (
        "README.md's headline is out of date: run `make readme`"
    )


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
