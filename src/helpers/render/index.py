"""outputs/index.html: the entry page with the headline numbers and every set's reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.files import write_atomic
from helpers.render.plan import ParameterSet, read_title


def draw_users_chart(figures: Any) -> dict[str, Any] | None:
    """Return the index's small chart of users per period: image, size and alt text naming values."""
    from helpers.analysis import build_levels
    from helpers.charts import draw_small_users, render_svg_uri
    from helpers.formatting import format_millions

    if not (figures["metric"] == "genai_users").any():
        return None
    try:
        levels = build_levels(figures)[["period", "users_m"]].dropna()
    except Exception:  # like the headline, a chart the data cannot give must not cost the page
        return None
    if levels.empty:
        return None
    uri, width, height = render_svg_uri(draw_small_users(levels))
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
        headline=build_headline_or_reason(figures, sources),
        chart=draw_users_chart(figures),
        sets=set_rows,
        git_commit=base_context["git_commit"],
    )
    write_atomic(outputs_dir / "index.html", page)


def build_headline_or_reason(figures: Any, sources: Any) -> list[Any]:
    """Return the headline items, or one item saying why the data cannot give a headline.

    A headline needs series that valid data may lack (no users rows, say); the index still lists
    every report, so a missing series must not cost the whole page.
    """
    from helpers.headline import HeadlineItem, build_headline

    if not (figures["metric"] == "genai_users").any():
        reason = "data has no generative-AI users figures (metric genai_users)"
        return [HeadlineItem("", f"headline not available: {reason}")]
    try:
        return build_headline(figures, sources)
    except Exception as err:  # any failure of the headline is shown on the page, not raised
        reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        return [HeadlineItem("", f"headline not available: {reason}")]
