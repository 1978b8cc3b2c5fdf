"""Join figures to their sources and word the source notes that charts and reports carry."""

from __future__ import annotations

import re
import textwrap

import pandas as pd

# Source notes wrap at this width so they fit under an 8-inch chart at 8 pt.
NOTE_WIDTH_CHARS = 125
# Words dropped from report titles in chart notes; the full titles are in the report footer.
REPORT_TITLE_NOISE = re.compile(r" on China's Internet Development| \(released [0-9-]+\)")


# What a reader needs to trace a figure to its publication; the publication's details come next.
PROVENANCE_COLUMNS = ["figure_id", "label", "value", "unit", "qualifier", "publisher", "published"]
# What a reader needs to judge a publication.
SOURCE_COLUMNS = ["publisher", "title", "published", "url", "cnnic_report", "reliability"]


def list_period_provenance(
    figures: pd.DataFrame, sources: pd.DataFrame, period: str
) -> pd.DataFrame:
    """Return every figure of a period with the publisher and date of its source."""
    joined = join_sources(figures.loc[figures["period"] == period], sources)
    return joined[PROVENANCE_COLUMNS].reset_index(drop=True)


def list_period_sources(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the publications the figures of a period come from, with their CNNIC report."""
    used = figures.loc[figures["period"] == period, "source_id"].unique()
    return sources.loc[sources["source_id"].isin(used), SOURCE_COLUMNS].reset_index(drop=True)


def join_sources(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the figures with each one's publisher, publication date, URL and CNNIC report."""
    columns = ["publisher", "published", "url", "accessed", "cnnic_report", "reliability"]
    return figures.merge(sources[columns], left_on="source_id", right_index=True, how="left")


def build_source_note(figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return 'Source: CNNIC, <reports>' naming each report the given figures come from."""
    used = sources.loc[sorted(set(figures["source_id"]))]
    reports = sorted({REPORT_TITLE_NOISE.sub("", report) for report in used["cnnic_report"]})
    cnnic = [report for report in reports if not report.startswith("none")]
    other = ["National Bureau of Statistics"] if len(cnnic) < len(reports) else []
    note = f"Source: CNNIC, {'; '.join(cnnic)}" + "".join(f"; {name}" for name in other)
    note += (
        f". Via {len(used)} news outlet{'s' if len(used) > 1 else ''}, listed in the report footer."
    )
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH_CHARS))
