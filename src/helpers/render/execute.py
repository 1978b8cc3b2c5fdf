"""Run one render in a worker process: execute with papermill, normalize, export to HTML."""

from __future__ import annotations

import sys

# jsonschema imports this optional URI checker at start-up (about 2 s) and nothing here needs it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import nbformat  # noqa: E402
import papermill  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402
from traitlets.config import Config  # noqa: E402

from helpers.render.files import write_atomic  # noqa: E402
from helpers.render.html import render_report  # noqa: E402

# The id the injected parameters cell always gets, instead of papermill's random one.
INJECTED_CELL_ID = "injected-parameters"
# Kernel start failures worth one more try: a kernel can die or stall while it starts.
START_RETRIES = 2
# What jupyter_client says when a kernel fails to start.
START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
# Kernels talk over local sockets, not TCP ports: no port race between parallel renders, no
# unencrypted TCP (and no warning about it on every start).
KERNEL_CONFIG = Config({"KernelManager": {"transport": "ipc"}})


@dataclass
class RenderOutcome:
    """What a worker reports back about one render."""

    render_id: str
    status: str
    duration_s: float
    files: list[str] = field(default_factory=list)
    error: str = ""
    failed_cell: int | None = None


def normalize(notebook: nbformat.NotebookNode, parameters: dict[str, Any]) -> nbformat.NotebookNode:
    """Drop timings, paths and random ids so the same inputs give the same executed notebook."""
    notebook.metadata["papermill"] = {"parameters": parameters}
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = INJECTED_CELL_ID
    return notebook


def execute(notebook: Path, target: Path, parameters: dict[str, Any], timeout_s: float) -> nbformat.NotebookNode:
    """Execute a notebook with papermill in the target's folder; retry a kernel that fails to start."""
    for attempt in range(START_RETRIES):
        try:
            return papermill.execute_notebook(
                str(notebook),
                str(target),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(target.parent),
                execution_timeout=timeout_s,
                start_timeout=60,
                config=KERNEL_CONFIG,
            )
        except RuntimeError as err:
            if not any(text in str(err) for text in START_FAILURES) or attempt == START_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def find_failed_cell(executed: nbformat.NotebookNode, source: Path) -> int | None:
    """Return the index, in the notebook as written, of the first cell with an error output."""
    for cell in executed.cells:
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            written = nbformat.read(source, as_version=4)
            ids = [written_cell.get("id") for written_cell in written.cells]
            return ids.index(cell.get("id")) if cell.get("id") in ids else None
    return None


def run_render(render_id: str, notebook: Path, parameters: dict[str, Any], staging: Path,
               context: dict[str, Any], timeout_s: float) -> RenderOutcome:  # fmt: skip
    """Execute one notebook into `staging` and export its reports; never raises for a bad cell."""
    started = time.perf_counter()
    staging.mkdir(parents=True, exist_ok=True)
    target = staging / notebook.name
    injected = {**parameters, "output_dir": "."}
    try:
        executed = execute(notebook, target, injected, timeout_s)
    except Exception as err:  # noqa: BLE001 - every failure is reported, not raised
        failed = staging / f"{notebook.stem}.failed.ipynb"
        cell = None
        if target.exists():
            partial = normalize(nbformat.read(target, as_version=4), injected)
            cell = find_failed_cell(partial, notebook)
            write_atomic(failed, nbformat.writes(partial))
            target.unlink()
        message = f"{type(err).__name__}: {getattr(err, 'evalue', None) or str(err).strip().splitlines()[-1]}"
        if isinstance(err, PapermillExecutionError):
            message = f"{err.ename}: {err.evalue}"
        return RenderOutcome(render_id, "failed", time.perf_counter() - started,
                             [failed.name] if failed.exists() else [], message, cell)  # fmt: skip
    executed = normalize(executed, injected)
    write_atomic(target, nbformat.writes(executed))
    tables = sorted(p.relative_to(staging).as_posix() for p in staging.glob("tables/*.csv"))
    page_context = {**context, "notebook": notebook.stem, "tables": tables}
    for suffix, with_code in ((".html", False), (".code.html", True)):
        write_atomic(staging / f"{notebook.stem}{suffix}", render_report(executed, page_context, with_code=with_code))
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    return RenderOutcome(render_id, "ok", time.perf_counter() - started, files)
