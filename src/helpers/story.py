"""Markdown paragraphs for the notebooks, every number computed from the tables passed in."""

from __future__ import annotations

import pandas as pd

from helpers.analysis import LevelGrowth, list_missing, select_rows, select_value
from helpers.formatting import escape_text, format_count, format_millions, format_pct
from helpers.frames import iterate_rows
from helpers.metrics import count_decimals

# How each qualifier reads in a sentence.
QUALIFIER_WORDS = {
    "exact": "",
    "nearly": "nearly ",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "less than ",
    "at_least": "at least ",
}


def describe_dataset(figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return a paragraph on how many figures, periods and sources data/ holds."""
    secondary = int((sources["reliability"] != "").sum())
    periods = sorted(figures["period"].unique())
    return (
        f"data/ holds **{len(figures)} published figures** covering **{len(periods)} periods** "
        f"({escape_text(periods[0])} to {escape_text(periods[-1])}), taken from "
        f"**{len(sources)} publications**; {secondary} of them carry a reliability note "
        "because they are secondary outlets or lack a publication date. Every figure passed "
        "the schema checks: types, units, periods, ranges, unique ids, known sources, and no "
        "usage segment larger than the total users of its period."
    )


def describe_missing(figures: pd.DataFrame, period: str) -> str:
    """Return a note listing what data/ lacks for a period, or an empty string."""
    missing = list_missing(figures, period)
    if not missing:
        return ""
    items = ", ".join(escape_text(item) for item in missing)
    return (
        f"**Not published for {escape_text(period)}:** {items}. "
        "The steps that need these figures say so and skip them instead of failing."
    )


def describe_headline(figures: pd.DataFrame, period: str) -> str:
    """Return the headline figures of a period as a bullet list, with their qualifiers."""
    lines = []
    users = select_value(figures, "genai_users", period)
    if users is not None:
        lines.append(f"- Generative-AI users: **{format_millions(users)}**")
    for row in iterate_rows(figures.loc[figures["period"] == period]):
        if row.metric in ("ai_software_smes_founded", "genai_services_registered"):
            span = f" ({escape_text(row.from_period)} to {escape_text(row.period)})"
            lines.append(f"- {escape_text(row.label)}{span}: **{format_count(row.value)}**")
        if row.metric == "genai_users_share_by_group":
            words = QUALIFIER_WORDS[row.qualifier]
            lines.append(f"- {escape_text(row.label)}: **{words}{format_pct(row.value, 0)}**")
    if not lines:
        return f"data/ has no headline figures for {escape_text(period)}."
    return f"Headline figures for {escape_text(period)}:\n\n" + "\n".join(lines)


def describe_growth(reconciliation: pd.DataFrame, period: str, comparison_period: str) -> str:
    """Return what the published growth rates and the rounded levels say about one another."""
    rows = reconciliation.loc[
        (reconciliation["period"] == period) & (reconciliation["from_period"] == comparison_period)
    ]
    if rows.empty or "implied_growth_pct" not in rows or rows["implied_growth_pct"].isna().all():
        return (
            f"No growth rate from {escape_text(comparison_period)} to {escape_text(period)} "
            "was published together with both levels, so there is nothing to reconcile."
        )
    parts = []
    for row in iterate_rows(rows):
        words = QUALIFIER_WORDS[row.qualifier]
        verdict = "fits" if row.consistent_with_rounding else "does not fit"
        inside = "inside" if row.published_base_inside else "outside"
        parts.append(
            f"- **{words}{format_pct(row.reported_growth_pct, count_decimals(row.reported_growth_pct))}** "
            f"({escape_text(row.source_id)}): the rounded levels "
            f"{format_millions(row.start_users_m)} → {format_millions(row.end_users_m)} give "
            f"{format_pct(row.implied_growth_pct, 1)}, a gap of "
            f"{row.difference_pp:+.2f} percentage points, which {verdict} the rounding of the "
            f"levels. Read back, the rate implies a base of {format_millions(row.implied_base_m, 2)}"
            f" (between {format_millions(row.base_low_m, 2)} and "
            f"{format_millions(row.base_high_m, 2)} for the rounding of the rate); the published "
            f"base of {format_millions(row.start_users_m)} lies {inside} that range."
        )
    return "\n".join(parts)


def describe_shares(shares: pd.DataFrame, bounds: pd.DataFrame, period: str) -> str:
    """Return the usage shares as sentences, warning that they overlap."""
    if shares.empty:
        return f"data/ has no usage breakdown for {escape_text(period)}."
    lines = [
        f"- {escape_text(row.segment_name)}: **{format_pct(row.share_pct)}** of users "
        f"({format_millions(row.users_m, 1)}; {escape_text(row.basis)})"
        for row in iterate_rows(shares)
    ]
    total = shares["share_pct"].sum()
    text = (
        "\n".join(lines)
        + f"\n\nThe shares add up to {format_pct(total)}: above 100% because one person can "
        "use AI in several ways. They are shown side by side, never stacked or summed."
    )
    for row in iterate_rows(bounds):
        words = QUALIFIER_WORDS[row.qualifier]
        text += (
            f"\n\n{escape_text(row.segment_name)} are {words}{format_pct(row.share_pct, 0)} of "
            f"users, so {words}{format_millions(row.bound_users_m, 1)} people."
        )
    return text


def describe_level_growth(growth: LevelGrowth | None, period: str, from_period: str) -> str:
    """Return the growth from the levels in words, or why it cannot be computed."""
    if growth is None and from_period >= period:
        return (
            f"The comparison period {escape_text(from_period)} is not before "
            f"{escape_text(period)}, so there is no growth to compute."
        )
    if growth is None:
        return (
            f"Users are not published for both {escape_text(from_period)} and "
            f"{escape_text(period)}, so the growth between them cannot be computed."
        )
    return (
        f"From {escape_text(growth.from_period)} to {escape_text(growth.period)} "
        f"({growth.months} months) users went from **{format_millions(growth.start_users_m)}** "
        f"to **{format_millions(growth.end_users_m)}**: an increase of "
        f"**{format_millions(growth.end_users_m - growth.start_users_m)}**, or "
        f"**{format_pct(growth.growth_pct, signed=True)}** "
        f"({format_pct(growth.annualized_growth_pct, signed=True)} a year at that pace)."
    )


def describe_population_check(levels: pd.DataFrame, period: str) -> str:
    """Return CNNIC's share of the population recomputed from users and population, if possible."""
    rows = levels.loc[levels["period"] == period]
    if rows.empty or rows["population_m"].isna().all():
        return (
            f"The population is not published for {escape_text(period)}, so CNNIC's share of "
            "the population cannot be recomputed here."
        )
    row = next(iterate_rows(rows))
    return (
        f"Recomputed for {escape_text(period)}: {format_millions(row.users_m)} users over a "
        f"population of {format_millions(row.population_m, 2)} is "
        f"{format_pct(row.penetration_of_population_pct, 2)}, against "
        f"{format_pct(row.published_penetration_pct)} published."
    )


def describe_ages(figures: pd.DataFrame, period: str) -> str:
    """Return the published age shares of a period, and their sum, or say there are none."""
    ages = select_rows(figures, "genai_users_share_by_age", period)
    if ages.empty:
        return f"No age breakdown is published for {escape_text(period)}."
    lines = [f"- {escape_text(row.label)}: {format_pct(row.value)}" for row in iterate_rows(ages)]
    return "\n".join(lines) + (
        f"\n\nTogether, the age groups listed are {format_pct(ages['value'].sum())} of all users."
    )
