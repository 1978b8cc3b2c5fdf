"""The project's one file hash and one atomic writer: the data cache and the renderer share them."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def hash_file(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (what `sha256sum` prints)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_files(paths: list[Path], roots: list[Path], extra: tuple[str, ...] = ()) -> str:
    """Return one SHA-256 over files (each named relative to the first root that holds it) and text.

    The one key scheme of the project: the validated-data cache and the renderer's keys all come
    from here. A missing file hashes as '<missing>', so it changes the key too.
    """
    digest = hashlib.sha256()
    for path in paths:
        root = next((r for r in roots if path.is_relative_to(r)), path.parent)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update((path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file whole or not at all: a temporary file beside it, flushed to disk, then renamed."""
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
