"""Plan, skip what is up to date, run the rest in parallel workers, publish atomically."""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.files import hash_file, move_atomic
from helpers.paths import DATA_DIR
from helpers.render import context as ctx
from helpers.render.index import write_index
from helpers.render.manifest import read_manifest, write_manifest
from helpers.render.plan import ParameterSet, RenderJob, check_parameters, read_plan, select_sets
from helpers.render.reexport import reexport
from helpers.render.workers import run_job, start_pool, stop_pool

if TYPE_CHECKING:  # the worker module imports papermill; the no-change path must not pay for it
    from helpers.render.execute import RenderOutcome

# Where workers build a render before it is moved into place: one folder per render directly
# under outputs/, at the depth of the set folder it is published to, so a relative data_dir
# means the same folder while the kernel runs and in the published notebook.
STAGING_PREFIX = ".staging-"


@dataclass(frozen=True)
class RenderSettings:
    """Where to read and write, and how to run."""

    outputs_dir: Path
    plan_path: Path
    notebooks_dir: Path
    data_dir: Path
    jobs: int = os.cpu_count() or 1
    force: bool = False
    only: tuple[str, ...] = ()
    timeout_s: float = 600.0


def plan_jobs(
    settings: RenderSettings,
) -> tuple[list[ParameterSet], list[ParameterSet], list[RenderJob]]:
    """Return every set of the plan, the sets selected by --only, and their jobs (reads YAML only)."""
    every_set = read_plan(settings.plan_path, settings.notebooks_dir)
    sets = select_sets(every_set, list(settings.only) or None)
    jobs = [
        RenderJob(s.name, nb, {**s.parameters, **inject_data_dir(settings, s.name)})
        for s in sets
        for nb in s.notebooks
    ]
    return every_set, sets, jobs


def inject_data_dir(settings: RenderSettings, set_name: str) -> dict[str, str]:
    """Return the data_dir parameter of a set's renders: none for data/, else a relative path.

    Relative to the set's folder under outputs/ (where the kernel's staging folder sits too), so
    no report or notebook shows an absolute path of the machine that made it.
    """
    if settings.data_dir == DATA_DIR:
        return {}
    return {"data_dir": os.path.relpath(settings.data_dir, settings.outputs_dir / set_name)}


def check_inputs(settings: RenderSettings, sets: list[ParameterSet]) -> tuple[Any, Any]:
    """Validate data/ and every set's parameters before any kernel starts; return the tables."""
    import papermill

    from helpers.loading import load_tables

    figures, sources = load_tables(settings.data_dir)
    periods = sorted(figures["period"].unique())
    declared = {nb: papermill.inspect_notebook(str(nb)) for s in sets for nb in s.notebooks}
    for parameter_set in sets:
        check_parameters(parameter_set, declared, periods)
    return figures, sources


@contextmanager
def hold_lock(outputs_dir: Path, announce: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on outputs/ itself; wait (saying so) while another render holds it."""
    # Locking the folder, not a file in it, leaves outputs/ untouched when a run stops early.
    outputs_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(outputs_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            announce(f"another render is writing to {outputs_dir}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def is_up_to_date(entry: dict[str, Any] | None, key: str, set_dir: Path) -> bool:
    """Return whether a render's last good result has this key and all its files still exist."""
    if not entry or entry.get("status") != "ok" or entry.get("key") != key:
        return False
    return all((set_dir / name).is_file() for name in entry.get("files", []))


def publish(outcome: RenderOutcome, staging: Path, set_dir: Path, notebook: str) -> None:
    """Move a finished render's files into outputs/<set>/, one atomic rename per file."""
    for name in outcome.files:
        move_atomic(staging / name, set_dir / name)
    if outcome.status == "ok":
        (set_dir / f"{notebook}.failed.ipynb").unlink(missing_ok=True)


def build_context(settings: RenderSettings, figures: Any, sources: Any) -> dict[str, Any]:
    """Return what every report's footer says about the inputs."""
    return {
        "git_commit": ctx.read_git_commit(),
        "data_files": [
            {"name": p.name, "sha256": hash_file(p)} for p in ctx.list_data_files(settings.data_dir)
        ],
        "data_period": max(figures["period"]),
        # Every source may lack a date (each then carries a reliability note instead).
        "data_published": max((d for d in sources["published"] if d), default="not published"),
        "sources": sources.to_dict("records"),
    }


def render_all(
    settings: RenderSettings,
    announce: Callable[[str], None] = print,
    progress: Callable[[int], Any] | None = None,
) -> list[dict[str, Any]]:
    """Render every planned job that is not up to date; return one summary row per job."""
    every_set, sets, jobs = plan_jobs(settings)
    # Hashed once per run: every render reads the same data, helpers and pins.
    shared_inputs = ctx.hash_shared_inputs(settings.data_dir)
    keys = {
        job.render_id: ctx.compute_render_key(job.notebook, job.parameters, shared_inputs)
        for job in jobs
    }
    titles = {s.name: s.title for s in every_set}
    index_key = ctx.compute_index_key(every_set, shared_inputs)
    with hold_lock(settings.outputs_dir, announce):
        manifest = read_manifest(settings.outputs_dir)
        # A set removed from the plan leaves the manifest (its folder stays until a clean).
        manifest["renders"] = {
            render_id: entry
            for render_id, entry in manifest["renders"].items()
            if entry.get("set") in titles
        }
        renders: dict[str, Any] = manifest["renders"]
        rows: dict[str, dict[str, Any]] = {}
        pending, retitled = [], []
        for job in jobs:
            entry = renders.get(job.render_id)
            set_dir = settings.outputs_dir / job.set_name
            if settings.force or not is_up_to_date(entry, keys[job.render_id], set_dir):
                pending.append(job)
                continue
            assert entry is not None
            rows[job.render_id] = {**entry, "skipped": True}
            if entry.get("set_title") != titles[job.set_name]:
                retitled.append(job)  # only the words about the set changed: re-export
        index_current = (
            manifest.get("index_key") == index_key
            and (settings.outputs_dir / "index.html").is_file()
        )
        if not pending and not retitled and index_current:
            return [rows[job.render_id] for job in jobs]  # nothing to do: no data load, no kernel
        # Longest renders first, by their last duration, so no worker is left with a long tail.
        pending.sort(key=lambda job: -float(renders.get(job.render_id, {}).get("duration_s", 0)))
        pool = start_pool(len(pending), settings.jobs) if pending else None
        try:
            figures, sources = check_inputs(settings, sets)
            base_context = build_context(settings, figures, sources)
            reexport_all(retitled, renders, rows, settings, base_context, titles)
            run_and_publish(
                pool, pending, keys, manifest, rows, settings, base_context, titles, progress
            )
        finally:
            if pool is not None:
                stop_pool(pool)
        manifest["index_key"] = index_key
        write_manifest(settings.outputs_dir, manifest, base_context)
        write_index(settings.outputs_dir, every_set, renders, figures, sources, base_context)
    return [rows[job.render_id] for job in jobs]


def page_context(
    job: RenderJob, base_context: dict[str, Any], titles: dict[str, str]
) -> dict[str, Any]:
    """Return what a render's reports say about its set and inputs."""
    return {
        **base_context,
        "set_name": job.set_name,
        "set_title": titles[job.set_name],
        "parameters": job.parameters,
    }


def reexport_all(
    jobs: list[RenderJob],
    renders: dict[str, Any],
    rows: dict[str, dict[str, Any]],
    settings: RenderSettings,
    base_context: dict[str, Any],
    titles: dict[str, str],
) -> None:
    """Write the reports of up-to-date renders again with their set's new title."""
    for job in jobs:
        entry = renders[job.render_id]
        set_dir = settings.outputs_dir / job.set_name
        reexport(
            set_dir, job.notebook.stem, entry["files"], page_context(job, base_context, titles)
        )
        entry["set_title"] = titles[job.set_name]
        rows[job.render_id] = {**entry, "skipped": True, "reexported": True}


def run_and_publish(
    pool: ProcessPoolExecutor | None,
    pending: list[RenderJob],
    keys: dict[str, str],
    manifest: dict[str, Any],
    rows: dict[str, dict[str, Any]],
    settings: RenderSettings,
    base_context: dict[str, Any],
    titles: dict[str, str],
    progress: Callable[[int], Any] | None,
) -> None:
    """Run the pending renders on the pool and publish each one, updating the manifest as it lands."""
    renders: dict[str, Any] = manifest["renders"]
    bar = progress(len(pending)) if progress and pending else None
    clear_staging(settings.outputs_dir)  # leftovers of a killed render; safe while we hold the lock
    run = uuid.uuid4().hex[:12]
    staging = {
        job.render_id: settings.outputs_dir / f"{STAGING_PREFIX}{run}-{number}"
        for number, job in enumerate(pending)
    }
    try:
        for job, outcome in run_pending(pool, pending, staging, base_context, titles, settings):
            set_dir = settings.outputs_dir / job.set_name
            publish(outcome, staging[job.render_id], set_dir, job.notebook.stem)
            entry = {
                "set": job.set_name,
                "notebook": job.notebook.stem,
                "set_title": titles[job.set_name],
                "parameters": job.parameters,
                "key": keys[job.render_id],
                "notebook_sha256": hash_file(job.notebook),
                "data_files": {f["name"]: f["sha256"] for f in base_context["data_files"]},
                **asdict(outcome),
            }
            renders[job.render_id] = entry
            rows[job.render_id] = {**entry, "skipped": False}
            write_manifest(settings.outputs_dir, manifest, base_context)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        clear_staging(settings.outputs_dir)


def clear_staging(outputs_dir: Path) -> None:
    """Remove every staging folder (and the single .staging/ folder of earlier versions)."""
    for folder in outputs_dir.glob(".staging*"):
        shutil.rmtree(folder, ignore_errors=True)


def run_pending(
    pool: ProcessPoolExecutor | None,
    pending: list[RenderJob],
    staging: dict[str, Path],
    base_context: dict[str, Any],
    titles: dict[str, str],
    settings: RenderSettings,
) -> Iterator[tuple[RenderJob, RenderOutcome]]:
    """Yield each pending render's outcome as the workers finish them."""
    if pool is None:
        return
    futures: dict[Future[RenderOutcome], RenderJob] = {}
    for job in pending:
        page = page_context(job, base_context, titles)
        futures[pool.submit(run_job, job, staging[job.render_id], page, settings.timeout_s)] = job
    for future in as_completed(futures):
        yield futures[future], future.result()


def exit_code(rows: list[dict[str, Any]]) -> int:
    """Return 0 when every render is good, 1 otherwise."""
    return 0 if all(row["status"] == "ok" for row in rows) else 1
