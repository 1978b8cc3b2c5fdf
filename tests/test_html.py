"""The report page: title, then the lede the notebook marked, then contents; no stderr, CSS unescaped."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from renderer.html import page_css, split_page

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
    page = split_page(make_notebook(lede=True), "02-growth", with_code=False)
    assert page.title == "02 · How fast did use grow?"
    assert page.lede == LEDE
    assert "<h1" not in page.body and "lede" not in page.body
    assert "More words." in page.body and "This walk-through loads the data." in page.body


def test_without_a_lede_there_is_none_and_the_code_variant_keeps_the_code():
    page = split_page(make_notebook(lede=False), "02-growth", with_code=True)
    assert page.lede == ""
    assert "No lede here." in page.body and "show_lede" in page.body


def test_stderr_never_reaches_the_page():
    page = split_page(make_notebook(lede=True), "02-growth", with_code=True)
    assert "Glyph" not in page.body and "/home/someone" not in page.body


def test_a_notebook_without_a_title_uses_its_name():
    notebook = new_notebook(cells=[new_markdown_cell("## Only a section")])
    assert split_page(notebook, "03-shares", with_code=False).title == "03-shares"


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


def test_with_a_base_url_the_first_chart_is_the_share_preview():
    from renderer.context import PageContext, RunFacts
    from renderer.html import render_report
    from renderer.plan import NotebookOutline, SetOutline

    chart = (
        '<figure class="chart" id="chart-users"><img src="data:," alt="a chart of users">'
        '<figcaption>Users. <span class="chart-links">'
        '<a href="figures/users.png" class="download-png">PNG image</a></span></figcaption></figure>'
    )
    notebook = make_notebook(lede=True)
    notebook.cells[1].outputs.insert(
        0, new_output("display_data", data={"text/html": '<p class="headline">Users doubled</p>'})
    )
    notebook.cells[1].outputs.append(new_output("display_data", data={"text/html": chart}))
    outline = (
        SetOutline(
            "s",
            "A set",
            (NotebookOutline("01-a", "01 · A"), NotebookOutline("02-growth", "02 · B")),
        ),
    )
    run = RunFacts(
        "abc", (), "2025-12", "2026-02-07", "k", "2026-03-01", "https://e.org/r/", outline
    )
    context = PageContext(run, "s", "A set", {"period": "2025-12"}).for_notebook("02-growth", [])
    page = render_report(notebook, context, with_code=False)
    assert '<meta property="og:image" content="https://e.org/r/s/figures/users.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta property="og:title" content="Users doubled">' in page
    assert '<p class="kicker">02 · How fast did use grow?</p>' in page
    assert '<a class="previous" href="01-a.html" rel="prev">' in page and 'rel="next"' not in page
    made = '<time datetime="2026-03-01">2026-03-01</time>'
    assert f"Made {made}. https://e.org/r/s/02-growth.html</p>" in page
    # Dates and parameter values never break at their hyphens on a phone.
    assert f"turned into a web page on {made}." in page
    assert '(period <span class="value">2025-12</span>)' in page
    assert "time, .value { white-space: nowrap; }" in page


def test_table_cells_carry_their_header_and_only_a_narrow_table_stays_a_table_on_a_phone():
    from bs4 import BeautifulSoup

    from renderer.html import label_table_cells

    def table(cells: list[str]) -> str:
        body = "".join(f"<td>{cell}</td>" for cell in cells)
        heads = "".join(f"<th>Column {i}</th>" for i in range(len(cells)))
        return f"<table><thead><tr>{heads}</tr></thead><tbody><tr>{body}</tr></tbody></table>"

    soup = BeautifulSoup(
        table(["2024-06", "249"]) + table(["a long title " * 4, "x", "y"]), "html.parser"
    )
    label_table_cells(soup)
    narrow, wide = soup.select("table")
    assert [td["data-label"] for td in narrow.select("td")] == ["Column 0", "Column 1"]
    assert "fits-phone" in narrow["class"] and not wide.get("class")


def test_the_title_citation_and_share_tags_carry_no_seen_marks():
    from renderer.context import PageContext, RunFacts
    from renderer.html import render_report

    notebook = make_notebook(lede=False)
    headline = '<p class="headline">Users grew 141.7%‡</p>'
    lede = '<p class="lede">More than 700 M‡ users &amp; 50%† of people.</p>'
    notebook.cells[1].outputs[1:1] = [
        new_output("display_data", data={"text/html": headline}),
        new_output("display_data", data={"text/html": lede}),
    ]
    run = RunFacts("abc", (), "2025-12", "2026-02-07", "k", "2026-03-01")
    context = PageContext(run, "s", "A set", {}).for_notebook("02-growth", [])
    page = render_report(notebook, context, with_code=False)
    # The heading keeps its mark: the page's legend explains it; no legend follows the others.
    assert '<h1 class="title">Users grew 141.7%‡</h1>' in page
    assert "<title>Users grew 141.7% (02 · How fast did use grow?) — set s: A set</title>" in page
    assert '<meta property="og:title" content="Users grew 141.7%">' in page
    assert '<meta name="twitter:title" content="Users grew 141.7%">' in page
    assert '<meta name="description" content="More than 700 M users &amp; 50% of people.">' in page
    assert "“Users grew 141.7% (02 · How fast did use grow?)”. Set A set." in page


def test_the_index_preview_is_one_sentence_on_the_latest_count():
    from conftest import FIXTURE_DATA

    from helpers.seam import read_inputs
    from renderer.html import describe_text

    # Key findings joined by semicolons read as a list of labels, not as a sentence.
    assert describe_text(read_inputs(FIXTURE_DATA).describe_summary()) == (
        "By the end of June 2026, more than 700\xa0M people in China had used generative AI, by "
        "CNNIC's count; the reports here follow CNNIC's figures from June 2024, each with where "
        "it was found."
    )


def test_a_single_sentence_too_long_for_a_preview_is_cut_at_a_word():
    from renderer.html import DESCRIPTION_CHARS, cut_words

    preview = cut_words("12% " + "words " * 60)
    assert preview.startswith("12% words words") and preview.endswith("words…")
    assert len(preview) <= DESCRIPTION_CHARS


def test_the_technical_details_give_the_latest_source_date_or_say_none_is_recorded():
    from renderer.context import PageContext, RunFacts
    from renderer.html import render_report

    notebook = make_notebook(lede=False)
    for published, said in (
        (
            "2026-02-07",
            "figures up to 2025-12, latest dated source published "
            '<time datetime="2026-02-07">2026-02-07</time></dd>',
        ),
        ("", "figures up to 2025-12, no source has a recorded publication date</dd>"),
    ):
        run = RunFacts("abc", (), "2025-12", published, "k", "2026-03-01")
        context = PageContext(run, "s", "A set", {}).for_notebook("02-growth", [])
        assert said in render_report(notebook, context, with_code=False)


def test_a_preview_keeps_whole_sentences_or_clauses_so_no_number_is_cut_off():
    from renderer.html import DESCRIPTION_CHARS, cut_words

    first = (
        "Users were 602 M at the end of December 2025 and more than 700 M at the end of June 2026."
    )
    second = "No rate was found; computed from the two levels, the rise is more than 16.1%" + (
        " and more" * 12
    )
    # A cut at a word kept "computed from the two levels,…" and dropped the number it leads to.
    assert cut_words(f"{first} {second}") == first
    clause = "word " * 30 + "ends here; computed from the two levels, the rise is 16.1%" * 3
    assert len(clause) > DESCRIPTION_CHARS
    assert cut_words(clause) == "word " * 30 + "ends here…"


def test_a_preview_never_ends_inside_brackets():
    """Review 3, item 18: a cut inside an aside goes back to before its opening bracket."""
    from renderer.html import DESCRIPTION_CHARS, cut_words

    lede = "Users were 602 M, 141.7% more than at the end of December 2024 " + (
        "(249 M, found only in a secondary outlet, " + "and more " * 30 + ")."
    )
    assert len(lede) > DESCRIPTION_CHARS
    assert cut_words(lede) == "Users were 602 M, 141.7% more than at the end of December 2024…"
    # A closed aside before the cut stays; a sentence ending inside an open one does not count.
    closed = "Users were 602 M (read as 601.5–602.5 M), " + "and more " * 30 + "words."
    assert cut_words(closed).startswith("Users were 602 M (read as 601.5–602.5 M), and more")
    inside = "Users were 602 M (see the note. It says " + "more " * 40 + ")."
    assert cut_words(inside) == "Users were 602 M…"
