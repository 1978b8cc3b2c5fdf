"""Errors the command reports as one message and an exit code of their own, without a traceback."""

from __future__ import annotations

import signal

# What stops a run as Ctrl-C does (exit 130): SIGINT, SIGTERM and SIGHUP (a closed terminal).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; caught wherever KeyboardInterrupt is.

    Its own class, not KeyboardInterrupt itself: run as `python -m`, CPython 3.11 remembers a bare
    KeyboardInterrupt that passed through a string exec (a dataclass built during an import) and,
    even after the command caught it, ends the process by SIGINT instead of exiting 130.
    """


def raise_stopped(signal_number: int, _frame: object) -> None:
    """Signal handler: stop the run where it is, as Ctrl-C does."""
    raise Stopped(signal.Signals(signal_number).name)


class ProjectError(Exception):
    """Base class: an error the command line reports as one message, without a traceback."""

    exit_code = 1


class InputError(ProjectError):
    """The analysis refused its data (the seam's INPUT_ERRORS); the message names what is wrong."""

    exit_code = 3


class PlanError(ProjectError):
    """The batch plan or a parameter set is wrong; raised before any kernel starts."""

    exit_code = 4


class OutputError(ProjectError):
    """outputs/ cannot take the reports (read-only, full, a link in the way)."""

    exit_code = 5


class NotebookError(ProjectError):
    """A notebook the plan names cannot be read as a notebook (invalid JSON, wrong structure)."""

    exit_code = 6


class ForeignFolderError(ProjectError):
    """--outputs names a folder the renderer did not make: not empty, and no manifest of its own."""

    exit_code = 7
