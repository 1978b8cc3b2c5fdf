"""Errors that carry enough context for a reader to fix their input."""

from __future__ import annotations


class ProjectError(Exception):
    """Base class: an error the command line reports as one message, without a traceback."""

    exit_code = 1


class DataError(ProjectError):
    """A data file could not be read or broke a rule; the message names file, line and column."""

    exit_code = 3

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class PlanError(ProjectError):
    """The batch plan or a parameter set is wrong; raised before any kernel starts."""

    exit_code = 4
