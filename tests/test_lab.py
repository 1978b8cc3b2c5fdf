"""JupyterLab as an analyst meets it: `make lab`, the project's kernel, notebooks git keeps clean."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VENV = Path(sys.prefix)
NOTEBOOKS = sorted(path.name for path in NOTEBOOKS_DIR.glob("*.ipynb"))
# The first period of a notebook's parameters cell, in `period: str = "2025-12"  # ...`.
PERIOD_LINE = re.compile(r"""^(period\b[^=\n]*=\s*["'])(\d{4}-\d{2})(["'])""", re.MULTILINE)
# Code cell prompts of the notebook on screen, as JupyterLab shows them: "[3]:", "[*]:", "[ ]:".
PROMPTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'
)).map(prompt => prompt.textContent.trim())"""
# The status bar reads "Python 3 (ipykernel) | Idle" once the notebook's kernel is connected
# and idle (the toolbar's indicator already says idle while the kernel is still starting).
KERNEL_IDLE_JS = """() => Array.from(document.querySelectorAll('.jp-StatusBar-Widget'))
    .some(bar => / \\| Idle\\b/.test(bar.innerText) && !bar.innerText.includes('No Kernel'))"""
# Run All has finished: the kernel is idle, nothing is queued, and a cell ran after `after`.
RUN_FINISHED_JS = (
    (
        """(after) => {
    const prompts = (PROMPTS)();
    const counts = prompts.map(p => parseInt((p.match(/\\[(\\d+)\\]/) || [0, "0"])[1]));
    return (IDLE)() && !prompts.some(p => p.includes("*")) && Math.max(...counts) > after;
}"""
    )
    .replace("PROMPTS", PROMPTS_JS)
    .replace("IDLE", KERNEL_IDLE_JS)
)


def test_lab_kernel_is_the_project_environment():
    listed = subprocess.run(
        [str(VENV / "bin" / "jupyter"), "kernelspec", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
        # The quick tier points JUPYTER_PATH at a refusing kernel; Lab sees the real ones.
        env={k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"},
    ).stdout
    python3 = json.loads(listed)["kernelspecs"]["python3"]
    assert Path(python3["resource_dir"]) == VENV / "share" / "jupyter" / "kernels" / "python3"
    # jupyter_client runs a kernelspec's bare "python" with the server's own interpreter.
    assert python3["spec"]["argv"][:3] == ["python", "-m", "ipykernel_launcher"]


def test_importing_the_charts_keeps_the_notebook_backend():
    # A JupyterLab kernel draws with the inline backend; importing the helpers must leave it be.
    code = (
        "import matplotlib\n"
        "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
        "before = matplotlib.get_backend()\n"
        "import helpers.charts\n"
        "print(before, matplotlib.get_backend())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = run.stdout.split()
    assert before == "module://matplotlib_inline.backend_inline"
    assert after == before


def require_chromium() -> None:
    """Skip without Chromium on a workstation; in CI (CI=true) a missing browser is a failure."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def git(repo: Path, *args: str) -> str:
    """Run git in a repository and return what it printed."""
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def make(repo: Path, *args: str) -> list[str]:
    """Return a `make` command for a copy of the project that uses this test's .venv as is."""
    # -o: the copy's files are newer than .venv's stamp; never reinstall the running environment.
    return ["make", "-s", "-C", str(repo), "-o", str(VENV / ".installed"), f"VENV={VENV}", *args]


def copy_project(repo: Path) -> Path:
    """Copy the files git tracks or would track, as they are now, into a new folder."""
    listed = git(PROJECT_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if (PROJECT_ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_ROOT / name, repo / name)
    return repo


def commit_with_the_filter(repo: Path) -> None:
    """Commit the copy, through the notebook filter that `make lab` installed as it started."""
    assert git(repo, "config", "filter.nbstripout.clean").strip().endswith("--keep-id")
    git(repo, "add", "--all")
    git(repo, "-c", "user.name=test", "-c", "user.email=test@invalid", "commit", "-qm", "copy")


def free_port() -> int:
    """Return a TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Start `make lab` in a copy of the project; yield its URL with the token, and the copy."""
    require_chromium()
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "--quiet")  # a fresh clone: no notebook filter until a make target sets it
    port, token = free_port(), secrets.token_hex(16)
    options = (
        f"--no-browser --port={port} --ServerApp.port_retries=0 --IdentityProvider.token={token}"
    )
    env = {
        **os.environ,
        # The kernel imports the copy's helpers, so charts and caches land in the copy.
        "PYTHONPATH": str(repo / "src"),
        # Lab's workspaces, settings and runtime files stay out of the user's home.
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        make(repo, "lab", f"LAB_ARGS={options}"),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the finally stops make and the server
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "lab.log").read_text()
            assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        commit_with_the_filter(repo)
        yield f"{url}/?token={token}", repo
    finally:
        try:  # shuts the kernels down too
            request = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(request, timeout=5)
            server.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
        log.close()


def parameters_cell(notebook: nbformat.NotebookNode) -> tuple[int, str]:
    """Return the position among code cells and the source of the cell tagged `parameters`."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    tagged = [i for i, cell in enumerate(code) if "parameters" in cell.metadata.get("tags", [])]
    position = tagged[0] if tagged else 0
    return position, code[position].source


def clear_all_outputs(page) -> None:
    """Edit > Clear Outputs of All Cells, so the counts a saved notebook shows are not taken for a run."""
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.get_by_role("menuitem", name="Clear Outputs of All Cells", exact=True).click()
    page.wait_for_function(
        "() => (PROMPTS)().every(prompt => !/\\d/.test(prompt))".replace("PROMPTS", PROMPTS_JS)
    )


def run_all_cells(page, after: int, screenshot: Path) -> list[int]:
    """Run > Run All Cells, wait for an idle kernel, screenshot; return the cells' counts."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(RUN_FINISHED_JS, arg=after, timeout=90_000, polling=200)
    finally:
        page.screenshot(path=str(screenshot))
    prompts = page.evaluate(PROMPTS_JS)
    return [int(m.group(1)) if (m := re.search(r"\[(\d+)\]", p)) else 0 for p in prompts]


def shown_problems(page, name: str, period: str, expected_charts: int) -> list[str]:
    """Return what a reader would see go wrong: tracebacks, and charts missing or not loaded."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    stderr = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    problems = [
        f"{name} at {period}: {text[:300]}"
        for text in stderr.all_inner_texts()
        if "Traceback" in text or "Error" in text
    ]
    images = panel.locator(".jp-OutputArea-output img").evaluate_all(
        "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"
    )
    if len(images) < expected_charts or not all(images):
        problems.append(f"{name} at {period}: {expected_charts} charts expected, shown {images}")
    # Lab's own stylesheet right-aligns every cell; the tables' rules must win there too.
    misaligned = panel.locator(".jp-OutputArea-output table.data-table td").evaluate_all(
        """cells => cells.filter(cell => getComputedStyle(cell).textAlign
            !== (cell.classList.contains("num") ? "right" : "left")).map(cell => cell.textContent)"""
    )
    if misaligned:
        problems.append(f"{name} at {period}: cells aligned against their kind: {misaligned[:4]}")
    # The source note is drawn in the chart; no second, visible copy under it.
    captions = panel.locator(".jp-OutputArea-output figure.chart figcaption").all_inner_texts()
    if any("Source:" in caption for caption in captions):
        problems.append(f"{name} at {period}: a chart's source note shows twice: {captions}")
    return problems


def output_text(notebook: nbformat.NotebookNode) -> str:
    """Return every output of a saved notebook as one string, without execution counts."""
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    return json.dumps([{k: v for k, v in o.items() if k != "execution_count"} for o in outputs])


def save_and_wait(page, path: Path, ran_after: int) -> nbformat.NotebookNode:
    """Press Ctrl+S; return the notebook once the file holds the run that followed `ran_after`."""
    page.keyboard.press("Control+s")
    # The tab drops its dirty mark once the server has written the file.
    page.locator(".lm-TabBar-tab.lm-mod-current.jp-mod-dirty").wait_for(state="detached")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            saved = nbformat.read(path, as_version=4)
        except nbformat.reader.NotJSONError:  # the server writes the file in place
            time.sleep(0.2)
            continue
        counts = [c.execution_count for c in saved.cells if c.cell_type == "code"]
        if all(count and count > ran_after for count in counts):
            return saved
        time.sleep(0.2)
    raise AssertionError(f"{path.name} was not saved within 30 s")


@pytest.mark.slow
@pytest.mark.browser
def test_every_notebook_runs_in_lab_for_two_periods_and_git_sees_no_outputs(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    home, repo = lab
    problems: list[str] = []
    all_charts = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(home)
        # `make lab`: the file browser opens on notebooks/, the project root is one click up.
        page.locator(".jp-DirListing-item", has_text=NOTEBOOKS[0]).wait_for()
        assert page.locator(".jp-BreadCrumbs").inner_text().strip("/ ") == "notebooks"
        page.locator(".jp-BreadCrumbs-home").click()
        page.locator(".jp-DirListing-item", has_text="outputs").wait_for()
        listed = set(page.locator(".jp-DirListing-itemText").all_inner_texts())
        assert {"data", "src", "outputs", "notebooks"} <= listed
        page.locator(".jp-DirListing-item", has_text="notebooks").dblclick()
        for name in NOTEBOOKS:
            path = repo / "notebooks" / name
            position, source = parameters_cell(nbformat.read(path, as_version=4))
            period = PERIOD_LINE.search(source)
            assert period, f'{name}: no `period = "YYYY-MM"` line in the parameters cell'
            other = "2025-06" if period.group(2) != "2025-06" else "2025-12"
            # Cells that show a chart the project's way; each must display an image.
            charts = sum("show_chart(" in cell.source for cell in nbformat.read(path, 4).cells)
            all_charts += charts
            page.locator(".jp-DirListing-item", has_text=name).dblclick()
            page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000, polling=200)

            clear_all_outputs(page)
            counts = run_all_cells(page, 0, tmp_path / f"{path.stem}-{period.group(2)}.png")
            problems += shown_problems(page, name, period.group(2), charts)
            assert min(counts) > 0, f"{name}: not every cell ran: {counts}\n{problems}"
            saved = save_and_wait(page, path, ran_after=0)
            first_outputs = output_text(saved)
            assert any(cell.get("outputs") for cell in saved.cells), "saved without outputs"
            errors = [
                o for c in saved.cells for o in c.get("outputs", []) if o.output_type == "error"
            ]
            assert not errors, f"{name}: {errors[0].ename}: {errors[0].evalue}"
            # `git status` alone lists a notebook whose size changed; what `add` stores is the test.
            git(repo, "add", "--all")
            assert git(repo, "status", "--porcelain") == "", f"{name}: git would commit the run"

            # The analyst's next step: another period in the parameters cell, run again, save.
            editor = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
            editor.nth(position).locator(".cm-content").click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(PERIOD_LINE.sub(rf"\g<1>{other}\g<3>", source, count=1))
            page.keyboard.press("Escape")
            again = run_all_cells(page, max(counts), tmp_path / f"{path.stem}-{other}.png")
            # Another period may lack what a chart needs (the EU figure before its survey, say);
            # the notebook then says so instead, so only the images it does show must load.
            problems += shown_problems(page, name, other, 0)
            assert min(again) > max(counts), (
                f"{name}: not every cell ran again: {again}\n{problems}"
            )
            saved = save_and_wait(page, path, ran_after=max(counts))
            assert f'"{other}"' in parameters_cell(saved)[1]
            assert output_text(saved) != first_outputs, (
                f"{name}: {other} shows what {period[2]} did"
            )
            # Git would commit the edited period and nothing else: no outputs, no counts.
            git(repo, "add", "--all")
            changed = git(repo, "diff", "--cached", "--numstat").split()
            assert changed == ["1", "1", f"notebooks/{name}"], git(repo, "diff", "--cached")
            git(repo, "reset", "--quiet", "--hard")
        browser.close()
    assert all_charts > 0, "no notebook shows a chart with charts.show_chart: update this test"
    assert not problems, "\n".join(problems)
