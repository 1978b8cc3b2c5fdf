"""Errors that carry enough context for a reader to fix their input."""

from __future__ import annotations


class DataError(Exception):
    """A data file could not be read or broke a rule; the message names file, line and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
