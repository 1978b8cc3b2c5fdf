"""Load data/ as validated tables, validating once for each content of the files and the rules."""

from __future__ import annotations

import json
from contextlib import suppress
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.files import hash_files, write_atomic
from helpers.paths import (
    FIGURES_FILE,
    FINDINGS_FILE,
    HELPERS_DIR,
    SOURCES_FILE,
    VALIDATED_CACHE_DIR,
    resolve_data_dir,
)

# The code whose rules decide what is valid; a change to any of them validates again.
RULE_MODULES = ("validation.py", "schemas.py", "reading.py", "vocabulary.py", "errors.py")


def compute_data_key(folder: Path) -> str:
    """Return a hash of the data files, the validation rules and the pandas/pandera versions."""
    data_files = [folder / FIGURES_FILE, folder / SOURCES_FILE, folder / FINDINGS_FILE]
    files = [*data_files, *(HELPERS_DIR / m for m in RULE_MODULES)]
    versions = tuple(metadata.version(package) for package in ("pandas", "pandera"))
    return hash_files(files, [folder, HELPERS_DIR], versions)


def load_tables(data_dir: str | Path = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (figures, sources) validated; files already validated as they are load without pandera."""
    tables = load_validated(data_dir)
    return tables["figures"], tables["sources"]


def load_findings(data_dir: str | Path = "") -> pd.DataFrame:
    """Return findings.csv validated: the publications' qualitative findings, in our own words."""
    return load_validated(data_dir)["findings"]


def load_validated(data_dir: str | Path = "") -> dict[str, pd.DataFrame]:
    """Return every table of a data folder validated, from the cache when the files are unchanged."""
    folder = resolve_data_dir(data_dir)
    cached = VALIDATED_CACHE_DIR / f"{compute_data_key(folder)}.json"
    try:
        encoded = json.loads(cached.read_text(encoding="utf-8"))
        return {name: decode_frame(encoded[name]) for name in ("figures", "sources", "findings")}
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError):
        with suppress(OSError):  # a damaged cache entry is simply validated again
            cached.unlink(missing_ok=True)
    # Imported only here: pandera is the slowest import of a notebook run.
    from helpers.validation import validate_figures, validate_findings, validate_sources

    sources = validate_sources(folder)
    tables = {
        "figures": validate_figures(folder, set(sources.index)),
        "sources": sources,
        "findings": validate_findings(folder, set(sources.index)),
    }
    text = json.dumps(
        {name: encode_frame(frame) for name, frame in tables.items()}, ensure_ascii=False
    )
    with suppress(OSError):  # a read-only or full cache folder only costs a validation next time
        write_atomic(cached, text)
    return tables


def encode_frame(frame: pd.DataFrame) -> dict[str, Any]:
    """Return a frame as plain JSON data: each column's dtype and values, and the index column.

    JSON, unlike a pickle, cannot run code when read, so a shared cache folder is safe; the
    standard json module writes floats exactly (shortest repr), unlike pandas' to_json.
    """
    return {
        "index": frame.index.name,
        "columns": [[str(name), str(frame[name].dtype), frame[name].tolist()] for name in frame],
    }


def decode_frame(data: dict[str, Any]) -> pd.DataFrame:
    """Return the frame that encode_frame described, with the same dtypes and index."""
    frame = pd.DataFrame(
        {name: pd.Series(values, dtype=dtype) for name, dtype, values in data["columns"]}
    )
    return frame.set_index(data["index"], drop=False) if data["index"] else frame
