"""Tables as data: rows to iterate, and CSV files written the same way every time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.formatting import NO_BREAK_SPACES, format_computed
from helpers.metrics import HALF_UNIT, Interval, count_decimals

# What a spreadsheet takes as the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text, which a spreadsheet reads as a number, not a formula.
PLAIN_NUMBER = re.compile(r"\A[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")

# No-break spaces steer line breaks on a page ('602\xa0M'); a CSV cell has plain spaces, so a
# program that reads '602 M' by splitting at its space, or matches it as text, reads it as before.
PLAIN_SPACES = str.maketrans(dict.fromkeys(NO_BREAK_SPACES, " "))


def neutralise_cell(value: Any) -> Any:
    """Return a text cell with plain spaces, and with a leading apostrophe if a spreadsheet would
    run it as a formula."""
    if not isinstance(value, str):
        return value
    value = value.translate(PLAIN_SPACES)
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `table` whose text cells and column names cannot start a formula."""
    safe = table.rename(columns=neutralise_cell)
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(neutralise_cell)
    return safe


def save_table(table: pd.DataFrame, name: str, output_dir: Path) -> Path:
    """Write `table` to <output_dir>/tables/<name>.csv (6 significant digits, LF line ends).

    Text that a spreadsheet would run as a formula gets a leading apostrophe, and no-break
    spaces become plain ones; numbers are written as they are.
    """
    path = output_dir / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_formulas(table).to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
    return path


def iterate_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Yield a frame's rows as named tuples (typed as Any: columns are known by name, not type)."""
    yield from frame.itertuples(index=False)


def write_bounds(low: float, high: float, decimals: int) -> str:
    """Return a range of levels as a report writes it, without its unit ('248.5–249.5')."""
    return "" if pd.isna(low) else f"{low:.{decimals}f}–{high:.{decimals}f}"


def count_base_decimals(row: Any) -> int:
    """Return the decimals of the range a reconciled row's published starting level stands for
    (its half-step's: 249 to 1 M, 248.5–249.5), at which 02 writes both starting ranges."""
    if pd.isna(row.published_base_low_m):
        return 0
    return count_decimals((row.published_base_high_m - row.published_base_low_m) * HALF_UNIT)


def label_reconciliation(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Return published rates read back into starting levels as 02 shows them, for a CSV.

    Ranges are at the page's precision (levels to the decimals of the published starting level's
    range, the one the rate allows rounded outward; growth rounded outward to 1) and
    there is no point growth from rounded levels. `reconciliation` is analysis.reconcile_growth's
    table with the columns as_published and publisher added.
    """
    rows = list(iterate_rows(reconciliation))
    return pd.DataFrame(
        {
            "From (YYYY-MM)": reconciliation["from_period"],
            "To (YYYY-MM)": reconciliation["period"],
            "Growth rate, as published": reconciliation["as_published"],
            "Carried by": reconciliation["publisher"],
            "How the rate was seen (grade in data/figures.csv)": reconciliation["seen"],
            "Source (id in data/sources.csv)": reconciliation["source_id"],
            "Starting level the rate allows (million people, range)": [
                ""
                if pd.isna(row.base_low_m)
                else format_computed(
                    Interval(row.base_low_m, row.base_high_m), "count", count_base_decimals(row)
                )
                for row in rows
            ],
            "Starting level as published (million people)": [
                # As published, without thousands separators in a CSV cell.
                "" if pd.isna(row.start_users_m) else f"{row.start_users_m:.10g}"
                for row in rows
            ],
            "Starting level the published count stands for (million people, range)": [
                write_bounds(
                    row.published_base_low_m, row.published_base_high_m, count_base_decimals(row)
                )
                for row in rows
            ],
            "Growth the rounded levels allow, recomputed (%, range)": [
                ""
                if pd.isna(row.levels_allow_low_pct)
                else format_computed(
                    Interval(row.levels_allow_low_pct, row.levels_allow_high_pct), "count"
                )
                for row in rows
            ],
            "Consistent": reconciliation["consistent"],
        },
        index=reconciliation.index,
    )
