"""Export executed notebooks to small, self-contained, offline HTML reports to cite and share; the index."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import nbformat
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup
from nbconvert import HTMLExporter

from helpers.files import write_atomic
from renderer.context import FAILED_SUFFIX
from renderer.plan import shorten_title
from renderer.project import PROJECT, IndexChart, Inputs

if TYPE_CHECKING:
    from renderer.context import PageContext, RunFacts
    from renderer.plan import ParameterSet

# The project's page templates and stylesheet, shipped inside the package.
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("renderer", "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)
# The project's words (its name, definition, licence, the index's title) as the pages show them.
TEMPLATES.globals["PROJECT"] = PROJECT
# The report variants every render publishes: (file suffix, with the code shown).
VARIANTS = ((".html", False), (".code.html", True))
# A share preview's description: search engines and cards cut longer text.
DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class Page:
    """A report body split for the page template: its title, its lede, the rest and its headings."""

    title: str
    lede: Markup
    body: Markup
    # The h2 and h3 headings, for the table of contents: (level, anchor, text).
    headings: tuple[tuple[int, str, str], ...]
    kicker: str = ""
    # The first chart's PNG, relative to the report: its share preview.
    chart_png: str = ""


@functools.cache
def make_exporter(with_code: bool) -> HTMLExporter:
    """Return an exporter for the body only (no page, no prompts); built once per process."""
    # With sanitize_html off (the notebooks are the project's own), bleach runs only on the code
    # pygments has already escaped: a third of a second per report with code, for nothing.
    return HTMLExporter(
        template_name="basic",
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        filters={"clean_html": lambda html: html},
    )


@functools.cache
def page_css(with_code: bool = False) -> Markup:
    """Return the stylesheet (and the code variant's highlighting) as trusted, unescaped CSS."""
    from pygments.formatters import HtmlFormatter

    css = TEMPLATES.get_template("style.css").render(narrow_media=PROJECT.NARROW_MEDIA)
    if with_code:  # nbconvert's basic template has no syntax highlighting of its own
        css += str(HtmlFormatter(style="default").get_style_defs(".highlight"))
    # Markup: the stylesheet is ours, not data, so autoescape must not turn its quotes into &#34;.
    return Markup(css)


# A run of whitespace a line may break at; a no-break space (a number and its unit) is kept.
BREAKABLE_SPACE = re.compile(r"[^\S\N{NO-BREAK SPACE}\N{NARROW NO-BREAK SPACE}\N{FIGURE SPACE}]+")


def read_heading(heading: Tag) -> str:
    """Return a heading's words, without nbconvert's '¶' anchor link."""
    words = heading.find_all(string=True)
    return "".join(w for w in words if not w.find_parent(class_="anchor-link")).strip()


def take_output(soup: BeautifulSoup, class_name: str) -> Tag | None:
    """Remove the first element of this class with its output area; return it (or None)."""
    found = soup.find(class_=class_name)
    if not isinstance(found, Tag):
        return None
    # The output area goes with it; in the code variant the code that made it stays.
    area = found.find_parent(class_="output_area")
    found.extract()
    if area is not None:
        area.decompose()
    return found


# A phone's text column (390 px less margins) and the table type's average character width, in
# CSS px: a table whose longest entries fit stays a table there; a wider one stacks its rows.
PHONE_COLUMN_PX = 350
TABLE_CHAR_PX = 8.0
TABLE_CELL_PADDING_PX = 22


def estimate_width_px(table: Tag) -> float:
    """Return about how wide a table must be: each column's longest cell, or longest header word."""
    widest: dict[int, int] = {}
    for row in table.select("tr"):
        for column, cell in enumerate(row.find_all(["td", "th"])):
            text = cell.get_text(" ", strip=True)
            # Headers wrap at spaces; cells are measured whole (numbers and short words do not wrap).
            size = (
                max((len(w) for w in text.split()), default=0) if cell.name == "th" else len(text)
            )
            widest[column] = max(widest.get(column, 0), size)
    return sum(chars * TABLE_CHAR_PX + TABLE_CELL_PADDING_PX for chars in widest.values())


def label_table_cells(soup: BeautifulSoup) -> None:
    """Label body cells with their column's header, for a phone's stacked rows; mark narrow tables."""
    for table in soup.select("table"):
        headers = [th.get_text(" ", strip=True) for th in table.select("thead tr:last-child th")]
        for row in table.select("tbody tr"):
            for header, cell in zip(headers, row.find_all(["td", "th"]), strict=False):
                cell["data-label"] = header
        if estimate_width_px(table) <= PHONE_COLUMN_PX:
            table["class"] = " ".join([*table.get_attribute_list("class"), "fits-phone"]).strip()


def split_page(notebook: nbformat.NotebookNode, fallback_title: str, *, with_code: bool) -> Page:
    """Export the cells (with or without code); take out title, kicker, lede and stderr; list h2–h3."""
    # The title is the headline output (its finding) under the first h1's short name, else that h1.
    body, _ = make_exporter(with_code).from_notebook_node(notebook)
    soup = BeautifulSoup(body, "html.parser")
    title = fallback_title
    heading = soup.find("h1")
    if heading is not None:
        title = read_heading(heading) or fallback_title
        heading.decompose()
    kicker = ""
    headline = take_output(soup, PROJECT.HEADLINE_CLASS)
    if headline is not None and headline.get_text().strip():
        kicker, title = shorten_title(title), BREAKABLE_SPACE.sub(" ", headline.get_text()).strip()
    # Warnings and other stderr stay in the executed notebook; a reader's page never shows them.
    for stream in soup.select(".output_stderr"):
        (stream.find_parent(class_="output_area") or stream).decompose()
    lede = take_output(soup, PROJECT.LEDE_CLASS)
    label_table_cells(soup)
    headings = tuple(
        (int(h.name[1]), str(h["id"]), read_heading(h))
        for h in soup.find_all(["h2", "h3"], id=True)
    )
    chart_png = soup.select_one("figure.chart a.download-png")
    return Page(
        title,
        Markup(str(lede) if lede is not None else ""),
        Markup(str(soup)),
        headings,
        kicker,
        str(chart_png["href"]) if chart_png is not None else "",
    )


def read_plain(html_text: str) -> str:
    """Return the words of an HTML fragment on one line, without marks."""
    return PROJECT.describe_plain(BeautifulSoup(html_text, "html.parser").get_text(" "))


def describe_text(html_text: str) -> str:
    """Return the words of an HTML fragment on one line, without marks, cut at a word for a preview."""
    return cut_words(read_plain(html_text))


def cut_words(words: str) -> str:
    """Return words cut to fit a preview: after its last whole sentence, else its last whole
    clause (marked '…'), else at a word; never inside brackets."""
    if len(words) <= DESCRIPTION_CHARS:
        return words
    # A cut inside a clause could keep the words that lead to a number and drop the number.
    head = words[:DESCRIPTION_CHARS]
    for boundary, ending in ((". ", "."), ("; ", "…")):
        at = head.rfind(boundary)
        if at > 0:
            return close_brackets(words[:at], ending)
    return close_brackets(words[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0], "…")


def close_brackets(kept: str, ending: str) -> str:
    """Return the kept words with their ending, cut back before a bracket they leave open: an
    aside cut off mid-way ('(249 M, found only in…') reads as a broken sentence."""
    depth, opened = 0, -1
    for at, char in enumerate(kept):
        if char == "(":
            depth, opened = depth + 1, at if depth == 0 else opened
        elif char == ")" and depth:
            depth -= 1
    before = kept[:opened].rstrip(" ,;:") if depth else ""
    return f"{before}…" if before else kept + ending


def describe_page(context: Any, heading: str, lede: str, chart_png: str) -> dict[str, Any]:
    """Return the page's share tags, its set's previous and next report, and its other periods."""
    run, notebook = context.run, context.notebook
    image = f"{run.base_url}{context.set_name}/{chart_png}" if run.base_url and chart_png else ""
    plain = PROJECT.describe_plain(heading)  # in the title, citation and share tags: no legend
    page: dict[str, Any] = {
        "plain_title": plain,
        "page_url": f"{run.base_url}{context.set_name}/{notebook}.html" if run.base_url else "",
        "share_image": image,
        "description": describe_text(lede) or plain,
        "previous": None,
        "next": None,
        "other_periods": [],
    }
    for parameter_set in run.outline:
        stems = [n.stem for n in parameter_set.notebooks]
        if notebook in stems and parameter_set.name != context.set_name:
            page["other_periods"].append(parameter_set)
        elif notebook in stems:
            around = (None, *parameter_set.notebooks, None)  # no report before the first one
            at = stems.index(notebook) + 1
            page["previous"], page["next"] = around[at - 1], around[at + 1]
    return page


def render_report(notebook: nbformat.NotebookNode, context: PageContext, *, with_code: bool) -> str:
    """Return a whole HTML page: title, lede, contents, the notebook's story and a provenance footer."""
    page = split_page(notebook, context.notebook, with_code=with_code)
    return TEMPLATES.get_template("report.html.j2").render(
        **vars(page),
        with_code=with_code,
        css=page_css(with_code),
        **context.as_template(),
        **describe_page(context, page.title, str(page.lede), page.chart_png),
    )


def write_reports(folder: Path, notebook: nbformat.NotebookNode, context: PageContext) -> None:
    """Write every report variant of an executed notebook into its folder."""
    for suffix, with_code in VARIANTS:
        page = render_report(notebook, context, with_code=with_code)
        write_atomic(folder / f"{context.notebook}{suffix}", page)


def write_index(
    outputs_dir: Path,
    sets: list[ParameterSet],
    renders: dict[str, Any],
    inputs: Inputs,
    run: RunFacts,
    chart: IndexChart | None,
) -> None:
    """Write outputs/index.html: key findings, then every set with its renders in reading order."""
    from renderer.plan import read_title

    rows = {}
    for render_id, notebook in ((f"{s.name}/{nb.stem}", nb) for s in sets for nb in s.notebooks):
        rows[render_id] = {
            "status": "not rendered",
            "error": "",
            **renders.get(render_id, {}),
            "title": read_title(notebook),
            "has_html": (outputs_dir / f"{render_id}.html").is_file(),
            "failed_notebook": (outputs_dir / f"{render_id}{FAILED_SUFFIX}").is_file(),
            "failed_name": f"{notebook.stem}{FAILED_SUFFIX}",
        }
    headline = inputs.describe_headline()
    page = TEMPLATES.get_template("index.html.j2").render(
        css=page_css(),
        description=describe_text(inputs.describe_summary()),
        page_url=f"{run.base_url}index.html" if run.base_url else "",
        as_of=inputs.describe_as_of({}),
        made_on=run.made_on,
        headline=headline,
        chart=chart,
        sets=sets,
        rows=rows,
        git_commit=run.git_commit,
    )
    write_atomic(outputs_dir / "index.html", page)
