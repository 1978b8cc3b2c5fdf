"""Load data/ as validated tables, validating once for each content of the files and the rules."""

from __future__ import annotations

import hashlib
import json
import os
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

# The tables of a data folder, as load_validated returns them.
TABLES = ("figures", "sources", "findings")
# The code whose rules decide what is valid; a change to any of them validates again.
RULE_MODULES = ("validation.py", "schemas.py", "reading.py", "vocabulary.py", "errors.py")


def compute_data_key(folder: Path) -> str:
    """Return a hash of the data files, the validation rules and the pandas/pandera versions."""
    data_files = [folder / FIGURES_FILE, folder / SOURCES_FILE, folder / FINDINGS_FILE]
    files = [*data_files, *(HELPERS_DIR / m for m in RULE_MODULES)]
    versions = tuple(metadata.version(package) for package in ("pandas", "pandera"))
    return hash_files(files, [folder, HELPERS_DIR], versions)


def open_cache_dir() -> Path | None:
    """Return the validated-data cache folder, private to this user, or None if it cannot be.

    An entry decides the numbers every report shows, and whoever can write the folder can forge
    one (a digest is no secret), so only a folder this user owns and nobody else can write is
    used. One this user owns but left open (an older version under a loose umask) is closed.
    """
    try:
        VALIDATED_CACHE_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = VALIDATED_CACHE_DIR.stat()
        if info.st_uid != os.getuid():
            return None
        if info.st_mode & 0o077:
            VALIDATED_CACHE_DIR.chmod(0o700)
    except OSError:  # a read-only or unreachable cache folder only costs a validation each time
        return None
    return VALIDATED_CACHE_DIR


def digest_tables(tables: dict[str, Any]) -> str:
    """Return the SHA-256 of the encoded tables, written one canonical way."""
    text = json.dumps(tables, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def read_cache(path: Path, key: str) -> dict[str, pd.DataFrame] | None:
    """Return the tables a cache entry holds if it is this user's, made for `key` and intact.

    The key names the data and rules the entry was validated from; the digest catches an entry
    edited or damaged since (602 changed to 999): either way it is removed and validated again.
    """
    try:
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                raise ValueError("a cache entry someone else could have written")
            entry = json.loads(stream.read())
        tables = entry["tables"]
        if entry["key"] != key or entry["tables_sha256"] != digest_tables(tables):
            raise ValueError("a cache entry edited or made for other data")
        return {name: decode_frame(tables[name]) for name in TABLES}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        with suppress(OSError):
            path.unlink(missing_ok=True)
        return None


def write_cache(path: Path, key: str, tables: dict[str, Any]) -> None:
    """Write a cache entry whole or not at all, with its key and the digest of its tables."""
    entry = {"key": key, "tables_sha256": digest_tables(tables), "tables": tables}
    write_atomic(path, json.dumps(entry, ensure_ascii=False))


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
    key = compute_data_key(folder)
    cache_dir = open_cache_dir()
    cached = None if cache_dir is None else cache_dir / f"{key}.json"
    if cached is not None and (tables := read_cache(cached, key)) is not None:
        return tables
    # Imported only here: pandera is the slowest import of a notebook run.
    from helpers.validation import validate_figures, validate_findings, validate_sources

    sources = validate_sources(folder)
    tables = {
        "figures": validate_figures(folder, sources),
        "sources": sources,
        "findings": validate_findings(folder, set(sources.index)),
    }
    if cached is not None:
        with suppress(OSError):  # a full cache folder only costs a validation next time
            write_cache(cached, key, {name: encode_frame(frame) for name, frame in tables.items()})
    return tables


def encode_frame(frame: pd.DataFrame) -> dict[str, Any]:
    """Return a frame as plain JSON data: each column's dtype and values, and the index column.

    JSON, unlike a pickle, cannot run code when read (though a forged entry could still change
    the numbers: see open_cache_dir); the standard json module writes floats exactly (shortest
    repr), unlike pandas' to_json.
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
