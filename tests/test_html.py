"""The report page: title, then the lede the notebook marked, then contents; no stderr, CSS unescaped."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from renderer.html import export_body, page_css, split_page

LEDE = '<p class="lede">Users <strong>more than doubled</strong> in 2025.</p>'


def make_notebook(*, lede: bool) -> nbformat.NotebookNode:
    """Return an executed-looking notebook: a title cell, a lede output, a warning, a section."""
    outputs = [
        new_output(
            "stream", name="stderr", text="/home/someone/x.py:1: UserWarning: Glyph missing"
        ),
        new_output("display_data", data={"text/markdown": LEDE if lede else "No lede here."}),
        new_output("display_data", data={"text/markdown": "More words."}),
    ]
    return new_notebook(
        cells=[
            new_markdown_cell("# 02 · How fast did use grow?\n\nThis walk-through loads the data."),
            new_code_cell("show_lede()", outputs=outputs),
            new_markdown_cell("## Growth\n\nText."),
        ]
    )


def test_the_title_and_the_lede_are_taken_out_of_the_body():
    page = split_page(export_body(make_notebook(lede=True), with_code=False), "02-growth")
    assert page.title == "02 · How fast did use grow?"
    assert page.lede == LEDE
    assert "<h1" not in page.body and "lede" not in page.body
    assert "More words." in page.body and "This walk-through loads the data." in page.body


def test_without_a_lede_there_is_none_and_the_code_variant_keeps_the_code():
    page = split_page(export_body(make_notebook(lede=False), with_code=True), "02-growth")
    assert page.lede == ""
    assert "No lede here." in page.body and "show_lede" in page.body


def test_stderr_never_reaches_the_page():
    page = split_page(export_body(make_notebook(lede=True), with_code=True), "02-growth")
    assert "Glyph" not in page.body and "/home/someone" not in page.body


def test_a_notebook_without_a_title_uses_its_name():
    notebook = new_notebook(cells=[new_markdown_cell("## Only a section")])
    assert split_page(export_body(notebook, with_code=False), "03-shares").title == "03-shares"


def test_the_stylesheet_and_the_charts_share_one_phone_breakpoint():
    from helpers import charts, seam
    from renderer.html import TEMPLATES

    stylesheet = TEMPLATES.loader.get_source(TEMPLATES, "style.css")[0]
    assert "rem) {" not in stylesheet.split("@media print")[0], "a breakpoint written in the CSS"
    assert f"@media {seam.NARROW_MEDIA} {{" in page_css()
    assert charts.NARROW_MEDIA is seam.NARROW_MEDIA


def test_the_stylesheet_is_not_escaped():
    css = page_css()
    assert '"Noto Sans CJK SC"' in css and "&#34;" not in css
    assert "@media print" in css
