"""Read a CSV file of data/ as text cells, keeping each row's line number in the file."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pandas as pd

from helpers.errors import DataError

# The column that carries each row's line number in the file, for error messages.
LINE = "_line"


def decode_csv_bytes(path: Path, raw: bytes) -> str:
    """Decode a data file as UTF-8 (a byte-order mark is fine); refuse other encodings by name."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "it looks like GBK/GB18030 (Chinese Windows)"
        except UnicodeDecodeError:
            guess = "its encoding is unknown"
        raise DataError(
            [
                f"{path}: line {line}: expected UTF-8 text, found byte 0x{raw[err.start]:02x}; "
                f"{guess}. Save the file as UTF-8 and load it again."
            ]
        ) from None


def read_csv_cells(path: Path, columns: list[str]) -> pd.DataFrame:
    """Return the file's rows as stripped text cells plus their line numbers; check the header."""
    if not path.is_file():
        raise DataError([f"{path}: file not found; expected a CSV file with columns {columns}"])
    text = decode_csv_bytes(path, path.read_bytes())
    if not text.strip():
        raise DataError([f"{path}: file is empty; expected a header row with columns {columns}"])
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except pd.errors.ParserError as err:
        raise DataError([f"{path}: could not be parsed as CSV: {err}"]) from None
    frame.columns = [str(name).strip() for name in frame.columns]
    check_header(path, list(frame.columns), columns)
    # Line 1 is the header; blank lines are kept by the parser so the numbers stay true.
    frame[LINE] = frame.index + 2
    cells = frame[columns].apply(lambda column: column.str.strip())
    cells[LINE] = frame[LINE]
    blank = (cells[columns] == "").all(axis=1)
    return cells.loc[~blank].reset_index(drop=True)


def check_header(path: Path, found: list[str], expected: list[str]) -> None:
    """Raise a DataError listing missing, extra or misspelled columns of the header row."""
    problems = []
    missing = [name for name in expected if name not in found]
    extra = [name for name in found if name not in expected]
    for name in missing:
        close = difflib.get_close_matches(name, extra, n=1)
        hint = f" (is '{close[0]}' a misspelling of it?)" if close else ""
        problems.append(f"{path}: line 1: column '{name}' is missing{hint}")
    for name in extra:
        close = difflib.get_close_matches(name, missing, n=1)
        if not close:
            problems.append(
                f"{path}: line 1: column '{name}' is not expected; expected columns are {expected}"
            )
    if problems:
        raise DataError(problems)
