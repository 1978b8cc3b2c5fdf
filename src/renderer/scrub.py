"""Replace the machine's folder names in published text with placeholders such as $PROJECT."""

from __future__ import annotations

import sys
from pathlib import Path

from renderer.analysis import seam

# Published files that can quote a path: a traceback or a warning in a cell's output.
TEXT_SUFFIXES = (".ipynb", ".html")


def machine_paths(outputs_dir: Path, data_dir: Path) -> list[tuple[str, str]]:
    """Return (absolute folder, placeholder) pairs, the longest folder first so it wins."""
    pairs = {
        str(outputs_dir): "$OUTPUTS",
        str(data_dir): "$DATA",
        str(seam.PROJECT_ROOT): "$PROJECT",
        str(Path(sys.base_prefix)): "$PYTHON",
        str(Path.home()): "~",
    }
    # No angle brackets: the placeholders land in HTML as well as in JSON. A home folder of "/"
    # is no prefix to replace.
    return sorted(((k, v) for k, v in pairs.items() if k != "/"), key=lambda p: -len(p[0]))


def scrub(text: str, pairs: list[tuple[str, str]]) -> str:
    """Return `text` with every absolute folder of `pairs` replaced by its placeholder."""
    for folder, placeholder in pairs:
        text = text.replace(folder, placeholder)
    return text
