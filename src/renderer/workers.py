"""The worker processes: each in its own process group, warmed up once, stopped with its kernels."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from renderer.plan import RenderJob

if TYPE_CHECKING:  # the worker module imports papermill; the no-change path must not pay for it
    from renderer.context import PageContext
    from renderer.execute import RenderOutcome

# How often a worker checks that the command that started it is still alive.
PARENT_POLL_S = 0.5
# GENAI_KERNELS=plain starts every kernel the usual way, without the fork server: `make bench`
# times both, side by side, to show what the fork server saves.
KERNELS_VARIABLE = "GENAI_KERNELS"
# Its values: forked from the worker's fork server (the default), or started the usual way.
KERNEL_MODES = ("fork", "plain")


def stop_worker_group(*_: object) -> None:
    """Kill this worker and every kernel it started: they share the worker's process group."""
    # No import here: a signal can arrive mid-import, and a handler that imports can fail there.
    kernels = sys.modules.get("renderer.kernels")
    try:
        if kernels is not None:
            kernels.stop_fork_server()  # and reap it, so it is gone when the worker is
    finally:
        os.killpg(os.getpgrp(), signal.SIGKILL)


def watch_parent(parent_pid: int) -> None:
    """Stop this worker and its kernels when the command that started it dies, even by SIGKILL."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    stop_worker_group()


def start_worker() -> None:
    """Prepare a worker: its own process group, stopped on SIGTERM or parent death; import once."""
    # Ctrl-C reaches the command alone, which then stops each worker's group as a whole.
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop_worker_group)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    from renderer.html import make_exporter
    from renderer.kernels import start_fork_server

    if os.environ.get(KERNELS_VARIABLE) != "plain":
        start_fork_server()  # its imports run alongside ours
    make_exporter(with_code=False)  # pay the imports and template loading once per worker
    make_exporter(with_code=True)


def run_job(job: RenderJob, staging: Path, context: PageContext, timeout_s: float) -> RenderOutcome:
    """Worker entry point: render one job into its own staging folder."""
    from renderer.execute import run_render

    return run_render(job.render_id, job.notebook, job.parameters, staging, context, timeout_s)


def warm_up() -> None:
    """A no-op task: submitting it makes the pool spawn a worker, which imports as it starts."""


def start_pool(pending: int, jobs: int) -> ProcessPoolExecutor:
    """Start the workers now, so their imports overlap with checking the inputs."""
    workers = max(1, min(jobs, pending))
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker
    )
    for _ in range(workers):
        pool.submit(warm_up)
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers at once, kernels included (they share each worker's process group)."""
    # Taken before shutdown(), which forgets them; no public API lists a pool's workers.
    workers = list((pool._processes or {}).values())
    for process in workers:
        process.terminate()  # the worker's SIGTERM handler kills its process group
    for process in workers:
        process.join(timeout=15)
    # The workers are gone, so this returns at once; it drops the pool's queues and semaphores.
    pool.shutdown(wait=True, cancel_futures=True)
    stop_resource_tracker()


def stop_resource_tracker() -> None:
    """Stop multiprocessing's resource tracker and wait for it, so it does not outlive the command."""
    # Left alone, the tracker exits only once it reads end-of-file after the command has exited:
    # a moment later, but still a process left in the command's group. _stop() is private (used
    # by CPython's own tests, present since 3.8): it closes the tracker's pipe and reaps it.
    from multiprocessing import resource_tracker

    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
