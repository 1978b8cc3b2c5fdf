"""Who the users are: shares of users by age, gender, education and occupation, at their precision.

Each person is in one age band, one gender and one education level, so those bands may be added;
a group published as a whole (40 and over) is checked against the sum of its bands. Occupations
are a few of many, and a share written "more than" is a floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.analysis import (
    Check,
    Published,
    rank_rows,
    select_published,
    select_rows,
    to_published,
)
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
]


class Direction(StrEnum):
    """Which way a change goes once rounding is allowed for."""

    UP = "up"
    DOWN = "down"
    UNCLEAR = "within rounding of no change"


class ShareBasis(StrEnum):
    """Where a group's share comes from."""

    PUBLISHED = "published"
    BANDS = "sum of published bands"


class GroupShare(NamedTuple):
    """A group's share of users, published or added up from its published bands."""

    segment: str
    value: float
    range: Interval
    basis: ShareBasis
    parts: tuple[Published, ...]


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
    """Return a group's published share, else the sum of all its published age bands, else None."""
    published = select_published(figures, metric, period, segment)
    if published is not None:
        return GroupShare(
            segment, published.value, published.range, ShareBasis.PUBLISHED, (published,)
        )
    bands = AGE_GROUPS.get(segment, ()) if metric == AGE_METRIC else ()
    parts = select_bands(figures, period, bands)
    if not bands or len(parts) < len(bands):
        return None
    return GroupShare(segment, add_values(parts), add_bands(parts), ShareBasis.BANDS, tuple(parts))


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


def compute_complement(share: GroupShare) -> Interval:
    """Return the range of everyone else's share: 100 minus the group's share, at its rounding."""
    return Interval(100.0 - share.range.high, 100.0 - share.range.low)


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
    "more than" gives a floor and no ceiling. Without a rounded total the users are left empty.
    """
    total = select_published(figures, "genai_users", period)
    rows = select_rows(figures, metric, period)
    order = list(dict.fromkeys(rows["segment"]))
    ranked = rank_rows(rows)
    records = []
    for segment in order:
        for row in iterate_rows(ranked.loc[ranked["segment"] == segment]):
            share = to_published(row)
            users = (
                metrics.bound_part_of_total(total.range, share.range)
                if total is not None and total.is_point
                else Interval(float("nan"), float("nan"))
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
                )
            )
    return pd.DataFrame.from_records(records, columns=GROUP_USER_COLUMNS)


def name_reports(parts: Iterable[Published], sources: pd.DataFrame) -> list[str]:
    """Return the CNNIC publications the given figures come from, by short title, first cited first."""
    titles = (str(sources.loc[part.source_id, "cnnic_report"]) for part in parts)
    return list(dict.fromkeys(REPORT_TITLE_NOISE.sub("", title) for title in titles))
