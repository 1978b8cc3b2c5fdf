"""Load data/ as validated tables, validating once for each content of the files and the rules."""

from __future__ import annotations

import hashlib
import pickle
from importlib import metadata
from pathlib import Path

import pandas as pd

from helpers.files import write_atomic
from helpers.paths import (
    FIGURES_FILE,
    HELPERS_DIR,
    SOURCES_FILE,
    VALIDATED_CACHE_DIR,
    resolve_data_dir,
)

# The code whose rules decide what is valid; a change to any of them validates again.
RULE_MODULES = ("validation.py", "schemas.py", "reading.py", "vocabulary.py", "errors.py")


def compute_data_key(folder: Path) -> str:
    """Return a hash of the data files, the validation rules and the pandas/pandera versions."""
    digest = hashlib.sha256()
    for path in [
        folder / FIGURES_FILE,
        folder / SOURCES_FILE,
        *(HELPERS_DIR / m for m in RULE_MODULES),
    ]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    for package in ("pandas", "pandera"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()


def load_tables(data_dir: str | Path = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (figures, sources) validated; files already validated as they are load without pandera."""
    folder = resolve_data_dir(data_dir)
    cached = VALIDATED_CACHE_DIR / f"{compute_data_key(folder)}.pkl"
    if cached.is_file():
        try:
            figures, sources = pd.read_pickle(cached)
            return figures, sources
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            cached.unlink(missing_ok=True)  # a damaged cache entry is simply validated again
    # Imported only here: pandera is the slowest import of a notebook run.
    from helpers.validation import validate_figures, validate_sources

    sources = validate_sources(folder)
    figures = validate_figures(folder, set(sources.index))
    write_atomic(cached, pickle.dumps((figures, sources), protocol=pickle.HIGHEST_PROTOCOL))
    return figures, sources


def load_figures(data_dir: str | Path = "") -> pd.DataFrame:
    """Return figures.csv validated, one row per published figure, values as floats."""
    return load_tables(data_dir)[0]


def load_sources(data_dir: str | Path = "") -> pd.DataFrame:
    """Return sources.csv validated, indexed by source_id."""
    return load_tables(data_dir)[1]
