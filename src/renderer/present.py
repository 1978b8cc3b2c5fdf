"""What makes a report citable and shareable: navigation, dates, citation, licence, share tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup

from renderer.project import PROJECT

# A share preview's description: search engines and cards cut longer text.
DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class NotebookOutline:
    """One report of a set: its file stem and its title (the notebook's first heading)."""

    stem: str
    title: str


@dataclass(frozen=True)
class SetOutline:
    """One parameter set as navigation needs it: its name, title and reports in reading order."""

    name: str
    title: str
    notebooks: tuple[NotebookOutline, ...]


def shorten_title(title: str) -> str:
    """Return a notebook title's short name, before its first colon: '02 · Growth: how…' → '02 · Growth'."""
    return title.split(": ", 1)[0].strip()


def outline_sets(sets: list[Any], read_title: Any) -> tuple[SetOutline, ...]:
    """Return every set of the plan with its reports' short titles, for every report's navigation."""
    return tuple(
        SetOutline(
            s.name,
            s.title,
            tuple(NotebookOutline(nb.stem, shorten_title(read_title(nb))) for nb in s.notebooks),
        )
        for s in sets
    )


def describe_text(html_text: str) -> str:
    """Return the words of an HTML fragment on one line, without marks, cut at a word for a preview."""
    words = PROJECT.describe_plain(BeautifulSoup(html_text, "html.parser").get_text(" "))
    if len(words) <= DESCRIPTION_CHARS:
        return words
    return words[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


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
