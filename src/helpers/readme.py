"""Refresh the README's generated parts: the headline numbers and the chart, both from data/."""

from __future__ import annotations

import shutil
import sys

from helpers.headline import README_END, README_START, render_headline_markdown
from helpers.loading import load_tables
from helpers.paths import OUTPUTS_DIR, PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
# The chart the README shows, copied from the headline render.
README_CHART = PROJECT_ROOT / "docs" / "users-over-time.png"
RENDERED_CHART = OUTPUTS_DIR / "headline" / "figures" / "users-over-time.png"


def replace_headline(readme: str, section: str) -> str:
    """Return the README with the text between the headline markers replaced by `section`."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md: the markers {README_START!r} … {README_END!r} are missing")
    return readme[:start] + section + readme[end + len(README_END) :]


def main() -> int:
    """Rewrite the README's headline and copy the rendered chart next to it."""
    text = README.read_text(encoding="utf-8")
    section = render_headline_markdown(*load_tables())
    README.write_text(replace_headline(text, section), "utf-8")
    if not RENDERED_CHART.is_file():
        print(f"readme: {RENDERED_CHART} is missing; run `make render` first", file=sys.stderr)
        return 1
    README_CHART.parent.mkdir(exist_ok=True)
    shutil.copyfile(RENDERED_CHART, README_CHART)
    return 0


if __name__ == "__main__":
    sys.exit(main())
