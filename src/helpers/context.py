"""China's share of the population using generative AI beside other places': the definitions.

Figures set beside each other here must have been read in full: in the publisher's own document
or in a publication's full text. The grade is about how a figure was read, not where: one read in
full on a secondary site is used, and flagged as found only there. Nothing seen only in a headline,
a digest or a third party's copy is used.
"""

from __future__ import annotations

import re
import textwrap
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.analysis import (
    NOT_FOUND,
    Published,
    Worded,
    describe_secondary,
    format_figure,
    join_words,
    rank_rows,
    select_published,
    select_rows,
    to_published,
)
from helpers.formatting import format_computed, format_period
from helpers.provenance import (
    NOTE_WIDTH_CHARS,
    REPORT_TITLE_NOISE,
    describe_outlets,
    flag_secondary,
    name_outlet,
)
from helpers.tables import iterate_rows
from helpers.vocabulary import METRICS, SEEN_GRADES

# The grades (vocabulary.SEEN_GRADES) a figure needs to be used in a comparison across places.
FULL_GRADES = ("primary", "full_text")
# What those grades share, whatever the outlet: how the figure was read, not where. The report
# states the rule (the publisher's document or a publication's full text) once, before this.
FULL_WORDS = "read in full"
# The year a survey ran, as its source names the survey: "(Eurostat survey on …, 2025)".
SURVEY_YEAR = re.compile(r"\bsurvey\b[^()]*\b((?:19|20)[0-9]{2})\)?\s*\Z")


class Definition(NamedTuple):
    """What one published share counts: whose share, who is in it, what use counts, and when."""

    publisher: str
    place: str
    population: str
    use: str
    timing: str
    # The same, short enough for a sentence or a chart subtitle.
    group: str
    window: str


# The one place these words live; the notebooks show them and never retype them.
DEFINITIONS: dict[str, Definition] = {
    "genai_penetration": Definition(
        publisher="CNNIC",
        place="China",
        population="China's whole resident population, people of every age",
        use="say they have used generative AI at some time in the past half year",
        timing="a level at the end of each reporting period",
        group="China's whole population",
        window="use over the past half year",
    ),
    "eu_genai_use_share": Definition(
        publisher="Eurostat",
        place="the EU",
        population="people aged 16 to 74 living in the EU",
        use="used generative-AI tools in the three months before they were surveyed",
        timing="a survey run once a year",
        group="people aged 16 to 74 in the EU",
        window="use over the three months before the survey",
    ),
}


def is_published_date(metric: str) -> bool:
    """Tell whether a metric's `period` is the month its figure was published (a yearly survey)."""
    return METRICS[metric].kind == "survey"


def find_survey_year(source_id: str, sources: pd.DataFrame) -> str:
    """Return the year of the survey a source reports, as its report column names it, or ''."""
    found = SURVEY_YEAR.search(str(sources.loc[source_id, "cnnic_report"]))
    return found.group(1) if found else ""


def describe_date(
    metric: str, figure: Published, period: str, sources: pd.DataFrame, *, short: bool = False
) -> str:
    """Return when a figure stands: 'at the end of December 2025', 'in its 2025 survey, published …'."""
    # A yearly survey is dated by its publication (its `period`) and named by its year; `short`
    # drops the 'at'/'in its' a sentence needs.
    month = format_period(period)
    if not is_published_date(metric):
        return f"end of {month}" if short else f"at the end of {month}"
    year = find_survey_year(figure.source_id, sources)
    survey = f"{year} survey, " if year else ""
    return f"{survey}published {month}" if short else f"in its {survey}published {month}"


def describe_cutoff(metric: str, period: str) -> str:
    """Return which figures a report may use: 'dated June 2025 or earlier', 'published by June 2025'."""
    month = format_period(period)
    return f"published by {month}" if is_published_date(metric) else f"dated {month} or earlier"


def name_period(metric: str, period: str) -> str:
    """Return a figure's period after 'a figure': 'for June 2026', or 'published June 2026'."""
    month = format_period(period)
    return f"published {month}" if is_published_date(metric) else f"for {month}"


class Found(NamedTuple):
    """The figure a comparison uses, and the figures of the same metric it leaves out."""

    figure: Published
    period: str
    # Later figures (up to the report's period) seen less than in full, so not used.
    left_out: pd.DataFrame


def select_latest_full(
    figures: pd.DataFrame, metric: str, period: str, grades: tuple[str, ...] = FULL_GRADES
) -> Found | None:
    """Return the latest figure of a metric at or before `period` whose grade is in `grades`.

    Only the `seen` grade decides; None when no figure of that grade is dated by `period`.
    """
    rows = select_rows(figures, metric)
    rows = rows.loc[(rows["period"] <= period) & (rows["segment"] == "")]
    usable = rows.loc[rows["seen"].isin(grades)]
    if usable.empty:
        return None
    latest = str(usable["period"].max())
    best = next(iterate_rows(rank_rows(usable.loc[usable["period"] == latest])))
    left_out = rows.loc[(rows["period"] > latest) & ~rows["seen"].isin(grades)]
    return Found(to_published(best), latest, left_out.reset_index(drop=True))


def list_left_out(
    figures: pd.DataFrame, metric: str, period: str, grades: tuple[str, ...] = FULL_GRADES
) -> pd.DataFrame:
    """Return a metric's figures at or before `period` whose grade is not in `grades`."""
    rows = select_rows(figures, metric)
    return rows.loc[(rows["period"] <= period) & ~rows["seen"].isin(grades)].reset_index(drop=True)


def describe_figures_used(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> str:
    """Return the date of each figure a report uses, or that none was found.

    "CNNIC's at the end of December 2025; Eurostat's in its 2025 survey, published December 2025".
    """
    parts = []
    for metric, words in DEFINITIONS.items():
        found = select_latest_full(figures, metric, period)
        if found is None:
            parts.append(
                f"for {words.publisher}, a figure {describe_cutoff(metric, period)} was {NOT_FOUND}"
            )
        else:
            when = describe_date(metric, found.figure, found.period, sources)
            parts.append(f"{words.publisher}'s {when}")
    # Semicolons: a survey's date holds a comma ("in its 2025 survey, published …").
    return "; ".join(parts)


def build_source_note(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return the chart note: each figure's publisher, with the outlet it was carried by if another."""
    parts = []
    for row in iterate_rows(rows):
        publisher = DEFINITIONS[row.metric].publisher
        source = sources.loc[row.source_id]
        report = str(source["cnnic_report"])
        if name_outlet(str(source["publisher"])) == publisher:
            parts.append(publisher)
            continue
        name = (
            publisher
            if report.startswith("none")
            else f"{publisher}, {REPORT_TITLE_NOISE.sub('', report)}"
        )
        parts.append(f"{name}, {describe_outlets([row.source_id], sources)}")
    note = f"Sources: {'; '.join(dict.fromkeys(parts))}."
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH_CHARS))


def describe_lede(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> tuple[str, Worded]:
    """Return the headline and lede: the two shares used, why their gap is not like for like."""
    # Or which share is missing; then the later figures left out for their grade, and the figures
    # no better outlet than a secondary one carries.
    china_metric, eu_metric = DEFINITIONS
    china, eu = (select_latest_full(figures, metric, period) for metric in DEFINITIONS)
    china_words, eu_words = DEFINITIONS[china_metric], DEFINITIONS[eu_metric]
    shown = [item.figure for item in (china, eu) if item is not None]
    if china is None:
        text = (
            f"A share of {china_words.group} using generative AI "
            f"{describe_cutoff(china_metric, period)}, read in full, was {NOT_FOUND}, so "
            f"this report has nothing to set beside {eu_words.place}'s."
        )
    else:
        text = (
            f"{china_words.publisher} puts the share of {china_words.group} using generative AI "
            f"at {format_figure(china.figure)} "
            f"{describe_date(china_metric, china.figure, china.period, sources)}"
        )
        if china.period < period:
            # The page is for `period`: that its China figure is an earlier one leads, in title
            # and lede (the share preview), not only in the sentence on what was left out.
            text = (
                f"{describe_stale(china_metric, period)}; the latest is "
                f"{china_words.publisher}'s, {format_figure(china.figure)} "
                f"{describe_date(china_metric, china.figure, china.period, sources)}"
            )
        if eu is None:
            text += (
                f". A figure for {eu_words.place} {describe_cutoff(eu_metric, period)} was "
                f"{NOT_FOUND}"
            )
            rows = select_rows(figures, eu_metric)
            later = sorted(rows.loc[rows["period"] > period, "period"])
            figure = select_published(figures, eu_metric, later[0]) if later else None
            if figure is not None:
                when = describe_date(eu_metric, figure, later[0], sources, short=True)
                text += f" (the one gathered: {eu_words.publisher}, {when})"
            text += ", so this report does not set the two side by side."
        else:
            gap = metrics.bound_difference(china.figure.range, eu.figure.range)
            text += (
                f"; {eu_words.publisher} puts the share of {eu_words.group} at "
                f"{format_figure(eu.figure)} "
                f"{describe_date(eu_metric, eu.figure, eu.period, sources)}. The two count "
                "different people over different spans of time, so the difference of "
                f"{format_computed(gap, 'percentage_points', 1)} (computed from the two rounded "
                "shares) is not a like-for-like comparison."
            )
    # A later figure left out for its grade is named too, by its date only; not the page's own
    # date for China when the lede already opens by saying no share for it was read in full.
    for metric, item in ((china_metric, china), (eu_metric, eu)):
        if item is not None:
            left_out = list_left_out(figures, metric, period)
            said = {period} if metric == china_metric and item.period < period else set()
            for when in sorted(
                set(left_out.loc[left_out["period"] > item.period, "period"]) - said
            ):
                text += (
                    f" {DEFINITIONS[metric].publisher}'s figure {name_period(metric, when)} is "
                    "left out: it was not read in full."
                )
    text += describe_secondary(shown, figures, sources)
    # The headline is the first clause, or the first two when they say the China figure is older.
    clauses = 2 if china is not None and china.period < period else 1
    headline = "; ".join(text.split(". ")[0].split("; ")[:clauses]).removesuffix(".")
    return headline, Worded(text, tuple(shown))


def describe_stale(metric: str, period: str) -> str:
    """Return 'No share of China's whole population using generative AI for June 2026 was read
    in full', for a page whose period has no such figure."""
    return (
        f"No share of {DEFINITIONS[metric].group} using generative AI {name_period(metric, period)} "
        "was read in full"
    )


def describe_left_out(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> Worded:
    """Return a sentence for each later figure left out for its grade, with value and outlet.

    With none left out, one sentence says every figure found up to `period` was read in full, and
    flags those only a secondary outlet carries.
    """
    lines, found = [], []
    for metric, words in DEFINITIONS.items():
        item = select_latest_full(figures, metric, period)
        left_out = list_left_out(figures, metric, period)
        if item is not None:
            left_out = left_out.loc[left_out["period"] > item.period]
        for row in iterate_rows(
            rank_rows(left_out).drop_duplicates("period").sort_values("period")
        ):
            figure = to_published(row)
            found.append(figure)
            flag = flag_secondary(figure.figure_id, figures, sources)
            lines.append(
                f"{words.publisher} also gave a figure {name_period(metric, row.period)}, "
                # The figure keeps its mark, as everywhere else: the legend under Sources explains it.
                f"{format_figure(figure)}, but it was {SEEN_GRADES[row.seen].legend}"
                + (f", and {flag}" if flag else "")
                + "; it is not used here."
            )
    if lines:
        return Worded(" ".join(lines), tuple(found))
    named = []
    for metric, words in DEFINITIONS.items():
        rows = select_rows(figures, metric)
        rows = rows.loc[
            (rows["period"] <= period) & (rows["segment"] == "") & rows["seen"].isin(FULL_GRADES)
        ]
        best = rank_rows(rows).drop_duplicates("period").sort_values("period")
        figures_found = [to_published(row) for row in iterate_rows(best)]
        found.extend(figures_found)
        if figures_found:
            named.append(
                f"{words.publisher}'s "
                + join_words(
                    [
                        f"{format_figure(figure)} {name_period(metric, when)}"
                        for figure, when in zip(figures_found, best["period"], strict=True)
                    ]
                )
            )
    if not found:
        return Worded(
            f"No figure of either measure up to {format_period(period)} was found in the "
            "coverage gathered here."
        )
    # An earlier figure seen less than in full (superseded, so not named) keeps "every one" out.
    every = all(list_left_out(figures, metric, period).empty for metric in DEFINITIONS)
    text = (
        f"No figure of either measure up to {format_period(period)} was left out: every one "
        f"found ({'; '.join(named)}) was {FULL_WORDS}."
        if every
        else f"No later figure of either measure up to {format_period(period)} was left out; "
        f"those {FULL_WORDS}, are {'; '.join(named)}."
    )
    return Worded(text + describe_secondary(found, figures, sources), tuple(found))
