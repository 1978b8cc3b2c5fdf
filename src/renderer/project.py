"""What the renderer needs from the project it renders: declared here, implemented by helpers.seam."""
# Every convention of the project comes through `PROJECT`, so mypy checks the seam keeps this contract.

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from helpers import seam


class Finding(Protocol):
    """One key finding of the index: the number as published and the words that say what it counts."""

    @property
    def value(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def section(self) -> str: ...


class IndexChart(Protocol):
    """The index's small chart: its title, an image URI, its size in CSS pixels, alt text, caption."""

    title: str
    uri: str
    width: int
    height: int
    alt: str
    caption: str


class Dateline(Protocol):
    """A page's dateline: the words before the date it names, that date (ISO, '' for none), the
    words after; the page keeps the date on one line."""

    @property
    def lead(self) -> str: ...
    @property
    def published(self) -> str: ...
    @property
    def rest(self) -> str: ...


class Inputs(Protocol):
    """The validated data: its periods and dates, and the index's findings and chart."""

    periods: list[str]
    data_period: str
    # The latest publication date of a source ("" when no source records one).
    data_published: str

    def describe_as_of(self, parameters: Mapping[str, object]) -> Dateline: ...
    def describe_headline(self) -> Sequence[Finding]: ...
    # One sentence on the whole data, for the index's preview ('' for none).
    def describe_summary(self) -> str: ...
    def draw_index_chart(self) -> IndexChart | None: ...


class Project(Protocol):
    """The project's folders, conventions and words, and what the renderer asks of its data."""

    PROJECT_ROOT: Path
    DATA_DIR: Path
    NOTEBOOKS_DIR: Path
    RENDER_PLAN: Path
    OUTPUTS_DIR: Path
    # Parameters the renderer sets itself: the data folder, and where a notebook writes.
    DATA_PARAMETER: str
    OUTPUT_PARAMETER: str
    # The class of the output a report shows first, above its contents.
    LEDE_CLASS: str
    # The class of the output that states a report's finding, shown as its headline.
    HEADLINE_CLASS: str
    NARROW_MEDIA: str
    RECORDED_PACKAGES: tuple[str, ...]
    INDEX_TITLE: str
    INDEX_LEDE: str
    INDEX_SETS_NOTE: str
    # What the index says is counted (each report says it in its own cells, where it applies).
    USER_DEFINITION: str
    # What every report says about the project: its name, how the numbers are made, and the
    # licence of the reports and charts (name, address).
    PROJECT_NAME: str
    METHOD_NOTE: str
    REPORTS_LICENCE: tuple[str, str]
    INPUT_ERRORS: tuple[type[Exception], ...]
    PARAMETER_ERRORS: tuple[type[Exception], ...]

    def list_data_files(self, data_dir: Path) -> list[Path]: ...
    def hash_notebook_inputs(self, data_dir: Path) -> str: ...
    def read_inputs(self, data_dir: Path) -> Inputs: ...
    def check_parameters(self, values: Mapping[str, object], available: list[str]) -> None: ...
    def describe_plain(self, text: str) -> str: ...


PROJECT: Project = seam
