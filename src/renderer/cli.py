"""The `genai-report` command: render every notebook for every parameter set, or list the sets."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from renderer.errors import ProjectError, handle_stops, raise_stops

# Exit code after Ctrl-C, SIGTERM or SIGHUP, as shells report a SIGINT death.
INTERRUPTED_EXIT = 130


def stop_early(*_: object) -> None:
    """Stop quietly when interrupted while starting up, before any render begins (no traceback)."""
    with contextlib.suppress(OSError, ValueError):
        if sys.stderr is not None:
            print("genai-report: interrupted while starting; nothing was written", file=sys.stderr)
            sys.stderr.flush()
    # Exit here and now: nothing is started or written yet to clean up, and an exception raised
    # from a signal handler can land in a weakref callback of the import system, where Python
    # prints and ignores it and the command would carry on.
    os._exit(INTERRUPTED_EXIT)


# Installed before the imports below and the heavy ones (papermill, pydantic) main() makes.
handle_stops(stop_early)

from renderer.context import FAILED_SUFFIX  # noqa: E402
from renderer.project import PROJECT  # noqa: E402

# Exit code of a bug in the command itself (EX_SOFTWARE), never mistaken for a failed render.
INTERNAL_ERROR_EXIT = 70
# Every exit code, for --help and the README.
EXIT_CODES = (
    "exit codes: 0 every render succeeded; 1 a render failed (its notebook is kept as "
    f"<notebook>{FAILED_SUFFIX}); 2 bad options; 3 bad data; 4 bad plan; 5 outputs/ cannot be "
    "written (read-only, full, a file or link where a set folder belongs); 6 a notebook cannot "
    "be read; 7 --outputs names a folder renders did not make (not empty, no manifest); "
    "70 internal error; 130 interrupted (Ctrl-C, SIGTERM, SIGHUP)"
)
# Folders and files a render reads or writes, each overridable for another project layout.
PATH_OPTIONS = (
    ("--outputs", PROJECT.OUTPUTS_DIR, "DIR", "write the reports here (default: outputs/)"),
    ("--plan", PROJECT.RENDER_PLAN, "FILE", "the batch plan (default: notebooks/renders.yaml)"),
    ("--data", PROJECT.DATA_DIR, "DIR", "the data folder (default: data/)"),
    ("--notebooks", PROJECT.NOTEBOOKS_DIR, "DIR", "the notebooks folder (default: notebooks/)"),
)


def at_least_one(text: str) -> int:
    """Parse --jobs and --timeout: a whole number, 1 or more (nbclient's timeouts are whole)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return count


def web_address(text: str) -> str:
    """Parse --base-url: an absolute http or https address, kept with one trailing slash."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"expected an http:// or https:// address such as https://example.org/reports/, "
            f"got {text!r}"
        )
    return text.strip().rstrip("/") + "/"


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser: each command with its options as (flag, help, keywords)."""
    from renderer.engine import DEFAULT_JOBS

    folders: list[tuple[str, str, dict[str, Any]]] = [
        (flag, what, {"type": Path, "default": default, "metavar": metavar})
        for flag, default, metavar, what in PATH_OPTIONS
    ]
    render_options: list[tuple[str, str, dict[str, Any]]] = [
        ("--only", "render only this set (repeatable)", {"action": "append", "metavar": "SET"}),
        ("--list", "list the sets and their parameters, then stop", {"action": "store_true"}),
        (
            "--jobs",
            "renders at a time (default: the number of cores)",
            {"type": at_least_one, "default": DEFAULT_JOBS, "metavar": "N"},
        ),
        ("--force", "re-run renders that are up to date", {"action": "store_true"}),
        (
            "--timeout",
            "stop a cell (and a hung or dead kernel) after this many whole seconds (default 600)",
            {"type": at_least_one, "default": 600, "metavar": "SECONDS"},
        ),
        (
            "--base-url",
            "the address the reports will be published at, such as https://example.org/reports/: "
            "pages then give their own address in the citation and a chart as share preview",
            {"type": web_address, "metavar": "URL"},
        ),
        *folders,
    ]
    commands = (
        ("render", "execute and export every notebook for every set", render_options),
        (
            "clean",
            "remove the files renders wrote to outputs/, as its manifest lists them (waits "
            "for a running render)",
            folders[:1],
        ),
    )
    parser = argparse.ArgumentParser(prog="genai-report", description=__doc__, epilog=EXIT_CODES)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, summary, options in commands:
        command = subparsers.add_parser(name, help=summary, epilog=EXIT_CODES)
        for flag, what, keywords in options:
            command.add_argument(flag, help=what, **keywords)
    return parser


def format_summary(rows: list[dict[str, Any]]) -> str:
    """Return the end-of-run table: set, notebook, status, seconds, and the error or failed cell."""
    lines = [f"{'set':<14} {'notebook':<20} {'status':<8} {'seconds':>7}  detail"]
    for row in rows:
        status, seconds, detail = row["status"], f"{row.get('duration_s', 0):.1f}", ""
        if row.get("skipped"):
            status, seconds, detail = "skipped", "", "up to date"
        if row.get("reexported"):
            # The export key covers the plan's sets and titles, --base-url and the renderer.
            detail = "up to date; pages exported again (plan, --base-url or renderer changed)"
        if row["status"] != "ok":
            cell = row.get("failed_cell")
            failed_name = f"{row['set']}/{row['notebook']}{FAILED_SUFFIX}"
            kept = f" (kept as {failed_name})" if row.get("files") else ""
            detail = f"{f'cell {cell}: ' if cell is not None else ''}{row.get('error', '')}{kept}"
        lines.append(f"{row['set']:<14} {row['notebook']:<20} {status:<8} {seconds:>7}  {detail}")
    failed = sum(row["status"] != "ok" for row in rows)
    lines.append(f"{len(rows) - failed} ok, {failed} failed")
    return "\n".join(lines)


class PipeSafeStream:
    """A text stream that stops writing, quietly, once its reader has gone (e.g. `| head`)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.broken = stream is None  # a stream closed when the command started

    def write(self, text: str) -> int:
        """Write unless the reader has gone; a render never stops because nobody reads its output."""
        try:
            self.broken or self.stream.write(text)
        except UnicodeEncodeError:  # a locale that cannot show a title's characters
            encoding = self.stream.encoding or "ascii"
            self.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except (OSError, ValueError):  # a closed pipe or file, a full disk (/dev/full)
            self.break_off()
        return len(text)

    def flush(self) -> None:
        """Flush unless the reader has gone."""
        try:
            self.broken or self.stream.flush()
        except (OSError, ValueError):
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
    # A standard stream closed by the caller: /dev/null in its place, so no file this command
    # opens takes its number and receives what a kernel prints.
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
    # Until something is written, a stop ends the command at once (also when main() is called
    # again in one process); the render switches to raise_stops when it starts writing. SIGINT is
    # set too, as a background start may ignore it.
    handle_stops(stop_early)
    args = build_parser().parse_args(argv)
    out, err = PipeSafeStream(sys.stdout), PipeSafeStream(sys.stderr)
    try:
        if args.command == "clean":
            raise_stops()
            return clean(args.outputs.resolve(), out, err)
        return render(args, out, err)
    except (ProjectError, KeyboardInterrupt) as error:
        if isinstance(error, ProjectError):
            print(f"genai-report: {error}", file=err)
            return error.exit_code
        stopped = "interrupted; finished reports were kept, unfinished ones dropped"
        print(f"genai-report: {stopped}", file=err)
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
    from renderer.engine import RenderSettings, plan_jobs, render_all

    settings = RenderSettings(
        outputs_dir=args.outputs.resolve(),
        plan_path=args.plan.resolve(),
        notebooks_dir=args.notebooks.resolve(),
        data_dir=args.data.resolve(),
        jobs=args.jobs,
        force=args.force,
        only=tuple(args.only or ()),
        timeout_s=args.timeout,
        base_url=args.base_url or "",
    )
    if args.list:  # each set with its parameters and notebooks
        for s in plan_jobs(settings)[1]:
            values = ", ".join(f"{k}={v}" for k, v in s.parameters.items())
            notebooks = ", ".join(nb.stem for nb in s.notebooks)
            lines = f"{s.name:<14} {values}\n{'':<14} {s.title}\n{'':<14} notebooks: {notebooks}"
            print(lines, file=out)
        return 0
    from tqdm import tqdm

    rows, stop = render_all(
        settings,
        announce=lambda m: print(m, file=err),
        progress=lambda total: tqdm(total=total, desc="rendering", unit="render", file=err),
    )
    print(format_summary(rows), file=out)
    if stop is not None:  # what finished is listed above; main() says why the run stopped
        raise stop
    return 0 if all(row["status"] == "ok" for row in rows) else 1


def clean(outputs_dir: Path, out: Any, err: Any) -> int:
    """Run `genai-report clean`: empty outputs/ but its README, waiting for a running render."""
    from renderer.engine import clean_outputs

    removed, kept = clean_outputs(outputs_dir, announce=lambda m: print(m, file=err))
    others = f"; kept {kept} entries renders did not write" if kept else ""
    print(f"removed {removed} files from {outputs_dir}{others}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
