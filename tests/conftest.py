"""Shared fixtures: a writable copy of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.paths import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """Return a temporary copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
