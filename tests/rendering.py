"""Helpers for the render tests: run the command, snapshot a folder, parse HTML."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bs4 import BeautifulSoup

from renderer.cli import main

# Elements whose src/href the browser loads on its own; none may point at another host.
LOADED = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def render(tmp_outputs: Path, *args: str) -> int:
    """Run `genai-report render` into a temporary outputs folder; return its exit code.

    One worker unless the test asks for more: the test processes already keep every core busy,
    so a second worker would only add its own imports. The tests of parallel renders pass --jobs.
    """
    jobs = () if "--jobs" in args else ("--jobs", "1")
    return main(["render", "--outputs", str(tmp_outputs), *jobs, *args])


def assert_up_to_date(outputs: Path, *args: str) -> None:
    """Render again with worker processes refused: this passes only if every render is skipped.

    A copied render must be up to date (its keys name files relative to their folders); this
    makes sure of it before a test relies on it, at the cost of hashing, without a kernel.
    """
    from renderer import engine

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"{outputs}: a render was not up to date, and a worker was started")

    started = engine.ProcessPoolExecutor
    engine.ProcessPoolExecutor = refuse  # type: ignore[assignment, misc]
    try:
        assert render(outputs, *args) == 0
    finally:
        engine.ProcessPoolExecutor = started  # type: ignore[misc]


def write_code_notebook(path: Path, source: str) -> Path:
    """Write a notebook of one code cell, with the python3 kernel spec a render needs."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under a folder with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def parse(path: Path) -> BeautifulSoup:
    """Return a page parsed as the renderer parses it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
