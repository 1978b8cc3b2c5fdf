"""Refresh the README's generated parts: the headline numbers and the chart, both from data/.

A project tool, not part of the analysis library: `make readme` renders, then runs this.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from helpers.headline import README_END, README_START, render_headline_markdown
from helpers.loading import load_findings, load_tables
from helpers.paths import NOTEBOOKS_DIR, OUTPUTS_DIR, PROJECT_ROOT, RENDER_PLAN
from renderer.plan import read_plan

README = PROJECT_ROOT / "README.md"
# The chart the README shows, copied from the render of the plan's first set (the lead set).
README_CHART = PROJECT_ROOT / "docs" / "users-over-time.png"
CHART_FILE = "figures/users-over-time.png"


def find_rendered_chart() -> Path:
    """Return where the plan's first set keeps its users chart (whatever the set is called)."""
    lead = read_plan(RENDER_PLAN, NOTEBOOKS_DIR)[0]
    return OUTPUTS_DIR / lead.name / CHART_FILE


def replace_headline(readme: str, section: str) -> str:
    """Return the README with the text between the headline markers replaced by `section`."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md: the markers {README_START!r} … {README_END!r} are missing")
    return readme[:start] + section + readme[end + len(README_END) :]


def main() -> int:
    """Rewrite the README's headline and copy the rendered chart next to it."""
    text = README.read_text(encoding="utf-8")
    section = render_headline_markdown(*load_tables(), load_findings())
    README.write_text(replace_headline(text, section), "utf-8")
    rendered = find_rendered_chart()
    if not rendered.is_file():
        print(f"readme: {rendered} is missing; run `make render` first", file=sys.stderr)
        return 1
    README_CHART.parent.mkdir(exist_ok=True)
    shutil.copyfile(rendered, README_CHART)
    return 0


if __name__ == "__main__":
    sys.exit(main())
