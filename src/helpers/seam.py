"""The one seam through which the batch renderer reaches the analysis.

The renderer (src/renderer/) knows notebooks, papermill and nbconvert, not CNNIC. This module
implements its `renderer.project.Project` protocol: where things are, the parameters the renderer
injects, what a notebook can read (for the execution key), the periods the data has and the
parameter rule (for the plan check), the report's lede, and the index page's words, key findings
and small chart. It imports nothing of the renderer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.errors import DataError
from helpers.files import hash_files
from helpers.parameters import ParameterError, check_parameters
from helpers.paths import (
    DATA_DIR,
    FIGURES_FILE,
    FINDINGS_FILE,
    HELPERS_DIR,
    LOCK_FILE,
    NOTEBOOKS_DIR,
    OUTPUTS_DIR,
    PROJECT_ROOT,
    RENDER_PLAN,
    SOURCES_FILE,
)
from helpers.vocabulary import SEEN_GRADES, USER_DEFINITION

if TYPE_CHECKING:
    import pandas as pd

    from helpers.headline import HeadlineItem

__all__ = [
    "DATA_DIR",
    "DATA_PARAMETER",
    "HEADLINE_CLASS",
    "INDEX_LEDE",
    "INDEX_SETS_NOTE",
    "INDEX_TITLE",
    "INPUT_ERRORS",
    "LEDE_CLASS",
    "METHOD_NOTE",
    "NARROW_MEDIA",
    "NOTEBOOKS_DIR",
    "OUTPUTS_DIR",
    "OUTPUT_PARAMETER",
    "PARAMETER_ERRORS",
    "PROJECT_NAME",
    "PROJECT_ROOT",
    "RECORDED_PACKAGES",
    "RENDER_PLAN",
    "REPORTS_LICENCE",
    "USER_DEFINITION",
    "Dateline",
    "IndexChart",
    "Inputs",
    "check_parameters",
    "describe_plain",
    "hash_notebook_inputs",
    "list_data_files",
    "read_inputs",
]

# Errors in the data that the renderer reports as bad input (its own exit code, no traceback).
INPUT_ERRORS: tuple[type[Exception], ...] = (DataError,)
# What check_parameters raises for a value the data cannot answer for; the message says why.
PARAMETER_ERRORS: tuple[type[Exception], ...] = (ParameterError,)
# The notebook parameters the renderer sets for every render: the data folder (only when it is
# not data/) and the folder a notebook writes its charts and tables to.
DATA_PARAMETER = "data_dir"
OUTPUT_PARAMETER = "output_dir"
# The class of the paragraph a notebook shows first (formatting.show_lede); reports put it on top.
LEDE_CLASS = "lede"
# The class of the output that states a report's finding: its headline, with the notebook's
# title (the words before its colon) as the kicker above it.
HEADLINE_CLASS = "headline"
# Pages switch to the phone layout up to this viewport width: the stylesheet and the charts'
# narrow twins both read it from here.
NARROW_MEDIA = "(max-width: 40rem)"
# The packages whose versions the manifest lists: the project's direct dependencies.
RECORDED_PACKAGES: tuple[str, ...] = (
    "pandas",
    "pandera",
    "matplotlib",
    "seaborn",
    "nbformat",
    "nbclient",
    "nbconvert",
    "papermill",
    "ipykernel",
    "jupyterlab",
)

# What the index page is called and says; the renderer has no words of its own for it.
INDEX_TITLE = "Generative-AI adoption in China"
INDEX_LEDE = (
    "How many people in China use generative AI, from the figures CNNIC published, as news "
    "reports, mirrors and third-party copies carry them: each figure is marked by how it was "
    "seen, and recomputed figures are checked against published ones at their rounding wherever "
    "both exist."
)
INDEX_SETS_NOTE = (
    "Each parameter set compares one reporting date with an earlier one; every report is also "
    "available with its code and as the executed notebook."
)


# What every report says about the project, in its own words, at the end (the index also shows
# USER_DEFINITION, which the reports that count users show as their notebooks do).
PROJECT_NAME = INDEX_TITLE
METHOD_NOTE = (
    "Every number on this page is worked out by code from the published figures in the project's "
    "data files, as the publications listed under Sources carry them; none is typed in by hand. "
    "A figure recomputed here is labelled as such and shown no more precisely than the rounding "
    "of the published figures it comes from allows."
)
# The licence of the reports, charts and chart data (LICENSE-reports); not the code's.
REPORTS_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


def describe_plain(text: str) -> str:
    """Return text without the marks of how its figures were seen, for where no legend follows."""
    from helpers.formatting import fold_spaces  # here: importing the seam loads no pandas

    for mark in {grade.mark for grade in SEEN_GRADES.values()} - {""}:
        text = text.replace(mark, "")
    return fold_spaces(text)


@dataclass(frozen=True)
class Dateline:
    """A page's dateline in three parts: the words before the date it names, that date (ISO,
    '' for none) and the words after it, so a page can keep the date on one line."""

    lead: str
    published: str = ""
    rest: str = ""

    def __str__(self) -> str:
        return f"{self.lead}{self.published}{self.rest}"


def describe_latest(dates: Iterable[str], scope: str = "") -> tuple[str, str, str]:
    """Return when the latest dated of the sources was published and how many have no recorded
    date, naming what they are the sources of (scope), as the words before the date, the date
    and the words after."""
    dates = list(dates)
    undated = sum(1 for date in dates if not date)
    latest = max((date for date in dates if date), default="")
    # The count says which sources are counted: a page lists only some of them.
    which = f"the only source{scope}" if len(dates) == 1 else f"the {len(dates)} sources{scope}"
    if not latest:
        subject = which if len(dates) == 1 else f"any of {which}"
        return f"no publication date is recorded for {subject}.", "", ""
    if len(dates) == 1:
        return f"{which} was published ", latest, "."
    if not undated:
        return f"the latest of {which} was published ", latest, "."
    # An undated source may be later than every dated one: the date bounds only the dated ones.
    verb = "has" if undated == 1 else "have"
    return (
        f"the latest dated of {which} was published ",
        latest,
        f"; {undated} {verb} no recorded publication date.",
    )


@dataclass
class IndexChart:
    """The index's small chart: a title stating what it shows, an SVG data URI, its size in
    pixels, alt text and caption."""

    title: str
    uri: str
    width: int
    height: int
    alt: str
    caption: str


@dataclass
class Inputs:
    """The validated data, with what every report's footer and the plan check need from it."""

    periods: list[str]
    data_period: str
    data_published: str
    figures: pd.DataFrame
    sources: pd.DataFrame
    findings: pd.DataFrame

    def describe_as_of(self, parameters: Mapping[str, object]) -> Dateline:
        """Return the dates a page's figures describe and when the latest dated source of figures
        for those dates was published, with how many of them have no recorded date."""
        # A page's sources: those of its figures dated within its window (comparison_period to
        # period), or every source for a page without a period (the whole data).
        from helpers.formatting import format_period

        period = str(parameters.get("period", ""))
        if not period:
            lead, published, rest = describe_latest(self.sources["published"])
            return Dateline(
                f"Figures up to {format_period(self.data_period)}; {lead}", published, rest
            )
        comparison = str(parameters.get("comparison_period", "")) or period
        window = self.figures[self.figures["period"].between(comparison, period)]
        cited = self.sources["source_id"].isin(window["source_id"])
        lead, published, rest = describe_latest(
            self.sources.loc[cited, "published"], " of figures for these dates"
        )
        against = f", compared with {format_period(comparison)}" if comparison != period else ""
        return Dateline(
            f"Figures as of the end of {format_period(period)}{against}; {lead}", published, rest
        )

    def describe_summary(self) -> str:
        """Return one sentence on the latest count of users for the index's preview ('' for none)."""
        from helpers.headline import describe_summary

        return describe_summary(self.figures, self.sources)

    def describe_headline(self) -> list[HeadlineItem]:
        """Return the index's key findings, or one item saying why there are none.

        A headline needs series that valid data may lack (no users rows, say); the index still
        lists every report, so a missing series must not cost the whole page.
        """
        from helpers.headline import HeadlineItem, build_headline

        if not (self.figures["metric"] == "genai_users").any():
            reason = "data has no generative-AI users figures (metric genai_users)"
            return [HeadlineItem("", f"headline not available: {reason}")]
        try:
            return build_headline(self.figures, self.sources, self.findings)
        except Exception as err:  # any failure of the headline is shown on the page, not raised
            reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
            return [HeadlineItem("", f"headline not available: {reason}")]

    def draw_index_chart(self) -> IndexChart | None:
        """Return the index's small chart of users per period, with alt text naming every value."""
        from helpers.analysis import (
            build_levels,
            compute_level_growth,
            describe_secondary,
            select_published,
        )
        from helpers.charts import OPEN_BAR_NOTE, draw_small_users, render_svg_uri
        from helpers.formatting import format_millions, format_period, mark_seen
        from helpers.provenance import build_source_note

        if not (self.figures["metric"] == "genai_users").any():
            return None
        try:
            levels = build_levels(self.figures)[["period", "users_m"]].dropna()
        except Exception:  # like the headline, a chart the data cannot give must not cost the page
            return None
        if levels.empty:
            return None
        found = [select_published(self.figures, "genai_users", p) for p in levels["period"]]
        levels["is_bound"] = [f is not None and not f.is_point for f in found]
        levels["label"] = [
            (">" if f is not None and not f.is_point else "")
            + format_millions(value)
            + (mark_seen(f.seen) if f is not None else "")
            for f, value in zip(found, levels["users_m"], strict=True)
        ]
        uri, width, height = render_svg_uri(draw_small_users(levels))
        values = "; ".join(
            f"{period}: {label}"
            for period, label in zip(levels["period"], levels["label"], strict=True)
        )
        first, last = levels["period"].iloc[0], levels["period"].iloc[-1]
        growth = compute_level_growth(self.figures, last, first) if len(levels) > 1 else None
        # The title states the finding without repeating a key figure the page lists above it,
        # as a ratio the rounded (or bounded) levels allow.
        title = f"Generative-AI users in China at the end of {format_period(last)}"
        if growth is not None:
            low, high = 1 + growth.range_pct.low / 100, 1 + growth.range_pct.high / 100
            ratio = (
                f"More than {math.floor(low * 10) / 10:.1f} times"
                if not math.isfinite(high)
                else f"{round(low, 1):.1f} times"
                if round(low, 1) == round(high, 1)
                else f"{math.floor(low * 10) / 10:.1f}–{math.ceil(high * 10) / 10:.1f} times"
            )
            # Unmarked, as every computed value: the bars below carry their levels' marks.
            title = (
                f"{ratio} as many people in China had used generative AI "
                f"by the end of {format_period(last)} as by the end of {format_period(first)} "
                "(computed)"
            )
        return IndexChart(
            title=title,
            uri=uri,
            width=width,
            height=height,
            alt=f"Bar chart of generative-AI users in China, million people: {values}.",
            caption=(
                f"Generative-AI users in China at each reporting date from {format_period(first)} "
                f"to {format_period(last)}, million people. "
                + (f"{OPEN_BAR_NOTE} " if levels["is_bound"].any() else "")
                # The outlets of exactly the bars drawn, with the legend of their marks.
                + build_source_note(
                    self.figures.loc[
                        self.figures["figure_id"].isin(f.figure_id for f in found if f)
                    ],
                    self.sources,
                ).replace("\n", " ")
                # A bar no better outlet carries is flagged, as under the reports' charts.
                + describe_secondary([f for f in found if f], self.figures, self.sources)
            ),
        )


def list_data_files(data_dir: Path) -> list[Path]:
    """Return the data files every notebook reads: exactly figures, sources and findings.

    Any other file in the folder (a backup copy, notes) is ignored on purpose: no notebook reads
    it, so it must not change a render's key or appear in a footer as an input.
    """
    return [data_dir / name for name in (FIGURES_FILE, SOURCES_FILE, FINDINGS_FILE)]


def hash_notebook_inputs(data_dir: Path) -> str:
    """Return one key of what a notebook can read besides itself: the data, helpers and pins."""
    helpers_files = [
        p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    pins = [LOCK_FILE] if LOCK_FILE.exists() else []
    return hash_files(
        [*list_data_files(data_dir), *helpers_files, *pins], [data_dir, HELPERS_DIR, PROJECT_ROOT]
    )


def read_inputs(data_dir: Path) -> Inputs:
    """Return the validated data of a folder; raises one of INPUT_ERRORS naming what is wrong."""
    from helpers.loading import load_findings, load_tables

    figures, sources = load_tables(data_dir)
    return Inputs(
        periods=sorted(figures["period"].unique()),
        data_period=max(figures["period"]),
        # Every source may lack a date (each then carries a reliability note instead).
        data_published=max((d for d in sources["published"] if d), default=""),
        figures=figures,
        sources=sources,
        findings=load_findings(data_dir),
    )
