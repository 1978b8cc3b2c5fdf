"""The `genai-report` command: render every notebook for every parameter set, or list the sets."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
from pathlib import Path
from typing import Any

from helpers import paths
from helpers.errors import ProjectError

# Exit code after Ctrl-C or SIGTERM, as shells report a SIGINT death.
INTERRUPTED_EXIT = 130
# Folders and files a render reads or writes, each overridable for another project layout.
PATH_OPTIONS = (
    ("--outputs", paths.OUTPUTS_DIR, "DIR", "write the reports here (default: outputs/)"),
    ("--plan", paths.RENDER_PLAN, "FILE", "the batch plan (default: notebooks/renders.yaml)"),
    (
        "--data",
        paths.DATA_DIR,
        "DIR",
        "the folder with figures.csv and sources.csv (default: data/)",
    ),
    (
        "--notebooks",
        paths.NOTEBOOKS_DIR,
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
    parser = argparse.ArgumentParser(prog="genai-report", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="execute and export every notebook for every set")
    render.add_argument(
        "--only", action="append", metavar="SET", help="render only this set (repeatable)"
    )
    render.add_argument(
        "--list", action="store_true", help="list the sets and their parameters, then stop"
    )
    render.add_argument(
        "--jobs",
        type=at_least_one,
        default=os.cpu_count() or 1,
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
    return parser


def print_sets(settings: Any) -> None:
    """Print each set with its parameters and notebooks."""
    from helpers.render.plan import read_plan, select_sets

    for parameter_set in select_sets(
        read_plan(settings.plan_path, settings.notebooks_dir), list(settings.only) or None
    ):
        values = ", ".join(f"{k}={v}" for k, v in parameter_set.parameters.items())
        notebooks = ", ".join(nb.stem for nb in parameter_set.notebooks)
        print(
            f"{parameter_set.name:<14} {values}\n{'':<14} {parameter_set.title}\n{'':<14} notebooks: {notebooks}"
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
                f" (kept as {row['set']}/{row['notebook']}.failed.ipynb)"
                if row.get("files")
                else ""
            )
        seconds = "" if row.get("skipped") else f"{row.get('duration_s', 0):.1f}"
        lines.append(f"{row['set']:<14} {row['notebook']:<20} {status:<8} {seconds:>7}  {detail}")
    failed = sum(row["status"] != "ok" for row in rows)
    lines.append(f"{len(rows) - failed} ok, {failed} failed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit code (0 all good, 1 a render failed, 3 bad data, 4 bad plan)."""
    args = build_parser().parse_args(argv)
    from helpers.render.engine import RenderSettings, exit_code, render_all

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
    # Ctrl-C and SIGTERM both clean up; SIGINT is set too, as a background start may ignore it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if args.list:
            print_sets(settings)
            return 0
        from tqdm import tqdm

        def progress(total: int) -> Any:
            return tqdm(total=total, desc="rendering", unit="render", file=sys.stderr)

        rows = render_all(settings, announce=lambda m: print(m, file=sys.stderr), progress=progress)
    except ProjectError as err:
        print(f"genai-report: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(
            "genai-report: interrupted; finished reports were kept, unfinished ones dropped",
            file=sys.stderr,
        )
        return INTERRUPTED_EXIT
    print(format_summary(rows))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
