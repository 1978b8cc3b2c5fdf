"""Hashing and atomic writes, so outputs/ always holds whole files."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

# What a failed render keeps of its notebook, beside the report it leaves in place.
FAILED_SUFFIX = ".failed.ipynb"


def hash_file(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_tree(paths: list[Path], root: Path) -> str:
    """Return one SHA-256 over the names (relative to root) and bytes of several files."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(
            path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes files private; reports are for reading
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def move_atomic(source: Path, target: Path) -> None:
    """Move a finished file into place with one rename (both sit on the same file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
