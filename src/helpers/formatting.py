"""Format numbers and data-derived text for the prose of notebooks and reports."""

from __future__ import annotations

import html
import math
import re

from helpers.metrics import count_decimals

# Characters that Markdown would read as formatting; escaped so data text stays literal.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


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


def show_table(table: object, decimals: int | None = 1, missing: str = "n/a") -> object:
    """Return a table as escaped HTML with no random ids; decimals=None shows values as published."""
    from IPython.display import HTML

    def format_float(value: float) -> str:
        places = count_decimals(value) if decimals is None else decimals
        return f"{value:,.{places}f}"

    return HTML(
        table.to_html(  # type: ignore[attr-defined]
            index=False,
            escape=True,
            na_rep=missing,
            float_format=format_float,
            classes="data-table",
            border=0,
        )
    )
