"""Tables for people: chosen columns under human headers, numbers as published, no random ids."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag

from helpers.formatting import show_table

FIGURES = pd.DataFrame(
    {
        "metric": ["users", "population", "<script>"],
        "value": [249.0, 1404.89, 141.7],
        "consistent": [True, False, True],
        "base_m": [248.76, math.nan, None],
        "unused": ["x", "y", "z"],
    }
)
COLUMNS = {
    "metric": "Measure",
    "value": "Value as published",
    "consistent": "Fits the rounding",
    "base_m": "Implied base (million people)",
}


def cells(table_html: str) -> tuple[list[str], list[list[str]], dict[str, str]]:
    """Return the headers, the rows of cell text, and the wrapper's attributes."""
    soup = BeautifulSoup(table_html, "html.parser", multi_valued_attributes=None)
    wrapper = soup.find(True)
    assert isinstance(wrapper, Tag)
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.find_all("tr")]
    headers = [th.get_text() for th in soup.find_all("th")]
    return headers, [r for r in rows if r], dict(wrapper.attrs)


def test_columns_are_chosen_renamed_and_shown_as_published():
    shown = show_table(FIGURES, COLUMNS, caption="Figures <for> 2025-12").data
    headers, rows, wrapper = cells(shown)
    assert headers == list(COLUMNS.values())
    assert rows == [
        ["users", "249", "yes", "248.76"],
        ["population", "1,404.89", "no", "not published"],
        ["<script>", "141.7", "yes", "not published"],
    ]
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    # Only the per-column alignment rules JupyterLab needs: words left, numbers right.
    style = shown.split("<style", 1)[1].split("</style>")[0]
    assert "td.col1 {\n  text-align: right;\n  white-space: nowrap;\n}" in style
    assert "td.col0 {\n  text-align: left;\n}" in style
    assert "<caption>Figures &lt;for&gt; 2025-12</caption>" in shown
    assert wrapper == {
        "class": "table-scroll",
        "role": "region",
        "aria-label": "Figures <for> 2025-12",
        "tabindex": "0",
    }


def test_numbers_are_right_aligned_and_words_are_not():
    shown = show_table(FIGURES, COLUMNS, caption="c").data
    assert 'class="col_heading level0 col1 num"' in shown
    assert 'class="col_heading level0 col0"' in shown
    assert 'class="data row1 col3 num missing"' in shown


def test_decimals_as_a_count_or_per_column():
    _, rows, _ = cells(show_table(FIGURES, COLUMNS, caption="c", decimals=1).data)
    assert [r[1] for r in rows] == ["249.0", "1,404.9", "141.7"]
    per_column = show_table(
        FIGURES, COLUMNS, caption="c", decimals={"value": 0, "base_m": 1}, missing="—"
    ).data
    _, rows, _ = cells(per_column)
    assert [(r[1], r[3]) for r in rows] == [("249", "248.8"), ("1,405", "—"), ("142", "—")]


def test_the_same_table_gives_the_same_bytes():
    first = show_table(FIGURES, COLUMNS, caption="c").data
    assert first == show_table(FIGURES.copy(), dict(COLUMNS), caption="c").data


def test_the_old_call_shows_every_column_under_its_own_name():
    headers, rows, wrapper = cells(show_table(FIGURES, decimals=None, missing="n/a").data)
    assert headers == list(FIGURES.columns)
    assert rows[1] == ["population", "1,404.89", "no", "n/a", "y"]
    assert wrapper["aria-label"] == "Table of metric, value, consistent, base_m, unused"


def test_an_unknown_column_is_named():
    with pytest.raises(KeyError, match=r"\['share'\] are not in the table"):
        show_table(FIGURES, {"share": "Share (%)"}, caption="c")


def test_a_linked_column_links_each_cell_to_its_web_address_and_nothing_else():
    sources = pd.DataFrame(
        {
            "publisher": ["Xinhua <x>", "Kazinform", "Nobody", "Evil"],
            "url": [
                "http://www.chinaview.cn/a?b=1&c=2",
                "https://qazinform.com/n",
                "none: no outlet found",
                "javascript:alert(1)",
            ],
        }
    )
    shown = show_table(
        sources, {"publisher": "Publisher"}, caption="c", links={"publisher": "url"}
    ).data
    _, rows, _ = cells(shown)
    assert rows == [["Xinhua <x>"], ["Kazinform"], ["Nobody"], ["Evil"]]
    assert '<a href="http://www.chinaview.cn/a?b=1&amp;c=2">Xinhua &lt;x&gt;</a>' in shown
    assert '<a href="https://qazinform.com/n">Kazinform</a>' in shown
    assert shown.count("<a ") == 2 and "javascript" not in shown


def test_computed_ranges_are_not_widened_by_float_error():
    from helpers.formatting import format_computed
    from helpers.metrics import Interval, bound_difference

    change = bound_difference(Interval(30.25, 30.35), Interval(25.35, 25.65))
    assert format_computed(change, "percentage_points") == "4.6–5.0 points"
    assert format_computed(Interval(180.45, math.inf), "million_people", 0) == "more than 180 M"
    # The complement of a share rounded to one decimal bears that decimal, whatever float error.
    for men in (50.3, 47.6):
        women = Interval(100 - (men + 0.05), 100 - (men - 0.05))
        assert format_computed(women, "percent") == f"{100 - men:.1f}%"
