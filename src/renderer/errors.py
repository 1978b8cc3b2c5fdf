"""Errors the command reports as one message and an exit code of their own, without a traceback."""

from __future__ import annotations

import signal
from typing import Any

# What stops a run as Ctrl-C does (exit 130): SIGINT, SIGTERM and SIGHUP (a closed terminal).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; caught wherever KeyboardInterrupt is.

    Its own class, not KeyboardInterrupt itself: run as `python -m`, CPython 3.11 remembers a bare
    KeyboardInterrupt that passed through a string exec (a dataclass built during an import) and,
    even after the command caught it, ends the process by SIGINT instead of exiting 130.
    """


# The stop signals received since `raise_stops` was called: Python prints and ignores an
# exception raised inside a weakref callback or a __del__, so `check_stopped` raises it again.
received_stops: list[int] = []


def handle_stops(handler: Any) -> None:
    """Handle Ctrl-C, SIGTERM and SIGHUP (a closed terminal) alike."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, handler)


def raise_stopped(signal_number: int, _frame: object) -> None:
    """Signal handler: stop the run where it is, as Ctrl-C does."""
    received_stops.append(signal_number)
    raise Stopped(signal.Signals(signal_number).name)


def raise_stops() -> None:
    """From now on, a stop signal raises Stopped where the command is, to be cleaned up after."""
    received_stops.clear()
    handle_stops(raise_stopped)


def check_stopped() -> None:
    """Raise Stopped again if a stop signal arrived (its first exception may have been ignored)."""
    if received_stops:
        raise Stopped(signal.Signals(received_stops[-1]).name)


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
