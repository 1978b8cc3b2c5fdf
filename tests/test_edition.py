"""A maintainer's two most frequent changes, tried on a copy of the project: a new CNNIC edition
(rows in data/ and a set in the plan) and a new notebook that declares only `period`. Neither
may need a code or test edit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers.paths import PROJECT_ROOT

pytestmark = pytest.mark.slow

# What a copy of the project leaves behind: what a clone would not have either.
# .git goes too: in a git worktree it is a file that points back at the real repository, and
# the copy's commit must never land there. The copy gets a repository of its own.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "outputs", ".cache", "__pycache__", "*.egg-info"
)
NEW_PERIOD = "2026-12"
NEW_USERS_M = "812"


def run(copy: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run a Python module in the copy, importing the copy's own src/ first."""
    env = {
        **os.environ,
        "PYTHONPATH": str(copy / "src"),
        "GENAI_CACHE_DIR": str(copy.parent / "cache"),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=timeout
    )


def add_edition(copy: Path) -> None:
    """Append a new period's rows and its source, and put a set for it first in the plan."""
    with (copy / "data" / "sources.csv").open("a", encoding="utf-8") as sources:
        sources.write(
            "new-edition,Example Daily,Report on CNNIC's next release,2027-02-01,"
            "https://example.org/next,2027-02-02,59th Statistical Report (released 2027-01-30),news,\n"
        )
    with (copy / "data" / "figures.csv").open("a", encoding="utf-8") as figures:
        figures.write(
            f"users-{NEW_PERIOD},genai_users,,{NEW_PERIOD},,{NEW_USERS_M},1,million_people,exact,"
            "new-edition,full_text,Generative-AI users at the end of 2026\n"
            f"penetration-{NEW_PERIOD},genai_penetration,,{NEW_PERIOD},,57.9,0.1,percent,exact,"
            "new-edition,full_text,Generative-AI users as a share of the whole population\n"
        )
    plan_path = copy / "notebooks" / "renders.yaml"
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    new_set = {
        "title": "End of 2026",
        "parameters": {"period": NEW_PERIOD, "comparison_period": "2025-12"},
    }
    plan["sets"] = {"end-2026": new_set, **plan["sets"]}
    plan_path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")


def add_notebook(copy: Path) -> None:
    """Add a notebook whose parameters cell declares only `period`."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            "# 99 · Users at one date\n\nThe count of users at the period."
        ),
        nbformat.v4.new_code_cell(
            'period: str = "2025-12"  # reporting period to describe, written YYYY-MM',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            "from IPython.display import Markdown, display\n\n"
            "from helpers import analysis, report\n"
            "from helpers.formatting import format_period, format_published\n\n"
            "rep = report.start_report(period)\n"
            'users = analysis.select_published(rep.figures, "genai_users", period)\n'
            "rep.record(users)\n"
            'display(Markdown(f"Users at the end of {format_period(period)}: "\n'
            '                 f"{format_published(users.value, users.unit)}."))'
        ),
        nbformat.v4.new_code_cell("display(rep.show_sources())"),
    ]
    for index, cell in enumerate(notebook.cells):
        cell.id = f"only-period-{index}"
    nbformat.write(notebook, copy / "notebooks" / "99-only-period.ipynb")


def test_a_new_edition_and_a_new_notebook_need_no_code_or_test_edit(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT, copy, ignore=NOT_COPIED, symlinks=True)
    # The same environment: git's notebook filter runs `.venv/bin/python` from the clone's root.
    (copy / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    add_edition(copy)
    add_notebook(copy)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True, capture_output=True)
    # Git's notebook filter as `make hooks` set it up here (not make itself: a newer
    # pyproject.toml would make it reinstall the shared environment from the copy).
    settings = subprocess.run(
        ["git", "config", "--get-regexp", r"^filter\.nbstripout\."],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for line in settings:
        key, value = line.split(" ", 1)
        subprocess.run(["git", "config", key, value], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "edition"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    probe = run(copy, "-c", "import helpers; print(helpers.__file__)")
    assert probe.stdout.startswith(str(copy)), probe

    rendered = run(copy, "-m", "renderer.cli", "render", "--only", "end-2026", "--jobs", "2")
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    growth = (copy / "outputs" / "end-2026" / "02-growth.html").read_text(encoding="utf-8")
    assert f"{NEW_USERS_M}\xa0M" in growth and "December 2026" in growth
    only_period = (copy / "outputs" / "end-2026" / "99-only-period.html").read_text(
        encoding="utf-8"
    )
    assert f"Users at the end of December 2026: {NEW_USERS_M}\xa0M." in only_period
    manifest = json.loads((copy / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert "end-2026" in json.dumps(manifest)

    refreshed = run(copy, "tools/refresh_readme.py")
    assert refreshed.returncode == 0, refreshed.stderr
    assert f"**{NEW_USERS_M}\xa0M**" in (copy / "README.md").read_text(encoding="utf-8")
    quick = run(
        copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow and not browser"
    )
    assert quick.returncode == 0, quick.stdout[-3000:]
