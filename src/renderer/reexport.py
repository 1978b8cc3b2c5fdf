"""Re-export a published render's reports from its executed notebook, without running it again."""

from __future__ import annotations

from pathlib import Path

from renderer.context import PageContext
from renderer.files import write_atomic

# The report variants every render publishes: (file suffix, with the code shown).
VARIANTS = ((".html", False), (".code.html", True))


def reexport(set_dir: Path, notebook: str, files: list[str], page: PageContext) -> None:
    """Write <notebook>.html and .code.html again from the executed notebook, with a new page context.

    Used when only what the reports say about their set changed (its title), so no kernel starts.
    """
    import nbformat

    from renderer.html import render_report

    executed = nbformat.read(set_dir / f"{notebook}.ipynb", as_version=4)
    tables = sorted(name for name in files if name.startswith("tables/") and name.endswith(".csv"))
    context = page.for_notebook(notebook, tables)
    for suffix, with_code in VARIANTS:
        write_atomic(
            set_dir / f"{notebook}{suffix}", render_report(executed, context, with_code=with_code)
        )
