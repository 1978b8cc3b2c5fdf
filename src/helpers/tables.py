"""Tables as data: rows to iterate, and CSV files written the same way every time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

# What a spreadsheet takes as the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text, which a spreadsheet reads as a number, not a formula.
PLAIN_NUMBER = re.compile(r"\A[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")


def neutralise_cell(value: Any) -> Any:
    """Return a text cell a spreadsheet would run as a formula with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
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

    Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers are
    written as they are.
    """
    path = output_dir / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_formulas(table).to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
    return path


def iterate_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Yield a frame's rows as named tuples (typed as Any: columns are known by name, not type)."""
    yield from frame.itertuples(index=False)
