"""Format numbers and data-derived text for the prose of notebooks and reports."""

from __future__ import annotations

import functools
import hashlib
import html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from helpers.metrics import Interval, count_decimals
from helpers.vocabulary import SEEN_GRADES

if TYPE_CHECKING:  # imported when a table is shown, so the render command starts fast
    from IPython.display import HTML
    from pandas.io.formats.style_render import CSSDict

# The only addresses a table links to: the web, never javascript: or a local file.
WEB_ADDRESS = re.compile(r"\Ahttps?://[^\s\"'<>]+\Z", re.IGNORECASE)
# What Markdown could read as markup in data text, each with the backslash escape that makes it
# literal (CommonMark's, which nbconvert, JupyterLab and GitHub all honour), applied in order.
MARKDOWN_ESCAPES = (
    # Anywhere in a line: emphasis, code, links and images, raw HTML and entities, tables,
    # strikethrough, math ('$' in Jupyter and nbconvert) and e-mail addresses.
    (re.compile(r"([\\`*_\[\]<>&|~$@])"), r"\\\1"),
    # Addresses a renderer links by itself: 'http://…' and 'www.…'.
    (re.compile(r"(?<=[A-Za-z0-9]):(?=/)"), r"\\:"),
    (re.compile(r"(?i)(?<![\w.])(www)\."), r"\1\\."),
    # At the start of a line: heading, quote, list item, rule or underline, numbered item.
    (re.compile(r"\A([#>+=-])"), r"\\\1"),
    (re.compile(r"\A([0-9]+)([.)])"), r"\1\\\2"),
)

# Spaces a line never breaks at, as between a number and its unit (UNIT_SUFFIXES).
NO_BREAK_SPACES = "\N{NO-BREAK SPACE}\N{NARROW NO-BREAK SPACE}\N{FIGURE SPACE}"
# A run of whitespace a line may break at, to fold into one space; folding keeps no-break spaces.
BREAKABLE_SPACE = re.compile(rf"[^\S{NO_BREAK_SPACES}]+")


# How each qualifier reads before a number in a sentence.
QUALIFIER_WORDS = {
    "exact": "",
    "nearly": "nearly ",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "less than ",
    "at_least": "at least ",
    "odd": "",
}
# How a qualifier reads after the number: "490-odd" (490余) for a count short of the next step.
QUALIFIER_ENDINGS = {"odd": "-odd"}
# How each unit reads after a published number. The space is a no-break space (U+00A0): a line
# never ends between a number and its unit ("181 / M" on a phone), in notebooks as on the pages.
UNIT_SUFFIXES = {
    "million_people": "\N{NO-BREAK SPACE}M",
    "percent": "%",
    "percentage_points": "\N{NO-BREAK SPACE}points",
    "count": "",
}


def format_published(
    value: float, unit: str, qualifier: str = "exact", decimals: int | None = None
) -> str:
    """Return a figure as published, to its own decimals: '249 M', 'nearly 142%', '21.0%'."""
    sign = "+" if unit == "percentage_points" and value > 0 else ""
    places = count_decimals(value) if decimals is None else decimals
    number = f"{value:{sign},.{places}f}"
    ending = QUALIFIER_ENDINGS.get(qualifier, "")
    return f"{QUALIFIER_WORDS[qualifier]}{number}{ending}{UNIT_SUFFIXES[unit]}"


def format_range(interval: Interval, unit: str, decimals: int = 2) -> str:
    """Return a range such as '248.55–249.48 M' or '141.65–141.75%'."""
    return f"{interval.low:,.{decimals}f}–{interval.high:,.{decimals}f}{UNIT_SUFFIXES[unit]}"


# How far, in steps of the last decimal, an end may sit past a step and still count as on it.
OUTWARD_SLACK = 1e-6


def round_outward(interval: Interval, decimals: int) -> Interval:
    """Return a range with its ends rounded outward to `decimals` (228.93–232.56 to 0: 228–233)."""
    scale = 10**decimals
    # Float error (30.35 − 25.35 = 5.000000000000007) must not push an end out by a whole step.
    low, high = interval
    if math.isfinite(low):
        low = math.floor(low * scale + OUTWARD_SLACK) / scale
    if math.isfinite(high):
        high = math.ceil(high * scale - OUTWARD_SLACK) / scale
    return Interval(low, high)


def format_computed(interval: Interval, unit: str, decimals: int = 1) -> str:
    """Return a figure recomputed from rounded ones at the precision it can bear.

    One number when both ends round alike ('53.5%'), else the range ('5.7–10.9%'), else a bound
    ('more than 16.1%' for a range open above). Ends are rounded outward, so the text never
    claims more than the inputs allow.
    """
    low, high = round_outward(interval, decimals)
    suffix = UNIT_SUFFIXES[unit]
    if not math.isfinite(interval.high):
        return f"more than {low:,.{decimals}f}{suffix}"
    # One rounding step centred on a value (100 − 50.3 allows 49.65–49.75) is that value: 49.7.
    nudge = OUTWARD_SLACK / 10**decimals
    single = round(interval.low + nudge, decimals)
    if single == round(interval.high - nudge, decimals):
        return f"{single:,.{decimals}f}{suffix}"
    return f"{low:,.{decimals}f}–{high:,.{decimals}f}{suffix}"


def mark_seen(seen: str) -> str:
    """Return the mark a figure carries for how it was seen ('' for one read in full text)."""
    return SEEN_GRADES[seen].mark


def describe_grade(seen: str) -> str:
    """Return how a figure was seen, in words, with its mark ('‡ seen only in a headline…')."""
    grade = SEEN_GRADES[seen]
    return f"{grade.mark} {grade.legend}" if grade.mark else grade.legend


def describe_marks(seen: Iterable[str]) -> str:
    """Return the legend of the marks that the given grades carry, or '' when none is marked."""
    used = set(seen)
    return " ".join(
        f"{grade.mark} {start_sentence(grade.legend)}."
        for name, grade in SEEN_GRADES.items()
        if grade.mark and name in used
    )


# Month names for periods written YYYY-MM.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_period(period: str) -> str:
    """Return a YYYY-MM period in words: '2025-12' → 'December 2025'."""
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def start_sentence(text: str) -> str:
    """Return text with its first letter upper-case: 'more than 50%' → 'More than 50%'."""
    return text[:1].upper() + text[1:]


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


def fold_spaces(text: str) -> str:
    """Return text with each run of breakable whitespace as one space, trimmed ('602\xa0M' stays)."""
    return BREAKABLE_SPACE.sub(" ", text).strip()


def escape_markdown(text: object) -> str:
    """Return data-derived text for a Markdown sentence, read back exactly as written.

    The one escape for Markdown in the project (HTML gets html.escape): a label, publisher or
    report name becomes no tag, link, image, heading, list or math. Whitespace runs, line breaks
    included, become one space, so the text cannot start a line of its own (a no-break space
    stays, so a number keeps its unit). Dots, dashes, quotes
    and parentheses inside the text stay as they are.
    """
    flat = fold_spaces(str(text))
    for pattern, replacement in MARKDOWN_ESCAPES:
        flat = pattern.sub(replacement, flat)
    return flat


def format_cell(value: object, places: int | None, missing: str) -> str:
    """Return one table cell as plain text: yes/no, a number with separators, or `missing`."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return missing
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Real):
        decimals = count_decimals(float(value)) if places is None else places
        return f"{float(value):,.{decimals}f}"
    return str(value)


def is_number(value: object) -> bool:
    """Tell whether a cell holds a number (booleans are words, not numbers)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def show_table(
    table: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    caption: str | None = None,
    decimals: int | Mapping[str, int | None] | None = None,
    missing: str = "not published",
    links: Mapping[str, str] | None = None,
) -> HTML:
    """Return a table for people: chosen columns with human headers, numbers as published, no ids.

    `columns` maps source column to header (with unit) in display order; without it every column
    shows under its own name. `decimals` is None (as published), a count, or a count per column.
    `links` maps a shown column to the column holding its web address: each cell becomes a link
    (a cell whose address is not http or https stays plain text).
    """
    from IPython.display import HTML
    from pandas.io.formats.style import Styler

    headers = dict(columns) if columns is not None else {str(c): str(c) for c in table.columns}
    links = dict(links or {})
    unknown = [name for name in [*headers, *links.values()] if name not in table.columns]
    if unknown:
        raise KeyError(
            f"show_table: column(s) {unknown} are not in the table; it has {list(table.columns)}"
        )
    view = table.loc[:, list(headers)].reset_index(drop=True)
    view.columns = pd.Index(list(headers.values()))
    per_column = (
        {headers[k]: v for k, v in decimals.items() if k in headers}
        if isinstance(decimals, Mapping)
        else dict.fromkeys(headers.values(), decimals)
    )
    numeric = [
        j
        for j, name in enumerate(view.columns)
        if any(is_number(v) for v in view[name])
        and all(is_number(v) or pd.isna(v) for v in view[name])
    ]
    classes = pd.DataFrame(
        [
            [
                " ".join((["num"] if j in numeric else []) + (["missing"] if pd.isna(v) else []))
                for j, v in enumerate(row)
            ]
            for row in view.itertuples(index=False)
        ],
        columns=view.columns,
    )
    formatters: dict[Any, str | Callable[[object], str] | None] = {
        name: functools.partial(format_escaped, places=per_column.get(name), missing=missing)
        for name in view.columns
    }
    for column, url_column in links.items():
        if column in headers:
            view[headers[column]] = [
                format_link(format_cell(value, None, missing), url)
                for value, url in zip(table[column], table[url_column], strict=True)
            ]
            formatters[headers[column]] = str  # already HTML, escaped by format_link
    label = caption or "Table of " + ", ".join(headers.values())
    # A stable id from the content keeps re-renders byte-identical (Styler's default is random).
    uuid = hashlib.sha256(repr((label, list(headers), len(view))).encode()).hexdigest()[:10]
    styler = (
        Styler(view, uuid=uuid, cell_ids=False)
        .hide(axis="index")
        .format(formatters)
        .format_index(escape="html", axis=1)
        .set_td_classes(classes)
        # JupyterLab's stylesheet right-aligns every cell; these per-column rules (an id selector,
        # so they win) keep words left and numbers right there as in the reports.
        .set_table_styles(
            {name: align_column(j in numeric) for j, name in enumerate(view.columns)},
            overwrite=False,
        )
    )
    if caption:
        styler = styler.set_caption(html.escape(caption))
    # Styling lives in the page's stylesheet, so Styler's (empty) <style> element is dropped.
    table_html = re.sub(
        r'<style type="text/css">\s*</style>\s*',
        "",
        styler.to_html(table_attributes='class="data-table"'),
    )
    for j in numeric:  # Styler has no per-header classes; numeric headers align with their numbers
        table_html = table_html.replace(
            f'class="col_heading level0 col{j}"', f'class="col_heading level0 col{j} num"'
        )
    return HTML(
        f'<div class="table-scroll" role="region" aria-label="{html.escape(label, quote=True)}" '
        f'tabindex="0">{table_html}</div>'
    )


def align_column(numeric: bool) -> list[CSSDict]:
    """Return Styler rules for one column's header and cells: numbers right, unwrapped; words left."""
    align: tuple[str, str | float] = ("text-align", "right" if numeric else "left")
    cells: list[tuple[str, str | float]] = (
        [align, ("white-space", "nowrap")] if numeric else [align]
    )
    return [{"selector": "th", "props": [align]}, {"selector": "td", "props": cells}]


def format_link(text: str, url: object) -> str:
    """Return text as an HTML link to a web address, or as escaped text when there is none."""
    if isinstance(url, str) and WEB_ADDRESS.match(url.strip()):
        return f'<a href="{html.escape(url.strip(), quote=True)}">{html.escape(text)}</a>'
    return html.escape(text)


def format_escaped(value: object, places: int | None, missing: str) -> str:
    """Return one cell as HTML-escaped text."""
    return html.escape(format_cell(value, places, missing))
