"""The one seam through which the batch renderer reaches the analysis.

The renderer (src/renderer/) knows notebooks, papermill and nbconvert, not CNNIC. Everything it
needs from this project goes through here: where things are, what a notebook can read (for the
execution key), the periods the data has and the parameter rule (for the plan check), and the
index page's key findings and small chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from helpers.errors import DataError
from helpers.loading import hash_files
from helpers.parameters import ParameterError, check_parameters
from helpers.paths import (
    DATA_DIR,
    FIGURES_FILE,
    FINDINGS_FILE,
    HELPERS_DIR,
    LOCK_FILE,
    NOTEBOOKS_DIR,
    OUTPUTS_DIR,
    PROJECT_ROOT,
    RENDER_PLAN,
    SOURCES_FILE,
)

__all__ = [
    "DATA_DIR",
    "INDEX_LEDE",
    "INDEX_TITLE",
    "INPUT_ERRORS",
    "NOTEBOOKS_DIR",
    "OUTPUTS_DIR",
    "PROJECT_ROOT",
    "RENDER_PLAN",
    "Inputs",
    "ParameterError",
    "check_parameters",
    "describe_headline",
    "draw_index_chart",
    "hash_notebook_inputs",
    "list_data_files",
    "read_inputs",
]

# Errors in the data that the renderer reports as bad input (its own exit code, no traceback).
INPUT_ERRORS: tuple[type[Exception], ...] = (DataError,)


# What the index page is called and says first; the renderer has no words of its own for it.
INDEX_TITLE = "Generative-AI adoption in China"
INDEX_LEDE = (
    "How many people in China use generative AI, from the figures CNNIC published, as news "
    "reports, mirrors and third-party copies carry them: each figure is marked by how it was "
    "seen, and every recomputed figure is checked against the published ones at their rounding."
)


class Inputs(NamedTuple):
    """The validated data, with what every report's footer and the plan check need from it."""

    periods: list[str]
    data_period: str
    data_published: str
    tables: Any


def list_data_files(data_dir: Path) -> list[Path]:
    """Return the data files every notebook reads: exactly figures, sources and findings.

    Any other file in the folder (a backup copy, notes) is ignored on purpose: no notebook reads
    it, so it must not change a render's key or appear in a footer as an input.
    """
    return [data_dir / name for name in (FIGURES_FILE, SOURCES_FILE, FINDINGS_FILE)]


def hash_notebook_inputs(data_dir: Path) -> str:
    """Return one key of what a notebook can read besides itself: the data, helpers and pins."""
    helpers_files = [
        p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    pins = [LOCK_FILE] if LOCK_FILE.exists() else []
    return hash_files(
        [*list_data_files(data_dir), *helpers_files, *pins], [data_dir, HELPERS_DIR, PROJECT_ROOT]
    )


def read_inputs(data_dir: Path) -> Inputs:
    """Return the validated data of a folder; raises one of INPUT_ERRORS naming what is wrong."""
    from helpers.loading import load_tables

    figures, sources = load_tables(data_dir)
    return Inputs(
        periods=sorted(figures["period"].unique()),
        data_period=max(figures["period"]),
        # Every source may lack a date (each then carries a reliability note instead).
        data_published=max((d for d in sources["published"] if d), default="not published"),
        tables=(figures, sources),
    )


def describe_headline(inputs: Inputs) -> list[Any]:
    """Return the index's key findings as (value, label), or one item saying why there are none.

    A headline needs series that valid data may lack (no users rows, say); the index still lists
    every report, so a missing series must not cost the whole page.
    """
    from helpers.headline import HeadlineItem, build_headline

    figures, sources = inputs.tables
    if not (figures["metric"] == "genai_users").any():
        reason = "data has no generative-AI users figures (metric genai_users)"
        return [HeadlineItem("", f"headline not available: {reason}")]
    try:
        return build_headline(figures, sources)
    except Exception as err:  # any failure of the headline is shown on the page, not raised
        reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        return [HeadlineItem("", f"headline not available: {reason}")]


def draw_index_chart(inputs: Inputs) -> dict[str, Any] | None:
    """Return the index's small chart of users per period: image, size and alt text naming values."""
    from helpers.analysis import build_levels
    from helpers.charts import draw_small_users, render_svg_uri
    from helpers.formatting import format_millions

    figures, _ = inputs.tables
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
        "caption": (
            f"Generative-AI users in China at each reporting date from {levels['period'].iloc[0]} "
            f"to {levels['period'].iloc[-1]}, million people. Source: CNNIC, as reported by the "
            "outlets each report lists."
        ),
    }
