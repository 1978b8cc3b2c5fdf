"""Pandera schemas for data/: first the text of each cell, then the typed rules across rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.vocabulary import (
    FINDING_TOPICS,
    METRICS,
    OUTLET_KINDS,
    PERIOD_PATTERN,
    QUALIFIERS,
    SEEN_GRADES,
    SPAN_KINDS,
    UNITS,
)

# A calendar date, for publication and access dates (ASCII digits only, as for periods).
DATE_PATTERN = r"\A(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z"
# A plain decimal number: no thousands separators, units, percent signs or other scripts' digits.
NUMBER_PATTERN = r"\A-?[0-9]+(\.[0-9]+)?\Z"
# The precision a figure was published to: a power of ten written plainly (0.01, 0.1, 1, 10, 1000).
STEP_PATTERN = r"\A(0\.0*1|10*)\Z"
# Identifiers are lower-case slugs so they survive file names and URLs.
ID_PATTERN = r"\A[a-z0-9][a-z0-9-]*\Z"
# Segment codes are lower-case snake case.
SEGMENT_PATTERN = r"\A([a-z0-9_]+)?\Z"

FIGURE_COLUMNS = [
    "figure_id",
    "metric",
    "segment",
    "period",
    "from_period",
    "value",
    "rounded_to",
    "unit",
    "qualifier",
    "source_id",
    "seen",
    "label",
]
FINDING_COLUMNS = ["finding_id", "period", "topic", "finding", "source_id", "seen"]
SOURCE_COLUMNS = [
    "source_id",
    "publisher",
    "title",
    "published",
    "url",
    "accessed",
    "cnnic_report",
    "outlet",
    "reliability",
]

# Levels that other figures are divided by (growth, reach, shares): zero would divide by zero.
DIVISOR_METRICS = ("genai_users", "internet_users", "population")
# Counts of people that cannot exceed the population of their period.
PEOPLE_METRICS = ("genai_users", "genai_users_by_use", "genai_aware_people", "internet_users")
# What makes a figure the same figure: a second row for it from the same source is a mistake
# (two sources may publish the same figure differently; that is what the growth check compares).
FIGURE_KEY = ["metric", "segment", "period", "from_period", "source_id"]

# Published growth rates, each checked against the levels on its own (02-growth's reconciliation),
# so two sources may give one rate differently; every other figure must agree across sources.
RECONCILED_METRICS = ("genai_users_growth",)

# Row-level checks report no column of their own; this maps their message to the column to blame.
ROW_CHECK_COLUMNS: dict[str, str] = {}


def check_rows(
    column: str, expectation: str, rule: Callable[[pd.DataFrame], pd.Series]
) -> pa.Check:
    """Return a DataFrame check whose failures are reported against `column`."""
    ROW_CHECK_COLUMNS[expectation] = column
    return pa.Check(rule, error=expectation)


def is_calendar_date(text: str) -> bool:
    """Tell whether a YYYY-MM-DD text names a day the calendar has (not 2099-02-31)."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def date_column(expectation: str, *, required: bool = True) -> pa.Column:
    """Return a text column of dates written YYYY-MM-DD that exist (empty allowed if not required)."""
    full = DATE_PATTERN if required else f"^$|{DATE_PATTERN}"
    return pa.Column(
        str,
        [
            pa.Check.str_matches(full, error=expectation),
            # The pattern lets 31 follow any month; the calendar decides.
            pa.Check(
                lambda dates: (dates == "") | dates.map(is_calendar_date),
                error="a date the calendar has (this month has fewer days)",
            ),
        ],
    )


def text_column(pattern: str, expectation: str, *, required: bool = True) -> pa.Column:
    """Return a text column that must match `pattern` (and be non-empty when required)."""
    full = pattern if required else f"^$|{pattern}"
    return pa.Column(str, pa.Check.str_matches(full, error=expectation))


def nonempty(expectation: str = "a non-empty text") -> pa.Column:
    """Return a text column that must not be empty."""
    return pa.Column(str, pa.Check.str_length(min_value=1, error=expectation))


def choice(options: list[str] | tuple[str, ...], what: str) -> pa.Column:
    """Return a text column limited to a closed list (a new category must be added on purpose)."""
    return pa.Column(
        str, pa.Check.isin(list(options), error=f"one of the known {what}: {list(options)}")
    )


FIGURES_TEXT = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(
            str,
            [pa.Check.str_matches(ID_PATTERN, error="an id of lower-case letters, digits and '-'")],
            unique=True,
            report_duplicates="exclude_first",
        ),
        "metric": choice(list(METRICS), "metrics (categories have changed?)"),
        "segment": text_column(
            SEGMENT_PATTERN, "empty or a segment code in snake_case", required=False
        ),
        "period": text_column(
            PERIOD_PATTERN, "a period written YYYY-MM between 2000-01 and 2100-12, such as 2025-12"
        ),
        "from_period": text_column(
            PERIOD_PATTERN,
            "empty or a period written YYYY-MM between 2000-01 and 2100-12",
            required=False,
        ),
        "value": text_column(
            NUMBER_PATTERN, "a plain number such as 1234.5 (no thousands separator, unit or % sign)"
        ),
        "rounded_to": text_column(
            STEP_PATTERN,
            "the step the publication rounded to, a power of ten such as 0.1, 1 or 10 "
            "(2.3亿 is 230 million rounded to 10)",
        ),
        "unit": choice(UNITS, "units"),
        "qualifier": choice(QUALIFIERS, "qualifiers"),
        "source_id": nonempty("the id of a row of sources.csv"),
        "seen": choice(list(SEEN_GRADES), "grades of how the figure was seen"),
        "label": nonempty("a short label in words"),
    },
    strict=True,
)


def figures_rules(sources: pd.DataFrame) -> pa.DataFrameSchema:
    """Return the typed rules for figures.csv, given sources.csv validated."""
    expected_unit = {metric: spec.unit for metric, spec in METRICS.items()}
    segmented = {metric for metric, spec in METRICS.items() if spec.segmented}
    shares = {metric for metric, spec in METRICS.items() if spec.is_share}
    spans = {metric for metric, spec in METRICS.items() if spec.kind in SPAN_KINDS}
    changes = {metric for metric, spec in METRICS.items() if spec.kind == "change"}
    # A figure cannot describe a month after its source was published (or, undated, seen).
    latest_month = sources["published"].where(sources["published"] != "", sources["accessed"])
    latest_month = latest_month.str[:7]
    return pa.DataFrameSchema(
        {
            "value": pa.Column(
                float, pa.Check(np.isfinite, error="a finite number (this one overflows)")
            ),
            "rounded_to": pa.Column(float, pa.Check.gt(0, error="a step above 0")),
        },
        checks=[
            check_rows(
                "unit",
                "the unit that the metric is measured in",
                lambda d: d["unit"] == d["metric"].map(expected_unit),
            ),
            check_rows(
                "value",
                "a share between 0 and 100 percent",
                lambda d: ~d["metric"].isin(shares) | (d["value"] <= 100),
            ),
            check_rows(
                "segment",
                "a segment exactly when the metric is broken down by segment",
                lambda d: d["metric"].isin(segmented) == (d["segment"] != ""),
            ),
            check_rows(
                "value",
                "a value of 0 or more",
                lambda d: d["metric"].isin(changes) | (d["value"] >= 0),
            ),
            check_rows(
                "value",
                "a growth above -100 percent (nothing falls by more than all of it)",
                lambda d: (d["metric"] != "genai_users_growth") | (d["value"] > -100),
            ),
            check_rows(
                "from_period",
                "a start period before the period",
                lambda d: (d["from_period"] == "") | (d["from_period"] < d["period"]),
            ),
            check_rows(
                "from_period",
                "a start period exactly when the metric is counted over a span (a flow or a "
                "change); a level is a stock at its period and has none",
                lambda d: d["metric"].isin(spans) == (d["from_period"] != ""),
            ),
            check_rows(
                "value",
                "a value written to the step in rounded_to (230 with rounded_to 10, not 231)",
                lambda d: is_multiple(d["value"], d["rounded_to"]),
            ),
            check_rows(
                "qualifier",
                "'odd' (490余, 490-odd) only for a count (unit count): the reports read that "
                "range for counts of services, not yet for people or shares",
                lambda d: (d["qualifier"] != "odd") | (d["unit"] == "count"),
            ),
            check_rows(
                "source_id",
                "a source id that sources.csv defines",
                lambda d: d["source_id"].isin(set(sources.index)),
            ),
            check_rows(
                "period",
                "a period no later than the month its source was published (or, with no "
                "publication date, accessed) in sources.csv",
                lambda d: (
                    ~d["source_id"].isin(set(sources.index))
                    | (d["period"] <= d["source_id"].map(latest_month))
                ),
            ),
            check_rows(
                "value",
                "a segment no larger than the total generative-AI users of its period",
                segment_within_total,
            ),
            check_rows(
                "value",
                "a level above 0 (other figures are divided by it)",
                lambda d: ~d["metric"].isin(DIVISOR_METRICS) | (d["value"] != 0),
            ),
            check_rows(
                "value",
                "a number of people no larger than the population of its period",
                people_within_population,
            ),
        ],
    )


def is_multiple(values: pd.Series, steps: pd.Series) -> pd.Series:
    """Return True where a value is a whole number of its rounding steps (float error allowed)."""
    ratio = values / steps
    return (ratio - ratio.round()).abs() <= 1e-6 * ratio.abs().clip(lower=1)


def segment_within_total(figures: pd.DataFrame) -> pd.Series:
    """Return True for rows that are not a user segment or are at most the period's total."""
    totals = figures.loc[figures["metric"] == "genai_users"].groupby("period")["value"].max()
    is_segment = figures["metric"] == "genai_users_by_use"
    total = figures["period"].map(totals)
    return ~is_segment | total.isna() | (figures["value"] <= total)


def people_within_population(figures: pd.DataFrame) -> pd.Series:
    """Return True for rows that are not a count of people or are at most the population.

    A period without a population figure is held to the largest population data/ has.
    """
    population = figures.loc[figures["metric"] == "population"].groupby("period")["value"].max()
    if population.empty:
        return pd.Series(True, index=figures.index)
    bound = figures["period"].map(population).fillna(population.max())
    return ~figures["metric"].isin(PEOPLE_METRICS) | (figures["value"] <= bound)


SOURCES_TEXT = pa.DataFrameSchema(
    {
        "source_id": pa.Column(
            str,
            pa.Check.str_matches(ID_PATTERN, error="an id of lower-case letters, digits and '-'"),
            unique=True,
            report_duplicates="exclude_first",
        ),
        "publisher": nonempty("the publisher's name"),
        "title": nonempty("the title of the publication"),
        "published": date_column("empty or a date written YYYY-MM-DD", required=False),
        "url": text_column(r"^https?://\S+$", "an http(s) URL"),
        "accessed": date_column("a date written YYYY-MM-DD"),
        "cnnic_report": nonempty("the CNNIC report the figures come from (or 'none (…)')"),
        "outlet": choice(list(OUTLET_KINDS), "kinds of outlet"),
        "reliability": pa.Column(str),
    },
    strict=True,
    checks=[
        check_rows(
            "reliability",
            "a reliability note when the publication date is unknown",
            lambda d: (d["published"] != "") | (d["reliability"] != ""),
        )
    ],
)


def findings_text(source_ids: set[str]) -> pa.DataFrameSchema:
    """Return the rules for findings.csv: qualitative findings, each in this project's own words."""
    return pa.DataFrameSchema(
        {
            "finding_id": pa.Column(
                str,
                pa.Check.str_matches(
                    ID_PATTERN, error="an id of lower-case letters, digits and '-'"
                ),
                unique=True,
                report_duplicates="exclude_first",
            ),
            "period": text_column(
                PERIOD_PATTERN, "a period written YYYY-MM between 2000-01 and 2100-12"
            ),
            "topic": choice(FINDING_TOPICS, "finding topics"),
            "finding": nonempty("the finding in one sentence"),
            "source_id": pa.Column(
                str, pa.Check.isin(sorted(source_ids), error="a source id that sources.csv defines")
            ),
            "seen": choice(list(SEEN_GRADES), "grades of how the figure was seen"),
        },
        strict=True,
    )
