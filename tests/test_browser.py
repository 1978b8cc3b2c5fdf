"""Headless Chromium reads the rendered pages from file:// with the network off, as a reader would.

Every page loads without errors, its own styles apply, it never scrolls sideways on a phone, axe-core
finds no accessibility violation at desktop and phone widths (on every page a reader opens, and on
one set's code variants: the others differ from them only in their parameters), and screenshots are
kept to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.paths import NOTEBOOKS_DIR, RENDER_PLAN
from renderer.plan import read_plan

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"desktop": 1280, "phone": 390}
SETS = read_plan(RENDER_PLAN, NOTEBOOKS_DIR)
REPORTS = [
    f"{s.name}/{notebook.stem}{variant}.html"
    for s in SETS
    for notebook in s.notebooks
    for variant in ("", ".code")
]
PAGES = ["index.html", *REPORTS]
# axe-core reads every page a reader opens (the index and each set's reports, whose tables and
# words differ by data); the code variants add the same highlighted code to each set's report, so
# one set's code variants stand for the rest (axe's colour checks on code take seconds a page).
AXE_PAGES = {
    page for page in PAGES if not page.endswith(".code.html") or page.startswith(f"{SETS[0].name}/")
}
# The pages a reader meets first, kept as screenshots to look at.
SCREENSHOT_PAGES = ["index.html"] + [
    f"headline/{notebook.stem}.html"
    for s in SETS
    if s.name == "headline"
    for notebook in s.notebooks
]
# The stack style.css declares, as the browser computes it for the body.
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, '
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", sans-serif'
)


def chromium_or_skip() -> None:
    """Skip without Chromium on a laptop; in CI a missing browser is a failure, not a skip."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but Chromium is not installed at {CHROMIUM}", pytrace=False)
    pytest.skip("Debian's chromium is installed by .ci/run")


@pytest.fixture(scope="module")
def outputs(rendered_outputs) -> Path:
    chromium_or_skip()
    return rendered_outputs


@pytest.fixture(scope="module")
def browser() -> Iterator:
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def open_page(browser, url: str, width: int):
    """Return a page opened offline at this width; requests off file:/data: are recorded and refused."""
    context = browser.new_context(
        offline=True, viewport={"width": width, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    page.problems = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else (page.problems.append(f"off host: {route.request.url}"), route.abort())
        ),
    )
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    page.on(
        "console",
        lambda msg: page.problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: page.problems.append(f"page error: {err}"))
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_name", PAGES)
def test_page_loads_offline_fits_the_screen_and_passes_axe(outputs, browser, page_name, width):
    """One visit per page and width: nothing fails to load, no sideways scroll; axe on AXE_PAGES."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, (outputs / page_name).as_uri(), width)
    images = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    # axe-core from the package's own axe.min.js: works offline.
    results = Axe().run(page) if page_name in AXE_PAGES else None
    page.context.close()
    assert page.problems == []
    assert all(complete and natural > 0 for complete, natural in images)
    assert scroll_width <= width, f"{page_name} is {scroll_width} px wide at {width} px"
    if results is not None:
        assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("page_name", ["index.html", "headline/02-growth.html"])
def test_the_page_styles_apply(outputs, browser, page_name):
    page = open_page(browser, (outputs / page_name).as_uri(), WIDTHS["desktop"])
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    page.context.close()
    assert font == FONT_STACK


@pytest.mark.parametrize("page_name", PAGES)
def test_no_warning_stderr_or_machine_path_reaches_a_reader(outputs, page_name):
    # The page without its stylesheet (Pygments' rules name token types such as Traceback).
    text = re.sub(
        r"<style>.*?</style>", "", (outputs / page_name).read_text(encoding="utf-8"), flags=re.S
    )
    for leak in (
        "Warning",
        "Traceback",
        "output_stderr",
        "site-packages",
        str(outputs),
        "/home/",
        "/root/",
        "/tmp/",
    ):
        assert leak not in text, f"{page_name} shows {leak!r}"


def test_print_drops_the_navigation_and_keeps_charts_whole(outputs, browser):
    page = open_page(browser, (outputs / "headline/02-growth.html").as_uri(), WIDTHS["desktop"])
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => ({
            nav: getComputedStyle(document.querySelector("nav.toc")).display,
            header: getComputedStyle(document.querySelector("header.site")).display,
            figure: getComputedStyle(document.querySelector("figure.chart")).breakInside,
            table: getComputedStyle(document.querySelector(".table-scroll")).breakInside,
        })"""
    )
    page.context.close()
    assert styles == {"nav": "none", "header": "none", "figure": "avoid", "table": "avoid"}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_name", SCREENSHOT_PAGES)
def test_screenshots_are_kept(outputs, browser, page_name, width, tmp_path):
    page = open_page(browser, (outputs / page_name).as_uri(), width)
    name = f"{page_name.replace('/', '-').removesuffix('.html')}-{width}.png"
    folders = [tmp_path] + (
        [Path(os.environ["SCREENSHOT_DIR"])] if os.environ.get("SCREENSHOT_DIR") else []
    )
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)
    page.context.close()
    assert (tmp_path / name).stat().st_size > 10_000


def test_ci_fails_rather_than_skips_without_chromium(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but Chromium is not installed"):
        chromium_or_skip()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        chromium_or_skip()


# What a reader checks before citing or sharing a page, read in the browser at both widths:
# tables that fit, downloads that open, sources and navigation that are real links, chart text
# that reads (issue #20).
READER_JS = """() => {
    const hrefs = sel => Array.from(document.querySelectorAll(sel)).map(a => a.getAttribute("href"));
    const luminance = hex => {
        const c = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255)
            .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const contrast = [];
    const svgs = Array.from(document.querySelectorAll("figure.chart img, figure.chart source"))
        .map(el => el.getAttribute("src") || el.getAttribute("srcset"))
        .filter(uri => uri && uri.startsWith("data:image/svg+xml;base64,"));
    for (const uri of svgs) {
        const svg = new DOMParser().parseFromString(atob(uri.split(",")[1]), "image/svg+xml");
        for (const text of svg.querySelectorAll("text")) {
            const fill = ((text.getAttribute("style") || "").match(/fill: (#[0-9a-f]{6})/) || [0, "#000000"])[1];
            // Every chart is drawn on white; labels over grid lines sit on a white box.
            const ratio = 1.05 / (luminance(fill) + 0.05);
            contrast.push([text.textContent, fill, Math.round(ratio * 100) / 100]);
        }
    }
    return {
        tables: Array.from(document.querySelectorAll(".table-scroll")).map(box => [
            box.getAttribute("aria-label"), box.scrollWidth, box.clientWidth,
            box.querySelectorAll("tbody tr").length]),
        downloads: hrefs("figure.chart .chart-links a[class^='download-']"),
        permalinks: hrefs("figure.chart a.permalink"),
        charts: Array.from(document.querySelectorAll("figure.chart")).map(f => f.id),
        cell_links: hrefs("td a"),
        address_cells: Array.from(document.querySelectorAll("td"))
            .map(td => td.textContent.trim()).filter(text => /https?:\\/\\//.test(text)),
        navigation: hrefs("header.site a, nav.pager a, .skip-link"),
        contrast: contrast,
    };
}"""


def resolve(page_file: Path, href: str) -> Path:
    """Return the file a relative link of a page points at."""
    return (page_file.parent / href.split("#")[0]).resolve()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page_name", [p for p in REPORTS if not p.endswith(".code.html")])
def test_a_report_can_be_read_cited_and_shared(outputs, browser, page_name, width):
    import csv
    import xml.etree.ElementTree as ET

    from PIL import Image

    page_file = outputs / page_name
    page = open_page(browser, page_file.as_uri(), width)
    seen = page.evaluate(READER_JS)
    page.context.close()
    # 1. No table is cut off inside its box: wide screens widen it, phones stack its rows.
    cut = [(label, wide, box) for label, wide, box, _ in seen["tables"] if wide > box + 1]
    assert not cut, f"{page_name} at {width} px: {cut}"
    # 4. Each chart links to its PNG, SVG and CSV, and each of those opens.
    assert len(seen["downloads"]) == 3 * len(seen["charts"])
    for href in seen["downloads"]:
        target = resolve(page_file, href)
        assert target.is_file() and outputs in target.parents, href
        if href.endswith(".png"):
            with Image.open(target) as image:
                assert image.width > 600
        elif href.endswith(".svg"):
            assert ET.parse(target).getroot().tag.endswith("svg")
        else:
            header, *rows = list(csv.reader(target.open(encoding="utf-8")))
            # Headers for people, not the frame's column names (users_m, share_pct).
            assert rows and not [n for n in header if re.fullmatch(r"[a-z0-9_]+", n)], header
    assert seen["permalinks"] == [f"#{chart}" for chart in seen["charts"]]
    # 6. Sources are named links to web addresses, never an address as plain text.
    cites = any(label.startswith("Publications") and rows for label, *_, rows in seen["tables"])
    assert bool(seen["cell_links"]) == cites
    assert all(re.match(r"https?://", h) for h in seen["cell_links"])
    assert seen["address_cells"] == []
    # 8. Navigation: the skip link, the other reports of the set and of the other periods.
    assert "#content" in seen["navigation"]
    others = [h for h in seen["navigation"] if not h.startswith("#")]
    assert len(others) >= 4, others  # the index, the code variant, other periods, prev or next
    assert [h for h in others if not resolve(page_file, h).is_file()] == []
    # 9. Every word drawn in a chart reaches 4.5:1 against the white it is drawn on.
    assert bool(seen["contrast"]) == bool(seen["charts"])  # 01 has no chart
    assert [c for c in seen["contrast"] if c[2] < 4.5] == []


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(outputs, browser):
    page = open_page(browser, (outputs / "headline/02-growth.html").as_uri(), WIDTHS["phone"])
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getBoundingClientRect().top]"
    )
    page.keyboard.press("Enter")
    target = page.evaluate("() => document.activeElement.id")
    page.context.close()
    assert focused[0] == "skip-link" and focused[1] >= 0
    assert target == "content"


def test_print_keeps_type_at_9_pt_and_cuts_no_table(outputs, browser):
    # An A4 page less 1 cm margins is about 718 CSS px wide.
    page = open_page(browser, (outputs / "headline/01-load-figures.html").as_uri(), 718)
    page.emulate_media(media="print")
    seen = page.evaluate(
        """() => ({
            smallest: Math.min(...Array.from(document.querySelectorAll("main p, main li, td, th"))
                .map(el => parseFloat(getComputedStyle(el).fontSize))),
            tables: Array.from(document.querySelectorAll(".table-scroll"))
                .map(box => [box.scrollWidth, box.clientWidth]),
            page: document.scrollingElement.scrollWidth,
        })"""
    )
    page.context.close()
    assert seen["smallest"] >= 12  # 9 pt
    assert all(wide <= box + 1 for wide, box in seen["tables"]) and seen["page"] <= 718


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_chinese_term_in_a_table_is_never_broken_between_its_characters(browser, outputs, width):
    page = open_page(browser, (outputs / "mid-2026/05-registered-services.html").as_uri(), width)
    # The top of each character of every Chinese run in a table cell: one line means one top.
    tops = page.evaluate(
        """() => [...document.querySelectorAll('td')].flatMap(td => {
            const text = td.firstChild && td.firstChild.nodeType === 3 ? td.firstChild : null;
            if (!text) return [];
            const runs = [...text.data.matchAll(/[\\u4e00-\\u9fff]+/g)];
            return runs.map(run => [...run[0]].map((_, i) => {
                const range = document.createRange();
                range.setStart(text, run.index + i);
                range.setEnd(text, run.index + i + 1);
                return Math.round(range.getBoundingClientRect().top);
            }));
        })"""
    )
    assert len(tops) >= 2  # 备案 and 登记
    assert all(len(set(run)) == 1 for run in tops), tops
    page.context.close()


def test_a_date_is_never_broken_at_its_hyphens_on_a_phone(browser, outputs):
    # Across phone widths the dateline's dates fall at every place in a line, its end included.
    page = open_page(browser, (outputs / "headline/02-growth.html").as_uri(), WIDTHS["phone"])
    lines = {}
    for width in range(320, WIDTHS["phone"] + 1, 5):
        page.set_viewport_size({"width": width, "height": 900})
        lines[width] = page.evaluate(
            """() => [...document.querySelectorAll('.dateline time')]
                .map(time => [time.textContent, time.getClientRects().length])"""
        )
    page.context.close()
    assert all(len(dates) == 2 for dates in lines.values())  # the sources' date, the page's
    broken = {width: dates for width, dates in lines.items() if any(n != 1 for _, n in dates)}
    assert broken == {}


def test_a_phone_stacks_no_empty_cell_as_a_header_alone(browser, outputs):
    page = open_page(browser, (outputs / "headline/02-growth.html").as_uri(), WIDTHS["phone"])
    cells = page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll table:not(.fits-phone) td')]
            .filter(td => !td.textContent.trim())
            .map(td => [td.dataset.label, td.getBoundingClientRect().height])"""
    )
    page.context.close()
    assert cells  # the Sources table has notes left empty (Xinhua, People's Daily)
    assert [cell for cell in cells if cell[1] > 0] == []


# The label helpers/report.py gives the Sources table; the stylesheet finds the table by it too.
SOURCES_LABEL = "Publications the figures of this report come from"


def test_the_sources_table_keeps_to_the_text_column_on_a_wide_screen(outputs, browser):
    """Review 3, item 17: at 1280 px the Sources table stood out past the prose on both sides."""
    page = open_page(browser, (outputs / "index.html").as_uri(), WIDTHS["desktop"])
    measured = {}
    for page_name in (name for name in REPORTS if not name.endswith(".code.html")):
        page.goto((outputs / page_name).as_uri(), wait_until="load")
        measured[page_name] = page.evaluate(
            """label => {
                const main = document.querySelector('main'), style = getComputedStyle(main);
                const box = main.getBoundingClientRect();
                const left = box.left + parseFloat(style.paddingLeft);
                const right = box.right - parseFloat(style.paddingRight);
                const region = document.querySelector(`.table-scroll[aria-label="${label}"]`);
                if (!region) return null;
                const table = region.querySelector('table').getBoundingClientRect();
                return {
                    outside: Math.max(left - table.left, table.right - right, 0),
                    scrolls: region.scrollWidth > region.clientWidth,
                    // A cell whose words stick out of it: a column too narrow for them.
                    spilled: [...region.querySelectorAll('th, td')]
                        .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
                        .map(cell => cell.textContent),
                    columns: region.querySelectorAll('thead th').length,
                };
            }""",
            SOURCES_LABEL,
        )
    page.context.close()
    shown = {name: seen for name, seen in measured.items() if seen is not None}
    assert {name for name in measured if name.startswith("headline/")} <= set(shown)
    assert {seen["columns"] for seen in shown.values()} == {5}  # no column is dropped
    wrong = {
        name: seen
        for name, seen in shown.items()
        if seen["outside"] > 0.5 or seen["scrolls"] or seen["spilled"]
    }
    assert wrong == {}
