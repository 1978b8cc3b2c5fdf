"""Write the tables a notebook produces as CSV, the same bytes for the same data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def save_table(table: pd.DataFrame, name: str, output_dir: Path) -> Path:
    """Write `table` to <output_dir>/tables/<name>.csv (6 significant digits, LF line ends)."""
    path = output_dir / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
    return path
