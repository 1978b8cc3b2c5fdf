"""What every walk-through does around its analysis: start from checked parameters, record the
figures it shows, and end with what is missing and the sources of exactly what it showed."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers import analysis, formatting, loading, parameters, paths, provenance
from helpers.formatting import describe_marks, format_period
from helpers.vocabulary import METRICS, OUTLET_KINDS, USER_DEFINITION

if TYPE_CHECKING:
    from IPython.display import HTML

# Said once on every report that shows a range: what the ranges bound and what they leave out.
ROUNDING_NOTE = (
    "Ranges in this report bound the rounding of the published figures only. CNNIC's counts "
    "are survey estimates whose margin of error was not found in any source, so that error is not "
    "included."
)
# What the publications' coverage lacks is "not found here", never "not published".
NOTHING_MISSING = "every core figure (users, their share of the population, internet users and "
NOTHING_MISSING += "population) was found"
# The order reports list figures and their publications in, whatever the row order of data/: the
# core figures (users, their share of the population, internet users, population) first, then
# every other metric in the order METRICS gives. A metric METRICS lacks goes last.
METRIC_ORDER = (
    *analysis.CORE_ITEMS,
    *(name for name in METRICS if name not in analysis.CORE_ITEMS),
)
# The Sources section of a report that shows no figure (a period its breakdown was not found for).
NO_SOURCES = "This report shows no published figure or finding, so it lists no publication."


def order_by_metric(rows: pd.DataFrame) -> pd.DataFrame:
    """Return figure rows in METRIC_ORDER, keeping data order within a metric."""
    rank = {name: position for position, name in enumerate(METRIC_ORDER)}
    return rows.sort_values(
        "metric", key=lambda metric: metric.map(rank).fillna(len(rank)), kind="stable"
    )


@dataclass
class Report:
    """One walk-through's data, periods and output folder, and the figures it has shown."""

    figures: pd.DataFrame
    sources: pd.DataFrame
    findings: pd.DataFrame
    period: str
    comparison_period: str
    out_dir: Path
    shown_ids: list[str] = field(default_factory=list)
    shown_finding_ids: list[str] = field(default_factory=list)

    def record(self, *shown: analysis.Published | pd.DataFrame | None) -> None:
        """Record what the report shows: Published figures, rows of figures or rows of findings."""
        for item in shown:
            if isinstance(item, pd.DataFrame) and "finding_id" in item:
                self.shown_finding_ids.extend(item["finding_id"])
            elif isinstance(item, pd.DataFrame):
                self.shown_ids.extend(item["figure_id"])
            elif item is not None:
                self.shown_ids.append(item.figure_id)

    def shown_rows(self) -> pd.DataFrame:
        """Return the rows of every figure the report has shown, once each, in data order."""
        return self.figures.loc[self.figures["figure_id"].isin(set(self.shown_ids))]

    def describe_missing(
        self, periods: list[str] | None = None, uses_why: str = analysis.USES_WHY
    ) -> str:
        """Return a Markdown list of what the coverage lacks for each period of the report."""
        wanted = periods or list(dict.fromkeys([self.period, self.comparison_period]))
        lines = []
        for when in wanted:
            gaps = analysis.list_gaps(self.figures, when, self.findings, uses_why)
            lines.append(
                f"- **{format_period(when)}:** "
                + ("; ".join(gaps) + "." if gaps else f"{NOTHING_MISSING}.")
            )
        return "\n".join(lines)

    def show_sources(self) -> HTML:
        """Return the table of the publications behind every figure shown, with their notes."""
        from IPython.display import HTML

        findings = self.findings.loc[self.findings["finding_id"].isin(set(self.shown_finding_ids))]
        shown = pd.concat(
            [
                order_by_metric(self.shown_rows())[["source_id", "seen"]],
                findings[["source_id", "seen"]],
            ]
        )
        used = provenance.list_used_sources(shown, self.sources)
        if used.empty:
            return HTML(f"<p>{NO_SOURCES}</p>")
        # Each publication where its first figure comes in METRIC_ORDER: the users' count leads.
        first = {
            source_id: place for place, source_id in enumerate(dict.fromkeys(shown["source_id"]))
        }
        used = used.sort_values(
            "source_id", key=lambda ids: ids.map(first), kind="stable"
        ).reset_index(drop=True)
        legend = describe_marks(shown["seen"])
        used["outlet"] = used["outlet"].map(OUTLET_KINDS)
        table = formatting.show_table(
            used,
            {
                "publisher": "Publisher",
                "outlet": "Kind of outlet",
                "title": "Title",
                "published": "Published",
                "reliability": "Note",
            },
            caption="Publications the figures of this report come from",
            missing="",
            links={"publisher": "url"},
        )
        note = f'<p class="marks">{html.escape(legend)}</p>' if legend else ""
        return HTML(note + table.data)


def show_user_definition() -> HTML:
    """Return who counts as a user, for a report that shows counts of users."""
    from IPython.display import HTML

    return HTML(f'<p class="definition">{html.escape(USER_DEFINITION)}</p>')


def start_report(
    period: str, comparison_period: str = "", data_dir: str = "", output_dir: str = ""
) -> Report:
    """Load the data, check the period parameters by the plan's own rule, and name the folder."""
    figures, sources = loading.load_tables(data_dir)
    findings = loading.load_findings(data_dir)
    given = {"period": period} | (
        {"comparison_period": comparison_period} if comparison_period else {}
    )
    parameters.check_parameters(given, figures["period"])
    return Report(
        figures,
        sources,
        findings,
        period,
        comparison_period or period,
        paths.resolve_output_dir(output_dir, period),
    )
