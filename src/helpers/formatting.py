"""Format numbers and data-derived text for the prose of notebooks and reports."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping

import pandas as pd

from helpers.metrics import Interval, count_decimals

# Characters that Markdown would read as formatting; escaped so data text stays literal.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


# How each qualifier reads before a number in a sentence.
QUALIFIER_WORDS = {
    "exact": "",
    "nearly": "nearly ",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "less than ",
    "at_least": "at least ",
}
# How each unit reads after a published number.
UNIT_SUFFIXES = {
    "million_people": " M",
    "percent": "%",
    "percentage_points": " points",
    "count": "",
}


def format_published(
    value: float, unit: str, qualifier: str = "exact", decimals: int | None = None
) -> str:
    """Return a figure as published, to its own decimals: '249 M', 'nearly 142%', '21.0%'."""
    sign = "+" if unit == "percentage_points" and value > 0 else ""
    places = count_decimals(value) if decimals is None else decimals
    number = f"{value:{sign},.{places}f}"
    return f"{QUALIFIER_WORDS[qualifier]}{number}{UNIT_SUFFIXES[unit]}"


def format_range(interval: Interval, unit: str, decimals: int = 2) -> str:
    """Return a range such as '248.55–249.48 M' or '141.65–141.75%'."""
    return f"{interval.low:,.{decimals}f}–{interval.high:,.{decimals}f}{UNIT_SUFFIXES[unit]}"


# Month names for periods written YYYY-MM.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_period(period: str) -> str:
    """Return a YYYY-MM period in words: '2025-12' → 'December 2025'."""
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def format_millions(value: float | None, decimals: int = 0) -> str:
    """Return a count in millions as text, such as '602 M'; 'n/a' when absent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{decimals}f} M"


def format_pct(value: float | None, decimals: int = 1, *, signed: bool = False) -> str:
    """Return a percentage as text, such as '75.9%' or '+141.8%'; 'n/a' when absent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    sign = "+" if signed else ""
    return f"{value:{sign},.{decimals}f}%"


def format_count(value: float | None) -> str:
    """Return a whole count with thousands separators, such as '254,000'."""
    return "n/a" if value is None else f"{value:,.0f}"


def escape_text(text: object) -> str:
    """Return data-derived text safe to put into Markdown: no HTML and no formatting marks."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=True))


def show_table(
    table: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    caption: str = "",
    decimals: int | Mapping[str, int | None] | None = None,
    missing: str = "not published",
) -> object:
    """Return a table for readers: chosen columns under human headers, numbers as published."""
    from IPython.display import HTML

    chosen = dict(columns) if columns is not None else {c: c for c in table.columns}
    shown = table[list(chosen)].copy()

    def places_for(column: str) -> int | None:
        return decimals.get(column) if isinstance(decimals, Mapping) else decimals

    def format_cell(value: object, places: int | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return missing
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, int | float):
            digits = count_decimals(float(value)) if places is None else places
            return f"{value:,.{digits}f}"
        return str(value)

    for column in shown.columns:
        shown[column] = [format_cell(v, places_for(column)) for v in shown[column]]
    numeric = [
        column
        for column in chosen
        if pd.api.types.is_numeric_dtype(table[column])
        and not pd.api.types.is_bool_dtype(table[column])
    ]
    body = shown.rename(columns=chosen).to_html(
        index=False, escape=True, border=0, classes="data-table"
    )
    for column in numeric:
        body = body.replace(
            f"<th>{html.escape(chosen[column])}</th>",
            f'<th class="num">{html.escape(chosen[column])}</th>',
        )
    label = html.escape(caption, quote=True)
    if caption:
        body = body.replace(">\n  <thead>", f">\n  <caption>{label}</caption>\n  <thead>", 1)
    return HTML(
        f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">{body}</div>'
    )
