"""Incremental renders: unchanged inputs are skipped; each kind of change re-runs what it affects."""

from __future__ import annotations

import shutil

import nbformat
import pytest
import yaml
from rendering import assert_up_to_date, render

from helpers import seam
from helpers.paths import DATA_DIR
from renderer import context, engine

pytestmark = pytest.mark.slow


def write_plan(path, first_period="2025-12"):
    sets = {
        "one": {"notebooks": ["01-load-figures"], "parameters": {"period": first_period}},
        "two": {
            "notebooks": ["01-load-figures"],
            "parameters": {"period": "2024-12", "comparison_period": "2024-06"},
        },
    }
    path.write_text(yaml.safe_dump({"sets": sets}))
    return path


def statuses(capsys):
    """Return {set: 'ok' | 'skipped'} from the summary table the command printed."""
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:-1]]
    return {row[0]: row[2] for row in rows}


def plan_args(folder):
    """Return the command's options for the plan and the data in a folder."""
    return ("--plan", str(folder / "plan.yaml"), "--data", str(folder / "data"))


def build_project(folder):
    """Copy data/ and write a two-set plan into a folder, and render it."""
    shutil.copytree(DATA_DIR, folder / "data")
    write_plan(folder / "plan.yaml")
    assert render(folder / "outputs", *plan_args(folder)) == 0


@pytest.fixture
def project(tmp_path, rendered_once, monkeypatch):
    """A rendered two-set plan whose data, helpers and renderer this test may change."""
    rendered_once("two-sets", build_project, tmp_path)
    helpers_copy = tmp_path / "helpers"
    shutil.copytree(seam.HELPERS_DIR, helpers_copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(seam, "HELPERS_DIR", helpers_copy)
    renderer_copy = tmp_path / "renderer"
    shutil.copytree(
        context.RENDERER_DIR, renderer_copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(context, "RENDERER_DIR", renderer_copy)
    # The copies hash as the originals did, so the copied render is up to date.
    assert_up_to_date(tmp_path / "outputs", *plan_args(tmp_path))
    return (
        tmp_path / "outputs",
        plan_args(tmp_path),
        tmp_path / "plan.yaml",
        tmp_path / "data",
        helpers_copy,
    )


def test_nothing_changed_starts_no_kernel(project, capsys, monkeypatch):
    outputs, args, *_ = project
    capsys.readouterr()

    def no_workers(*_args, **_kwargs):
        raise AssertionError("a worker (and so a kernel) was started")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", no_workers)
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "skipped", "two": "skipped"}


def test_changing_one_sets_parameters_reruns_only_that_set(project, capsys):
    outputs, args, plan, *_ = project
    write_plan(plan, first_period="2025-06")
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "ok", "two": "skipped"}


def test_changing_data_reruns_the_renders_that_read_it(project, capsys):
    outputs, args, _, data_dir, _ = project
    path = data_dir / "sources.csv"
    path.write_text(path.read_text().replace("Xinhua report on", "Xinhua's report on"))
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "ok", "two": "ok"}


def test_changing_a_helper_reruns(project, capsys):
    outputs, args, *_, helpers_copy = project
    path = helpers_copy / "analysis.py"
    path.write_text(path.read_text() + "\n# a change\n")
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "ok", "two": "ok"}


def test_force_reruns_everything(project, capsys):
    outputs, args, *_ = project
    capsys.readouterr()
    assert render(outputs, *args, "--force") == 0
    assert statuses(capsys) == {"one": "ok", "two": "ok"}


def test_a_deleted_output_is_rendered_again(project, capsys):
    outputs, args, *_ = project
    (outputs / "two" / "01-load-figures.html").unlink()
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "skipped", "two": "ok"}


def test_a_new_title_or_a_removed_set_reaches_index_and_reports_without_a_kernel(
    project, capsys, monkeypatch
):
    outputs, args, plan, *_ = project
    executed_before = (outputs / "one" / "01-load-figures.ipynb").read_bytes()
    sets = yaml.safe_load(plan.read_text())["sets"]
    plan.write_text(yaml.safe_dump({"sets": {"one": {**sets["one"], "title": "A new title"}}}))

    def no_workers(*_args, **_kwargs):
        raise AssertionError("a worker (and so a kernel) was started")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", no_workers)
    capsys.readouterr()
    assert render(outputs, *args) == 0
    out = capsys.readouterr().out
    assert "up to date; pages exported again (plan, --base-url or renderer changed)" in out
    index = (outputs / "index.html").read_text(encoding="utf-8")
    assert ">A new title</h3>" in index
    assert 'id="set-two"' not in index
    for report in ("01-load-figures.html", "01-load-figures.code.html"):
        assert "set one: A new title</title>" in (outputs / "one" / report).read_text("utf-8")
    assert (outputs / "one" / "01-load-figures.ipynb").read_bytes() == executed_before
    # And the next run has nothing left to do.
    assert render(outputs, *args) == 0
    assert "exported again" not in capsys.readouterr().out


def test_a_base_url_re_exports_pages_that_give_their_address_and_preview(
    project, capsys, monkeypatch
):
    outputs, args, *_ = project

    def no_workers(*_args, **_kwargs):
        raise AssertionError("a worker (and so a kernel) was started")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", no_workers)
    assert render(outputs, *args, "--base-url", "https://example.org/reports") == 0
    page = (outputs / "one" / "01-load-figures.html").read_text(encoding="utf-8")
    url = "https://example.org/reports/one/01-load-figures.html"
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert f" {url}</p>" in page.split('<p class="citation">')[1]
    # 01 draws no chart, so it has no preview image; the card is the small one.
    assert "og:image" not in page and '<meta name="twitter:card" content="summary">' in page
    index = (outputs / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://example.org/reports/index.html">' in index


def test_editing_the_renderers_css_or_cli_re_exports_without_a_kernel(
    project, capsys, monkeypatch, tmp_path
):
    outputs, args, *_ = project
    report = outputs / "one" / "01-load-figures.html"
    before = report.stat().st_mtime_ns
    for name in ("templates/style.css", "cli.py"):
        path = tmp_path / "renderer" / name
        path.write_text(
            path.read_text() + "\n/* a change */\n"
            if name.endswith("css")
            else path.read_text() + "\n# a change\n"
        )

    def no_workers(*_args, **_kwargs):
        raise AssertionError("a worker (and so a kernel) was started")

    monkeypatch.setattr(engine, "ProcessPoolExecutor", no_workers)
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "skipped", "two": "skipped"}
    assert report.stat().st_mtime_ns > before  # exported again from the executed notebook
    capsys.readouterr()
    assert render(outputs, *args) == 0  # and then up to date
    assert statuses(capsys) == {"one": "skipped", "two": "skipped"}
    assert report.stat().st_mtime_ns > before


def test_only_marks_the_other_sets_out_of_date_on_the_index(project, capsys):
    outputs, args, _, data_dir, _ = project
    path = data_dir / "sources.csv"
    path.write_text(path.read_text().replace("Xinhua report on", "Xinhua's report on"))
    assert render(outputs, *args, "--only", "one") == 0
    index = (outputs / "index.html").read_text(encoding="utf-8")
    assert index.count("out of date: its notebook, data or helpers changed since") == 1
    row = next(line for line in index.splitlines() if "out of date" in line)
    assert "two/01-load-figures" in row or 'href="two/' in row
    assert render(outputs, *args) == 0
    assert "out of date" not in (outputs / "index.html").read_text(encoding="utf-8")


def test_data_edited_during_a_run_is_not_certified(project, capsys, monkeypatch):
    outputs, args, _, data_dir, _ = project
    before = (outputs / "one" / "01-load-figures.html").read_bytes()
    real = engine.run_pending

    def edit_while_running(*run_args):
        for number, landed in enumerate(real(*run_args)):
            if number == 0:  # the first render has read the data; now someone saves an edit
                path = data_dir / "sources.csv"
                path.write_text(path.read_text().replace("Xinhua report on", "Xinhua on"))
            yield landed

    monkeypatch.setattr(engine, "run_pending", edit_while_running)
    capsys.readouterr()
    assert render(outputs, *args, "--force") == 1
    out = capsys.readouterr().out
    assert out.count("changed while it ran; render again") == 2, out
    # The report of the data as it was stays; nothing claims the edited data was rendered.
    assert (outputs / "one" / "01-load-figures.html").read_bytes() == before
    monkeypatch.setattr(engine, "run_pending", real)
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "ok", "two": "ok"}


def test_a_damaged_published_notebook_is_rendered_again_not_re_exported(project, capsys, tmp_path):
    outputs, args, *_ = project
    (outputs / "one" / "01-load-figures.ipynb").write_text('{"cells": [', encoding="utf-8")
    path = tmp_path / "renderer" / "templates" / "style.css"
    path.write_text(path.read_text() + "\n/* a change */\n")  # asks for a re-export
    capsys.readouterr()
    assert render(outputs, *args) == 0
    assert statuses(capsys) == {"one": "ok", "two": "skipped"}
    assert nbformat.read(outputs / "one" / "01-load-figures.ipynb", as_version=4).cells
