"""What every report and outputs/manifest.json record about how a render was made, and the keys."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.files import hash_files, write_atomic
from renderer.project import PROJECT, Dateline


def read_made_on() -> str:
    """Return the date the pages are made (UTC), or SOURCE_DATE_EPOCH's date for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()


def describe_environment() -> dict[str, Any]:
    """Return the Python version and the versions of the packages the project records."""
    versions = {}
    for name in PROJECT.RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"python": platform.python_version(), "packages": versions}


@dataclass(frozen=True)
class RunFacts:
    """What every report's footer and the manifest say about one run's inputs."""

    git_commit: str
    # Each data file the notebooks read, by name, with the SHA-256 of its bytes.
    data_files: tuple[tuple[str, str], ...]
    data_period: str
    data_published: str
    export_key: str
    # What every page links to and says about reuse (html.describe_page), and how it was made.
    made_on: str = field(default_factory=read_made_on)
    base_url: str = ""
    outline: tuple[Any, ...] = ()
    environment: dict[str, Any] = field(default_factory=describe_environment)


@dataclass(frozen=True)
class PageContext:
    """What one report says about how it was made: the run's facts, its set, its notebook's files."""

    run: RunFacts
    set_name: str
    set_title: str
    parameters: dict[str, Any]
    # The dates its figures describe and how recent their sources are, in the seam's words;
    # None for none.
    as_of: Dateline | None = None
    notebook: str = ""
    tables: tuple[str, ...] = ()

    def for_notebook(self, notebook: str, tables: list[str]) -> PageContext:
        """Return this context for one notebook and the chart-data files it wrote."""
        return replace(self, notebook=notebook, tables=tuple(tables))

    def as_template(self) -> dict[str, Any]:
        """Return the names the page template reads: the run's facts and this page's own."""
        return {**vars(self.run), **{k: v for k, v in vars(self).items() if k != "run"}}


# What a failed render keeps of its notebook, beside the report it leaves in place.
FAILED_SUFFIX = ".failed.ipynb"
# The renderer's own code and page templates: what the reports look like, not what they say.
RENDERER_DIR = Path(__file__).resolve().parent


def read_git_commit() -> str:
    """Return the checked-out commit, marked '-dirty' when tracked files have changed."""
    # The full hash, never a tag's name; '-dirty' as `git status` would list a tracked change.
    command = ["git", "describe", "--always", "--dirty", "--abbrev=40", "--exclude=*"]
    try:
        described = subprocess.run(
            command, cwd=PROJECT.PROJECT_ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return described.stdout.strip()


def hash_export_inputs(outline: tuple[Any, ...], base_url: str) -> str:
    """Return the export key: the renderer's code and templates, the sets and reports, the base URL."""
    # Apart from the execution key: a change to the CLI or the CSS re-exports, re-running no kernel.
    files = [p for p in RENDERER_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return hash_files(sorted(files), [RENDERER_DIR], (repr(outline), base_url))


def compute_render_key(notebook: Path, parameters: dict[str, Any], shared_inputs: str) -> str:
    """Return the cache key of a render: its notebook and parameters, and the shared inputs."""
    return hash_files(
        [notebook], [notebook.parent], (json.dumps(parameters, sort_keys=True), shared_inputs)
    )


def compute_index_key(sets: list[Any], render_keys: dict[str, str], *inputs: str) -> str:
    """Return the key of index.html: every set as planned, its renders' keys, and the shared inputs."""
    plan = [[s.name, s.title, s.parameters, [nb.stem for nb in s.notebooks]] for s in sets]
    return hash_files([], [], (json.dumps([plan, render_keys], sort_keys=True), *inputs))


# Where the record of every render lives in outputs/.
MANIFEST_NAME = "manifest.json"


def load_manifest(outputs_dir: Path) -> dict[str, Any] | None:
    """Return the folder's manifest as written by a render, or None when it has no such manifest."""
    try:
        manifest = json.loads((outputs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    shaped = isinstance(manifest, dict) and isinstance(manifest.get("renders"), dict)
    return manifest if shaped else None


def read_manifest(outputs_dir: Path) -> dict[str, Any]:
    """Return the manifest of earlier renders: entries of the expected shape, every file written."""
    # A missing, unreadable or hand-edited manifest costs re-running renders, never a crash.
    manifest = load_manifest(outputs_dir) or {"renders": {}}
    kept = {key: entry for key, entry in manifest["renders"].items() if is_valid_entry(entry)}
    written = manifest.get("written")
    names = {n for n in written if isinstance(n, str)} if isinstance(written, list) else set()
    names |= {f"{entry['set']}/{name}" for entry in kept.values() for name in entry["files"]}
    return {**manifest, "renders": kept, "written": sorted(names)}


def is_valid_entry(entry: Any) -> bool:
    """Return whether a manifest entry has the fields the renderer reads, with their types."""
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), list):
        return False
    seconds = entry.get("duration_s")
    texts = [*(entry.get(name) for name in ("set", "notebook", "status", "key")), *entry["files"]]
    number = isinstance(seconds, int | float) and not isinstance(seconds, bool)
    return number and all(isinstance(text, str) for text in texts)


def write_manifest(outputs_dir: Path, manifest: dict[str, Any], run: RunFacts) -> None:
    """Write the manifest atomically, so it is always valid JSON."""
    manifest["git_commit"] = run.git_commit
    manifest["environment"] = run.environment
    write_atomic(outputs_dir / MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
