"""The project's one file hash and one atomic writer: the data cache and the renderer share them."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path


class NotRegularFileError(OSError):
    """A path names a folder, pipe, socket or device where a file was expected."""


def hash_file(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (what `sha256sum` prints)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_regular_file(path: Path) -> bytes:
    """Return a regular file's bytes; raise NotRegularFileError for a folder, FIFO or device.

    Opened without blocking and checked before reading, so a FIFO named like a data file fails
    at once instead of waiting forever for a writer.
    """
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe or device?)"
            raise NotRegularFileError(0, kind, str(path))
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def hash_files(paths: list[Path], roots: list[Path], extra: tuple[str, ...] = ()) -> str:
    """Return one SHA-256 over files (each named relative to the first root that holds it) and text.

    The one key scheme of the project: the validated-data cache and the renderer's keys all come
    from here. A missing file hashes as '<missing>', and one that is no regular file or cannot be
    read as what is wrong with it: either changes the key, and none stops or hangs the hashing
    (validation, which reads the data next, names the file).
    """
    digest = hashlib.sha256()
    for path in paths:
        root = next((r for r in roots if path.is_relative_to(r)), path.parent)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            content = read_regular_file(path)
        except FileNotFoundError:
            content = b"<missing>"
        except OSError as err:
            content = f"<{type(err).__name__}: {err.strerror}>".encode()
        digest.update(content + b"\0")
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
