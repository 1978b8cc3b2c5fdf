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
    assert format_computed(change, "percentage_points") == "4.6–5.0\xa0points"
    assert format_computed(Interval(180.45, math.inf), "million_people", 0) == "more than 180\xa0M"
    # The complement of a share rounded to one decimal bears that decimal, whatever float error.
    for men in (50.3, 47.6):
        women = Interval(100 - (men + 0.05), 100 - (men - 0.05))
        assert format_computed(women, "percent") == f"{100 - men:.1f}%"


def test_folding_whitespace_keeps_a_number_with_its_unit():
    from helpers.formatting import UNIT_SUFFIXES, escape_markdown, fold_spaces

    # A line never breaks between a number and a unit written after a space.
    assert UNIT_SUFFIXES == {
        "million_people": "\xa0M",
        "percent": "%",
        "percentage_points": "\xa0points",
        "count": "",
    }
    assert fold_spaces(" 602\xa0M \n\t people  ") == "602\xa0M people"
    assert escape_markdown("more than\n700\xa0M‡") == "more than 700\xa0M‡"


# Markup a news site's text could carry into a report or the README, if it were not escaped.
HOSTILE_TEXT = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script> & &lt;b&gt; <!-- hidden -->",
    "[x](javascript:alert(1)) and [y][1]",
    "![](http://tracker.example/pixel.png)",
    "# fake heading",
    "Xinhua\n# fake heading on its own line\n\n- and a list",
    "- item",
    "1. numbered",
    "> quoted",
    "===",
    "**bold** _it_ `code` ~~gone~~ a|b",
    "costs $x$ or \\frac{1}{2}",
    "see http://example.com, www.example.com or me@example.com",
    "back\\slash \\* and \\<",
    "Workers' Daily (工人日报), page 2",
]


def render_markdown(source: str) -> list[str]:
    """Return what nbconvert's and a CommonMark renderer (as GitHub's) make of `source`."""
    from markdown_it import MarkdownIt
    from nbconvert.filters import markdown2html_mistune

    commonmark = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return [markdown2html_mistune(source), commonmark.render(source)]


def read_fragment(page: str) -> tuple[list[str], str]:
    """Return a page fragment's tags, in order, and its visible text."""
    soup = BeautifulSoup(page, "html.parser")
    return [tag.name for tag in soup.find_all(True)], soup.get_text()


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_escaped_data_text_renders_as_exactly_that_text(text):
    from helpers.formatting import escape_markdown

    for page in render_markdown(f"- **602 M** {escape_markdown(text)}"):
        tags, visible = read_fragment(page)
        assert tags == ["ul", "li", "strong"], page
        assert visible.strip() == f"602 M {' '.join(text.split())}", page


def test_readable_data_text_is_left_readable():
    from helpers.formatting import escape_markdown

    label = "Users who make images or video with AI (largest group), 2025-12: 288.0 M"
    assert escape_markdown(label) == label


def test_the_readme_headline_shows_hostile_labels_as_text(data_copy):
    from datafiles import set_cells

    from helpers.headline import README_END, README_START, render_headline_markdown
    from helpers.loading import load_tables

    attacks = {
        "by-use-answers-2025-12": HOSTILE_TEXT[0],
        "by-use-media-2025-12": HOSTILE_TEXT[2],
        "by-use-assistant-2025-12": HOSTILE_TEXT[3],
        "occupation-students-2025-12": HOSTILE_TEXT[4],
        "occupation-students-2025-12-pdf": HOSTILE_TEXT[4],
    }
    for figure_id, label in attacks.items():
        set_cells(data_copy / "figures.csv", figure_id, label=label)
    set_cells(data_copy / "sources.csv", "workers-daily-2026-02-07", publisher=HOSTILE_TEXT[11])
    section = render_headline_markdown(*load_tables(data_copy))
    body = section.removeprefix(README_START).removesuffix(README_END)
    for page in render_markdown(body):
        tags, text = read_fragment(page)
        assert set(tags) == {"p", "ul", "li", "strong"}, page  # sections, legend
        assert all(attack in text for attack in attacks.values())
        assert "as costs $x$ or \\frac{1}{2} reports it" in text


def test_a_range_rounded_outward_keeps_every_value_it_held():
    from helpers.formatting import round_outward
    from helpers.metrics import Interval

    assert round_outward(Interval(228.93, 232.56), 0) == (228, 233)
    assert round_outward(Interval(248.972, 249.58), 1) == (248.9, 249.6)
    # Float error does not push an end out a whole step; an open end stays open.
    assert round_outward(Interval(30.35 - 25.35, math.inf), 1) == (5.0, math.inf)
