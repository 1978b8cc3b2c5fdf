"""Edit a copy of data/ by column name, so tests survive new or renamed columns of other cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path


def read_rows(path: Path) -> list[dict[str, str]]:
    """Return a data file's rows as dicts keyed by column name."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows back with the file's header; a row's line number is its index + 2."""
    with path.open(encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def drop_rows(path: Path, keep: Callable[[dict[str, str]], bool]) -> None:
    """Rewrite a data file keeping only the rows for which keep(row) is true."""
    write_rows(path, [row for row in read_rows(path) if keep(row)])


def set_cells(path: Path, key: str, **cells: str) -> int:
    """Set cells of the row whose first column is `key`; return the row's line number."""
    rows = read_rows(path)
    first = next(iter(rows[0]))
    index = next(i for i, row in enumerate(rows) if row[first] == key)
    rows[index].update(cells)
    write_rows(path, rows)
    return index + 2


def add_copy(path: Path, key: str, new_key: str, **cells: str) -> int:
    """Append a copy of the row whose first column is `key`, under a new key and with `cells` set.

    Returns the new row's line number.
    """
    rows = read_rows(path)
    first = next(iter(rows[0]))
    copy = {**next(row for row in rows if row[first] == key), first: new_key, **cells}
    write_rows(path, [*rows, copy])
    return len(rows) + 2
