"""Small pandas conveniences shared by the analysis and the prose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def iterate_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """Yield a frame's rows as named tuples (typed as Any: columns are known by name, not type)."""
    yield from frame.itertuples(index=False)
