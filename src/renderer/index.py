"""outputs/index.html: the entry page with the headline numbers and every set's reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from renderer.context import RunFacts
from renderer.files import FAILED_SUFFIX, write_atomic
from renderer.plan import ParameterSet, read_title


def write_index(
    outputs_dir: Path,
    sets: list[ParameterSet],
    renders: dict[str, Any],
    inputs: Any,
    run: RunFacts,
    chart: dict[str, Any] | None,
) -> None:
    """Write outputs/index.html: headline numbers, then every set with its renders in reading order.

    `chart` is what seam.draw_index_chart(inputs) returned (drawn while the renders ran).
    """
    from renderer.analysis import seam
    from renderer.html import TEMPLATES, page_css
    from renderer.present import describe_text

    set_rows = []
    for parameter_set in sets:
        rows = []
        for notebook in parameter_set.notebooks:
            entry = renders.get(f"{parameter_set.name}/{notebook.stem}", {})
            set_dir = outputs_dir / parameter_set.name
            rows.append(
                {
                    "notebook": notebook.stem,
                    "title": read_title(notebook),
                    "status": entry.get("status", "not rendered"),
                    "error": entry.get("error", ""),
                    "has_html": (set_dir / f"{notebook.stem}.html").is_file(),
                    "failed_notebook": (set_dir / f"{notebook.stem}{FAILED_SUFFIX}").is_file(),
                    "failed_name": f"{notebook.stem}{FAILED_SUFFIX}",
                }
            )
        set_rows.append(
            {
                "name": parameter_set.name,
                "title": parameter_set.title,
                "parameters": parameter_set.parameters,
                "renders": rows,
            }
        )
    headline = seam.describe_headline(inputs)
    findings = "; ".join(f"{item.value} {item.label}".strip() for item in headline[:3])
    page = TEMPLATES.get_template("index.html.j2").render(
        css=page_css(),
        index_title=seam.INDEX_TITLE,
        index_lede=seam.INDEX_LEDE,
        description=describe_text(f"{findings}."),
        page_url=f"{run.base_url}index.html" if run.base_url else "",
        as_of=seam.describe_as_of({}, run.data_period, run.data_published),
        made_on=run.made_on,
        definition=seam.USER_DEFINITION,
        licence_name=seam.REPORTS_LICENCE[0],
        licence_url=seam.REPORTS_LICENCE[1],
        headline=headline,
        chart=chart,
        sets=set_rows,
        git_commit=run.git_commit,
    )
    write_atomic(outputs_dir / "index.html", page)
