"""What every report and the manifest record about how a render was made."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.files import hash_file, hash_tree
from helpers.paths import HELPERS_DIR, LOCK_FILE, PROJECT_ROOT

# The packages whose versions the manifest lists: the project's direct dependencies.
RECORDED_PACKAGES = (
    "pandas",
    "pandera",
    "matplotlib",
    "seaborn",
    "nbformat",
    "nbclient",
    "nbconvert",
    "papermill",
    "ipykernel",
    "jupyterlab",
)


def read_git_commit() -> str:
    """Return the checked-out commit, marked '-dirty' when tracked files have changed."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit}-dirty" if dirty else commit


def list_data_files(data_dir: Path) -> list[Path]:
    """Return the data files every notebook reads."""
    return sorted(data_dir.glob("*.csv"))


def describe_environment() -> dict[str, Any]:
    """Return the Python version and the versions of the recorded packages."""
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"python": platform.python_version(), "packages": versions}


def hash_shared_inputs(data_dir: Path) -> str:
    """Return one hash of what every render reads: the data, the helpers' source and the pins."""
    helpers_files = [
        p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    parts = [
        hash_tree(list_data_files(data_dir), data_dir),
        hash_tree(helpers_files, HELPERS_DIR),
        hash_file(LOCK_FILE) if LOCK_FILE.exists() else "no-lock",
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def compute_render_key(notebook: Path, parameters: dict[str, Any], shared_inputs: str) -> str:
    """Return the cache key of a render: its notebook and parameters, and the shared inputs."""
    parts = [hash_file(notebook), json.dumps(parameters, sort_keys=True), shared_inputs]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def compute_index_key(sets: list[Any], shared_inputs: str) -> str:
    """Return the key of index.html: every set's name, title, parameters and notebooks, and the data."""
    plan = [[s.name, s.title, s.parameters, [nb.stem for nb in s.notebooks]] for s in sets]
    return hashlib.sha256((json.dumps(plan, sort_keys=True) + shared_inputs).encode()).hexdigest()
