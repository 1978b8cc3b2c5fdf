"""A real render of one parameter set: artefacts, executed notebooks, HTML a reader can trust."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from rendering import LOADED, parse, render, snapshot

from helpers.paths import DATA_DIR, NOTEBOOKS_DIR, RENDER_PLAN
from helpers.seam import list_data_files
from renderer.plan import read_plan

pytestmark = pytest.mark.slow

NOTEBOOK_STEMS = [p.stem for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))]
CHARTS = ["users-over-time", "reach", "usage-shares"]
# A report, images included, must stay below this.
MAX_REPORT_BYTES = 250_000


@pytest.fixture(scope="module")
def data_before(data_before_render) -> dict[str, str]:
    """data/ as it was before the shared render."""
    return data_before_render


@pytest.fixture(scope="module")
def outputs(rendered_outputs, data_before) -> Path:
    return rendered_outputs


def test_rendering_never_writes_to_data(outputs, data_before):
    assert snapshot(DATA_DIR) == data_before


def test_the_command_works_from_any_folder(tmp_path):
    command = Path(sys.executable).parent / "genai-report"
    result = subprocess.run(
        [str(command), "render", "--list"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "headline" in result.stdout and "period=2025-12" in result.stdout


def test_the_render_process_skips_the_slow_uri_checker_import():
    script = (
        "import sys; import renderer.execute, jsonschema, nbformat; "
        "nbformat.validate(nbformat.v4.new_notebook()); "
        "print(sys.modules.get('rfc3987_syntax') is None)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_every_artefact_exists(outputs):
    set_dir = outputs / "headline"
    for stem in NOTEBOOK_STEMS:
        for suffix in (".ipynb", ".html", ".code.html"):
            assert (set_dir / f"{stem}{suffix}").stat().st_size > 0
    for chart in CHARTS:
        for path in (f"figures/{chart}.png", f"figures/{chart}.svg", f"tables/{chart}.csv"):
            assert (set_dir / path).stat().st_size > 0, path
    assert (outputs / "index.html").is_file()
    manifest = json.loads((outputs / "manifest.json").read_text())
    sets = yaml.safe_load(RENDER_PLAN.read_text())["sets"]
    assert sorted(manifest["renders"]) == sorted(
        f"{name}/{stem}" for name in sets for stem in NOTEBOOK_STEMS
    )


def test_executed_notebooks_have_no_errors_and_the_sets_parameters(outputs):
    headline = next(s for s in read_plan(RENDER_PLAN, NOTEBOOKS_DIR) if s.name == "headline")
    for stem in NOTEBOOK_STEMS:
        # Each notebook gets only the parameters its parameters cell declares.
        expected = headline.select_declared(NOTEBOOKS_DIR / f"{stem}.ipynb")
        notebook = nbformat.read(outputs / "headline" / f"{stem}.ipynb", as_version=4)
        outputs_of_cells = [o for c in notebook.cells for o in c.get("outputs", [])]
        assert not [o for o in outputs_of_cells if o.output_type == "error"]
        injected = next(
            c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])
        )
        for name, value in expected.items():
            assert f'{name} = "{value}"' in injected.source
        assert notebook.metadata.papermill.parameters == {**expected, "output_dir": "."}


def test_manifest_records_hashes_versions_and_commit(outputs):
    manifest = json.loads((outputs / "manifest.json").read_text())
    entry = manifest["renders"]["headline/02-growth"]
    assert entry["status"] == "ok" and entry["duration_s"] > 0
    assert len(entry["notebook_sha256"]) == 64
    assert set(entry["data_files"]) == {path.name for path in list_data_files(DATA_DIR)}
    assert manifest["environment"]["packages"]["papermill"]
    assert manifest["git_commit"]


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_reader_view_hides_code_but_links_to_it(outputs, stem):
    page = (outputs / "headline" / f"{stem}.html").read_text(encoding="utf-8")
    assert ">helpers<" not in page and 'class="highlight' not in page
    assert 'class="input_prompt"' not in page and "In&nbsp;[" not in page
    assert f'href="{stem}.code.html"' in page
    code_page = (outputs / "headline" / f"{stem}.code.html").read_text(encoding="utf-8")
    assert ">helpers<" in code_page and 'class="highlight' in code_page


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_report_has_title_and_table_of_contents(outputs, stem):
    parsed = parse(outputs / "headline" / f"{stem}.html")
    page = (outputs / "headline" / f"{stem}.html").read_text(encoding="utf-8")
    title = page.split("<title>")[1].split("</title>")[0]
    # The finding is the headline; which report it is (its number and subject) is the kicker.
    assert f"({stem[:2]} · " in title and " — set headline: End of 2025" in title
    kicker = page.split('<p class="kicker">')[1].split("</p>")[0]
    assert kicker.startswith(f"{stem[:2]} · ") and f'<h1 class="title">{kicker}' not in page
    ids = {tag.get("id") for tag in parsed.find_all(id=True)}
    toc_links = [a["href"] for a in parsed.select('a[href^="#"]')]
    assert len(toc_links) >= 2
    assert all(link[1:] in ids for link in toc_links)


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        *(f"headline/{s}.html" for s in NOTEBOOK_STEMS),
        *(f"headline/{s}.code.html" for s in NOTEBOOK_STEMS),
    ],
)
def test_pages_are_self_contained(outputs, page):
    for element in parse(outputs / page).find_all(True):
        tag, attrs = element.name, element.attrs
        if tag == "source":  # a <picture>'s phone layout, embedded like the image
            assert (attrs.get("srcset") or "").startswith("data:image/svg+xml;base64,")
        if tag in LOADED:
            target = attrs.get(LOADED[tag]) or ""
            assert not target.startswith(("http:", "https:", "//")), f"{page}: {tag} loads {target}"
        if tag == "img":
            assert (attrs.get("src") or "").startswith(
                ("data:image/svg+xml;base64,", "data:image/png;base64,")
            )
            alt = attrs.get("alt") or ""
            assert len(alt) > 20 and "No description has been provided" not in alt
    assert "<script" not in (outputs / page).read_text(encoding="utf-8")
    assert "@import" not in (outputs / page).read_text(encoding="utf-8")


def test_charts_have_captions_alt_text_and_source_notes(outputs):
    page = (outputs / "headline" / "02-growth.html").read_text(encoding="utf-8")
    assert page.count("<figcaption>") == 2
    assert (
        'alt="Bar chart of generative-AI users in China: end of June 2024: 230\xa0M; end of '
        "December 2024: 249\xa0M; end of June 2025: 515\xa0M; end of December 2025: 602\xa0M."
        in page
    )
    # The source note shows once, in the image; screen readers get it as its description.
    assert page.count('-source">Source: CNNIC, ') == 2 and "source-note" not in page
    assert page.count('aria-describedby="chart-') == 2
    svg = (outputs / "headline" / "figures" / "users-over-time.svg").read_text(encoding="utf-8")
    assert "Source: CNNIC, " in svg and "57th Statistical Report" in svg


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_reports_are_small(outputs, stem):
    # Every set's: the latest period's pages are the ones that grow as data/ grows.
    pages = [p for s in ("", ".code") for p in outputs.glob(f"*/{stem}{s}.html")]
    assert len(pages) == 2 * len(read_plan(RENDER_PLAN, NOTEBOOKS_DIR))
    for page in pages:
        assert page.stat().st_size < MAX_REPORT_BYTES, page


def test_the_headline_states_the_finding_with_dates_and_what_is_counted(outputs):
    page = (outputs / "headline" / "02-growth.html").read_text(encoding="utf-8")
    opening = page.split('<div class="opening">')[1].split("</div>")[0]
    assert '<p class="kicker">02 · Growth</p>' in opening
    assert (
        '<h1 class="title">Generative-AI users in China grew 141.7% from the end of December 2024 '
        "to the end of December 2025</h1>" in opening
    )
    assert (
        "Figures as of the end of December 2025, compared with December 2024; the latest dated "
        'of the 25 sources of figures for these dates was published <time datetime="2026-02-07">'
        "2026-02-07</time>; 16 have no recorded publication date. Page made <time datetime="
        in opening
    )
    # Who counts as a user follows the lede: the notebook says it (helpers.report), not the page.
    assert "CNNIC counts the people in China who say" in page.split(opening)[1]
    # The lede's headline output is not shown a second time in the body.
    assert 'class="headline"' not in page


def test_a_report_suggests_a_citation_and_states_its_licence(outputs):
    page = (outputs / "headline" / "02-growth.html").read_text(encoding="utf-8")
    made_on = page.split('Page made <time datetime="')[1].split('"')[0]
    assert (
        '<p class="citation">Generative-AI adoption in China. “Generative-AI users in China grew '
        "141.7% from the end of December 2024 to the end of December 2025 (02 · Growth)”. Set End "
        f'of 2025 against end of 2024 (the headline). Made <time datetime="{made_on}">'
        f"{made_on}</time>.</p>" in page
    )
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    )
    # Without a base URL the page claims no address and no preview image.
    assert 'property="og:url"' not in page and 'property="og:image"' not in page
    assert '<meta property="og:title" content="Generative-AI users in China grew 141.7%' in page
    assert '<meta name="description" content="CNNIC put the number of people in China who' in page


def test_a_report_links_its_neighbours_and_the_other_periods(outputs):
    page = (outputs / "headline" / "02-growth.html").read_text(encoding="utf-8")
    assert '<a class="previous" href="01-load-figures.html" rel="prev">' in page
    assert '<a class="next" href="03-segment-shares.html" rel="next">' in page
    assert '<a href="../half-year/02-growth.html">Mid-2025 against end of 2024</a>' in page
    assert '<a href="../earlier-year/02-growth.html">End of 2024 against mid-2024</a>' in page
    first = (outputs / "headline" / "01-load-figures.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_footer_says_how_the_report_was_made(outputs):
    page = (outputs / "headline" / "02-growth.html").read_text(encoding="utf-8")
    assert '<h2 id="how-this-was-made">How this was made</h2>' in page
    # The developer's facts are folded away: a closed details element.
    assert '<details class="technical">' in page
    footer = page.split('<details class="technical">')[1]
    manifest = json.loads((outputs / "manifest.json").read_text())
    entry = manifest["renders"]["headline/02-growth"]
    assert manifest["git_commit"] in footer
    for sha in entry["data_files"].values():
        assert sha in footer
    assert "<dt>period</dt><dd>2025-12</dd>" in footer
    assert "figures up to 2026-06" in footer
    for chart in ("users-over-time", "reach"):
        assert f'href="tables/{chart}.csv"' in footer
        assert (outputs / "headline" / "tables" / f"{chart}.csv").is_file()


def test_index_shows_headline_and_links_every_report_in_order(outputs):
    page = (outputs / "index.html").read_text(encoding="utf-8")
    assert "602 M" in page and "+141.7%" in page and "nearly 142%" in page
    positions = [page.index(f'href="headline/{stem}.html"') for stem in NOTEBOOK_STEMS]
    assert positions == sorted(positions)
    assert "period = 2025-12" in page


def test_a_second_run_skips_everything(outputs, capsys):
    before = (outputs / "manifest.json").read_text()
    assert render(outputs, "--only", "headline") == 0
    summary = capsys.readouterr().out
    assert summary.count("skipped") == len(NOTEBOOK_STEMS)
    assert (
        json.loads(before)["renders"]
        == json.loads((outputs / "manifest.json").read_text())["renders"]
    )


def test_data_derived_text_is_escaped(tmp_path, data_copy):
    attack = "<script>alert(1)</script>"
    figures = (data_copy / "figures.csv").read_text(encoding="utf-8")
    figures = figures.replace("New small and medium AI-software firms", f"{attack} firms")
    (data_copy / "figures.csv").write_text(figures, encoding="utf-8")
    sources = (data_copy / "sources.csv").read_text(encoding="utf-8")
    (data_copy / "sources.csv").write_text(
        sources.replace("China News Service (ecns.cn)", attack), encoding="utf-8"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        yaml.safe_dump(
            {
                "sets": {
                    "escape": {
                        "title": attack,
                        "notebooks": ["01-load-figures"],
                        "parameters": {"period": "2025-03"},
                    }
                }
            }
        )
    )
    outputs = tmp_path / "outputs"
    assert render(outputs, "--plan", str(plan), "--data", str(data_copy)) == 0
    for page in (outputs / "index.html", outputs / "escape" / "01-load-figures.html"):
        text = page.read_text(encoding="utf-8")
        assert attack not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_readme_chart_is_the_rendered_one(outputs):
    from refresh_readme import CHART_FILE, README_CHART

    # The README shows the plan's first set (the latest period leads), whatever it is called.
    rendered = outputs / read_plan(RENDER_PLAN, NOTEBOOKS_DIR)[0].name / CHART_FILE
    assert README_CHART.read_bytes() == rendered.read_bytes(), (
        "docs/ chart is stale: run `make readme`"
    )


def test_no_rendered_file_shows_the_project_or_outputs_path(outputs):
    from helpers.paths import PROJECT_ROOT

    for path in (p for p in outputs.rglob("*") if p.is_file()):
        content = path.read_bytes()
        for machine_path in (str(PROJECT_ROOT), str(outputs.parent)):
            assert machine_path.encode() not in content, f"{path} shows {machine_path}"
