"""The same inputs give the same bytes: a second render compared file by file with the shared one.

The shared render ran every set two at a time; the second runs one set alone, so its index (which
lists the sets it left out) is compared with itself written again instead.
"""

from __future__ import annotations

import pytest
from rendering import render, snapshot

pytestmark = pytest.mark.slow


def test_two_renders_are_byte_identical(rendered_outputs, tmp_path):
    # The shared render ran every set two at a time; this one runs the headline set alone.
    again = tmp_path / "outputs"
    assert render(again, "--only", "headline", "--jobs", "1") == 0
    first = snapshot(rendered_outputs / "headline")
    second = snapshot(again / "headline")
    kinds = {name.rsplit(".", 1)[-1] for name in first}
    assert {"ipynb", "html", "svg", "png", "csv"} <= kinds
    assert first == second
    # The index lists the sets a render left out, so it is compared with itself written again.
    index = (again / "index.html").read_bytes()
    (again / "index.html").unlink()
    assert render(again, "--only", "headline") == 0
    assert (again / "index.html").read_bytes() == index
    svg = (again / "headline" / "figures" / "users-over-time.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
