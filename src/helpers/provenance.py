"""Join figures to their sources and word the source notes that charts and reports carry."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

import pandas as pd

from helpers.formatting import describe_marks

# Source notes wrap at this width so they fit under an 8-inch chart at 8 pt.
NOTE_WIDTH_CHARS = 125
# Words dropped from report titles in chart notes; the full titles are in the report footer.
REPORT_TITLE_NOISE = re.compile(r" on China's Internet Development| \(released [0-9-]+\)")
# The edition in a CNNIC report's name ("57th", "(2025)"): what differs between reports of one series.
EDITION_NOISE = re.compile(r"\b[0-9]+(st|nd|rd|th) | \([0-9]{4}\)")
# Site names and reprint details dropped from publishers in chart notes: "Xinhua (chinaview.cn)".
# Only a bare domain or the name in Chinese goes: "a third-party research note (publisher not
# recorded)" keeps the words that say what is not known.
OUTLET_NOISE = re.compile(r" \((?:(?:[a-z0-9-]+\.)+[a-z]{2,}|[\u4e00-\u9fff]+)\)|, page .*$")
# A mirror recorded under what it copies ("CNNIC press release (mirrored by m.x.net)", or ", as
# mirrored by m.x.net"): the outlet is the mirror, so it is named first.
MIRROR = re.compile(r"\A(?P<original>.+?)(?: \(|, as )mirrored by (?P<mirror>[^)]+)\)?\Z")
# A note's closing words on a missing date, which the Published column already says.
DATE_NOTE = re.compile(r"[;.] [^;.]*publication date not recorded\.\Z", re.IGNORECASE)


# What a reader needs to judge a publication.
READER_COLUMNS = ["publisher", "title", "published", "url", "cnnic_report", "outlet", "reliability"]


def name_series(report: str) -> str:
    """Return the CNNIC series a report belongs to: its name without edition or release date."""
    return EDITION_NOISE.sub("", REPORT_TITLE_NOISE.sub("", report)).strip()


def list_series(figures: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Return the CNNIC report series the given figures come from, in first-seen order."""
    reports = sources.loc[figures["source_id"], "cnnic_report"]
    return list(dict.fromkeys(name_series(report) for report in reports))


def name_outlet(publisher: str) -> str:
    """Return an outlet's short name: 'Xinhua', or 'm.x.net (mirroring the CNNIC press release)'."""
    mirrored = MIRROR.match(publisher)
    if mirrored:
        return f"{mirrored['mirror']} (mirroring the {mirrored['original']})"
    return OUTLET_NOISE.sub("", publisher)


def sort_names(names: Iterable[str]) -> list[str]:
    """Return distinct names in reading order, whatever their case ('Access to China' before
    'ARY News', 'lwxsd.com' among the l's)."""
    return sorted(set(names), key=lambda name: (name.casefold(), name))


def join_sources(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the figures with each one's publisher, publication date, URL and CNNIC report."""
    columns = ["publisher", "published", "url", "accessed", "cnnic_report", "reliability"]
    return figures.merge(sources[columns], left_on="source_id", right_index=True, how="left")


def describe_outlets(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Return 'as carried by <outlets>', the publications' short names: every note's words."""
    # Semicolons between outlets: a name may hold a comma ("AIbase, Japanese edition").
    used = sources.loc[sorted(set(source_ids))]
    outlets = sort_names(name_outlet(publisher) for publisher in used["publisher"])
    return f"as carried by {'; '.join(outlets)}"


def build_source_note(figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return 'Source: CNNIC <reports>; as carried by <outlets>' for the given figures."""
    used = sources.loc[sorted(set(figures["source_id"]))]
    reports = sorted({REPORT_TITLE_NOISE.sub("", report) for report in used["cnnic_report"]})
    cnnic = [report for report in reports if not report.startswith("none")]
    other = ["National Bureau of Statistics"] if len(cnnic) < len(reports) else []
    note = f"Source: CNNIC, {'; '.join(cnnic)}" + "".join(f"; {name}" for name in other)
    note += f"; {describe_outlets(figures['source_id'], sources)}."
    legend = describe_marks(figures["seen"])
    if legend:
        note += f" {legend}"
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH_CHARS))


def flag_secondary(figure_id: str, figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return 'found only in a secondary outlet, <name>' if no other kind carries the figure."""
    # The same figure is the same value said the same way: a news report's "more than 30%" does
    # not carry a research note's 30.1%, though both are students' share at one date.
    key = ["metric", "segment", "period", "from_period", "value", "unit", "qualifier"]
    row = figures.loc[figures["figure_id"] == figure_id, key].iloc[0]
    same = figures.loc[(figures[key] == row).all(axis=1), "source_id"]
    used = sources.loc[sorted(set(same))]
    if (used["outlet"] != "secondary").any():
        return ""
    names = sort_names(name_outlet(publisher) for publisher in used["publisher"])
    outlets = "secondary outlets:" if len(names) > 1 else "a secondary outlet,"
    return f"found only in {outlets} {'; '.join(names)}"


def list_used_sources(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the publications the given figures come from, a missing date read as 'date not
    recorded' (and said there only, not again in the note)."""
    used = sources.loc[sources.index.isin(set(figures["source_id"]))].copy()
    undated = used["published"] == ""
    used.loc[undated, "reliability"] = used.loc[undated, "reliability"].str.replace(
        DATE_NOTE, ".", regex=True
    )
    used["published"] = used["published"].replace("", "date not recorded")
    return used.reset_index(drop=True)[["source_id", *READER_COLUMNS]]
