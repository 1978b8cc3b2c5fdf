"""The words around each chart: title, subtitle, source note, alt text and caption, from the data."""

from __future__ import annotations

import pandas as pd

from helpers.analysis import LevelGrowth, select_rows
from helpers.charts import ChartText
from helpers.formatting import format_millions, format_pct
from helpers.frames import iterate_rows
from helpers.provenance import build_source_note

# The metrics behind the reach chart, for its source note.
REACH_METRICS = ("genai_users", "genai_penetration", "internet_users")
# The metrics behind the usage chart, for its source note.
SHARE_METRICS = ("genai_users", "genai_users_by_use", "genai_users_share_by_use")


def describe_users_chart(
    levels: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame, growth: LevelGrowth | None
) -> ChartText:
    """Return the words of the users-over-time chart, naming every bar's value in the alt text."""
    bars = "; ".join(
        f"{row.period}: {format_millions(row.users_m)}" for row in iterate_rows(levels)
    )
    arrow = ""
    if growth is not None:
        arrow = (
            f" An arrow from {growth.from_period} to {growth.period} marks growth of "
            f"{format_pct(growth.growth_pct, signed=True)}."
        )
    span = f" from {growth.from_period} to {growth.period}" if growth else ""
    return ChartText(
        title="Generative-AI users in China",
        subtitle="Users at each reporting date, million people",
        source_note=build_source_note(select_rows(figures, "genai_users"), sources),
        alt_text=f"Bar chart of generative-AI users: {bars}.{arrow}",
        caption="Users per reporting date"
        + (f"; the arrow marks the growth{span}." if growth else "."),
    )


def describe_reach_chart(
    levels: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame
) -> ChartText:
    """Return the words of the reach chart: share of the population and of internet users."""
    bars = "; ".join(
        f"{row.period}: {format_pct(row.published_penetration_pct)} of the population, "
        f"{format_pct(row.penetration_of_internet_users_pct)} of internet users"
        for row in iterate_rows(levels)
    )
    return ChartText(
        title="Reach of generative AI",
        subtitle="Users as a share of the population and of internet users, percent",
        source_note=build_source_note(figures.loc[figures["metric"].isin(REACH_METRICS)], sources),
        alt_text=f"Grouped bar chart per reporting date: {bars}.",
        caption="CNNIC's published share of the population beside users divided by internet users.",
    )


def describe_shares_chart(
    shares: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame, period: str
) -> ChartText:
    """Return the words of the usage-shares chart; the caption warns that the uses overlap."""
    bars = "; ".join(
        f"{row.segment_name}: {format_pct(row.share_pct)} ({format_millions(row.users_m, 1)})"
        for row in iterate_rows(shares)
    )
    rows = figures.loc[(figures["period"] == period) & figures["metric"].isin(SHARE_METRICS)]
    return ChartText(
        title=f"What generative-AI users do with it, {period}",
        subtitle="Share of all users per use, percent (million people); uses overlap",
        source_note=build_source_note(rows, sources),
        alt_text=f"Horizontal bar chart of usage shares: {bars}.",
        caption="Each bar is a share of all users; one person can be in several bars, "
        "so they do not add up to 100%.",
    )
