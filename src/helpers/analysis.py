"""Tables derived from the figures frame: levels, growth checks, shares, flows and gaps."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

import pandas as pd

from helpers import metrics
from helpers.formatting import (
    format_computed,
    format_period,
    format_published,
    format_range,
    mark_seen,
)
from helpers.metrics import Interval, bound_published
from helpers.provenance import flag_secondary, name_series
from helpers.tables import iterate_rows
from helpers.vocabulary import POINT_QUALIFIERS, SEEN_GRADES, list_metrics, name_segment

# Flows counted over a span (from_period to period), as opposed to levels at a date.
FLOW_METRICS = list_metrics("flow")
# Changes between two levels (growth rates, added users, points), also dated by a span.
CHANGE_METRICS = list_metrics("change")
# What each walk-through needs for a period, with the words a missing-data note uses.
CORE_ITEMS = {
    "genai_users": "generative-AI users",
    "genai_penetration": "share of the population using generative AI",
    "internet_users": "internet users",
    "population": "population",
}

# How a missing figure is described: the coverage gathered here lacks it, which does not prove
# that CNNIC never published it.
NOT_FOUND = "not found in the coverage gathered here"

# Every column of reconcile_growth, present even when no rate can be checked.
RECONCILIATION_COLUMNS = [
    "figure_id",
    "from_period",
    "period",
    "published_growth_pct",
    "qualifier",
    "decimals",
    "source_id",
    "seen",
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


# Every column of compute_step_growth.
STEP_COLUMNS = [
    "from_period",
    "period",
    "months",
    "start_users_m",
    "end_users_m",
    "end_qualifier",
    "growth_pct",
    "growth_low_pct",
    "growth_high_pct",
]


class Published(NamedTuple):
    """One published figure with what it allows: its value, precision, wording and provenance."""

    value: float
    rounded_to: float
    qualifier: str
    decimals: int
    unit: str
    source_id: str
    seen: str
    figure_id: str

    @property
    def range(self) -> Interval:
        """Return the values the published figure allows, at its published precision."""
        return bound_published(self.value, self.qualifier, self.rounded_to)

    @property
    def is_point(self) -> bool:
        """Return whether the figure is a rounded value rather than a bound ("more than 700 M")."""
        return self.qualifier in POINT_QUALIFIERS


class LevelGrowth(NamedTuple):
    """Growth of users between two periods, computed from the published levels."""

    from_period: str
    period: str
    start: Published
    end: Published
    months: int
    # The growth of the two values as written; None when either level is only a bound.
    growth_pct: float | None
    range_pct: Interval

    @property
    def start_users_m(self) -> float:
        """Return the starting level as published."""
        return self.start.value

    @property
    def end_users_m(self) -> float:
        """Return the later level as published."""
        return self.end.value


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

    @property
    def can_fail(self) -> bool:
        """Return whether the two ranges could have missed each other (two floors always meet)."""
        computed, published = self.computed_range, self.published_range
        return not (
            (math.isinf(computed.high) and math.isinf(published.high))
            or (math.isinf(computed.low) and math.isinf(published.low))
        )


class Worded(NamedTuple):
    """A sentence for a report (plain text), with the published figures it shows."""

    text: str
    shown: tuple[Published, ...] = ()


def join_words(words: list[str], last: str = "and") -> str:
    """Return words as a list in a sentence: 'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) < 2 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def format_figure(figure: Published) -> str:
    """Return a published figure as written, with its mark when it was seen less than in full."""
    text = format_published(figure.value, figure.unit, figure.qualifier, figure.decimals)
    return text + mark_seen(figure.seen)


def choose_decimals(level: Published) -> int:
    """Return the decimals a range about a count needs: its half-step's (1 M: 1; 10 M: 0)."""
    return metrics.count_decimals(level.rounded_to * metrics.HALF_UNIT)


def format_read_as(level: Published) -> str:
    """Return the values a rounded count stands for, to the decimals its half-step needs."""
    return format_range(level.range, level.unit, choose_decimals(level))


def format_against(computed: Interval, level: Published) -> str:
    """Return a range computed for a count, rounded outward to the decimals of the count's own
    range (format_read_as), so it claims no more precision than the count it is set against."""
    return format_computed(computed, level.unit, choose_decimals(level))


# provenance.flag_secondary's opening, before the outlets it names.
SECONDARY_FLAG = re.compile(r"^found only in (a secondary outlet, |secondary outlets: )")


def enclose(text: str) -> str:
    """Return text in brackets, an aside ending it kept without nesting: 'x (a mirror)' → '(x, a
    mirror)'."""
    return f"({text.replace(' (', ', ').removesuffix(')') if text.endswith(')') else text})"


def describe_secondary(
    shown: Iterable[Published], figures: pd.DataFrame, sources: pd.DataFrame
) -> str:
    """Return ' Found only in secondary outlets: 16.4% (LongPort), 17.7% and 249 M (ForexBNB).'"""
    flagged: dict[str, list[str]] = {}
    for figure in dict.fromkeys(shown):
        flag = flag_secondary(figure.figure_id, figures, sources)
        if flag:
            outlet = SECONDARY_FLAG.sub("", flag)
            flagged.setdefault(outlet, []).append(format_figure(figure))
    if not flagged:
        return ""
    named = [f"{join_words(texts)} {enclose(outlet)}" for outlet, texts in flagged.items()]
    where = (
        "a secondary outlet" if len(flagged) == 1 and "; " not in named[0] else "secondary outlets"
    )
    # Groups part with semicolons when one holds a comma of its own ("12.7%, 8.6% and 4.2%").
    parted = "; " if any(", " in group for group in named) else ", "
    return f" Found only in {where}: {parted.join(named)}."


def select_rows(figures: pd.DataFrame, metric: str, period: str | None = None) -> pd.DataFrame:
    """Return the rows of one metric, optionally for one period."""
    rows = figures.loc[figures["metric"] == metric]
    return rows if period is None else rows.loc[rows["period"] == period]


def rank_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Return rows of one figure best first: best seen, a value before a bound, finest precision."""
    grade = rows["seen"].map({name: i for i, name in enumerate(SEEN_GRADES)})
    bound = ~rows["qualifier"].isin(POINT_QUALIFIERS)
    order = pd.DataFrame({"grade": grade, "bound": bound, "step": rows["rounded_to"]})
    return rows.loc[order.sort_values(["grade", "bound", "step"], kind="stable").index]


def to_published(row: object) -> Published:
    """Return one figures row as a Published figure."""
    return Published(
        float(row.value),  # type: ignore[attr-defined]
        float(row.rounded_to),  # type: ignore[attr-defined]
        str(row.qualifier),  # type: ignore[attr-defined]
        int(row.decimals),  # type: ignore[attr-defined]
        str(row.unit),  # type: ignore[attr-defined]
        str(row.source_id),  # type: ignore[attr-defined]
        str(row.seen),  # type: ignore[attr-defined]
        str(row.figure_id),  # type: ignore[attr-defined]
    )


def select_published(
    figures: pd.DataFrame, metric: str, period: str, segment: str = "", from_period: str = ""
) -> Published | None:
    """Return the best-seen published figure of a metric for a period (and segment), or None."""
    rows = select_rows(figures, metric, period)
    rows = rows.loc[(rows["segment"] == segment) & (rows["from_period"] == from_period)]
    return None if rows.empty else to_published(next(iterate_rows(rank_rows(rows))))


def list_periods(figures: pd.DataFrame, metric: str = "genai_users") -> list[str]:
    """Return the periods a metric has, oldest first."""
    return sorted(select_rows(figures, metric)["period"].unique())


# Where a list of gaps points for why the uses are none usable: report 03 of the same set.
USES_WHY = "report 03 of this set says why"


def list_gaps(
    figures: pd.DataFrame,
    period: str,
    findings: pd.DataFrame | None = None,
    uses_why: str = USES_WHY,
) -> list[str]:
    """Return what data/ lacks for a period, exactly: absent items, and uses known only as shares.

    Absent means not found in the coverage gathered here, not that CNNIC never published it. Uses
    with no figure but a finding (a share 03 leaves out, and says why) are none usable, not absent;
    `uses_why` says where the page's reader finds why.
    """
    have = set(figures.loc[figures["period"] == period, "metric"])
    absent = [words for metric, words in CORE_ITEMS.items() if metric not in have]
    partial = []
    said = (
        findings is not None
        and ((findings["period"] == period) & (findings["topic"] == "use")).any()
    )
    if "genai_users_by_use" not in have:
        if "genai_users_share_by_use" in have:
            partial.append("users by use: found only as shares of all users, no counts")
        elif said:
            partial.append(f"users by use: none usable ({uses_why})")
        else:
            absent.append("users by use")
    if not absent:
        return partial
    # The absent items share one verdict, said once: "internet users and population: not found…".
    return [f"{join_words(absent)}: {NOT_FOUND}", *partial]


def build_levels(figures: pd.DataFrame) -> pd.DataFrame:
    """Return one row per period with users, internet users, population and penetration."""
    columns = {
        "genai_users": "users_m",
        "internet_users": "internet_users_m",
        "population": "population_m",
        "genai_penetration": "published_penetration_pct",
    }
    rows = rank_rows(figures.loc[figures["metric"].isin(columns) & (figures["segment"] == "")])
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
    """Return the growth of users from one period to a later one, or None if it cannot be computed.

    The range uses each level's published precision; a level given as a bound gives a bound.
    """
    start = select_published(figures, "genai_users", from_period)
    end = select_published(figures, "genai_users", period)
    if start is None or end is None or start.value <= 0 or from_period >= period:
        return None
    point = (
        metrics.compute_growth_pct(start.value, end.value)
        if start.is_point and end.is_point
        else None
    )
    return LevelGrowth(
        from_period,
        period,
        start,
        end,
        metrics.count_months(from_period, period),
        point,
        metrics.bound_growth_pct(start.range, end.range),
    )


def compute_step_growth(figures: pd.DataFrame) -> pd.DataFrame:
    """Return users and growth between consecutive reporting dates (no annualising).

    Each step's growth is the range the two levels allow at their published precision; the
    point value is given only when both levels are rounded values, not bounds.
    """
    periods = list_periods(figures)
    records = []
    for before, after in itertools.pairwise(periods):
        growth = compute_level_growth(figures, after, before)
        if growth is None:
            continue
        records.append(
            {
                "from_period": before,
                "period": after,
                "months": growth.months,
                "start_users_m": growth.start.value,
                "end_users_m": growth.end.value,
                "end_qualifier": growth.end.qualifier,
                "growth_pct": math.nan if growth.growth_pct is None else growth.growth_pct,
                "growth_low_pct": growth.range_pct.low,
                "growth_high_pct": growth.range_pct.high,
            }
        )
    return pd.DataFrame.from_records(records, columns=STEP_COLUMNS)


def reconcile_growth(figures: pd.DataFrame) -> pd.DataFrame:
    """Return every published growth rate with the base range it allows beside the published base.

    Levels and rates are read at their published precision; the rate is consistent when the
    bases it allows overlap the range the published base stands for.
    """
    records = []
    for row in iterate_rows(select_rows(figures, "genai_users_growth")):
        rate = to_published(row)
        start = select_published(figures, "genai_users", row.from_period)
        end = select_published(figures, "genai_users", row.period)
        record: dict[str, object] = {
            "figure_id": row.figure_id,
            "from_period": row.from_period,
            "period": row.period,
            "published_growth_pct": row.value,
            "qualifier": row.qualifier,
            "decimals": row.decimals,
            "source_id": row.source_id,
            "seen": row.seen,
            "rate_low_pct": rate.range.low,
            "rate_high_pct": rate.range.high,
            "start_users_m": None if start is None else start.value,
            "end_users_m": None if end is None else end.value,
        }
        if start is not None and end is not None and start.value > 0 and end.is_point:
            base = metrics.bound_implied_base(end.range, rate.range)
            levels = metrics.bound_growth_pct(start.range, end.range)
            record |= {
                "growth_from_levels_pct": metrics.compute_growth_pct(start.value, end.value),
                "levels_allow_low_pct": levels.low,
                "levels_allow_high_pct": levels.high,
                "base_low_m": base.low,
                "base_high_m": base.high,
                "published_base_low_m": start.range.low,
                "published_base_high_m": start.range.high,
                "consistent": base.overlaps(start.range),
            }
        records.append(record)
    return pd.DataFrame.from_records(records).reindex(columns=RECONCILIATION_COLUMNS)


def select_change(
    figures: pd.DataFrame, metric: str, period: str, from_period: str, segment: str = ""
) -> Published | None:
    """Return a published change of a metric from one period to another, or None if absent."""
    return select_published(figures, metric, period, segment, from_period)


def check_users_increase(figures: pd.DataFrame, period: str, from_period: str) -> Check | None:
    """Return the published rise in users set against the difference of the two levels."""
    published = select_change(figures, "genai_users_increase", period, from_period)
    start = select_published(figures, "genai_users", from_period)
    end = select_published(figures, "genai_users", period)
    if published is None or start is None or end is None:
        return None
    computed = metrics.bound_difference(end.range, start.range)
    return Check(end.value - start.value, computed, published.value, published.range)


def check_earlier_penetration(figures: pd.DataFrame, period: str, from_period: str) -> Check | None:
    """Return the earlier share of the population implied by a later share minus its change."""
    points = select_change(figures, "genai_penetration_change", period, from_period)
    later = select_published(figures, "genai_penetration", period)
    earlier = select_published(figures, "genai_penetration", from_period)
    if points is None or later is None or earlier is None:
        return None
    computed = metrics.bound_difference(later.range, points.range)
    return Check(later.value - points.value, computed, earlier.value, earlier.range)


# Each published share of the population, with the two published levels it divides (part, whole).
SHARE_LEVELS: dict[str, tuple[str, str]] = {
    "genai_penetration": ("genai_users", "population"),
    "internet_penetration": ("internet_users", "population"),
}


def check_share(figures: pd.DataFrame, metric: str, period: str) -> Check | None:
    """Return a published share's two levels (SHARE_LEVELS), divided, set against the share."""
    part_metric, whole_metric = SHARE_LEVELS[metric]
    part = select_published(figures, part_metric, period)
    whole = select_published(figures, whole_metric, period)
    published = select_published(figures, metric, period)
    if part is None or whole is None or published is None or whole.value <= 0:
        return None
    return Check(
        metrics.compute_share_pct(part.value, whole.value),
        metrics.bound_share_pct(part.range, whole.range),
        published.value,
        published.range,
    )


def describe_unchecked_share(figures: pd.DataFrame, metric: str, period: str) -> str:
    """Return why a published share (SHARE_LEVELS) is not recomputed from its two levels: 'not
    recomputed as generative-AI users over population, as no figure for …' ('' when it can be)."""
    if select_published(figures, metric, period) is None or check_share(figures, metric, period):
        return ""
    levels = SHARE_LEVELS[metric]
    missing = [CORE_ITEMS[m] for m in levels if select_published(figures, m, period) is None]
    # Both levels found (a zero population): nothing a reader could look for.
    if not missing:
        return ""
    return (
        f"not recomputed as {CORE_ITEMS[levels[0]]} over {CORE_ITEMS[levels[1]]}, as no figure "
        f"for {join_words(missing)} at the end of {format_period(period)} was found in the "
        "coverage gathered here"
    )


def describe_reach_series(
    figures: pd.DataFrame, sources: pd.DataFrame, periods: Iterable[str], dated: bool = True
) -> str:
    """Return ' At the end of June 2025, users and internet users come from different CNNIC report
    series …' for the dates whose two counts (compute_internet_reach) do, dated unless asked not
    to ('' when none does)."""
    mixed: dict[tuple[str, str], list[str]] = {}
    for period in periods:
        users = select_published(figures, "genai_users", period)
        internet = select_published(figures, "internet_users", period)
        if users is None or internet is None:
            continue
        pair = tuple(
            name_series(str(sources.loc[count.source_id, "cnnic_report"]))
            for count in (users, internet)
        )
        if pair[0] != pair[1]:
            mixed.setdefault((pair[0], pair[1]), []).append(period)
    sentences = []
    for (of_users, of_internet), when in mixed.items():
        opening = (
            f"At the end of {join_words([format_period(p) for p in when])}, users"
            if dated
            else "Users"
        )
        sentences.append(
            f"{opening} and internet users come from different CNNIC report series (users from "
            f"the {of_users}, internet users from the {of_internet}), whose samples and "
            "questions may differ."
        )
    return "".join(f" {sentence}" for sentence in sentences)


def compute_internet_reach(figures: pd.DataFrame, period: str) -> Interval | None:
    """Return the share of internet users who use generative AI, as the rounded counts allow."""
    users = select_published(figures, "genai_users", period)
    internet = select_published(figures, "internet_users", period)
    if users is None or internet is None:
        return None
    return metrics.bound_share_pct(users.range, internet.range)


class Basis(StrEnum):
    """Where a number in a table of shares comes from: published, or worked out from others."""

    PUBLISHED = "published"
    COMPUTED = "computed from published counts"
    ESTIMATED = "estimated from a published share"
    NONE = "not available"


# Every column of compute_use_shares.
SHARE_COLUMNS = [
    "segment",
    "segment_name",
    "share_pct",
    "share_basis",
    "share_seen",
    "share_low_pct",
    "share_high_pct",
    "users_m",
    "users_basis",
    "users_seen",
    "across_reports",
    "consistent",
]


def compute_use_shares(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return each use's share of all users and its users; uses overlap, so shares never add up.

    A published share leads; a share computed from a published count fills in where none is
    published (and is checked against the published share where both exist, both read as
    rounded). Users are the published count, or an estimate from the share and the total.
    """
    total = select_published(figures, "genai_users", period)
    counted = select_rows(figures, "genai_users_by_use", period)
    shared = select_rows(figures, "genai_users_share_by_use", period)
    segments = list(dict.fromkeys([*shared["segment"], *counted["segment"]]))
    records = []
    for segment in segments:
        share = select_published(figures, "genai_users_share_by_use", period, segment)
        count = select_published(figures, "genai_users_by_use", period, segment)
        computed = (
            metrics.bound_share_pct(count.range, total.range)
            if count is not None and total is not None and total.is_point
            else None
        )
        record: dict[str, object] = {"segment": segment, "segment_name": name_segment(segment)}
        if share is not None:
            record |= {
                "share_pct": share.value,
                "share_basis": Basis.PUBLISHED,
                "share_seen": share.seen,
                "share_low_pct": share.range.low,
                "share_high_pct": share.range.high,
            }
        elif computed is not None and count is not None and total is not None:
            record |= {
                "share_pct": metrics.compute_share_pct(count.value, total.value),
                "share_basis": Basis.COMPUTED,
                "share_seen": count.seen,
                "share_low_pct": computed.low,
                "share_high_pct": computed.high,
            }
        else:
            continue
        if count is not None:
            record |= {
                "users_m": count.value,
                "users_basis": Basis.PUBLISHED,
                "users_seen": count.seen,
            }
        elif share is not None and total is not None and total.is_point:
            record |= {
                "users_m": metrics.estimate_part_of_total(
                    total.value, share.value, total.rounded_to, share.rounded_to
                ),
                "users_basis": Basis.ESTIMATED,
                "users_seen": share.seen,
            }
        else:
            record |= {"users_m": math.nan, "users_basis": Basis.NONE, "users_seen": ""}
        used = [f for f in (share, count, total) if f is not None]
        series = {name_series(str(sources.loc[f.source_id, "cnnic_report"])) for f in used}
        record["across_reports"] = len(series) > 1
        record["consistent"] = (
            computed.overlaps(share.range) if computed is not None and share is not None else None
        )
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=SHARE_COLUMNS)
    return table.sort_values("share_pct", ascending=False, ignore_index=True)


def compute_group_bounds(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the users each occupation share stands for, honouring both figures' rounding.

    "More than 30 %" of a total published as 602 M is more than 30 % of 601.5 M: 180 M, not 180.6 M.
    """
    total = select_published(figures, "genai_users", period)
    records = []
    rows = select_rows(figures, "genai_users_share_by_occupation", period)
    for segment in dict.fromkeys(rows["segment"]):
        share = select_published(figures, "genai_users_share_by_occupation", period, segment)
        assert share is not None  # the segment was taken from these rows
        bound = math.nan
        if total is not None:
            users = metrics.bound_part_of_total(total.range, share.range)
            bound = float(math.floor(users.low)) if math.isfinite(users.low) else math.nan
        records.append(
            (
                segment,
                name_segment(segment),
                share.value,
                share.qualifier,
                share.decimals,
                share.seen,
                bound,
            )
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "segment",
            "segment_name",
            "share_pct",
            "qualifier",
            "decimals",
            "seen",
            "users_at_least_m",
        ],
    )


def select_flows(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return the flows whose span lies in the period's calendar year and has ended by the period."""
    year = period[:4]
    rows = figures.loc[figures["metric"].isin(FLOW_METRICS)]
    inside = (rows["from_period"].str[:4] == year) & (rows["period"].str[:4] == year)
    return rows.loc[inside & (rows["period"] <= period)].reset_index(drop=True)


def select_running_totals(figures: pd.DataFrame, metric: str, period: str) -> pd.DataFrame:
    """Return a running total's published values up to a period, oldest first."""
    rows = select_rows(figures, metric)
    return (
        rank_rows(rows.loc[rows["period"] <= period])
        .drop_duplicates("period")
        .sort_values("period", ignore_index=True)
    )


def compute_population_base(figures: pd.DataFrame, period: str) -> Interval | None:
    """Return the population CNNIC's own users and share of the population imply for a period."""
    users = select_published(figures, "genai_users", period)
    share = select_published(figures, "genai_penetration", period)
    if users is None or share is None or not (users.is_point and share.is_point):
        return None
    return Interval(
        users.range.low / share.range.high * 100, users.range.high / share.range.low * 100
    )


def bound_users_by_share(figures: pd.DataFrame, period: str, base_period: str) -> Interval | None:
    """Return the users a period's published share of the population allows, on another period's
    population base (CNNIC's base was not found, so it is implied from users over share)."""
    share = select_published(figures, "genai_penetration", period)
    base = compute_population_base(figures, base_period)
    if share is None or base is None:
        return None
    return metrics.bound_part_of_total(base, share.range)


def check_users_by_share(figures: pd.DataFrame, period: str, base_period: str) -> Check | None:
    """Return the users a period's published share allows on another period's population base
    (bound_users_by_share), set against the period's published count."""
    users = select_published(figures, "genai_users", period)
    share = select_published(figures, "genai_penetration", period)
    base_users = select_published(figures, "genai_users", base_period)
    base_share = select_published(figures, "genai_penetration", base_period)
    by_share = bound_users_by_share(figures, period, base_period)
    if users is None or share is None or base_users is None or base_share is None:
        return None
    if by_share is None:
        return None
    return Check(
        share.value * base_users.value / base_share.value, by_share, users.value, users.range
    )


def describe_users_by_share(figures: pd.DataFrame, growth: LevelGrowth) -> Worded:
    """Return the check of each count of a growth that is a bound or coarsely rounded by the
    published share of the population on the base the other date's figures imply, with what that
    narrows, and the figures the words lean on ('' when no such check can be made)."""
    text, shown = "", []
    for when, other in ((growth.from_period, growth.period), (growth.period, growth.from_period)):
        level = growth.start if when == growth.from_period else growth.end
        coarse = level.is_point and level.rounded_to > 1
        check = check_users_by_share(figures, when, other)
        base = compute_population_base(figures, other)
        # A count to the nearest million leaves the share nothing to narrow.
        if (level.is_point and not coarse) or check is None or base is None:
            continue
        share, base_users, base_share = (
            select_published(figures, metric, at)
            for metric, at in (
                ("genai_penetration", when),
                ("genai_users", other),
                ("genai_penetration", other),
            )
        )
        assert share is not None and base_users is not None and base_share is not None
        shown += [share, base_users, base_share]
        if coarse:
            text += (
                f" The count for {format_period(when)} was published to the nearest "
                f"{format_published(level.rounded_to, 'million_people', decimals=0)}."
            )
        # A bound on users from a bound on the share: its end rounded down, never "about".
        reached = (
            f"{format_figure(share)} of a population of "
            f"{format_computed(base, 'million_people', 0)} (computed from its figures for "
            f"{format_period(other)}, {format_figure(base_users)} ÷ {format_figure(base_share)}) "
            f"is {format_against(check.computed_range, level)} (computed) if the population "
            "stayed the same"
        )
        if check.can_fail:
            text += (
                f" CNNIC's share of the population for {format_period(when)} checks the count: "
                f"{reached}, {'consistent' if check.consistent else 'not consistent'} with the "
                f"published count, {format_figure(level)}."
            )
        else:
            # Two floors (or two ceilings) always meet: say so rather than call it a check.
            side = "lower" if math.isinf(check.published_range.high) else "upper"
            text += (
                f" CNNIC's share of the population for {format_period(when)} gives only a "
                f"{'floor' if side == 'lower' else 'ceiling'}: {reached}. The published count, "
                f"{format_figure(level)}, is a{'n' if side == 'upper' else ''} {side} bound too, "
                "so the share neither confirms nor contradicts it."
            )
        if coarse and check.consistent:
            narrowed = Interval(
                max(check.computed_range.low, level.range.low),
                min(check.computed_range.high, level.range.high),
            )
            # The growth from the narrowed range itself, not from its rounded display: rounding
            # before dividing would widen the result for nothing.
            ends = (
                (narrowed, growth.end.range)
                if when == growth.from_period
                else (growth.start.range, narrowed)
            )
            grown = format_computed(metrics.bound_growth_pct(*ends), "percent")
            # The count said once: the share's range, when it lies within the count's, is it.
            text += (
                f" With the count narrowed to that range, the growth is {grown} (computed)."
                if narrowed == check.computed_range
                else f" Together they narrow the count to "
                f"{format_against(narrowed, level)} (computed), and the growth to "
                f"{grown} (computed)."
            )
    return Worded(text.strip(), tuple(shown))
