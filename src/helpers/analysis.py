"""Tables derived from the figures frame: levels, growth checks, shares, flows and gaps."""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.metrics import Interval, bound_published
from helpers.tables import iterate_rows
from helpers.vocabulary import FLOW, METRICS, name_segment

# Flows counted over a span (from_period to period), as opposed to levels at a date.
FLOW_METRICS = tuple(metric for metric, spec in METRICS.items() if spec.kind == FLOW)
# What each walk-through needs for a period, with the words a missing-data note uses.
CORE_ITEMS = {
    "genai_users": "generative-AI users",
    "genai_penetration": "share of the population using generative AI",
    "internet_users": "internet users",
    "population": "population",
}


# Every column of reconcile_growth, present even when no rate can be checked.
RECONCILIATION_COLUMNS = [
    "figure_id",
    "from_period",
    "period",
    "published_growth_pct",
    "qualifier",
    "source_id",
    "rate_low_pct",
    "rate_high_pct",
    "start_users_m",
    "end_users_m",
    "growth_from_levels_pct",
    "levels_allow_low_pct",
    "levels_allow_high_pct",
    "base_low_m",
    "base_high_m",
    "published_base_low_m",
    "published_base_high_m",
    "consistent",
]


class LevelGrowth(NamedTuple):
    """Growth of users between two periods, computed from the published levels."""

    from_period: str
    period: str
    start_users_m: float
    end_users_m: float
    months: int
    growth_pct: float
    range_pct: Interval


class Check(NamedTuple):
    """A figure recomputed from other published figures, set against its published value."""

    computed: float
    computed_range: Interval
    published: float
    published_range: Interval

    @property
    def consistent(self) -> bool:
        """Return whether the published figure lies within what its inputs' rounding allows."""
        return self.computed_range.overlaps(self.published_range)


def select_rows(figures: pd.DataFrame, metric: str, period: str | None = None) -> pd.DataFrame:
    """Return the rows of one metric, optionally for one period."""
    rows = figures.loc[figures["metric"] == metric]
    return rows if period is None else rows.loc[rows["period"] == period]


def select_value(
    figures: pd.DataFrame, metric: str, period: str, segment: str = ""
) -> float | None:
    """Return the published value of a metric for a period (and segment), or None if absent."""
    rows = select_rows(figures, metric, period)
    rows = rows.loc[rows["segment"] == segment]
    return None if rows.empty else float(rows["value"].iloc[0])


def list_periods(figures: pd.DataFrame, metric: str = "genai_users") -> list[str]:
    """Return the periods a metric has, oldest first."""
    return sorted(select_rows(figures, metric)["period"].unique())


def list_gaps(figures: pd.DataFrame, period: str) -> list[str]:
    """Return what data/ lacks for a period, exactly: absent items, and uses known only as shares."""
    have = set(figures.loc[figures["period"] == period, "metric"])
    gaps = [f"{words}: not published" for metric, words in CORE_ITEMS.items() if metric not in have]
    if "genai_users_by_use" not in have:
        if "genai_users_share_by_use" in have:
            gaps.append("users by use: published only as shares of all users, no counts")
        else:
            gaps.append("users by use: not published")
    return gaps


def build_levels(figures: pd.DataFrame) -> pd.DataFrame:
    """Return one row per period with users, internet users, population and penetration."""
    columns = {
        "genai_users": "users_m",
        "internet_users": "internet_users_m",
        "population": "population_m",
        "genai_penetration": "published_penetration_pct",
    }
    rows = figures.loc[figures["metric"].isin(columns) & (figures["segment"] == "")]
    levels = rows.pivot_table(index="period", columns="metric", values="value", aggfunc="first")
    levels = levels.rename(columns=columns).reindex(columns=list(columns.values()))
    levels["penetration_of_population_pct"] = levels["users_m"] / levels["population_m"] * 100
    levels["penetration_of_internet_users_pct"] = (
        levels["users_m"] / levels["internet_users_m"] * 100
    )
    return levels.loc[levels["users_m"].notna()].reset_index().rename_axis(columns=None)


def compute_level_growth(
    figures: pd.DataFrame, period: str, from_period: str
) -> LevelGrowth | None:
    """Return the growth of users from one period to a later one, or None if it cannot be computed."""
    start = select_value(figures, "genai_users", from_period)
    end = select_value(figures, "genai_users", period)
    if start is None or end is None or start <= 0 or from_period >= period:
        return None
    return LevelGrowth(
        from_period,
        period,
        start,
        end,
        metrics.count_months(from_period, period),
        metrics.compute_growth_pct(start, end),
        metrics.bound_growth_pct(bound_published(start), bound_published(end)),
    )


def compute_step_growth(levels: pd.DataFrame) -> pd.DataFrame:
    """Return users and growth between consecutive reporting dates (no annualising)."""
    ordered = levels.sort_values("period").reset_index(drop=True)
    records = [
        {
            "from_period": before.period,
            "period": after.period,
            "months": metrics.count_months(before.period, after.period),
            "start_users_m": before.users_m,
            "end_users_m": after.users_m,
            "growth_pct": metrics.compute_growth_pct(before.users_m, after.users_m),
        }
        for before, after in zip(
            iterate_rows(ordered), iterate_rows(ordered.iloc[1:]), strict=False
        )
    ]
    return pd.DataFrame.from_records(
        records,
        columns=["from_period", "period", "months", "start_users_m", "end_users_m", "growth_pct"],
    )


def reconcile_growth(figures: pd.DataFrame) -> pd.DataFrame:
    """Return every published growth rate with the base range it allows beside the published base.

    Both levels and the rate are read as rounded to their last digit; the rate is consistent
    when the bases it allows overlap the range the published base stands for.
    """
    records = []
    for row in iterate_rows(select_rows(figures, "genai_users_growth")):
        start = select_value(figures, "genai_users", row.from_period)
        end = select_value(figures, "genai_users", row.period)
        rate = bound_published(row.value, row.qualifier)
        record: dict[str, object] = {
            "figure_id": row.figure_id,
            "from_period": row.from_period,
            "period": row.period,
            "published_growth_pct": row.value,
            "qualifier": row.qualifier,
            "source_id": row.source_id,
            "rate_low_pct": rate.low,
            "rate_high_pct": rate.high,
            "start_users_m": start,
            "end_users_m": end,
        }
        if start is not None and end is not None and start > 0:
            base = metrics.bound_implied_base(bound_published(end), rate)
            published_base = bound_published(start)
            levels = metrics.bound_growth_pct(published_base, bound_published(end))
            record |= {
                "growth_from_levels_pct": metrics.compute_growth_pct(start, end),
                "levels_allow_low_pct": levels.low,
                "levels_allow_high_pct": levels.high,
                "base_low_m": base.low,
                "base_high_m": base.high,
                "published_base_low_m": published_base.low,
                "published_base_high_m": published_base.high,
                "consistent": base.overlaps(published_base),
            }
        records.append(record)
    return pd.DataFrame.from_records(records).reindex(columns=RECONCILIATION_COLUMNS)


def select_change(
    figures: pd.DataFrame, metric: str, period: str, from_period: str
) -> float | None:
    """Return a published change of a metric from one period to another, or None if absent."""
    rows = select_rows(figures, metric, period)
    rows = rows.loc[rows["from_period"] == from_period]
    return None if rows.empty else float(rows["value"].iloc[0])


def check_users_increase(figures: pd.DataFrame, period: str, from_period: str) -> Check | None:
    """Return the published rise in users set against the difference of the two levels."""
    published = select_change(figures, "genai_users_increase", period, from_period)
    start = select_value(figures, "genai_users", from_period)
    end = select_value(figures, "genai_users", period)
    if published is None or start is None or end is None:
        return None
    computed = metrics.bound_difference(bound_published(end), bound_published(start))
    return Check(end - start, computed, published, bound_published(published))


def check_earlier_penetration(figures: pd.DataFrame, period: str, from_period: str) -> Check | None:
    """Return the earlier share of the population implied by a later share minus its change."""
    points = select_change(figures, "genai_penetration_change", period, from_period)
    later = select_value(figures, "genai_penetration", period)
    earlier = select_value(figures, "genai_penetration", from_period)
    if points is None or later is None or earlier is None:
        return None
    computed = metrics.bound_difference(bound_published(later), bound_published(points))
    return Check(later - points, computed, earlier, bound_published(earlier))


def check_penetration(figures: pd.DataFrame, period: str) -> Check | None:
    """Return users over population set against the published share of the population."""
    users = select_value(figures, "genai_users", period)
    population = select_value(figures, "population", period)
    published = select_value(figures, "genai_penetration", period)
    if users is None or population is None or published is None or population <= 0:
        return None
    computed = metrics.bound_share_pct(bound_published(users), bound_published(population))
    return Check(
        metrics.compute_share_pct(users, population),
        computed,
        published,
        bound_published(published),
    )


def compute_segment_shares(
    figures: pd.DataFrame, sources: pd.DataFrame, period: str
) -> pd.DataFrame:
    """Return each use's users and share of all users; uses overlap, so shares are never added.

    Counts give shares computed from them; published shares give user estimates rounded to the
    precision of their inputs, and the note says when share and total come from two publications.
    """
    total = select_rows(figures, "genai_users", period)
    counted = select_rows(figures, "genai_users_by_use", period)
    shared = select_rows(figures, "genai_users_share_by_use", period)
    total_value = None if total.empty else float(total["value"].iloc[0])
    total_report = None if total.empty else sources.loc[total["source_id"].iloc[0], "cnnic_report"]
    records = []
    if not counted.empty and total_value:
        for row in iterate_rows(counted):
            share = metrics.compute_share_pct(row.value, total_value)
            records.append((row.segment, row.value, share, "users published, share computed"))
    else:
        for row in iterate_rows(shared):
            if total_value is None:
                records.append((row.segment, math.nan, row.value, "share published, no total"))
                continue
            users = metrics.estimate_part_of_total(total_value, row.value)
            basis = "share published, users estimated"
            if sources.loc[row.source_id, "cnnic_report"] != total_report:
                basis += " across two CNNIC publications"
            records.append((row.segment, users, row.value, basis))
    table = pd.DataFrame.from_records(records, columns=["segment", "users_m", "share_pct", "basis"])
    table.insert(1, "segment_name", table["segment"].map(name_segment))
    return table.sort_values("share_pct", ascending=False, ignore_index=True)


def compute_group_bounds(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the users each qualified group share stands for, honouring the total's rounding.

    "More than 30 %" of a total published as 602 M is more than 30 % of 601.5 M: 180 M, not 180.6 M.
    """
    total = select_value(figures, "genai_users", period)
    records = []
    for row in iterate_rows(select_rows(figures, "genai_users_share_by_group", period)):
        bound = math.nan
        if total is not None:
            users = metrics.bound_part_of_total(
                bound_published(total), bound_published(row.value, row.qualifier)
            )
            bound = float(math.floor(users.low)) if math.isfinite(users.low) else math.nan
        records.append((row.segment, name_segment(row.segment), row.value, row.qualifier, bound))
    return pd.DataFrame.from_records(
        records, columns=["segment", "segment_name", "share_pct", "qualifier", "users_at_least_m"]
    )


def select_flows(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the flows whose span lies in the period's calendar year and has ended by the period."""
    year = period[:4]
    rows = figures.loc[figures["metric"].isin(FLOW_METRICS)]
    inside = (rows["from_period"].str[:4] == year) & (rows["period"].str[:4] == year)
    return rows.loc[inside & (rows["period"] <= period)].reset_index(drop=True)


def select_filings(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the running totals of filed services from the previous year's end up to the period."""
    year_before_end = f"{int(period[:4]) - 1}-12"
    rows = select_rows(figures, "genai_services_filed_total")
    inside = (rows["period"] >= year_before_end) & (rows["period"] <= period)
    return rows.loc[inside].sort_values("period").reset_index(drop=True)
