"""The same inputs give the same bytes: two renders compared file by file (timings live in the manifest)."""

from __future__ import annotations

import pytest
from rendering import render, snapshot

pytestmark = pytest.mark.slow


def test_two_renders_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert render(first, "--only", "headline", "--jobs", "2") == 0
    assert render(second, "--only", "headline", "--jobs", "1") == 0
    files_first = {
        k: v for k, v in snapshot(first).items() if k != "manifest.json" and not k.startswith(".")
    }
    files_second = {
        k: v for k, v in snapshot(second).items() if k != "manifest.json" and not k.startswith(".")
    }
    kinds = {name.rsplit(".", 1)[-1] for name in files_first}
    assert {"ipynb", "html", "svg", "png", "csv"} <= kinds
    assert files_first == files_second
    svg = (first / "headline" / "figures" / "users-over-time.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
