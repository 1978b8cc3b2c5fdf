"""The worker processes: each runs renders (papermill, then nbconvert) and is stopped with its kernels."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
import psutil
from papermill.exceptions import PapermillExecutionError
from traitlets.config import Config

from helpers.files import write_atomic
from renderer.context import FAILED_SUFFIX, PageContext
from renderer.html import make_exporter, write_reports
from renderer.plan import RenderJob
from renderer.project import PROJECT

# The id the injected parameters cell always gets, instead of papermill's random one.
INJECTED_CELL_ID = "injected-parameters"
# Kernel start failures worth one more try: a kernel can die or stall while it starts.
START_RETRIES = 2
# What jupyter_client says when a kernel fails to start.
START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
# How often a worker checks that the command that started it is still alive.
PARENT_POLL_S = 0.5
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
    injected = {**parameters, PROJECT.OUTPUT_PARAMETER: "."}
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
    write_reports(staging, executed, context.for_notebook(notebook.stem, tables))
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    return RenderOutcome(render_id, "ok", time.perf_counter() - started, files)


def stop_worker(*_: object) -> None:
    """Kill this worker's kernels (every process it started), then the worker itself."""
    # Kernels lead sessions of their own, so no process group holds them; psutil lists them.
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child.kill()
    os._exit(1)


def watch_parent(parent_pid: int) -> None:
    """Stop this worker and its kernels when the command that started it dies, even by SIGKILL."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    stop_worker()


def start_worker() -> None:
    """Prepare a worker: a session of its own, stopped with its kernels; export imports paid once."""
    # Ctrl-C reaches the command alone, which then stops each worker, and each worker its kernels.
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop_worker)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    make_exporter(with_code=False)
    make_exporter(with_code=True)


def run_job(job: RenderJob, staging: Path, context: PageContext, timeout_s: float) -> RenderOutcome:
    """Worker entry point: render one job into its own staging folder."""
    return run_render(job.render_id, job.notebook, job.parameters, staging, context, timeout_s)
