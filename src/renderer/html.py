"""Export an executed notebook to a small, self-contained, offline HTML report."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import jinja2
import nbformat
from bs4 import BeautifulSoup
from markupsafe import Markup
from nbconvert import HTMLExporter

from renderer.present import shorten_title

if TYPE_CHECKING:
    from renderer.context import PageContext

# The project's page templates and stylesheet, shipped inside the package.
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("renderer", "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Heading:
    """A heading of the report body, for the table of contents."""

    level: int
    anchor: str
    text: str


class HeadingCollector(HTMLParser):
    """Collect h1–h3 headings with their ids from nbconvert's HTML body."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[Heading] = []
        self.current: tuple[int, str] | None = None
        self.text: list[str] = []
        self.in_anchor_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start collecting at a heading; skip nbconvert's '¶' anchor links."""
        values = dict(attrs)
        if tag in ("h1", "h2", "h3") and values.get("id"):
            self.current, self.text = (int(tag[1]), str(values["id"])), []
        elif tag == "a" and "anchor-link" in (values.get("class") or ""):
            self.in_anchor_link = True

    def handle_endtag(self, tag: str) -> None:
        """Finish a heading or an anchor link."""
        if tag == "a":
            self.in_anchor_link = False
        elif self.current and tag == f"h{self.current[0]}":
            self.headings.append(
                Heading(self.current[0], self.current[1], "".join(self.text).strip())
            )
            self.current = None

    def handle_data(self, data: str) -> None:
        """Keep the heading's words."""
        if self.current and not self.in_anchor_link:
            self.text.append(data)


@functools.cache
def make_exporter(with_code: bool) -> HTMLExporter:
    """Return an exporter for the body only (no page, no prompts); built once per process."""
    return HTMLExporter(
        template_name="basic",
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


@functools.cache
def read_code_css() -> str:
    """Return the syntax-highlighting rules for the code variant (nbconvert's basic has none)."""
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style="default").get_style_defs(".highlight"))


@functools.cache
def page_css(with_code: bool = False) -> Markup:
    """Return the stylesheet (and the code variant's highlighting) as trusted, unescaped CSS."""
    css = TEMPLATES.get_template("style.css").render()
    # Markup: the stylesheet is ours, not data, so autoescape must not turn its quotes into &#34;.
    return Markup(css + (read_code_css() if with_code else ""))


@dataclass(frozen=True)
class Page:
    """A report body split for the page template: its title, its lede and the rest."""

    title: str
    lede: Markup
    body: Markup
    kicker: str = ""


def take_output(soup: BeautifulSoup, selector: str) -> Any:
    """Remove the first element matching `selector` with its output area; return it (or None)."""
    found = soup.select_one(selector)
    if found is not None:
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


def estimate_width_px(table: Any) -> float:
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
    """Label every body cell with its column's header (data-label), for a phone's stacked rows.

    A table narrow enough for a phone is marked "fits-phone" and stays a table there.
    """
    for table in soup.select("table"):
        headers = [th.get_text(" ", strip=True) for th in table.select("thead tr:last-child th")]
        for row in table.select("tbody tr"):
            for header, cell in zip(headers, row.find_all(["td", "th"]), strict=False):
                cell["data-label"] = header
        if estimate_width_px(table) <= PHONE_COLUMN_PX:
            table["class"] = " ".join([*table.get_attribute_list("class"), "fits-phone"]).strip()


def split_page(body: str, fallback_title: str) -> Page:
    """Take out the title, the kicker and lede, and stderr.

    The title is the notebook's class="headline" output when it has one (its finding), with the
    first h1's short name (its procedure: the words before a colon) as the kicker above it;
    otherwise the first h1.
    """
    soup = BeautifulSoup(body, "html.parser")
    title = fallback_title
    heading = soup.find("h1")
    if heading is not None:
        for link in heading.select("a.anchor-link"):
            link.decompose()
        title = heading.get_text().strip() or fallback_title
        heading.decompose()
    kicker = ""
    headline = take_output(soup, ".headline")
    if headline is not None and headline.get_text().strip():
        kicker, title = shorten_title(title), " ".join(headline.get_text().split())
    # Warnings and other stderr stay in the executed notebook; a reader's page never shows them.
    for stream in soup.select(".output_stderr"):
        (stream.find_parent(class_="output_area") or stream).decompose()
    lede = take_output(soup, ".lede")
    label_table_cells(soup)
    return Page(title, Markup(str(lede) if lede is not None else ""), Markup(str(soup)), kicker)


def export_body(notebook: nbformat.NotebookNode, *, with_code: bool) -> str:
    """Return the notebook's cells as HTML, with or without their code."""
    body, _ = make_exporter(with_code).from_notebook_node(notebook)
    return body


def collect_headings(body: str) -> list[Heading]:
    """Return the body's headings in order."""
    collector = HeadingCollector()
    collector.feed(body)
    return collector.headings


def render_report(notebook: nbformat.NotebookNode, context: PageContext, *, with_code: bool) -> str:
    """Return a whole HTML page: title, lede, contents, the notebook's story and a provenance footer."""
    from renderer.present import describe_page

    page = split_page(export_body(notebook, with_code=with_code), context.notebook)
    chart_png = BeautifulSoup(page.body, "html.parser").select_one("figure.chart a.download-png")
    kicker = f" ({page.kicker})" if page.kicker else ""
    return TEMPLATES.get_template("report.html.j2").render(
        title=f"{page.title}{kicker} — set {context.set_name}: {context.set_title}",
        heading=page.title,
        kicker=page.kicker,
        lede=page.lede,
        body=page.body,
        toc=[h for h in collect_headings(page.body) if h.level > 1],
        with_code=with_code,
        css=page_css(with_code),
        **context.as_template(),
        **describe_page(
            context,
            page.title,
            page.kicker,
            str(page.lede),
            str(chart_png["href"]) if chart_png is not None else "",
        ),
    )
