"""Headless Chromium opens the reports from file:// with the network off: nothing fails to load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rendering import render

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser") / "outputs"
    assert render(folder, "--only", "headline") == 0
    return folder


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by .ci/run")
@pytest.mark.parametrize(
    "page", ["index.html", "headline/02-growth.html", "headline/03-segment-shares.html"]
)
def test_page_loads_offline_without_errors(outputs, page, tmp_path):
    from playwright.sync_api import sync_playwright

    failed, console_errors, off_host = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        context = browser.new_context(offline=True)
        # Anything that is not the file itself or an embedded image would need the network.
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else (off_host.append(route.request.url), route.abort())
            ),
        )
        browser_page = context.new_page()
        browser_page.on("requestfailed", lambda request: failed.append(request.url))
        browser_page.on(
            "console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None
        )
        browser_page.on("pageerror", lambda err: console_errors.append(str(err)))
        browser_page.goto((outputs / page).as_uri(), wait_until="load")
        images = browser_page.eval_on_selector_all(
            "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])"
        )
        browser_page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        browser.close()
    assert not failed and not off_host and not console_errors
    if page != "index.html":
        assert images and all(complete and width > 0 for complete, width in images)
    assert (tmp_path / "page.png").stat().st_size > 10_000
