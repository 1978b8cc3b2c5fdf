"""Who the users are: shares of users by age, gender, education and occupation, at their precision.

Each person is in one age band, one gender and one education level, so those bands may be added;
a group published as a whole (40 and over) is checked against the sum of its bands, and one not
published is computed: all users less the other wider group's published share, else the sum of
its bands. Occupations are a few of many, and a share written "more than" is a floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.analysis import (
    NOT_FOUND,
    Check,
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
from helpers.formatting import format_computed, format_period, format_published
from helpers.metrics import Interval
from helpers.provenance import REPORT_TITLE_NOISE
from helpers.tables import iterate_rows
from helpers.vocabulary import METRICS, name_segment

AGE_METRIC = "genai_users_share_by_age"
GENDER_METRIC = "genai_users_share_by_gender"
EDUCATION_METRIC = "genai_users_share_by_education"
OCCUPATION_METRIC = "genai_users_share_by_occupation"
# The breakdowns of users this module reads, in the order a report shows them.
BREAKDOWN_METRICS = (AGE_METRIC, GENDER_METRIC, EDUCATION_METRIC, OCCUPATION_METRIC)
# What each breakdown divides users by, for sentences.
BREAKDOWN_WORDS = {
    AGE_METRIC: "age",
    GENDER_METRIC: "gender",
    EDUCATION_METRIC: "education",
    OCCUPATION_METRIC: "occupation",
}
# The six age bands, youngest first; each user is in exactly one.
AGE_BANDS = ("age_19_and_under", "age_20_29", "age_30_39", "age_40_49", "age_50_59", "age_60_plus")
YOUNGER_GROUP = "age_39_and_under"
OLDER_GROUP = "age_40_plus"
# Wider age groups and the bands that make them up.
AGE_GROUPS = {YOUNGER_GROUP: AGE_BANDS[:3], OLDER_GROUP: AGE_BANDS[3:]}
# The two wider groups make up all users between them: each is all users less the other.
COMPLEMENTS = {YOUNGER_GROUP: OLDER_GROUP, OLDER_GROUP: YOUNGER_GROUP}
# A breakdown's one share in words, for a report that found only that one.
ONLY_SHARE_WORDS = {
    "male": "the men's share",
    "college_or_higher": "the share with a college education or higher",
}
# All users: what the shares of bands that cover everyone add up to.
ALL_USERS = Interval(100.0, 100.0)
# Every column of build_band_table.
BAND_COLUMNS = [
    "period",
    "segment",
    "segment_name",
    "share_pct",
    "decimals",
    "seen",
    "source_id",
    "figure_id",
]
# Every column of list_group_users.
GROUP_USER_COLUMNS = [
    "figure_id",
    "segment",
    "segment_name",
    "share_pct",
    "qualifier",
    "decimals",
    "seen",
    "source_id",
    "users_low_m",
    "users_high_m",
    "users_estimate_m",
]


class Direction(StrEnum):
    """Which way a change goes once rounding is allowed for."""

    UP = "up"
    DOWN = "down"
    UNCLEAR = "within rounding of no change"


class ShareBasis(StrEnum):
    """Where a group's share comes from, best supported first."""

    PUBLISHED = "published"
    # All users less the published share of the group that makes up the rest: one figure.
    COMPLEMENT = "all users less the rest"
    # The group's bands added up: several figures, each rounded.
    BANDS = "sum of published bands"


class GroupShare(NamedTuple):
    """A group's share of users: published, or computed from other published shares."""

    segment: str
    value: float
    range: Interval
    basis: ShareBasis
    parts: tuple[Published, ...]

    @property
    def decimals(self) -> int:
        """Return the decimals the share is written to: its inputs' finest."""
        return max(part.decimals for part in self.parts)


class ShareChange(NamedTuple):
    """A group's share at two dates, with the change CNNIC published if any."""

    segment: str
    from_period: str
    period: str
    earlier: GroupShare
    later: GroupShare
    published: Published | None

    @property
    def points(self) -> float:
        """Return the later share minus the earlier, as the figures are written."""
        return self.later.value - self.earlier.value

    @property
    def range(self) -> Interval:
        """Return the change in points that the two shares allow at their precision."""
        return metrics.bound_difference(self.later.range, self.earlier.range)

    @property
    def consistent(self) -> bool | None:
        """Return whether the published change fits the computed one; None when none is published."""
        return None if self.published is None else self.range.overlaps(self.published.range)


def list_breakdown_periods(figures: pd.DataFrame) -> list[str]:
    """Return the periods with any breakdown of users by age, gender, education or occupation."""
    rows = figures.loc[figures["metric"].isin(BREAKDOWN_METRICS)]
    return sorted(rows["period"].unique())


def select_bands(
    figures: pd.DataFrame, period: str, bands: Sequence[str] = AGE_BANDS
) -> list[Published]:
    """Return the published age bands of a period that are among `bands`, in their order."""
    found = (select_published(figures, AGE_METRIC, period, band) for band in bands)
    return [band for band in found if band is not None]


def add_values(bands: Sequence[Published]) -> float:
    """Return the sum of shares as written, to the most decimals among them (12.7 + 8.6 + 4.2 = 25.5)."""
    return round(
        sum(band.value for band in bands), max((band.decimals for band in bands), default=0)
    )


def add_bands(bands: Iterable[Published]) -> Interval:
    """Return the range a sum of non-overlapping rounded shares allows."""
    ranges = [band.range for band in bands]
    return Interval(sum(r.low for r in ranges), sum(r.high for r in ranges))


def compute_group_share(
    figures: pd.DataFrame, metric: str, period: str, segment: str
) -> GroupShare | None:
    """Return a group's published share, else the best-supported share computed, else None."""
    published = select_published(figures, metric, period, segment)
    if published is not None:
        return GroupShare(
            segment, published.value, published.range, ShareBasis.PUBLISHED, (published,)
        )
    derived = list_derived_shares(figures, metric, period, segment)
    return derived[0] if derived else None


def list_derived_shares(
    figures: pd.DataFrame, metric: str, period: str, segment: str
) -> list[GroupShare]:
    """Return a wider age group's shares computed from other published shares, best supported first."""
    # First all users less the published share of the other wider group (one rounded figure, the
    # best seen of them), then the sum of the group's published bands (several rounded figures).
    if metric != AGE_METRIC:
        return []
    derived = []
    other = COMPLEMENTS.get(segment)
    rest = select_published(figures, metric, period, other) if other else None
    if rest is not None and rest.is_point:
        value = round(100.0 - rest.value, rest.decimals)
        allowed = compute_complement(rest.range)
        derived.append(GroupShare(segment, value, allowed, ShareBasis.COMPLEMENT, (rest,)))
    bands = AGE_GROUPS.get(segment, ())
    parts = select_bands(figures, period, bands)
    if bands and len(parts) == len(bands):
        derived.append(
            GroupShare(segment, add_values(parts), add_bands(parts), ShareBasis.BANDS, tuple(parts))
        )
    return derived


def check_group_share(figures: pd.DataFrame, period: str, segment: str) -> Check | None:
    """Return the sum of a wider age group's bands set against its published share, if both exist."""
    published = select_published(figures, AGE_METRIC, period, segment)
    bands = AGE_GROUPS.get(segment, ())
    parts = select_bands(figures, period, bands)
    if published is None or not bands or len(parts) < len(bands):
        return None
    return Check(add_values(parts), add_bands(parts), published.value, published.range)


def check_bands_cover_all(figures: pd.DataFrame, period: str) -> Check | None:
    """Return the sum of all six age bands set against all users (100 %), if all six exist."""
    parts = select_bands(figures, period)
    if len(parts) < len(AGE_BANDS):
        return None
    return Check(add_values(parts), add_bands(parts), 100.0, ALL_USERS)


def find_change_base(figures: pd.DataFrame, metric: str, period: str, segment: str) -> str | None:
    """Return the earlier period of the best-seen published change of a share, or None."""
    rows = select_rows(figures, f"{metric}_change", period)
    rows = rows.loc[rows["segment"] == segment]
    return None if rows.empty else str(rank_rows(rows)["from_period"].iloc[0])


def compare_group_share(
    figures: pd.DataFrame, metric: str, segment: str, period: str, from_period: str
) -> ShareChange | None:
    """Return a group's share at two periods and any published change, or None if one is missing."""
    earlier = compute_group_share(figures, metric, from_period, segment)
    later = compute_group_share(figures, metric, period, segment)
    if earlier is None or later is None or from_period >= period:
        return None
    change_metric = f"{metric}_change"
    published = (
        select_published(figures, change_metric, period, segment, from_period)
        if change_metric in METRICS
        else None
    )
    return ShareChange(segment, from_period, period, earlier, later, published)


def judge_direction(change: Interval) -> Direction:
    """Return whether a change allowed by rounding is surely up, surely down, or either."""
    if change.low > 0:
        return Direction.UP
    if change.high < 0:
        return Direction.DOWN
    return Direction.UNCLEAR


def compute_complement(share: Interval) -> Interval:
    """Return the range of everyone else's share: 100 minus a group's share, at its rounding."""
    return Interval(100.0 - share.high, 100.0 - share.low)


def build_band_table(figures: pd.DataFrame, periods: Iterable[str]) -> pd.DataFrame:
    """Return the published age bands of each period, youngest first, one row per band and period."""
    records = [
        (
            period,
            segment,
            name_segment(segment),
            band.value,
            band.decimals,
            band.seen,
            band.source_id,
            band.figure_id,
        )
        for period in periods
        for segment in AGE_BANDS
        if (band := select_published(figures, AGE_METRIC, period, segment)) is not None
    ]
    return pd.DataFrame.from_records(records, columns=BAND_COLUMNS)


def list_group_users(
    figures: pd.DataFrame, period: str, metric: str = OCCUPATION_METRIC
) -> pd.DataFrame:
    """Return every published share of a breakdown, best seen first, with the users it allows.

    The users are the share of the total count, both read at their precision; a share written
    "more than" gives a floor and no ceiling. A share written as a value also gives an estimate,
    rounded as report 03's are (metrics.estimate_part_of_total: 30.1% of 602 M is ≈181 M).
    Without a rounded total the users are left empty.
    """
    total = select_published(figures, "genai_users", period)
    rows = select_rows(figures, metric, period)
    order = list(dict.fromkeys(rows["segment"]))
    ranked = rank_rows(rows)
    records = []
    for segment in order:
        for row in iterate_rows(ranked.loc[ranked["segment"] == segment]):
            share = to_published(row)
            rounded_total = total is not None and total.is_point
            users = (
                metrics.bound_part_of_total(total.range, share.range)
                if total is not None and rounded_total
                else Interval(float("nan"), float("nan"))
            )
            estimate = (
                metrics.estimate_part_of_total(
                    total.value, share.value, total.rounded_to, share.rounded_to
                )
                if total is not None and rounded_total and share.is_point
                else float("nan")
            )
            records.append(
                (
                    share.figure_id,
                    segment,
                    name_segment(segment),
                    share.value,
                    share.qualifier,
                    share.decimals,
                    share.seen,
                    share.source_id,
                    users.low,
                    users.high,
                    estimate,
                )
            )
    return pd.DataFrame.from_records(records, columns=GROUP_USER_COLUMNS)


def name_reports(parts: Iterable[Published], sources: pd.DataFrame) -> list[str]:
    """Return the CNNIC publications the given figures come from, by short title, first cited first."""
    titles = (str(sources.loc[part.source_id, "cnnic_report"]) for part in parts)
    return list(dict.fromkeys(REPORT_TITLE_NOISE.sub("", title) for title in titles))


def format_end(period: str) -> str:
    """Return the date a level stands at: 'the end of June 2025'."""
    return f"the end of {format_period(period)}"


def name_bands(segment: str) -> str:
    """Return the bands a wider age group adds up: '40 to 49, 50 to 59 and 60 and over'."""
    return join_words([name_segment(band) for band in AGE_GROUPS[segment]])


def format_share(share: GroupShare) -> str:
    """Return a share as written: published with its mark, computed at its inputs' precision."""
    # A computed range one rounding step wide is a value at that step (100 − 74.6 allows
    # 25.35–25.45: 25.4%); a wider one is the range rounded outward to that step (25.35–25.65
    # is 25.3–25.7%), never written more finely than its inputs.
    if share.basis is ShareBasis.PUBLISHED:
        return format_figure(share.parts[0])
    return format_computed(share.range, "percent", share.decimals)


def describe_share(share: GroupShare, *, short: bool = False) -> Worded:
    """Return a share as written; a computed one says so, and how unless `short`."""
    text = format_share(share)
    if share.basis is ShareBasis.PUBLISHED:
        return Worded(text, share.parts)
    if short:
        return Worded(f"{text} (computed)", share.parts)
    if share.basis is ShareBasis.COMPLEMENT:
        everyone = format_published(ALL_USERS.low, "percent", decimals=0)
        rest = name_segment(COMPLEMENTS[share.segment]).lower()
        how = f"{everyone} less the {format_figure(share.parts[0])} of users {rest}"
    else:
        how = " + ".join(format_figure(part) for part in share.parts)
        how += f", the bands {name_bands(share.segment)}"
    return Worded(f"{text} (computed: {how})", share.parts)


def describe_from_rest(share: GroupShare, users: str = "users", when: str = "") -> Worded:
    """Return a share computed as all users less the rest, the published rest first.

    '74.6% of users were under 40 at the end of June 2025, so 40 and over was 25.4% (computed)'.
    """
    rest = share.parts[0]
    at = f" at {when}" if when else ""
    return Worded(
        f"{format_figure(rest)} of {users} were {name_segment(COMPLEMENTS[share.segment]).lower()}{at}, so "
        f"{name_segment(share.segment).lower()} was {format_share(share)} (computed)",
        share.parts,
    )


def describe_other_derivations(figures: pd.DataFrame, share: GroupShare, period: str) -> Worded:
    """Return how a computed share's other derivations compare with it (they add a check), or ''."""
    if share.basis is ShareBasis.PUBLISHED:
        return Worded("")
    others = [
        other
        for other in list_derived_shares(figures, AGE_METRIC, period, share.segment)
        if other.basis is not share.basis
    ]
    texts: list[str] = []
    shown: list[Published] = []
    for other in others:
        verdict = "agrees" if other.range.overlaps(share.range) else "does not agree"
        described = describe_share(other)
        texts.append(f"Read another way, it is {described.text}, which {verdict}.")
        shown.extend(described.shown)
    return Worded(" ".join(texts), tuple(shown))


class Scope(NamedTuple):
    """The dates a report on who the users are works with."""

    # Every date with a breakdown of users, oldest first.
    found: list[str]
    # The dates the report shows, oldest first: none when its period has no breakdown.
    dates: list[str]
    # The date the period's share of users aged 40 and over is compared with, if any.
    base: str | None


def choose_scope(figures: pd.DataFrame, period: str, comparison_period: str) -> Scope:
    """Return the dates a report shows: from the comparison period to the period, if it has any."""
    # A report is about its own period: without a breakdown there it shows none from other dates.
    # CNNIC's published change of the 40-and-over share names the date it compares with; the
    # report reaches back to that date when it is earlier than the comparison period.
    older_base = find_change_base(figures, AGE_METRIC, period, OLDER_GROUP)
    start = min(when for when in (period, comparison_period, older_base) if when)
    found = list_breakdown_periods(figures)
    dates = [when for when in found if start <= when <= period] if period in found else []
    earlier = [when for when in dates if when < period]
    return Scope(found, dates, older_base or (earlier[0] if earlier else None))


def describe_lede(
    figures: pd.DataFrame, sources: pd.DataFrame, period: str, scope: Scope
) -> tuple[str, Worded]:
    """Return the headline and lede: the 40-and-over share at the period and how it moved."""
    if not scope.dates:
        text = (
            f"A breakdown of generative-AI users by age, gender, education or occupation at "
            f"{format_end(period)} was {NOT_FOUND}, so this report shows none."
        )
        headline = text.split(", so")[0]
        others = [format_end(when) for when in scope.found]
        if others:
            text += (
                f" This report, run for {join_words(others, 'or')}, shows the breakdowns found "
                "for those dates."
            )
        return headline, Worded(text)
    older = compute_group_share(figures, AGE_METRIC, period, OLDER_GROUP)
    if older is None:
        text = f"Some breakdowns of generative-AI users were found for {format_end(period)}, but no age bands."
        return text.removesuffix("."), Worded(text)
    later = describe_share(older)
    shown = list(later.shown)
    if older.basis is ShareBasis.COMPLEMENT:
        # The published share it comes from leads; the computed one follows, labelled.
        headline = text = describe_from_rest(older, "generative-AI users", format_end(period)).text
    else:
        opening = "Users aged 40 and over made up {} of generative-AI users at " + format_end(
            period
        )
        headline = opening.format(describe_share(older, short=True).text)
        text = opening.format(later.text)
    change = (
        compare_group_share(figures, AGE_METRIC, OLDER_GROUP, period, scope.base)
        if scope.base
        else None
    )
    if change is None:
        text += "."
    else:
        earlier = describe_share(change.earlier)
        shown.extend(earlier.shown)
        text += f", against {earlier.text} at {format_end(change.from_period)}."
        if change.published is not None:
            shown.append(change.published)
            published = format_figure(change.published)
            allowed = format_computed(change.range, "percentage_points")
            text += (
                f" CNNIC gives the change as {published}; the shares, read as rounded, allow "
                f"{allowed}, so the two agree."
                if change.consistent
                else f" CNNIC gives the change as {published}, outside the {allowed} the "
                "shares allow, read as rounded."
            )
    text += describe_secondary(shown, figures, sources)
    return headline, Worded(text, tuple(shown))


def select_scope_rows(figures: pd.DataFrame, dates: Iterable[str]) -> pd.DataFrame:
    """Return the breakdowns of users at the dates, with their published changes."""
    metrics_shown = [*BREAKDOWN_METRICS, *(f"{metric}_change" for metric in BREAKDOWN_METRICS)]
    return figures.loc[figures["metric"].isin(metrics_shown) & figures["period"].isin(list(dates))]


def describe_found_shares(figures: pd.DataFrame, metric: str, dates: Iterable[str]) -> str:
    """Return which shares of a breakdown were found at the dates, in a sentence, or ''.

    'For gender only the men's share was found'; 'For occupation only the shares of … were found'.
    """
    groups = describe_groups_found(figures, metric, dates)
    if not groups:
        return ""
    verb = "were" if groups.startswith("only the shares") else "was"
    return f"For {BREAKDOWN_WORDS[metric]} {groups} {verb} found"


def describe_breakdown_gaps(figures: pd.DataFrame, period: str, shown: bool) -> str:
    """Return which breakdowns the coverage has for a date, which groups when in part, and where shown.

    'users by occupation: not found …; users by age, gender and education: found, in part for
    gender (only the men's share) and education (only the share with a college education or higher).'
    """
    have = set(figures.loc[figures["period"] == period, "metric"])
    lacking = [words for metric, words in BREAKDOWN_WORDS.items() if metric not in have]
    found = [words for metric, words in BREAKDOWN_WORDS.items() if metric in have]
    parts = [f"users by {join_words(lacking)}: {NOT_FOUND}"] if lacking else []
    in_part = [
        f"{words} ({describe_groups_found(figures, metric, [period])})"
        for metric, words in BREAKDOWN_WORDS.items()
        if metric in have
        and not (metric == AGE_METRIC and len(select_bands(figures, period)) == len(AGE_BANDS))
    ]
    if found:
        parts.append(
            f"users by {join_words(found)}: found"
            + (f", in part for {join_words(in_part)}" if in_part else "")
        )
    where = (
        ""
        if shown or not found
        else f" These are shown in this report run for {format_end(period)}, not here."
    )
    return "; ".join(parts) + "." + where


def describe_groups_found(figures: pd.DataFrame, metric: str, dates: Iterable[str]) -> str:
    """Return the groups of a breakdown found at the dates: "only the men's share", 'only the shares of …'."""
    rows = figures.loc[(figures["metric"] == metric) & figures["period"].isin(list(dates))]
    segments = list(dict.fromkeys(rows["segment"]))
    if not segments:
        return ""
    if len(segments) == 1:
        return "only " + ONLY_SHARE_WORDS.get(
            segments[0], f"the share of {name_segment(segments[0]).lower()}"
        )
    names = [name_segment(segment).lower() for segment in segments]
    # A comma before the last 'and' when a name holds one: 'staff, and self-employed and …'.
    last = ", and " if any(" and " in name for name in names) else " and "
    return f"only the shares of {', '.join(names[:-1])}{last}{names[-1]}"
