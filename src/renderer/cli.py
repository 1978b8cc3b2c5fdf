"""The `genai-report` command: render every notebook for every parameter set, or list the sets."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from pathlib import Path
from typing import Any

from renderer.context import FAILED_SUFFIX
from renderer.errors import ProjectError
from renderer.project import PROJECT

# Exit code after Ctrl-C, SIGTERM or SIGHUP, as shells report a SIGINT death.
INTERRUPTED_EXIT = 130
# Exit code of a bug in the command itself (EX_SOFTWARE), never mistaken for a failed render.
INTERNAL_ERROR_EXIT = 70
# Every exit code, for --help and the README.
EXIT_CODES = (
    "exit codes: 0 every render succeeded; 1 a render failed (its notebook is kept as "
    f"<notebook>{FAILED_SUFFIX}); 2 bad options; 3 bad data; 4 bad plan; 5 outputs/ cannot be "
    "written (read-only, full, a file or link where a set folder belongs); 6 a notebook cannot "
    "be read; 70 internal error; 130 interrupted (Ctrl-C, SIGTERM, SIGHUP)"
)
# Folders and files a render reads or writes, each overridable for another project layout.
PATH_OPTIONS = (
    ("--outputs", PROJECT.OUTPUTS_DIR, "DIR", "write the reports here (default: outputs/)"),
    ("--plan", PROJECT.RENDER_PLAN, "FILE", "the batch plan (default: notebooks/renders.yaml)"),
    (
        "--data",
        PROJECT.DATA_DIR,
        "DIR",
        "the folder with figures.csv and sources.csv (default: data/)",
    ),
    (
        "--notebooks",
        PROJECT.NOTEBOOKS_DIR,
        "DIR",
        "the folder with the notebooks (default: notebooks/)",
    ),
)


def positive_seconds(text: str) -> float:
    """Parse --timeout: a finite number of seconds above 0 (fractions allowed)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return seconds


def at_least_one(text: str) -> int:
    """Parse --jobs: a whole number of renders at a time, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return count


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    from renderer.engine import DEFAULT_JOBS

    parser = argparse.ArgumentParser(prog="genai-report", description=__doc__, epilog=EXIT_CODES)
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser(
        "render", help="execute and export every notebook for every set", epilog=EXIT_CODES
    )
    render.add_argument(
        "--only", action="append", metavar="SET", help="render only this set (repeatable)"
    )
    render.add_argument(
        "--list", action="store_true", help="list the sets and their parameters, then stop"
    )
    render.add_argument(
        "--jobs",
        type=at_least_one,
        default=DEFAULT_JOBS,
        metavar="N",
        help="renders at a time (default: the number of cores)",
    )
    render.add_argument("--force", action="store_true", help="re-run renders that are up to date")
    render.add_argument(
        "--timeout",
        type=positive_seconds,
        default=600.0,
        metavar="SECONDS",
        help="stop a cell (and a hung or dead kernel) after this long (default 600)",
    )
    for flag, default, metavar, what in PATH_OPTIONS:
        render.add_argument(flag, type=Path, default=default, metavar=metavar, help=what)
    clean = commands.add_parser(
        "clean", help="remove what renders wrote to outputs/ (waits for a running render)"
    )
    flag, default, metavar, what = PATH_OPTIONS[0]
    clean.add_argument(flag, type=Path, default=default, metavar=metavar, help=what)
    return parser


def print_sets(settings: Any, out: Any) -> None:
    """Print each set with its parameters and notebooks."""
    from renderer.plan import read_plan, select_sets

    for parameter_set in select_sets(
        read_plan(settings.plan_path, settings.notebooks_dir), list(settings.only) or None
    ):
        values = ", ".join(f"{k}={v}" for k, v in parameter_set.parameters.items())
        notebooks = ", ".join(nb.stem for nb in parameter_set.notebooks)
        print(
            f"{parameter_set.name:<14} {values}\n{'':<14} {parameter_set.title}\n{'':<14} notebooks: {notebooks}",
            file=out,
        )


def format_summary(rows: list[dict[str, Any]]) -> str:
    """Return the end-of-run table: set, notebook, status, seconds, and the error or failed cell."""
    lines = [f"{'set':<14} {'notebook':<20} {'status':<8} {'seconds':>7}  detail"]
    for row in rows:
        status = "skipped" if row.get("skipped") else row["status"]
        detail = "up to date" if row.get("skipped") else ""
        if row.get("reexported"):
            detail = "up to date; reports re-exported with the set's new title"
        if row["status"] != "ok":
            cell = row.get("failed_cell")
            detail = (f"cell {cell}: " if cell is not None else "") + row.get("error", "")
            detail += (
                f" (kept as {row['set']}/{row['notebook']}{FAILED_SUFFIX})"
                if row.get("files")
                else ""
            )
        seconds = "" if row.get("skipped") else f"{row.get('duration_s', 0):.1f}"
        lines.append(f"{row['set']:<14} {row['notebook']:<20} {status:<8} {seconds:>7}  {detail}")
    failed = sum(row["status"] != "ok" for row in rows)
    lines.append(f"{len(rows) - failed} ok, {failed} failed")
    return "\n".join(lines)


class PipeSafeStream:
    """A text stream that stops writing, quietly, once its reader has gone (e.g. `| head`)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        """Write unless the reader has gone; a render never stops because nobody reads its output."""
        if not self.broken:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self.break_off()
            except UnicodeEncodeError:  # a locale that cannot show a title's characters
                encoding = self.stream.encoding or "ascii"
                self.write(text.encode(encoding, "backslashreplace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        """Flush unless the reader has gone."""
        if not self.broken:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.break_off()

    def break_off(self) -> None:
        """Point the stream's file at /dev/null, so the interpreter's final flush cannot fail."""
        self.broken = True
        # Not a real file (a test's capture) raises here; nothing of it is flushed at exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())

    def isatty(self) -> bool:
        """Say whether the stream is a terminal, as progress bars ask."""
        return not self.broken and self.stream.isatty()

    def __getattr__(self, name: str) -> Any:
        """Answer anything else (encoding, fileno) as the wrapped stream does."""
        return getattr(self.stream, name)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit code (see EXIT_CODES)."""
    args = build_parser().parse_args(argv)
    # Ctrl-C, SIGTERM and SIGHUP (a closed terminal) all clean up the same way; SIGINT is set
    # too, as a background start may ignore it.
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, signal.default_int_handler)
    out, err = PipeSafeStream(sys.stdout), PipeSafeStream(sys.stderr)
    try:
        if args.command == "clean":
            return clean(args.outputs.resolve(), out, err)
        return render(args, out, err)
    except ProjectError as error:
        rows = getattr(error, "rows", None)
        if rows:
            print(format_summary(rows), file=out)
        print(f"genai-report: {error}", file=err)
        return error.exit_code
    except KeyboardInterrupt as stop:
        rows = getattr(stop, "rows", None)
        if rows:
            print(format_summary(rows), file=out)
        print(
            "genai-report: interrupted; finished reports were kept, unfinished ones dropped",
            file=err,
        )
        return INTERRUPTED_EXIT
    except Exception as error:  # a bug, not a user error: one line, and its own exit code
        print(
            f"genai-report: internal error ({type(error).__name__}: {error}); finished reports "
            "were kept. Please report this with the command you ran.",
            file=err,
        )
        return INTERNAL_ERROR_EXIT


def render(args: argparse.Namespace, out: Any, err: Any) -> int:
    """Run `genai-report render` (or its --list); return the exit code of the renders."""
    from renderer.engine import RenderSettings, exit_code, render_all

    settings = RenderSettings(
        outputs_dir=args.outputs.resolve(),
        plan_path=args.plan.resolve(),
        notebooks_dir=args.notebooks.resolve(),
        data_dir=args.data.resolve(),
        jobs=args.jobs,
        force=args.force,
        only=tuple(args.only or ()),
        timeout_s=args.timeout,
    )
    if args.list:
        print_sets(settings, out)
        return 0
    from tqdm import tqdm

    def progress(total: int) -> Any:
        return tqdm(total=total, desc="rendering", unit="render", file=err)

    rows = render_all(settings, announce=lambda m: print(m, file=err), progress=progress)
    print(format_summary(rows), file=out)
    return exit_code(rows)


def clean(outputs_dir: Path, out: Any, err: Any) -> int:
    """Run `genai-report clean`: empty outputs/ but its README, waiting for a running render."""
    from renderer.engine import clean_outputs

    removed = clean_outputs(outputs_dir, announce=lambda m: print(m, file=err))
    print(f"removed {removed} entries from {outputs_dir}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
