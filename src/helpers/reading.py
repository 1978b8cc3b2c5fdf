"""Read a CSV file of data/ as text cells, keeping each row's line number in the file."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import pandas as pd

from helpers.errors import DataError

# The column that carries each row's line number in the file, for error messages.
LINE = "_line"
# Byte-order marks of UTF-16 and UTF-32, which spreadsheet programs write as "Unicode text".
WIDE_MARKS = (b"\xff\xfe", b"\xfe\xff")
# Separators other programs use instead of a comma; named in the error when the header uses one.
OTHER_SEPARATORS = {";": "';' (semicolon)", "\t": "a tab"}


def decode_csv_bytes(path: Path, raw: bytes) -> str:
    """Decode a data file as UTF-8 (a byte-order mark is fine); refuse other encodings by name."""
    # UTF-16 puts a zero byte beside every ASCII letter; without this check it reads as garbage.
    if raw.startswith(WIDE_MARKS) or b"\x00" in raw[:200]:
        raise DataError(
            [
                f'{path}: line 1: expected UTF-8 text, found UTF-16 ("Unicode text" in a '
                "spreadsheet's save dialog). Save the file as CSV UTF-8 and load it again."
            ]
        )
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


def parse_records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Return each CSV record with the file line it starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        raise DataError(
            [
                f"{path}: line {start}: not valid CSV ({err}); check the quotes of the row "
                "starting on this line (a quote opened and never closed takes in the rest of the file)"
            ]
        ) from None
    return records


def read_csv_cells(path: Path, columns: list[str]) -> pd.DataFrame:
    """Return the file's rows as stripped text cells plus their line numbers; check the header."""
    if not path.is_file():
        raise DataError([f"{path}: file not found; expected a CSV file with columns {columns}"])
    text = decode_csv_bytes(path, path.read_bytes())
    if not text.strip():
        raise DataError([f"{path}: file is empty; expected a header row with columns {columns}"])
    records = [
        (line, [cell.strip() for cell in record])
        for line, record in parse_records(path, text)
        if any(cell.strip() for cell in record)  # blank lines are skipped, their numbers kept
    ]
    header_line, header = records[0]
    check_separator(path, header_line, header, columns)
    check_header(path, header, columns)
    problems = [
        f"{path}: line {line}: expected {len(header)} fields as in the header, found "
        f"{len(record)}" + (" (an unquoted comma in a value?)" if len(record) > len(header) else "")
        for line, record in records[1:]
        if len(record) != len(header)
    ]
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame([record for _, record in records[1:]], columns=header, dtype=str)
    cells = frame.reindex(columns=columns)
    cells[LINE] = [line for line, _ in records[1:]]
    return cells


def check_separator(path: Path, line: int, header: list[str], expected: list[str]) -> None:
    """Raise a DataError when the header is split by a separator other than a comma."""
    if len(header) != 1:
        return
    for separator, name in OTHER_SEPARATORS.items():
        if header[0].count(separator) >= min(2, len(expected) - 1):
            raise DataError(
                [
                    f"{path}: line {line}: columns are separated by {name}; expected commas "
                    f"(save the file as CSV with ',' as the separator)"
                ]
            )


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
    duplicated = sorted({name for name in found if found.count(name) > 1})
    problems += [f"{path}: line 1: column '{name}' appears twice" for name in duplicated]
    if problems:
        raise DataError(problems)
