"""Tables derived from the figures frame: levels over time, growth reconciliation, shares."""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.frames import iterate_rows
from helpers.vocabulary import METRICS, name_segment

# The metrics each walk-through needs for a period; anything absent is reported, not fatal.
CORE_METRICS = (
    "genai_users",
    "genai_penetration",
    "internet_users",
    "population",
    "genai_users_by_use",
)


class LevelGrowth(NamedTuple):
    """Growth of users between two periods, computed from the published levels."""

    from_period: str
    period: str
    start_users_m: float
    end_users_m: float
    months: int
    growth_pct: float
    annualized_growth_pct: float


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


def list_missing(figures: pd.DataFrame, period: str) -> list[str]:
    """Return the descriptions of the core metrics that data/ lacks for a period."""
    have = set(figures.loc[figures["period"] == period, "metric"])
    return [METRICS[metric].description for metric in CORE_METRICS if metric not in have]


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


def reconcile_growth(figures: pd.DataFrame) -> pd.DataFrame:
    """Return every published growth rate beside the rate its rounded levels imply."""
    records = []
    for row in iterate_rows(select_rows(figures, "genai_users_growth")):
        start = select_value(figures, "genai_users", row.from_period)
        end = select_value(figures, "genai_users", row.period)
        low, high = metrics.bound_reported_rate(row.value, row.qualifier)
        record = {
            "figure_id": row.figure_id,
            "from_period": row.from_period,
            "period": row.period,
            "reported_growth_pct": row.value,
            "qualifier": row.qualifier,
            "source_id": row.source_id,
            "start_users_m": start,
            "end_users_m": end,
        }
        if start is not None and end is not None:
            implied = metrics.compute_growth_pct(start, end)
            level_low, level_high = metrics.bound_growth_from_rounded_levels(start, end)
            base_low, base_high = metrics.compute_base_interval(end, low, high)
            record |= {
                "implied_growth_pct": round(implied, metrics.count_decimals(row.value) or 1),
                "difference_pp": round(row.value - implied, 2),
                "levels_allow_low_pct": level_low,
                "levels_allow_high_pct": level_high,
                "consistent_with_rounding": max(low, level_low) < min(high, level_high),
                "implied_base_m": metrics.compute_implied_base(end, row.value),
                "base_low_m": base_low,
                "base_high_m": base_high,
                "published_base_inside": base_low <= start <= base_high,
            }
        records.append(record)
    return pd.DataFrame.from_records(records)


def compute_segment_shares(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return each usage segment's users and share of all users; the segments overlap."""
    total = select_value(figures, "genai_users", period)
    counted = select_rows(figures, "genai_users_by_use", period)
    shared = select_rows(figures, "genai_users_share_by_use", period)
    records = []
    if not counted.empty and total is not None:
        for row in iterate_rows(counted):
            share = metrics.compute_share_pct(row.value, total)
            records.append((row.segment, row.value, share, "users published, share computed"))
    elif not shared.empty:
        for row in iterate_rows(shared):
            users = math.nan if total is None else metrics.bound_from_share(total, row.value)
            records.append((row.segment, users, row.value, "share published, users computed"))
    table = pd.DataFrame.from_records(records, columns=["segment", "users_m", "share_pct", "basis"])
    table.insert(1, "segment_name", table["segment"].map(name_segment))
    # One person can use AI in several ways, so these shares must never be added up.
    table["overlapping"] = True
    return table.sort_values("share_pct", ascending=False, ignore_index=True)


def compute_group_bounds(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the users each qualified group share stands for ("more than 30%" of 602 M)."""
    total = select_value(figures, "genai_users", period)
    rows = select_rows(figures, "genai_users_share_by_group", period)
    records = [
        {
            "segment": row.segment,
            "segment_name": name_segment(row.segment),
            "share_pct": row.value,
            "qualifier": row.qualifier,
            "bound_users_m": None if total is None else metrics.bound_from_share(total, row.value),
        }
        for row in iterate_rows(rows)
    ]
    return pd.DataFrame.from_records(
        records, columns=["segment", "segment_name", "share_pct", "qualifier", "bound_users_m"]
    )


def compute_level_growth(
    figures: pd.DataFrame, period: str, from_period: str
) -> LevelGrowth | None:
    """Return the growth of users from one period to a later one, or None if it cannot be computed."""
    start = select_value(figures, "genai_users", from_period)
    end = select_value(figures, "genai_users", period)
    if start is None or end is None or from_period >= period:
        return None
    months = metrics.count_months(from_period, period)
    growth = metrics.compute_growth_pct(start, end)
    annualized = metrics.compute_annualized_growth_pct(growth, months)
    return LevelGrowth(from_period, period, start, end, months, growth, annualized)


def compute_period_growth(levels: pd.DataFrame) -> pd.DataFrame:
    """Return growth between consecutive periods of `levels`, with its annualized rate."""
    ordered = levels.sort_values("period").reset_index(drop=True)
    records = []
    for before, after in zip(iterate_rows(ordered), iterate_rows(ordered.iloc[1:]), strict=False):
        months = metrics.count_months(before.period, after.period)
        growth = metrics.compute_growth_pct(before.users_m, after.users_m)
        records.append(
            {
                "from_period": before.period,
                "period": after.period,
                "months": months,
                "growth_pct": growth,
                "annualized_growth_pct": metrics.compute_annualized_growth_pct(growth, months),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["from_period", "period", "months", "growth_pct", "annualized_growth_pct"]
    )
