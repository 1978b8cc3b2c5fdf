"""CAC filings (备案) and registrations (登记): running totals, and flows reconciled with them.

Both are counts of whole services, so a count published to the unit is exact, and "more than
490" means at least 491. Every range here is the published range (analysis.Published.range)
narrowed to the whole numbers inside it: 302 + 446 allows 748 and nothing else.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from enum import StrEnum
from typing import Any, NamedTuple

import pandas as pd

from helpers import metrics
from helpers.analysis import (
    NOT_FOUND,
    Published,
    Worded,
    describe_secondary,
    format_figure,
    select_published,
    select_rows,
    select_running_totals,
    to_published,
)
from helpers.analysis import rank_rows as rank_figure_rows
from helpers.formatting import (
    MONTHS,
    describe_marks,
    format_period,
    format_published,
    start_sentence,
)
from helpers.metrics import Interval
from helpers.provenance import NOTE_WIDTH_CHARS, describe_outlets, flag_secondary
from helpers.tables import iterate_rows
from helpers.vocabulary import OPEN_ABOVE_QUALIFIERS

# The news report this project starts from; it calls the 2025 flow of filings "registered".
FOUNDING_ARTICLE = "ecns-2026-02-06"


class Procedure(NamedTuple):
    """One of the CAC's two procedures, with the metrics that count it and the words for it."""

    name: str
    chinese: str
    stock_metric: str
    flow_metric: str
    # What one unit of the count is, in the plural: "services filed".
    counted: str
    # Who runs the procedure and for what, in this project's words.
    explanation: str

    @property
    def label(self) -> str:
        """Return 'Registration (登记)', no break before the term (the stylesheet keeps it whole)."""
        return f"{self.name}\u00a0({self.chinese})"


# The two procedures, filing first (it came first and is the one the founding article counts).
PROCEDURES: dict[str, Procedure] = {
    "filing": Procedure(
        "Filing",
        "备案",
        "genai_services_filed_total",
        "genai_services_filed",
        "services filed",
        "A company that offers the public a generative-AI service running on a model of its own "
        "files that service with the national Cyberspace Administration of China (CAC).",
    ),
    "registration": Procedure(
        "Registration",
        "登记",
        "genai_apps_registered_total",
        "genai_apps_registered",
        "apps and features registered",
        "An app or a feature that calls a model somebody else has already filed, rather than a "
        "model of its own, is registered with the CAC office of its province.",
    ),
}


class FlowCheck(StrEnum):
    """How far a flow could be set against the running totals at both ends of its span."""

    CHECKED = "checked against the totals at both ends"
    START_COMPUTED = "total at the start computed; no published total was found"
    END_COMPUTED = "total at the end computed; no published total was found"
    UNCHECKED = "neither total found"


# Every column of reconcile_flows, present even when there is no flow.
FLOW_COLUMNS = [
    "figure_id",
    "from_period",
    "period",
    "flow",
    "flow_qualifier",
    "flow_seen",
    "flow_source_id",
    "flow_sources",
    "start_period",
    "start_figure_id",
    "start",
    "start_qualifier",
    "start_seen",
    "end_figure_id",
    "end",
    "end_qualifier",
    "end_seen",
    "computed_low",
    "computed_high",
    "check",
    "consistent",
]

# Every column of list_additions.
ADDITION_COLUMNS = [
    "from_period",
    "period",
    "start",
    "start_qualifier",
    "start_seen",
    "end",
    "end_qualifier",
    "end_seen",
    "added_low",
    "added_high",
    "flow_figure_id",
]


def whole_range(figure: Published) -> Interval:
    """Return the whole numbers a count allows: 'more than 490' 491 and up, '490-odd' 491–499."""
    low, high = figure.range
    if figure.qualifier in ("more_than", "odd") and low == math.floor(low):
        low += 1
    if figure.qualifier in ("less_than", "odd") and high == math.floor(high):
        high -= 1
    return Interval(
        float(math.ceil(low)) if math.isfinite(low) else low,
        float(math.floor(high)) if math.isfinite(high) else high,
    )


def bound_sum(first: Interval, second: Interval) -> Interval:
    """Return the range of a sum of two ranges (302 + 446 allows 748 when both are whole)."""
    return Interval(first.low + second.low, first.high + second.high)


def shift_period(period: str, months: int) -> str:
    """Return the YYYY-MM period `months` later (negative: earlier): 2025-01 minus 1 is 2024-12."""
    year, month = (int(part) for part in period.split("-"))
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class Dated(NamedTuple):
    """A published running total with the date it stands at."""

    period: str
    figure: Published


def select_latest(
    figures: pd.DataFrame, metric: str, period: str, *, earliest: bool = False
) -> Dated | None:
    """Return the best-seen running total at the latest (or earliest) date at or before `period`."""
    totals = select_running_totals(figures, metric, period)
    if totals.empty:
        return None
    when = str(totals["period"].iloc[0 if earliest else -1])
    found = select_published(figures, metric, when)
    assert found is not None  # the date was taken from this metric's rows
    return Dated(when, found)


def format_span(from_period: str, period: str) -> str:
    """Return a flow's span in words: 'during 2025', 'from September to October 2025'."""
    (start_year, start_month), (end_year, end_month) = (
        (int(part) for part in p.split("-")) for p in (from_period, period)
    )
    if start_year == end_year and (start_month, end_month) == (1, 12):
        return f"during {end_year}"
    if (start_year, start_month) == (end_year, end_month):
        return f"in {MONTHS[end_month - 1]} {end_year}"
    if start_year == end_year:
        return f"from {MONTHS[start_month - 1]} to {MONTHS[end_month - 1]} {end_year}"
    return f"from {MONTHS[start_month - 1]} {start_year} to {MONTHS[end_month - 1]} {end_year}"


def list_totals(figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return both procedures' running totals up to `period`, oldest first, filings first.

    One row per procedure and date (the best-seen figure), with the whole numbers it allows.
    """
    frames = []
    for key, procedure in PROCEDURES.items():
        rows = select_running_totals(figures, procedure.stock_metric, period)
        low, high = [], []
        for row in iterate_rows(rows):
            found = select_published(figures, procedure.stock_metric, row.period)
            assert found is not None  # the period was taken from this metric's rows
            allowed = whole_range(found)
            low.append(allowed.low)
            high.append(allowed.high)
        frames.append(rows.assign(procedure=key, low=low, high=high))
    columns = [*figures.columns, "procedure", "low", "high"]
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def list_additions(
    figures: pd.DataFrame, stock_metric: str, period: str, flow_metric: str = ""
) -> pd.DataFrame:
    """Return what was added between consecutive running totals up to `period`.

    A total given as a bound or a range gives a range: from 346 to "490-odd" (491–499), 145–153
    were added; from "more than 490", it would be at least 145. `flow_figure_id` names the best-seen count
    of `flow_metric` published for the same span, if any ('' otherwise): a report leads with it.
    """
    records = []
    totals = list(dict.fromkeys(select_running_totals(figures, stock_metric, period)["period"]))
    for before, after in itertools.pairwise(totals):
        start = select_published(figures, stock_metric, before)
        end = select_published(figures, stock_metric, after)
        assert start is not None and end is not None  # both periods come from this metric
        added = metrics.bound_difference(whole_range(end), whole_range(start))
        flow = (
            select_published(figures, flow_metric, after, from_period=shift_period(before, 1))
            if flow_metric
            else None
        )
        records.append(
            (
                before,
                after,
                start.value,
                start.qualifier,
                start.seen,
                end.value,
                end.qualifier,
                end.seen,
                added.low,
                added.high,
                "" if flow is None else flow.figure_id,
            )
        )
    return pd.DataFrame.from_records(records, columns=ADDITION_COLUMNS)


def reconcile_flows(
    figures: pd.DataFrame, stock_metric: str, flow_metric: str, period: str | None = None
) -> pd.DataFrame:
    """Return each flow (ending by `period`, if given) set against the running totals around it.

    The total at the start of a span is the one at the end of the month before it begins. With
    both totals found, start + flow gives the end the flow allows and `consistent` says whether
    the published end lies in it. With one total missing, it is computed from the other and the
    flow (`computed_low`/`computed_high`): computed, never published. A span given by several
    outlets is one row, from the best-seen of them; `flow_sources` counts the outlets.
    """
    rows = select_rows(figures, flow_metric)
    if period is not None:
        rows = rows.loc[rows["period"] <= period]
    rows = rank_figure_rows(rows)
    counts = rows.groupby(["from_period", "period"])["source_id"].nunique()
    best = rows.drop_duplicates(["from_period", "period"]).sort_values(
        ["from_period", "period"], kind="stable"
    )
    records = []
    for row in iterate_rows(best):
        flow = select_published(figures, flow_metric, row.period, from_period=row.from_period)
        assert flow is not None  # the span was taken from this metric's rows
        start_period = shift_period(row.from_period, -1)
        start = select_published(figures, stock_metric, start_period)
        end = select_published(figures, stock_metric, row.period)
        record: dict[str, object] = {
            "figure_id": flow.figure_id,
            "from_period": row.from_period,
            "period": row.period,
            "flow": flow.value,
            "flow_qualifier": flow.qualifier,
            "flow_seen": flow.seen,
            "flow_source_id": flow.source_id,
            "flow_sources": int(counts[(row.from_period, row.period)]),
            "start_period": start_period,
        }
        for side, found in (("start", start), ("end", end)):
            if found is not None:
                record |= {
                    f"{side}_figure_id": found.figure_id,
                    side: found.value,
                    f"{side}_qualifier": found.qualifier,
                    f"{side}_seen": found.seen,
                }
        computed: Interval | None = None
        if start is not None:
            computed = bound_sum(whole_range(start), whole_range(flow))
            check = FlowCheck.END_COMPUTED if end is None else FlowCheck.CHECKED
        elif end is not None:
            computed = metrics.bound_difference(whole_range(end), whole_range(flow))
            check = FlowCheck.START_COMPUTED
        else:
            check = FlowCheck.UNCHECKED
        if computed is not None:
            record |= {"computed_low": computed.low, "computed_high": computed.high}
        record["check"] = check
        record["consistent"] = (
            computed.overlaps(whole_range(end))
            if computed is not None and end is not None and check is FlowCheck.CHECKED
            else None
        )
        records.append(record)
    return pd.DataFrame.from_records(records, columns=FLOW_COLUMNS)


def describe_count(interval: Interval) -> str:
    """Return a computed count in words: '796', '795–797', 'at least 145', 'at most 47'."""
    low, high = interval
    if math.isfinite(low) and math.isfinite(high):
        return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"
    if math.isfinite(low):
        return f"at least {low:,.0f}"
    if math.isfinite(high):
        return f"at most {high:,.0f}"
    return "any number"


def build_source_note(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Return the chart note for CAC counts: whose counts, the outlets carrying them, the marks."""
    note = (
        "Source: counts of the Cyberspace Administration of China, "
        f"{describe_outlets(rows['source_id'], sources)}."
    )
    legend = describe_marks(rows["seen"])
    if legend:
        note += f" {legend}"
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH_CHARS))


def describe_whole_counts(totals: list[Published]) -> str:
    """Return how the totals' wordings read as whole numbers, for those among `totals` only."""
    text = "The counts are of whole services, so a total published to the unit is exact"
    if any(t.qualifier in OPEN_ABOVE_QUALIFIERS for t in totals):
        text += ', and one given as "more than" some number is at least one more than it'
    odd = next((t for t in totals if t.qualifier == "odd"), None)
    if odd is not None:
        above, below = (
            format_published(v, odd.unit) for v in (odd.value, odd.value + odd.rounded_to)
        )
        text += (
            "; one written in Chinese as a round number followed by 余, shown here as "
            f'"{format_published(odd.value, odd.unit, odd.qualifier)}", is more than {above} and '
            f"less than {below} ({describe_count(whole_range(odd))})"
        )
    text += "."
    if any(not math.isfinite(whole_range(t).high) for t in totals):
        text += " A lower bound leaves the difference open on one side."
    return text


def describe_totals_caption(series: list[str]) -> str:
    """Return the running-totals chart's caption, naming only the procedures it draws."""
    drawn = [p.counted for key, p in PROCEDURES.items() if key in set(series)]
    lines = "a line joins" if len(drawn) == 1 else "lines join"
    return (
        f"Running totals of {' and of '.join(drawn)}; {lines} published points only."
        if drawn
        else "No running total is drawn."
    )


def describe_totals_subtitle(series: list[str]) -> str:
    """Return the running-totals chart's subtitle: since when each drawn procedure's total runs."""
    drawn = [p.name.lower() for key, p in PROCEDURES.items() if key in set(series)]
    since = f"{drawn[0]} began" if len(drawn) == 1 else "each procedure began"
    return f"Running totals since {since}, by the date they stand at (count)"


def count_outlets(figures: pd.DataFrame, metric: str, from_period: str, period: str) -> int:
    """Return how many publications give a flow's count for one span."""
    rows = select_rows(figures, metric, period)
    return int(rows.loc[rows["from_period"] == from_period, "source_id"].nunique())


def describe_published_flow(figures: pd.DataFrame, flow: Published, key: str) -> str:
    """Return '446 services filed during 2025 (published by 2 outlets)' for a published flow."""
    procedure = PROCEDURES[key]
    row = figures.loc[figures["figure_id"] == flow.figure_id].iloc[0]
    outlets = count_outlets(figures, procedure.flow_metric, row["from_period"], row["period"])
    by = f" by {outlets} outlets" if outlets > 1 else ""
    return (
        f"{format_figure(flow)} {procedure.counted} "
        f"{format_span(row['from_period'], row['period'])} (published{by})"
    )


def describe_since(
    figures: pd.DataFrame, sources: pd.DataFrame, key: str, comparison_period: str, period: str
) -> Worded:
    """Return what one procedure added from the comparison period to the period.

    A count published for exactly that span leads, and the totals on either side agree with it
    or not; else the totals give what was added (computed). Figures that only secondary outlets
    carry are flagged.
    """
    # The sentence names the span the totals found actually cover: the latest total at or before
    # each date, or, when the totals found start after the comparison period, where they start.
    procedure = PROCEDURES[key]
    name = f"{procedure.name}s"
    flow = select_published(
        figures, procedure.flow_metric, period, from_period=shift_period(comparison_period, 1)
    )
    now = select_latest(figures, procedure.stock_metric, period)
    then = select_latest(figures, procedure.stock_metric, comparison_period)
    first = select_latest(figures, procedure.stock_metric, period, earliest=True)
    shown: list[Published] = [] if flow is None else [flow]
    # Why the totals cannot give the span exactly, in the order the span runs.
    gaps = []
    if now is None:
        gaps.append(f"a total dated {format_period(period)} or earlier was {NOT_FOUND}")
    elif then is None:
        assert first is not None  # `now` is one of them
        shown.append(first.figure)
        gaps.append(
            f"the totals found start with {format_figure(first.figure)} by "
            f"{format_period(first.period)}, after {format_period(comparison_period)}"
        )
    elif then.period == now.period:
        shown.append(now.figure)
        gaps.append(
            f"the latest total found for both dates is the same one "
            f"({format_figure(now.figure)} by {format_period(now.period)})"
        )
    added = None
    # The two totals the span's difference comes from, shown only where the text uses them.
    spanned: list[Published] = []
    if now is not None and then is not None and then.period != now.period:
        spanned = [then.figure, now.figure]
        added = metrics.bound_difference(whole_range(now.figure), whole_range(then.figure))
        totals = (
            f"from {format_figure(then.figure)} by {format_period(then.period)} to "
            f"{format_figure(now.figure)} by {format_period(now.period)}, "
            f"{describe_count(added)} added (computed)"
        )
    ends = [] if now is None else [(period, now, "ends")]
    ends = ([] if then is None else [(comparison_period, then, "starts")]) + ends
    missing = [(wanted, found, side) for wanted, found, side in ends if found.period != wanted]
    if flow is not None:
        text = f"{name}: {describe_published_flow(figures, flow, key)}."
        gaps.extend(
            f"a total for {format_period(wanted)} was {NOT_FOUND}" for wanted, *_ in missing
        )
        if added is not None and not missing:
            agree = added.overlaps(whole_range(flow))
            # "Agree", not "confirm": a total carried only by a secondary outlet may itself have
            # been added up from the flow and the earlier total.
            text += f" The totals {'agree' if agree else 'do not agree'} with it: {totals}."
            shown.extend(spanned)
        else:
            # Each gap may hold a comma ("…, after December 2024"): a comma before "and" too.
            text += f" It cannot be checked against the totals: {', and '.join(gaps)}."
    elif added is not None:
        text = f"{name}: {totals}."
        shown.extend(spanned)
        for wanted, found, side in missing:
            text += (
                f" A total for {format_period(wanted)} was {NOT_FOUND}, so the span {side} at "
                f"the latest total before it, {format_period(found.period)}."
            )
    elif now is None:
        text = f"{name}: {gaps[0]}."
    elif then is None:
        text = (
            f"{name}: {gaps[0]}, so what was added since {format_period(comparison_period)} "
            "cannot be given."
        )
    else:
        text = f"{name}: {gaps[0]}, so no change can be given."
    return Worded(text + describe_secondary(shown, figures, sources), tuple(shown))


def describe_lede(figures: pd.DataFrame, sources: pd.DataFrame, period: str) -> tuple[str, Worded]:
    """Return the headline and lede: where both totals stand by the period, and the flows' checks."""
    latest = {key: select_latest(figures, p.stock_metric, period) for key, p in PROCEDURES.items()}
    if all(found is None for found in latest.values()):
        last = str(figures["period"].max())
        first = select_latest(figures, PROCEDURES["filing"].stock_metric, last, earliest=True)
        text = (
            "A count of generative-AI services filed or registered with the CAC dated "
            f"{format_period(period)} or earlier was {NOT_FOUND}"
            + (
                f"; the earliest total gathered is dated {format_period(first.period)}."
                if first is not None
                else "."
            )
        )
        return text.split("; ")[0].removesuffix("."), Worded(text)
    parts, shown = [], []
    for key, words, short in (
        ("filing", "generative-AI services filed with the CAC", "filed services"),
        (
            "registration",
            "apps and features registered with its provincial offices",
            "registered apps",
        ),
    ):
        found = latest[key]
        if found is None:
            parts.append(
                f"a count of {short} dated {format_period(period)} or earlier was {NOT_FOUND}"
            )
            continue
        shown.append(found.figure)
        parts.append(
            f"{words} had reached {format_figure(found.figure)} by {format_period(found.period)}"
            + (
                ""
                if found.period == period
                else f", the latest total found for {format_period(period)} or earlier"
            )
        )
    text = start_sentence("; ".join(parts)) + "."
    headline = text.split("; ")[0].removesuffix(".")
    flows = pd.concat(
        [
            reconcile_flows(figures, p.stock_metric, p.flow_metric, period).assign(procedure=key)
            for key, p in PROCEDURES.items()
        ]
    )
    checked = flows.loc[flows["check"] == FlowCheck.CHECKED]
    agree, count = int(checked["consistent"].sum()), len(checked)
    which = "published for a span with a total found at both ends"
    if count == 1:
        text += (
            f" The one count {which} {'agrees' if agree else 'does not agree'} with those totals"
        )
    elif count and agree == count:
        text += (
            f" {'Both' if count == 2 else f'All {count}'} counts {which} agree with those totals"
        )
    elif count:
        text += f" Of the {count} counts {which}, {agree} agree with those totals"
    if count:
        text += (
            ": the total at the start plus the span's count gives the total published at its end."
        )
    # Every total a check rests on that only secondary outlets carry is named with the check,
    # the ones the lede shows too (a dashboard's total may be the very sum it is checked against).
    said: list[Published] = []
    leaning = ""
    for row in iterate_rows(checked):
        leaned = describe_leaning(figures, sources, row.procedure, row, said)
        leaning += leaned.text
        said.extend(leaned.shown)
    # A total flagged with its check is not flagged again after it.
    flagged = describe_secondary([f for f in shown if f not in said], figures, sources)
    shown.extend(f for f in said if f not in shown)
    return headline, Worded(text + leaning + flagged, tuple(shown))


def find_figure(figures: pd.DataFrame, figure_id: str) -> Published:
    """Return one figure of the frame by its id."""
    return to_published(next(iterate_rows(figures.loc[figures["figure_id"] == figure_id])))


def describe_leaning(
    figures: pd.DataFrame, sources: pd.DataFrame, key: str, row: Any, said: list[Published]
) -> Worded:
    """Return ' The check of the 446 … rests on the 302 filed by December 2024, found only in …'.

    `row` is a checked row of reconcile_flows for procedure `key`; a total among `said` was
    flagged with an earlier check, so not again here.
    """
    procedure = PROCEDURES[key]
    # "services filed" → "filed": what a total counts, after its number.
    verb = procedure.counted.split()[-1]
    leaned = []
    for when, figure_id in (
        (row.start_period, row.start_figure_id),
        (row.period, row.end_figure_id),
    ):
        total = find_figure(figures, figure_id)
        flag = flag_secondary(figure_id, figures, sources)
        if flag and total not in said:
            words = f"the {format_figure(total)} {verb} by {format_period(when)}, {flag}"
            leaned.append((words, total))
    if not leaned:
        return Worded("")
    flow = find_figure(figures, row.figure_id)
    return Worded(
        f" The check of the {format_figure(flow)} {procedure.counted} "
        f"{format_span(row.from_period, row.period)} rests on "
        + ", and on ".join(words for words, _ in leaned)
        + ".",
        tuple(total for _, total in leaned),
    )
