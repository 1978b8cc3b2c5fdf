"""Plan, skip what is up to date, run the rest in parallel workers, publish atomically."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import filecmp
import multiprocessing
import os
import shutil
import signal
import sys
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.files import hash_file
from renderer import context as ctx
from renderer import plan
from renderer.errors import (
    STOP_SIGNALS,
    ForeignFolderError,
    InputError,
    OutputError,
    check_stopped,
    raise_stops,
)
from renderer.plan import ParameterSet, RenderJob, read_plan, select_sets
from renderer.project import PROJECT, Inputs

if TYPE_CHECKING:  # the worker module imports nbconvert; the no-change path must not pay for it
    from renderer.execute import RenderOutcome

# Where workers build a render before it is moved into place: one folder per render directly
# under outputs/, at the depth of the set folder it is published to, so a relative data_dir
# means the same folder while the kernel runs and in the published notebook.
STAGING_PREFIX = ".staging-"


# Renders at a time unless --jobs says otherwise: one per core.
DEFAULT_JOBS = os.cpu_count() or 1


@dataclass(frozen=True)
class RenderSettings:
    """Where to read and write, and how to run."""

    outputs_dir: Path
    plan_path: Path
    notebooks_dir: Path
    data_dir: Path
    jobs: int = DEFAULT_JOBS
    force: bool = False
    only: tuple[str, ...] = ()
    timeout_s: int = 600
    # Where the reports will be published (checked by cli.web_address); "" when unknown.
    base_url: str = ""


def plan_jobs(
    settings: RenderSettings,
) -> tuple[list[ParameterSet], list[ParameterSet], list[RenderJob]]:
    """Return every set of the plan, the sets selected by --only, and their jobs (reads YAML only)."""
    every_set = read_plan(settings.plan_path, settings.notebooks_dir)
    sets = select_sets(every_set, list(settings.only) or None)
    return every_set, sets, make_jobs(settings, sets)


def make_jobs(settings: RenderSettings, sets: list[ParameterSet]) -> list[RenderJob]:
    """Return the renders of these sets: each notebook with the parameters it declares."""
    jobs = []
    for s in sets:
        # The data folder unless it is data/, relative to the set's folder (where staging sits
        # too): no page shows this machine's paths.
        folder = os.path.relpath(settings.data_dir, settings.outputs_dir / s.name)
        data = {} if settings.data_dir == PROJECT.DATA_DIR else {PROJECT.DATA_PARAMETER: folder}
        jobs += [RenderJob(s.name, nb, {**s.select_declared(nb), **data}) for nb in s.notebooks]
    return jobs


def check_inputs(settings: RenderSettings, sets: list[ParameterSet]) -> Inputs:
    """Validate the data and every set's parameters before any kernel starts; return the inputs."""
    try:
        inputs = PROJECT.read_inputs(settings.data_dir)
    except PROJECT.INPUT_ERRORS as err:
        raise InputError(str(err)) from None
    for parameter_set in sets:
        plan.check_parameters(parameter_set, inputs.periods)
    return inputs


@contextmanager
def hold_lock(outputs_dir: Path, announce: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on outputs/ itself; wait (saying so) while another render holds it."""
    # Locking the folder, not a file in it, leaves outputs/ untouched when a run stops early.
    try:
        outputs_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(outputs_dir, os.O_RDONLY)
    except OSError as err:
        raise OutputError(
            f"{outputs_dir}: cannot create or open the outputs folder: {err.strerror}"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            announce(f"another render is writing to {outputs_dir}; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def check_outputs_folder(outputs_dir: Path) -> None:
    """Raise ForeignFolderError unless outputs/ is the project's, has a render's manifest or is empty."""
    if outputs_dir == PROJECT.OUTPUTS_DIR or ctx.load_manifest(outputs_dir) is not None:
        return
    others = sorted(p.name for p in outputs_dir.iterdir() if p.name != "README.md")
    if others:
        raise ForeignFolderError(
            f"{outputs_dir}: not a folder of rendered reports (no {ctx.MANIFEST_NAME} of a "
            f"render) and not empty (it holds {', '.join(others[:3])}"
            f"{', …' if len(others) > 3 else ''}); nothing was written or removed: choose a "
            "new or empty folder"
        )


def clean_outputs(outputs_dir: Path, announce: Callable[[str], None]) -> tuple[int, int]:
    """Remove the files the manifest lists, never through a link; return (removed, kept) counts."""
    if not outputs_dir.is_dir():
        return 0, 0
    with hold_lock(outputs_dir, announce):
        check_outputs_folder(outputs_dir)
        written = ctx.read_manifest(outputs_dir)["written"]
        removed = 0
        for name in [*written, "index.html", ctx.MANIFEST_NAME]:
            path = outputs_dir / name
            if is_inside(outputs_dir, name) and (path.is_file() or path.is_symlink()):
                path.unlink()
                removed += 1
        clear_staging(outputs_dir)
        # The folders renders made, deepest first, once empty; anything left in one keeps it.
        folders = {str(p) for n in written for p in Path(n).parents if p.parts}
        for folder in sorted(folders, key=lambda name: -len(Path(name).parts)):
            if is_inside(outputs_dir, folder) and not (outputs_dir / folder).is_symlink():
                with contextlib.suppress(OSError):
                    (outputs_dir / folder).rmdir()
        kept = sum(p.name != "README.md" for p in outputs_dir.iterdir())
    return removed, kept


def is_inside(outputs_dir: Path, name: str) -> bool:
    """Return whether a relative name stays in outputs/: no '..', no link among its folders."""
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts:
        return False
    return not any((outputs_dir / Path(*parts[:i])).is_symlink() for i in range(1, len(parts)))


def find_work(
    settings: RenderSettings, job: RenderJob, entry: dict[str, Any] | None, keys: tuple[str, str]
) -> str:
    """Return what a render needs, by its (render, export) keys: 'run', 'export' again, or ''."""
    key, export_key = keys
    set_dir = settings.outputs_dir / job.set_name
    if settings.force or not entry or entry["status"] != "ok" or entry["key"] != key:
        return "run"
    if not all((set_dir / name).is_file() for name in entry["files"]):
        return "run"
    if entry.get("export_key") == export_key:  # a set's new title changes every page's key too
        return ""
    # Only the pages changed: export them again, unless the executed notebook was damaged since,
    # which a new run replaces.
    import nbformat

    try:
        nbformat.read(set_dir / f"{job.notebook.stem}.ipynb", as_version=4)
    except Exception:  # nbformat raises JSON, validation and plain key errors alike
        return "run"
    return "export"


def publish(outcome: RenderOutcome, staging: Path, set_dir: Path, notebook: str) -> None:
    """Move a finished render's files into outputs/<set>/, one atomic rename per file."""
    for name in outcome.files:
        # A link in place of a subfolder (figures/) would take the file out of outputs/; a link
        # in place of the file itself is replaced by the rename, never followed.
        if not is_inside(set_dir, name):
            reason = "a symbolic link is in the way (never written through)"
            raise OSError(errno.EPERM, reason, name)
        move_atomic(staging / name, set_dir / name)
    if outcome.status == "ok":
        (set_dir / f"{notebook}{ctx.FAILED_SUFFIX}").unlink(missing_ok=True)


def move_atomic(source: Path, target: Path) -> None:
    """Move a finished file into place with one rename (both sit on the same file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def check_set_folders(outputs_dir: Path, sets: list[ParameterSet]) -> None:
    """Raise OutputError when a file or a symbolic link stands where a set's folder belongs."""
    for parameter_set in sets:
        folder = outputs_dir / parameter_set.name
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            kind = "symbolic link" if folder.is_symlink() else "file"
            raise OutputError(
                f"{folder}: expected the folder of set '{parameter_set.name}', found a {kind}; "
                "move it away and render again (the renderer never writes through a link)"
            )


@dataclass
class RunState:
    """One run's settings, facts and bookkeeping, shared by the steps that publish renders."""

    settings: RenderSettings
    run: ctx.RunFacts
    inputs: Inputs
    manifest: dict[str, Any]
    rows: dict[str, dict[str, Any]]
    keys: dict[str, str]
    titles: dict[str, str]

    def page_for(self, job: RenderJob) -> ctx.PageContext:
        """Return what a render's reports say about its set, its dates and its inputs."""
        title, as_of = self.titles[job.set_name], self.inputs.describe_as_of(job.parameters)
        return ctx.PageContext(self.run, job.set_name, title, job.parameters, as_of)


def render_all(
    settings: RenderSettings,
    announce: Callable[[str], None] = print,
    progress: Callable[[int], Any] | None = None,
) -> tuple[list[dict[str, Any]], BaseException | None]:
    """Render every job not up to date; return the finished ones' rows and what stopped the run, if any."""
    every_set, sets, jobs = plan_jobs(settings)
    # Hashed once per run: every render reads the same data, helpers and pins.
    shared_inputs = PROJECT.hash_notebook_inputs(settings.data_dir)
    # Every set's keys, so the index can mark renders --only left out of date.
    keys = {
        job.render_id: ctx.compute_render_key(job.notebook, job.parameters, shared_inputs)
        for job in make_jobs(settings, every_set)
    }
    titles = {s.name: s.title for s in every_set}
    # How reports are exported (renderer code, templates): a change re-exports, never re-executes.
    # What each page links to (the other sets and reports, the base URL) is part of its export.
    outline = plan.outline_sets(every_set)
    export_key = ctx.hash_export_inputs(outline, settings.base_url)
    index_key = ctx.compute_index_key(every_set, keys, shared_inputs, export_key)
    with hold_lock(settings.outputs_dir, announce):
        check_outputs_folder(settings.outputs_dir)
        manifest = ctx.read_manifest(settings.outputs_dir)
        # A set removed from the plan leaves the manifest (its folder stays until a clean).
        renders = {k: e for k, e in manifest["renders"].items() if e["set"] in titles}
        manifest["renders"] = renders
        work: dict[str, list[RenderJob]] = {"run": [], "export": [], "": []}
        for job in jobs:
            entry = renders.get(job.render_id)
            work[find_work(settings, job, entry, (keys[job.render_id], export_key))].append(job)
        pending, retitled = work["run"], work["export"]
        rows = {
            j.render_id: {**renders[j.render_id], "skipped": True} for j in jobs if j not in pending
        }
        index = settings.outputs_dir / "index.html"
        if not (pending or retitled) and index.is_file() and manifest.get("index_key") == index_key:
            return list(rows.values()), None  # nothing to do: no data load, no kernel
        # From here on the run writes: a stop raises Stopped, so what it started is cleaned up.
        raise_stops()
        check_set_folders(settings.outputs_dir, sets)
        # Longest renders first, by their last duration, so no worker is left with a long tail.
        pending.sort(key=lambda job: -float(renders.get(job.render_id, {}).get("duration_s", 0)))
        pool = start_pool(len(pending), settings.jobs) if pending else None
        # Re-exporting imports IPython (through nbconvert) while the chart's thread draws, and
        # matplotlib reads IPython once it is in sys.modules, even half-imported: import it whole.
        if retitled:
            import IPython  # noqa: F401
        # The index's chart needs only the data: a thread draws it while the kernels work. Leaving
        # the block, however it is left, waits for that thread.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-chart") as drawing:
            stop: BaseException | None = None
            try:
                # Checked while the workers start, so their imports overlap with it.
                inputs = check_inputs(settings, sets)
                check_stopped()  # a stop ignored during those imports stops the run here
                chart = drawing.submit(inputs.draw_index_chart)
                run = ctx.RunFacts(
                    git_commit=ctx.read_git_commit(),
                    data_files=tuple(
                        (p.name, hash_file(p)) for p in PROJECT.list_data_files(settings.data_dir)
                    ),
                    data_period=inputs.data_period,
                    data_published=inputs.data_published,
                    export_key=export_key,
                    base_url=settings.base_url,
                    outline=outline,
                )
                state = RunState(settings, run, inputs, manifest, rows, keys, titles)
                try:
                    reexport_all(retitled, state)
                    if pool is not None:
                        run_and_publish(pool, pending, state, progress)
                # A read-only or full outputs/ (here or in a worker), or Ctrl-C, SIGTERM, SIGHUP:
                # say what finished, then stop.
                except (OSError, KeyboardInterrupt) as err:
                    stop = err
            finally:
                if pool is not None:
                    stop_pool(pool)  # first, so no kernel is left working in a removed folder
                    clear_staging(settings.outputs_dir)
            failure = stop if isinstance(stop, OSError) else None
            manifest["index_key"] = index_key if failure is None else None
            try:
                ctx.write_manifest(settings.outputs_dir, manifest, run)
                from renderer.html import write_index

                shown = mark_stale(renders, keys)
                write_index(settings.outputs_dir, every_set, shown, inputs, run, chart.result())
            except OSError as err:
                failure = failure or err
            if failure is not None:  # named with the file and what the system said
                where = f"{failure.filename}: " if failure.filename else ""
                reason = f"{where}cannot write the reports: {failure.strerror or failure}"
                stop = OutputError(f"{reason}; reports written earlier are kept")
    return [rows[job.render_id] for job in jobs if job.render_id in rows], stop


def mark_stale(renders: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """Return the manifest's renders with the good ones whose inputs changed since marked so."""
    note = "out of date: its notebook, data or helpers changed since; render this set again"
    return {
        render_id: {**entry, "status": "out-of-date", "error": note}
        if entry["status"] == "ok" and entry["key"] != keys.get(render_id, entry["key"])
        else entry
        for render_id, entry in renders.items()
    }


def check_finished(
    job: RenderJob, outcome: RenderOutcome, staging: Path, state: RunState, unfinished: set[str]
) -> str:
    """Return why a finished render must not be published (changed inputs, a clashing file), or ''."""
    if outcome.status != "ok":
        return ""
    shared = PROJECT.hash_notebook_inputs(state.settings.data_dir)
    if ctx.compute_render_key(job.notebook, job.parameters, shared) != state.keys[job.render_id]:
        return "its notebook, data or helpers changed while it ran; render again"
    for render_id, entry in state.manifest["renders"].items():
        if entry["set"] != job.set_name or render_id in unfinished or render_id == job.render_id:
            continue
        set_dir = state.settings.outputs_dir / job.set_name
        shared_files = [
            name
            for name in sorted(set(outcome.files) & set(entry["files"]))
            if (set_dir / name).is_file()
            and not filecmp.cmp(staging / name, set_dir / name, shallow=False)
        ]
        if shared_files and render_id in state.keys:
            return (
                f"{shared_files[0]} is also saved by notebook '{entry['notebook']}' of set "
                f"'{job.set_name}'; give one of them another name"
            )
    return ""


def reexport_all(jobs: list[RenderJob], state: RunState) -> None:
    """Write the reports of up-to-date renders again from their executed notebooks: new pages."""
    import nbformat

    from renderer.html import write_reports

    for job in jobs:
        entry = state.manifest["renders"][job.render_id]
        set_dir, stem = state.settings.outputs_dir / job.set_name, job.notebook.stem
        tables = sorted(n for n in entry["files"] if n.startswith("tables/") and n.endswith(".csv"))
        executed = nbformat.read(set_dir / f"{stem}.ipynb", as_version=4)
        write_reports(set_dir, executed, state.page_for(job).for_notebook(stem, tables))
        entry["set_title"] = state.titles[job.set_name]
        entry["export_key"] = state.run.export_key
        state.rows[job.render_id] = {**entry, "skipped": True, "reexported": True}


def run_and_publish(
    pool: ProcessPoolExecutor,
    pending: list[RenderJob],
    state: RunState,
    progress: Callable[[int], Any] | None,
) -> None:
    """Run the pending renders on the pool and publish each one, updating the manifest as it lands."""
    settings = state.settings
    clear_staging(settings.outputs_dir)  # leftovers of a killed render; safe while we hold the lock
    run = uuid.uuid4().hex[:12]
    staging = {
        job.render_id: settings.outputs_dir / f"{STAGING_PREFIX}{run}-{number}"
        for number, job in enumerate(pending)
    }
    # First, so a render killed before its first report lands leaves a folder known as ours.
    ctx.write_manifest(settings.outputs_dir, state.manifest, state.run)
    unfinished = {job.render_id for job in pending}
    with progress(len(pending)) if progress else contextlib.nullcontext() as bar:
        for job, outcome in run_pending(pool, pending, staging, state):
            check_stopped()
            unfinished.discard(job.render_id)
            folder, stem = staging[job.render_id], job.notebook.stem
            if refusal := check_finished(job, outcome, folder, state, unfinished):
                # Failed: its executed notebook is kept as failed, nothing else is published.
                failed = f"{stem}{ctx.FAILED_SUFFIX}"
                os.replace(folder / f"{stem}.ipynb", folder / failed)
                outcome = replace(outcome, status="failed", files=[failed], error=refusal)
            publish(outcome, folder, settings.outputs_dir / job.set_name, stem)
            # A chart or table the notebook no longer writes goes, so no stale file is offered;
            # a failed render keeps what the last good one published (its entry remembers it).
            previous = state.manifest["renders"].get(job.render_id, {})
            last_good = [str(f) for f in previous.get("published", previous.get("files", []))]
            ok = outcome.status == "ok"
            gone = set(last_good) - set(outcome.files) if ok else set()
            for name in gone:
                if is_inside(settings.outputs_dir / job.set_name, name):
                    (settings.outputs_dir / job.set_name / name).unlink(missing_ok=True)
            state.manifest["written"] = sorted(
                {*state.manifest["written"], *(f"{job.set_name}/{f}" for f in outcome.files)}
                - {f"{job.set_name}/{name}" for name in gone}
            )
            entry = {
                "set": job.set_name,
                "notebook": stem,
                "set_title": state.titles[job.set_name],
                "parameters": job.parameters,
                "key": state.keys[job.render_id],
                "export_key": state.run.export_key,
                # The notebook may have gone since the run began; its render then failed.
                "notebook_sha256": hash_file(job.notebook) if job.notebook.is_file() else "",
                "data_files": dict(state.run.data_files),
                **asdict(outcome),
                "published": outcome.files if ok else last_good,
            }
            state.manifest["renders"][job.render_id] = entry
            state.rows[job.render_id] = {**entry, "skipped": False}
            ctx.write_manifest(settings.outputs_dir, state.manifest, state.run)
            if bar is not None:
                bar.update(1)


def list_machine_paths(outputs_dir: Path, data_dir: Path) -> list[tuple[str, str]]:
    """Return (absolute folder, placeholder) pairs, the longest folder first so it wins."""
    pairs = {
        str(outputs_dir): "$OUTPUTS",
        str(data_dir): "$DATA",
        str(PROJECT.PROJECT_ROOT): "$PROJECT",
        str(Path(sys.base_prefix)): "$PYTHON",
        str(Path.home()): "~",
    }
    # No angle brackets: the placeholders land in HTML as well as in JSON. A home folder of "/"
    # is no prefix to replace.
    return sorted(((k, v) for k, v in pairs.items() if k != "/"), key=lambda p: -len(p[0]))


def start_pool(pending: int, jobs: int) -> ProcessPoolExecutor:
    """Start the workers now, so their imports overlap with checking the inputs."""
    # Forked: a forked pool needs no named semaphore, so no resource tracker outlives the command;
    # no other thread runs yet, so the fork copies no held lock.
    from renderer.execute import start_worker

    workers = max(1, min(jobs, pending))
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=fork, initializer=start_worker)
    # Stop signals wait while the workers fork (no other thread runs yet to take them): a Ctrl-C
    # inside Python's at-fork handlers could leave logging's lock held and the command hung.
    # Each worker unblocks them (start_worker).
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        try:
            for _ in range(workers):
                pool.submit(int)  # a no-op task: the pool starts every worker on the first one
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a waiting Ctrl-C lands here
    except BaseException:
        stop_pool(pool)
        raise
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers at once; each kills its kernels first (see execute.stop_worker)."""
    # The command starts no other child processes, so its children are the pool's workers.
    workers = multiprocessing.active_children()
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=15)
    # The workers are gone, so this returns at once; it drops the pool's queues.
    pool.shutdown(wait=True, cancel_futures=True)


def clear_staging(outputs_dir: Path) -> None:
    """Remove every staging folder (and the single .staging/ folder of earlier versions)."""
    for folder in outputs_dir.glob(".staging*"):
        shutil.rmtree(folder, ignore_errors=True)


def run_pending(
    pool: ProcessPoolExecutor, pending: list[RenderJob], staging: dict[str, Path], state: RunState
) -> Iterator[tuple[RenderJob, RenderOutcome]]:
    """Yield each pending render's outcome as the workers finish them."""
    from renderer.execute import RenderOutcome, run_job

    settings = state.settings
    paths = list_machine_paths(settings.outputs_dir, settings.data_dir)
    futures: dict[Future[RenderOutcome], RenderJob] = {}
    for job in pending:
        folder = staging[job.render_id]
        # Its staging folder is quoted as the set's folder, where its files will be.
        quoted = [(str(folder), f"$OUTPUTS/{job.set_name}"), *paths]
        page = state.page_for(job)
        futures[pool.submit(run_job, job, folder, page, settings.timeout_s, quoted)] = job
    for future in as_completed(futures):
        job = futures[future]
        try:
            outcome = future.result()
        except BrokenProcessPool:  # a worker was killed (SIGKILL, the out-of-memory killer)
            error = "a worker process died (killed, perhaps for want of memory); render again"
            outcome = RenderOutcome(job.render_id, "failed", 0.0, [], error)
        yield job, outcome
