"""The worker processes: each runs renders (papermill, then nbconvert) and is stopped with its kernels."""

from __future__ import annotations

import contextlib
import errno
import os
import re
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
from renderer.errors import STOP_SIGNALS
from renderer.html import make_exporter, write_reports
from renderer.plan import RenderJob
from renderer.project import PROJECT

# What jupyter_client says when a kernel fails to start: worth one more try, as a kernel can die
# or stall while it starts.
START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
# What the system says when outputs/ cannot take more files: the run stops (exit 5).
DISK_FAULTS = (errno.ENOSPC, errno.EROFS, errno.EDQUOT)
# The most text a cell's printed output keeps (stdout and stderr together); the rest is cut.
STREAM_LIMIT = 100_000
# A terminal colour code, as IPython puts around the paths of a traceback.
ANSI_CODE = re.compile(r"(\x1b\[[0-9;]*m)")
# How often a worker checks that the command that started it is still alive.
PARENT_POLL_S = 0.5
# How papermill runs every notebook. Kernels talk over local sockets, not TCP ports: no port
# race between parallel renders, no unencrypted TCP (and no warning about it on every start).
# Every output is on disk once the last cell returns; a graceful shutdown costs ~0.4 s.
PAPERMILL_OPTIONS: dict[str, Any] = {
    "kernel_name": "python3",
    "progress_bar": False,
    "start_timeout": 60,
    "config": Config({"KernelManager": {"transport": "ipc"}}),
    "shutdown_kernel": "immediate",
}


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
            cell.id = "injected-parameters"  # always, instead of papermill's random id
    return notebook


def execute(
    notebook: Path, target: Path, parameters: dict[str, Any], timeout_s: int
) -> nbformat.NotebookNode:
    """Execute a notebook with papermill in the target's folder; retry a kernel that fails to start."""
    options = {**PAPERMILL_OPTIONS, "cwd": str(target.parent), "execution_timeout": timeout_s}
    try:
        return papermill.execute_notebook(str(notebook), str(target), parameters, **options)
    except RuntimeError as err:
        if not any(text in str(err) for text in START_FAILURES):
            raise
    return papermill.execute_notebook(str(notebook), str(target), parameters, **options)


def mark_failure(executed: nbformat.NotebookNode, index: int, error: str) -> None:
    """Tag the failing cell and give it an error output when the kernel could not write one."""
    cell = executed.cells[index]
    cell.metadata.setdefault("tags", []).append("render-failed")
    if not any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
        name, _, value = error.partition(": ")
        cell.setdefault("outputs", []).append(
            nbformat.v4.new_output("error", ename=name, evalue=value, traceback=[error])
        )


def describe_error(err: BaseException) -> str:
    """Return one line naming the error: the exception a cell raised, or why the kernel stopped."""
    if isinstance(err, PapermillExecutionError):
        return f"{err.ename}: {err.evalue}"
    return f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0]}"


def find_failure(executed: nbformat.NotebookNode) -> tuple[int | None, str]:
    """Return the first cell showing an error (not tagged to raise) and it, else the last started."""
    # `sys.exit(0)` stops a cell part-way yet lets the run go on; a report must run every cell.
    started = None
    for index, cell in enumerate(executed.cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors and "raises-exception" not in cell.metadata.get("tags", []):
            return index, f"{errors[0].ename}: {errors[0].evalue} (the cell stopped early)"
        if cell.metadata.get("papermill", {}).get("start_time"):
            started = index
    return started, ""


def tidy_outputs(executed: nbformat.NotebookNode, paths: list[tuple[str, str]]) -> None:
    """Scrub machine folders from outputs (never from Markdown, code or HTML); cap printed text."""
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output.text = scrub(output.text, paths)
            elif output.get("output_type") == "error":
                output.evalue = scrub(output.evalue, paths)
                output.traceback = [scrub(line, paths) for line in output.traceback]
            elif "text/plain" in output.get("data", {}):
                output.data["text/plain"] = scrub(output.data["text/plain"], paths)
        streams = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream"]
        cut = sum(len(output.text) for output in streams) - STREAM_LIMIT
        if cut > 0:
            cell.outputs = cap_streams(cell.outputs, cut)


def cap_streams(outputs: list[Any], cut: int) -> list[Any]:
    """Return a cell's outputs with its printed text cut after STREAM_LIMIT, saying how much went."""
    kept, room = [], STREAM_LIMIT
    for output in outputs:
        if output.get("output_type") == "stream":
            if room == 0:
                continue
            if len(output.text) >= room:
                note = f"{cut:,} more characters of output cut: a report keeps {STREAM_LIMIT:,} per cell"
                output.text = f"{output.text[:room]}\n[{note}]\n"
            room = max(0, room - len(output.text))
        kept.append(output)
    return kept


def scrub(text: str, pairs: list[tuple[str, str]]) -> str:
    """Return `text` with each whole folder of `pairs` replaced by its placeholder."""
    # Whole: not part of a URL or a longer name (such as '/h' in '</h2>'), colour codes aside.
    pieces = ANSI_CODE.split(text)
    for index in range(0, len(pieces), 2):  # the odd ones are the colour codes
        for folder, placeholder in pairs:
            pattern = rf"(?<![\w.~/$-]){re.escape(folder)}(?![\w.-])"
            pieces[index] = re.sub(pattern, lambda _, p=placeholder: p, pieces[index])
    return "".join(pieces)


def run_job(
    job: RenderJob, staging: Path, page: PageContext, timeout_s: int, paths: list[tuple[str, str]]
) -> RenderOutcome:
    """Worker entry point: execute one notebook into `staging` and export its reports."""
    # A bad cell or kernel fails the render; a full or read-only outputs/ stops the run (exit 5).
    started = time.perf_counter()
    staging.mkdir(parents=True, exist_ok=True)
    target = staging / job.notebook.name
    injected = {**job.parameters, PROJECT.OUTPUT_PARAMETER: "."}
    executed: nbformat.NotebookNode | None
    try:
        executed = execute(job.notebook, target, injected, timeout_s)
        index, error = find_failure(executed)
    except Exception as err:  # a cell's error, a kernel that died, hung or would not start
        if isinstance(err, OSError) and err.errno in DISK_FAULTS:
            raise  # papermill writing the notebook (a cell's own error is papermill's)
        error = describe_error(err)
        executed = nbformat.read(target, as_version=4) if target.exists() else None
        # Before normalize() drops the cells' start times.
        index = find_failure(executed)[0] if executed is not None else None
    if executed is not None:
        tidy_outputs(normalize(executed, injected), paths)
    if executed is not None and not error:
        write_atomic(target, nbformat.writes(executed))
        tables = sorted(p.relative_to(staging).as_posix() for p in staging.glob("tables/*.csv"))
        write_reports(staging, executed, page.for_notebook(job.notebook.stem, tables))
        files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        return RenderOutcome(job.render_id, "ok", time.perf_counter() - started, files)
    failed, cell, error = staging / f"{job.notebook.stem}{FAILED_SUFFIX}", None, scrub(error, paths)
    if executed is not None:
        if index is not None:
            mark_failure(executed, index, error)
            ids = [c.get("id") for c in nbformat.read(job.notebook, as_version=4).cells]
            cell_id = executed.cells[index].get("id")
            cell = ids.index(cell_id) if cell_id in ids else None  # its number as written
        write_atomic(failed, nbformat.writes(executed))
        target.unlink(missing_ok=True)
    files = [failed.name] if failed.exists() else []
    return RenderOutcome(job.render_id, "failed", time.perf_counter() - started, files, error, cell)


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
    # Forked while the command held stop signals back (engine.start_pool): let them in now.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    make_exporter(with_code=False)
    make_exporter(with_code=True)
