"""A failing, hanging or dying notebook: reported by set, notebook and cell; good outputs kept."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
import yaml
from rendering import assert_up_to_date, render, snapshot

from helpers.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow


def make_notebooks(folder, broken_source=None):
    """Copy notebook 01 twice: as 01 and as 02-second, with `broken_source` added to 02 if given."""
    folder.mkdir(exist_ok=True)
    shutil.copy(NOTEBOOKS_DIR / "01-load-figures.ipynb", folder / "01-load-figures.ipynb")
    notebook = nbformat.read(NOTEBOOKS_DIR / "01-load-figures.ipynb", as_version=4)
    if broken_source is not None:
        notebook.cells.insert(4, nbformat.v4.new_code_cell(broken_source, id="broken"))
    nbformat.write(notebook, folder / "02-second.ipynb")


def plan_args(folder):
    """Return the command's options for the one-set plan and the notebooks in a folder."""
    return ("--plan", str(folder / "plan.yaml"), "--notebooks", str(folder / "notebooks"))


def build_two_good_renders(folder):
    """Write two good notebooks and a one-set plan into a folder, and render them."""
    make_notebooks(folder / "notebooks")
    plan = {"sets": {"s": {"parameters": {"period": "2025-12"}}}}
    (folder / "plan.yaml").write_text(yaml.safe_dump(plan))
    assert render(folder / "outputs", *plan_args(folder)) == 0


@pytest.fixture
def setup(tmp_path, rendered_once):
    """Two good renders, up to date in this test's own folder: (outputs, notebooks, options)."""
    rendered_once("two-good-renders", build_two_good_renders, tmp_path)
    assert_up_to_date(tmp_path / "outputs", *plan_args(tmp_path))
    return tmp_path / "outputs", tmp_path / "notebooks", plan_args(tmp_path)


# The cell timeout of each case: short where the test waits for it, roomy where a slow cell
# before the broken one must not time out on a loaded machine.
@pytest.mark.parametrize(
    "source,error,timeout_s",
    [
        ("raise ValueError('broken on purpose')", "ValueError: broken on purpose", "60"),
        ("import time\ntime.sleep(120)", "CellTimeoutError: A cell timed out", "5"),
        ("import os\nos._exit(1)", "DeadKernelError", "60"),
        # A report that did not run every cell is no report, however the notebook stopped.
        ("import sys\nsys.exit(0)", "SystemExit: 0", "60"),
        # The notebook's own OSError is its failure, not a full or read-only outputs/ (exit 5).
        ("raise OSError(28, 'No space left on device')", "OSError: [Errno 28] No space", "60"),
        ("raise OSError(30, 'Read-only file system')", "OSError: [Errno 30] Read-only", "60"),
    ],
    ids=["raises", "hangs", "kernel-dies", "sys-exit", "own-enospc", "own-erofs"],
)
def test_failed_render_is_reported_and_good_outputs_stay(setup, capsys, source, error, timeout_s):
    outputs, notebooks, args = setup
    good = snapshot(outputs / "s")
    make_notebooks(notebooks, broken_source=source)
    capsys.readouterr()
    assert render(outputs, *args, "--timeout", timeout_s) == 1
    summary = capsys.readouterr().out
    line = next(row for row in summary.splitlines() if "02-second" in row)
    assert line.split()[:3] == ["s", "02-second", "failed"]
    assert error in line
    assert "cell 4: " in line
    assert "kept as s/02-second.failed.ipynb" in line
    # The other render ran; the failed one's previous good files are untouched.
    assert next(row for row in summary.splitlines() if "01-load-figures" in row).split()[2] in (
        "ok",
        "skipped",
    )
    after = snapshot(outputs / "s")
    for name in ("02-second.html", "02-second.code.html", "02-second.ipynb"):
        assert after[name] == good[name]
    failed = nbformat.read(outputs / "s" / "02-second.failed.ipynb", as_version=4)
    marked = next(c for c in failed.cells if c.get("id") == "broken")
    assert "render-failed" in marked.metadata["tags"]
    assert any(o.output_type == "error" and error.split(":")[0] in o.ename for o in marked.outputs)
    manifest = json.loads((outputs / "manifest.json").read_text())
    assert manifest["renders"]["s/02-second"]["status"] == "failed"
    index = (outputs / "index.html").read_text()
    assert "02-second.failed.ipynb" in index and 'href="s/02-second.html"' in index


def test_a_fixed_notebook_clears_its_failed_artefact(setup):
    outputs, notebooks, args = setup
    make_notebooks(notebooks, broken_source="raise ValueError('x')")
    assert render(outputs, *args) == 1
    assert (outputs / "s" / "02-second.failed.ipynb").exists()
    make_notebooks(notebooks)
    assert render(outputs, *args) == 0
    assert not (outputs / "s" / "02-second.failed.ipynb").exists()


# Bad data files, each as the command line must report it: (how to break it, words of the message).
BAD_DATA = {
    "thousands separator": (
        lambda d: (d / "figures.csv").write_text(
            (d / "figures.csv").read_text().replace("2025-12,,602,", '2025-12,,"1,234",')
        ),
        "figures.csv: line 2, column 'value': expected a plain number",
    ),
    "GBK encoding": (
        lambda d: (d / "sources.csv").write_bytes(
            (d / "sources.csv").read_text().replace("Xinhua report", "新华社报道").encode("gbk")
        ),
        "sources.csv: line 3: expected UTF-8 text",
    ),
    "missing file": (lambda d: (d / "sources.csv").unlink(), "sources.csv: file not found"),
}


@pytest.mark.parametrize("case", BAD_DATA)
def test_bad_data_from_the_command_line_exits_3_without_traceback(tmp_path, data_copy, case):
    breaks, expected = BAD_DATA[case]
    breaks(data_copy)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "keep.html").write_text("old")
    (outputs / "manifest.json").write_text('{"renders": {}}\n')
    before = snapshot(outputs)
    result = subprocess.run(
        [sys.executable, "-m", "renderer.cli", "render", "--outputs", str(outputs), "--data", str(data_copy)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert snapshot(outputs) == before


def test_a_kernel_that_fails_to_start_is_tried_again(monkeypatch, tmp_path):
    from renderer import execute

    calls = []

    def flaky(*args, **kwargs):
        calls.append(kwargs["config"])
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return "executed"

    monkeypatch.setattr(execute.papermill, "execute_notebook", flaky)
    assert execute.execute(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {}, 10) == "executed"
    assert len(calls) == 2
    assert calls[0]["KernelManager"]["transport"] == "ipc"


def test_other_errors_are_not_retried(monkeypatch, tmp_path):
    from renderer import execute

    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("something else")

    monkeypatch.setattr(execute.papermill, "execute_notebook", broken)
    with pytest.raises(RuntimeError, match="something else"):
        execute.execute(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {}, 10)
    assert calls == [1]


def test_a_full_disk_mid_run_exits_5_with_the_summary_and_index(setup, capsys, monkeypatch):
    import errno

    from renderer import engine

    outputs, _, args = setup
    before = snapshot(outputs / "s")
    real_move = engine.move_atomic
    renders_seen: list = []

    def fill_up(source, target):
        staging = next(part for part in source.parts if part.startswith(".staging-"))
        if staging not in renders_seen:
            renders_seen.append(staging)
        if len(renders_seen) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_move(source, target)

    monkeypatch.setattr(engine, "move_atomic", fill_up)
    (outputs / "index.html").unlink()
    capsys.readouterr()
    assert render(outputs, *args, "--force", "--jobs", "1") == 5
    captured = capsys.readouterr()
    assert "No space left on device; reports written earlier are kept" in captured.err
    assert "Traceback" not in captured.err
    summary = captured.out.splitlines()
    assert summary[-1] == "1 ok, 0 failed"
    published = summary[1].split()[1]
    assert (outputs / "index.html").is_file()
    # The render that could not be published still has its earlier reports, whole.
    other = "02-second" if published == "01-load-figures" else "01-load-figures"
    after = snapshot(outputs / "s")
    for name in (f"{other}.html", f"{other}.code.html", f"{other}.ipynb"):
        assert after[name] == before[name]
    assert not [p for p in outputs.iterdir() if p.name.startswith(".staging")]


def test_an_interrupted_run_prints_the_summary_and_writes_the_index(setup, capsys, monkeypatch):
    from renderer import engine

    outputs, _, args = setup
    real_publish = engine.publish
    calls = []

    def publish_then_stop(*publish_args):
        calls.append(1)
        if len(calls) > 1:  # as Ctrl-C, SIGTERM or SIGHUP would, once the first render is out
            raise KeyboardInterrupt
        real_publish(*publish_args)

    monkeypatch.setattr(engine, "publish", publish_then_stop)
    (outputs / "index.html").unlink()
    capsys.readouterr()
    assert render(outputs, *args, "--force", "--jobs", "1") == 130
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "1 ok, 0 failed"
    assert "genai-report: interrupted; finished reports were kept" in captured.err
    assert (outputs / "index.html").is_file()
    assert not [p for p in outputs.iterdir() if p.name.startswith(".staging")]


def test_a_traceback_through_the_helpers_shows_no_machine_path(setup, run_dir):
    from helpers.paths import PROJECT_ROOT

    outputs, notebooks, args = setup
    make_notebooks(notebooks, "from helpers import analysis\nanalysis.select_rows(None, 'x')")
    assert render(outputs, *args) == 1
    failed = (outputs / "s" / "02-second.failed.ipynb").read_text(encoding="utf-8")
    assert "$PROJECT/src/helpers/analysis.py" in failed
    for name in ("02-second.failed.ipynb", "../manifest.json", "../index.html"):
        content = (outputs / "s" / name).read_text(encoding="utf-8")
        # The test run's folder holds this test's folder and the render it was copied from.
        assert str(PROJECT_ROOT) not in content and str(run_dir) not in content, name


def test_a_killed_worker_fails_its_render_and_the_run_ends_with_the_summary(setup, capsys):
    outputs, notebooks, args = setup
    good = snapshot(outputs / "s")
    # What the out-of-memory killer does to the worker running this kernel.
    make_notebooks(notebooks, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    (outputs / "index.html").unlink()
    capsys.readouterr()
    assert render(outputs, *args) == 1
    captured = capsys.readouterr()
    line = next(row for row in captured.out.splitlines() if "02-second" in row)
    assert line.split()[2] == "failed" and "a worker process died" in line
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    assert (outputs / "index.html").is_file()
    assert snapshot(outputs / "s")["02-second.html"] == good["02-second.html"]
    assert not [p for p in outputs.iterdir() if p.name.startswith(".staging")]


def test_a_flood_of_printed_text_is_cut_with_a_note(setup):
    outputs, notebooks, args = setup
    make_notebooks(notebooks, "for i in range(300_000):\n    print('spam', i)")
    assert render(outputs, *args) == 0
    page = (outputs / "s" / "02-second.code.html").read_text(encoding="utf-8")
    assert "more characters of output cut: a report keeps 100,000 per cell" in page
    assert (outputs / "s" / "02-second.ipynb").stat().st_size < 1_000_000
    assert len(page) < 2_000_000


def test_two_notebooks_saving_one_file_name_do_not_overwrite_each_other(tmp_path, capsys):
    from rendering import write_code_notebook

    notebooks = tmp_path / "notebooks"
    for stem in ("01-a", "02-b"):
        source = f"from pathlib import Path\nPath('tables').mkdir(exist_ok=True)\nPath('tables/same.csv').write_text('{stem}')"
        write_code_notebook(notebooks / f"{stem}.ipynb", source)
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump({"sets": {"s": {"parameters": {}}}}))
    outputs = tmp_path / "outputs"
    assert render(outputs, *plan_args(tmp_path)) == 1
    summary = capsys.readouterr().out
    line = next(row for row in summary.splitlines() if "02-b" in row)
    assert line.split()[2] == "failed"
    assert "tables/same.csv is also saved by notebook '01-a' of set 's'" in line
    assert (outputs / "s" / "tables" / "same.csv").read_text() == "01-a"
    assert (outputs / "s" / "02-b.failed.ipynb").is_file()
    assert not (outputs / "s" / "02-b.html").exists()


def test_a_file_a_notebook_no_longer_writes_goes_but_a_failed_render_keeps_the_last(tmp_path):
    from rendering import write_code_notebook

    notebook = tmp_path / "notebooks" / "01-a.ipynb"
    save = "from pathlib import Path\nPath('tables').mkdir(exist_ok=True)\nPath('tables/{}').write_text('x')"
    write_code_notebook(notebook, save.format("old.csv"))
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump({"sets": {"s": {"parameters": {}}}}))
    outputs = tmp_path / "outputs"
    assert render(outputs, *plan_args(tmp_path)) == 0
    write_code_notebook(notebook, save.format("new.csv") + "\nraise ValueError('broken')")
    assert render(outputs, *plan_args(tmp_path)) == 1
    assert (outputs / "s" / "tables" / "old.csv").is_file()  # the last good render's file stays
    write_code_notebook(notebook, save.format("new.csv"))
    assert render(outputs, *plan_args(tmp_path)) == 0
    assert not (outputs / "s" / "tables" / "old.csv").exists()
    assert (outputs / "s" / "tables" / "new.csv").is_file()
    written = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))["written"]
    assert "s/tables/new.csv" in written and "s/tables/old.csv" not in written
