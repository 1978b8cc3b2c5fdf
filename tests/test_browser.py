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
