"""Run one render in a worker process: execute with papermill, normalize, export to HTML."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError
from traitlets.config import Config

from renderer.context import PageContext
from renderer.files import FAILED_SUFFIX, write_atomic
from renderer.html import render_report
from renderer.kernels import ForkedKernelManager

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


def execute(
    notebook: Path, target: Path, parameters: dict[str, Any], timeout_s: float
) -> nbformat.NotebookNode:
    """Execute a notebook with papermill in the target's folder; retry a kernel that fails to start."""
    for attempt in range(START_RETRIES):
        # A kernel forked from the worker's fork server first; a plain launch if that fails.
        manager = ForkedKernelManager if attempt == 0 else AsyncKernelManager
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
                kernel_manager_class=manager,
                # Every output is on disk once the last cell returns; a graceful stop costs ~0.4 s.
                shutdown_kernel="immediate",
            )
        except RuntimeError as err:
            if not any(text in str(err) for text in START_FAILURES) or attempt == START_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def locate_failure(executed: nbformat.NotebookNode) -> int | None:
    """Return the executed notebook's index of the cell that raised, or else the last one started."""
    started = None
    for index, cell in enumerate(executed.cells):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return index
        if cell.metadata.get("papermill", {}).get("start_time"):
            started = index  # a hung or killed cell has started but recorded no error
    return started


def mark_failure(executed: nbformat.NotebookNode, index: int, error: str) -> None:
    """Tag the failing cell and give it an error output when the kernel could not write one."""
    cell = executed.cells[index]
    cell.metadata.setdefault("tags", []).append("render-failed")
    if not any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
        name, _, value = error.partition(": ")
        cell.setdefault("outputs", []).append(
            nbformat.v4.new_output("error", ename=name, evalue=value, traceback=[error])
        )


def find_written_index(cell_id: str, source: Path) -> int | None:
    """Return a cell's index in the notebook as written, by its id."""
    ids = [cell.get("id") for cell in nbformat.read(source, as_version=4).cells]
    return ids.index(cell_id) if cell_id in ids else None


def describe_error(err: BaseException) -> str:
    """Return one line naming the error: the exception a cell raised, or why the kernel stopped."""
    if isinstance(err, PapermillExecutionError):
        return f"{err.ename}: {err.evalue}"
    lines = [line for line in str(err).strip().splitlines() if line.strip()]
    return f"{type(err).__name__}: {lines[0] if lines else ''}"


def run_render(
    render_id: str,
    notebook: Path,
    parameters: dict[str, Any],
    staging: Path,
    context: PageContext,
    timeout_s: float,
) -> RenderOutcome:
    """Execute one notebook into `staging` and export its reports; never raises for a bad cell."""
    started = time.perf_counter()
    staging.mkdir(parents=True, exist_ok=True)
    target = staging / notebook.name
    injected = {**parameters, "output_dir": "."}
    try:
        executed = execute(notebook, target, injected, timeout_s)
    except Exception as err:
        failed = staging / f"{notebook.stem}{FAILED_SUFFIX}"
        error, cell = describe_error(err), None
        if target.exists():
            partial = nbformat.read(target, as_version=4)
            index = locate_failure(partial)
            if index is not None:
                mark_failure(partial, index, error)
                cell = find_written_index(partial.cells[index].get("id"), notebook)
            write_atomic(failed, nbformat.writes(normalize(partial, injected)))
            target.unlink()
        files = [failed.name] if failed.exists() else []
        return RenderOutcome(render_id, "failed", time.perf_counter() - started, files, error, cell)
    executed = normalize(executed, injected)
    write_atomic(target, nbformat.writes(executed))
    tables = sorted(p.relative_to(staging).as_posix() for p in staging.glob("tables/*.csv"))
    page_context = context.for_notebook(notebook.stem, tables)
    for suffix, with_code in ((".html", False), (".code.html", True)):
        write_atomic(
            staging / f"{notebook.stem}{suffix}",
            render_report(executed, page_context, with_code=with_code),
        )
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    return RenderOutcome(render_id, "ok", time.perf_counter() - started, files)
