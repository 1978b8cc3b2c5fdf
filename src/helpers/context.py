"""China's share of the population using generative AI beside other places': the definitions.

Figures set beside each other here must have been read in full: in the publisher's own document
or in a news report's full text. Nothing seen only in a headline, a digest or a third party's
copy is used.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple

import pandas as pd

from helpers.analysis import Published, rank_rows, select_rows, to_published
from helpers.formatting import format_period
from helpers.provenance import NOTE_WIDTH_CHARS, OUTLET_NOISE, REPORT_TITLE_NOISE
from helpers.tables import iterate_rows

# The grades (vocabulary.SEEN_GRADES) a figure needs to be used in a comparison across places.
FULL_GRADES = ("primary", "full_text")


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
    # When a figure stands, filled with {month} (as 'December 2025') or {year}.
    dated: str
    dated_short: str


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
        dated="at the end of {month}",
        dated_short="end of {month}",
    ),
    "eu_genai_use_share": Definition(
        publisher="Eurostat",
        place="the EU",
        population="people aged 16 to 74 living in the EU",
        use="used generative-AI tools in the three months before they were surveyed",
        timing="a survey run once a year",
        group="people aged 16 to 74 in the EU",
        window="use over the three months before the survey",
        dated="in its {year} survey",
        dated_short="{year} survey",
    ),
}


def describe_date(metric: str, period: str, *, short: bool = False) -> str:
    """Return when a figure of a metric stands: 'at the end of December 2025', 'in its 2025 survey'."""
    definition = DEFINITIONS[metric]
    template = definition.dated_short if short else definition.dated
    return template.format(month=format_period(period), year=period[:4])


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


def build_source_note(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return the chart note: each figure's publisher, with the outlet it was read in if another."""
    parts = []
    for row in iterate_rows(rows):
        publisher = DEFINITIONS[row.metric].publisher
        source = sources.loc[row.source_id]
        outlet = OUTLET_NOISE.sub("", str(source["publisher"]))
        report = str(source["cnnic_report"])
        if outlet == publisher:
            parts.append(outlet)
        elif report.startswith("none"):
            parts.append(f"{publisher}, as reported by {outlet}")
        else:
            parts.append(
                f"{publisher}, {REPORT_TITLE_NOISE.sub('', report)}, as reported by {outlet}"
            )
    note = f"Sources: {'; '.join(dict.fromkeys(parts))}."
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH_CHARS))
