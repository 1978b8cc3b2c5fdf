"""outputs/index.html: the entry page with the headline numbers and every set's reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.files import write_atomic
from helpers.render.plan import ParameterSet, read_title


def draw_users_chart(figures: Any) -> dict[str, Any] | None:
    """Return the index's small chart of users per period: image, size and alt text naming values."""
    from helpers.analysis import build_levels
    from helpers.charts import draw_small_users, render_png_uri
    from helpers.formatting import format_millions

    levels = build_levels(figures)[["period", "users_m"]]
    if levels.empty:
        return None
    uri, width, height = render_png_uri(draw_small_users(levels))
    values = "; ".join(
        f"{period}: {format_millions(users)}"
        for period, users in zip(levels["period"], levels["users_m"], strict=True)
    )
    return {
        "uri": uri,
        "width": width,
        "height": height,
        "alt": f"Bar chart of generative-AI users in China, million people: {values}.",
        "first": levels["period"].iloc[0],
        "last": levels["period"].iloc[-1],
    }


def write_index(
    outputs_dir: Path,
    sets: list[ParameterSet],
    renders: dict[str, Any],
    figures: Any,
    sources: Any,
    base_context: dict[str, Any],
) -> None:
    """Write outputs/index.html: headline numbers, then every set with its renders in reading order."""
    from helpers.headline import build_headline
    from helpers.render.html import TEMPLATES, page_css

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
                    "failed_notebook": (set_dir / f"{notebook.stem}.failed.ipynb").is_file(),
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
    page = TEMPLATES.get_template("index.html.j2").render(
        css=page_css(),
        headline=build_headline(figures, sources),
        chart=draw_users_chart(figures),
        sets=set_rows,
        git_commit=base_context["git_commit"],
    )
    write_atomic(outputs_dir / "index.html", page)
