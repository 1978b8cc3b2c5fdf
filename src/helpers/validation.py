"""Validate data/figures.csv and data/sources.csv with pandera into typed frames."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.errors import DataError
from helpers.metrics import bound_published
from helpers.paths import FIGURES_FILE, FINDINGS_FILE, SOURCES_FILE
from helpers.reading import LINE, read_csv_cells
from helpers.schemas import (
    FIGURE_COLUMNS,
    FIGURE_KEY,
    FIGURES_TEXT,
    FINDING_COLUMNS,
    RECONCILED_METRICS,
    ROW_CHECK_COLUMNS,
    SOURCE_COLUMNS,
    SOURCES_TEXT,
    figures_rules,
    findings_text,
)
from helpers.tables import iterate_rows
from helpers.vocabulary import METRICS

# How research notes name a bound as if it were a metric of its own ("genai_users_lower_bound").
BOUND_SUFFIX = re.compile(r"_(lower_bound|at_least|more_than|minimum)\Z")


def validate(schema: pa.DataFrameSchema, cells: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Validate `cells` against `schema`; raise one DataError naming every bad line and column."""
    try:
        return schema.validate(cells.drop(columns=LINE), lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(describe_failures(err.failure_cases, cells, path)) from None


def describe_failures(failures: pd.DataFrame, cells: pd.DataFrame, path: Path) -> list[str]:
    """Turn pandera's failure cases into one sentence per bad cell, in file order."""
    found: dict[tuple[int, str], str] = {}
    line_numbers = cells[LINE].tolist()
    # A cell's own check (number, finite) explains it better than a rule across rows that it breaks.
    cases = sorted(iterate_rows(failures), key=lambda case: str(case.check) in ROW_CHECK_COLUMNS)
    for case in cases:
        if pd.isna(case.index):
            continue
        row = int(case.index)
        expectation = str(case.check)
        column = ROW_CHECK_COLUMNS.get(expectation, str(case.column))
        if expectation.startswith("field_uniqueness") or expectation == "column_uniqueness":
            expectation = "a value no other row has"
        if expectation.startswith(("coerce_dtype", "dtype(")):
            expectation = "a number"
        value = cells.at[row, column] if column in cells.columns else case.failure_case
        shown = f"{value:g}" if isinstance(value, float) else repr(str(value))
        key = (int(line_numbers[row]), column)
        found.setdefault(
            key, f"{path}: line {key[0]}, column '{column}': expected {expectation}, found {shown}"
        )
    if not found:
        found[(0, "")] = f"{path}: failed validation:\n{failures.to_string()}"
    return [found[key] for key in sorted(found)]


def validate_sources(folder: Path) -> pd.DataFrame:
    """Return the folder's sources.csv validated, indexed by source_id."""
    path = folder / SOURCES_FILE
    cells = read_csv_cells(path, SOURCE_COLUMNS)
    return validate(SOURCES_TEXT, cells, path).set_index("source_id", drop=False)


def validate_figures(folder: Path, sources: pd.DataFrame) -> pd.DataFrame:
    """Return the folder's figures.csv validated against the rules and sources.csv validated."""
    path = folder / FIGURES_FILE
    cells = read_csv_cells(path, FIGURE_COLUMNS)
    if cells.empty:
        raise DataError([f"{path}: no figures; expected at least one row below the header"])
    bounds = find_bounds_written_as_metrics(cells, path)
    if bounds:
        raise DataError(bounds)
    text = validate(FIGURES_TEXT, cells, path)
    repeated = find_repeated_figures(text, cells[LINE].tolist(), path)
    steps = text["rounded_to"].astype(float)
    # The decimals a reader sees follow the published step: 21.0 (step 0.1) keeps its zero.
    decimals = pd.Series(-np.floor(np.log10(steps)), index=steps.index).clip(lower=0).astype(int)
    typed = text.assign(value=text["value"].astype(float), rounded_to=steps, decimals=decimals)
    typed[LINE] = cells[LINE]
    try:
        figures = validate(figures_rules(sources), typed, path)
    except DataError as err:
        raise DataError(repeated + err.problems) from None
    problems = repeated + find_conflicting_figures(typed, path)
    if problems:
        raise DataError(problems)
    return figures.reset_index(drop=True)


def find_bounds_written_as_metrics(cells: pd.DataFrame, path: Path) -> list[str]:
    """Return one sentence per row that writes a lower bound into its metric, not its qualifier."""
    problems = []
    for line, metric in zip(cells[LINE], cells["metric"], strict=True):
        base = BOUND_SUFFIX.sub("", str(metric))
        if base != metric and base in METRICS:
            problems.append(
                f"{path}: line {line}, column 'metric': expected one of the known metrics, found "
                f'{metric!r}; a lower bound ("more than 700 million", 突破, 超过) is metric '
                f"{base!r} with qualifier 'more_than' (or 'at_least')"
            )
    return problems


def validate_findings(folder: Path, source_ids: set[str]) -> pd.DataFrame:
    """Return the folder's findings.csv validated (qualitative findings, in this project's words)."""
    path = folder / FINDINGS_FILE
    cells = read_csv_cells(path, FINDING_COLUMNS)
    return validate(findings_text(source_ids), cells, path).reset_index(drop=True)


def find_repeated_figures(text: pd.DataFrame, lines: list[int], path: Path) -> list[str]:
    """Return one sentence per row that gives a figure an earlier row of the same source gave."""
    problems = []
    first_line: dict[tuple[str, ...], int] = {}
    for row, key in enumerate(text[FIGURE_KEY].itertuples(index=False, name=None)):
        if key in first_line:
            what = ", ".join(
                f"{name} {value!r}" for name, value in zip(FIGURE_KEY, key, strict=True)
            )
            problems.append(
                f"{path}: line {lines[row]}: expected one figure per metric, segment, period, "
                f"from_period and source; line {first_line[key]} already gives {what}"
            )
        else:
            first_line[key] = lines[row]
    return problems


def find_conflicting_figures(figures: pd.DataFrame, path: Path) -> list[str]:
    """Return one sentence per row whose value an earlier row of another source contradicts.

    Two outlets may word one figure differently (142 "nearly" and 141.7): that is fine while the
    ranges their rounding and qualifiers allow overlap. Ranges that do not overlap cannot both be
    right, and the analysis would silently use the first row, so they are refused. Growth rates
    are exempt: the growth walk-through checks every published rate against the levels on its
    own and shows each verdict, which is how a wrong rate is meant to come to light.
    """
    problems = []
    checked = figures.loc[~figures["metric"].isin(RECONCILED_METRICS)]
    same_figure = [name for name in FIGURE_KEY if name != "source_id"]
    for _, rows in checked.groupby(same_figure, sort=False):
        earlier: list[tuple[object, pd.Series]] = []
        for _, row in rows.iterrows():
            allowed = bound_published(row["value"], row["qualifier"], row["rounded_to"])
            clash = next(
                (
                    other
                    for _, other in earlier
                    if other["source_id"] != row["source_id"]
                    and not allowed.overlaps(
                        bound_published(other["value"], other["qualifier"], other["rounded_to"])
                    )
                ),
                None,
            )
            if clash is not None:
                what = ", ".join(f"{name} {row[name]!r}" for name in same_figure if row[name])
                problems.append(
                    f"{path}: line {row[LINE]}, column 'value': expected the value line "
                    f"{clash[LINE]} gives for the same figure ({what}) within rounding, found "
                    f"{row['value']:g} from {row['source_id']!r} against {clash['value']:g} from "
                    f"{clash['source_id']!r}; keep the row whose source is right"
                )
            earlier.append((row[LINE], row))
    return problems
