"""Export an executed notebook to a small, self-contained, offline HTML report; write the index."""

from __future__ import annotations

import functools
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
# The report variants every render publishes: (file suffix, with the code shown).
VARIANTS = ((".html", False), (".code.html", True))


@dataclass(frozen=True)
class Heading:
    """A heading of the report body, for the table of contents."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Page:
    """A report body split for the page template: its title, its lede, the rest and its headings."""

    title: str
    lede: Markup
    body: Markup
    headings: tuple[Heading, ...]


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
def page_css(with_code: bool = False) -> Markup:
    """Return the stylesheet (and the code variant's highlighting) as trusted, unescaped CSS."""
    from pygments.formatters import HtmlFormatter

    css = TEMPLATES.get_template("style.css").render(narrow_media=PROJECT.NARROW_MEDIA)
    if with_code:  # nbconvert's basic template has no syntax highlighting of its own
        css += str(HtmlFormatter(style="default").get_style_defs(".highlight"))
    # Markup: the stylesheet is ours, not data, so autoescape must not turn its quotes into &#34;.
    return Markup(css)


def read_heading(heading: Tag) -> str:
    """Return a heading's words, without nbconvert's '¶' anchor link."""
    words = heading.find_all(string=True)
    return "".join(w for w in words if not w.find_parent(class_="anchor-link")).strip()


def split_page(body: str, fallback_title: str) -> Page:
    """Take out the first h1 as the title, the lede output, and stderr; list the h2–h3 headings."""
    soup = BeautifulSoup(body, "html.parser")
    title = fallback_title
    heading = soup.find("h1")
    if heading is not None:
        title = read_heading(heading) or fallback_title
        heading.decompose()
    # Warnings and other stderr stay in the executed notebook; a reader's page never shows them.
    for stream in soup.select(".output_stderr"):
        (stream.find_parent(class_="output_area") or stream).decompose()
    lede = soup.find(class_=PROJECT.LEDE_CLASS)
    lede_html = ""
    if lede is not None:
        # The lede's output area goes with it; in the code variant the code that made it stays.
        area = lede.find_parent(class_="output_area")
        lede_html = str(lede.extract())
        if area is not None:
            area.decompose()
    headings = tuple(
        Heading(int(h.name[1]), str(h["id"]), read_heading(h))
        for h in soup.find_all(["h2", "h3"], id=True)
    )
    return Page(title, Markup(lede_html), Markup(str(soup)), headings)


def export_body(notebook: nbformat.NotebookNode, *, with_code: bool) -> str:
    """Return the notebook's cells as HTML, with or without their code."""
    body, _ = make_exporter(with_code).from_notebook_node(notebook)
    return body


def render_report(notebook: nbformat.NotebookNode, context: PageContext, *, with_code: bool) -> str:
    """Return a whole HTML page: title, lede, contents, the notebook's story and a provenance footer."""
    page = split_page(export_body(notebook, with_code=with_code), context.notebook)
    return TEMPLATES.get_template("report.html.j2").render(
        title=f"{page.title} — set {context.set_name}: {context.set_title}",
        heading=page.title,
        lede=page.lede,
        body=page.body,
        toc=page.headings,
        with_code=with_code,
        css=page_css(with_code),
        **context.as_template(),
    )


def write_reports(folder: Path, notebook: nbformat.NotebookNode, context: PageContext) -> None:
    """Write every report variant of an executed notebook into its folder."""
    for suffix, with_code in VARIANTS:
        write_atomic(
            folder / f"{context.notebook}{suffix}",
            render_report(notebook, context, with_code=with_code),
        )


def reexport(set_dir: Path, notebook: str, files: list[str], page: PageContext) -> None:
    """Write a render's reports again from its executed notebook, with a new page context.

    Used when only what the reports say about their set changed (its title), so no kernel starts.
    """
    executed = nbformat.read(set_dir / f"{notebook}.ipynb", as_version=4)
    tables = sorted(name for name in files if name.startswith("tables/") and name.endswith(".csv"))
    write_reports(set_dir, executed, page.for_notebook(notebook, tables))


def write_index(
    outputs_dir: Path,
    sets: list[ParameterSet],
    renders: dict[str, Any],
    inputs: Inputs,
    run: RunFacts,
    chart: IndexChart | None,
) -> None:
    """Write outputs/index.html: key findings, then every set with its renders in reading order.

    `chart` is what inputs.draw_index_chart() returned (drawn while the renders ran).
    """
    from renderer.plan import read_title

    set_rows = []
    for parameter_set in sets:
        rows = []
        for notebook in parameter_set.notebooks:
            entry = renders.get(f"{parameter_set.name}/{notebook.stem}", {})
            set_dir = outputs_dir / parameter_set.name
            rows.append(
                {
                    "notebook": notebook.stem,
                    "title": read_title(notebook),
                    "status": entry.get("status", "not rendered"),
                    "error": entry.get("error", ""),
                    "has_html": (set_dir / f"{notebook.stem}.html").is_file(),
                    "failed_notebook": (set_dir / f"{notebook.stem}{FAILED_SUFFIX}").is_file(),
                    "failed_name": f"{notebook.stem}{FAILED_SUFFIX}",
                }
            )
        set_rows.append(
            {
                "name": parameter_set.name,
                "title": parameter_set.title,
                "parameters": parameter_set.parameters,
                "renders": rows,
            }
        )
    page = TEMPLATES.get_template("index.html.j2").render(
        css=page_css(),
        index_title=PROJECT.INDEX_TITLE,
        index_lede=PROJECT.INDEX_LEDE,
        sets_note=PROJECT.INDEX_SETS_NOTE,
        headline=inputs.describe_headline(),
        chart=chart,
        sets=set_rows,
        git_commit=run.git_commit,
    )
    write_atomic(outputs_dir / "index.html", page)
