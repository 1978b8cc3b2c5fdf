"""Faults around a render, found before any kernel starts: one message, its own exit code."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from rendering import render, snapshot

from helpers import loading
from helpers.paths import NOTEBOOKS_DIR
from renderer import engine
from renderer.cli import main
from renderer.context import read_manifest
from renderer.plan import read_title

COMMAND = [sys.executable, "-m", "renderer.cli"]


@pytest.fixture
def project(tmp_path):
    """A notebooks folder with notebook 01, a one-set plan and outputs holding an earlier report."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "01-load-figures.ipynb", notebooks)
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"sets": {"s": {"parameters": {"period": "2025-12"}}}}))
    outputs = tmp_path / "outputs"
    (outputs / "old").mkdir(parents=True)
    (outputs / "old" / "report.html").write_text("earlier")
    (outputs / "manifest.json").write_text('{"renders": {}}\n')
    return outputs, ("--plan", str(plan), "--notebooks", str(notebooks)), notebooks


def run_refused(outputs, args, capsys, code):
    before = snapshot(outputs)
    assert render(outputs, *args) == code
    assert snapshot(outputs) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err


@pytest.mark.parametrize(
    "content,expected",
    [
        ("{not json", "not a readable notebook: Expecting property name"),
        ('{"cells": [], "metadata": {}, "nbformat": 4}', "no kernel spec in its metadata"),
        ("[1, 2]", "not a notebook: expected a JSON object with 'cells'"),
    ],
    ids=["invalid-json", "no-kernelspec", "not-a-notebook"],
)
def test_an_unreadable_notebook_exits_6(project, capsys, content, expected):
    outputs, args, notebooks = project
    (notebooks / "02-broken.ipynb").write_text(content)
    err = run_refused(outputs, args, capsys, 6)
    assert f"02-broken.ipynb: {expected}" in err


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_a_file_or_link_where_a_set_folder_belongs_exits_5(project, tmp_path, capsys, kind):
    outputs, args, _ = project
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "file":
        (outputs / "s").write_text("not a folder")
    else:
        (outputs / "s").symlink_to(elsewhere)
    word = "symbolic link" if kind == "symlink" else "file"
    err = run_refused(outputs, args, capsys, 5)
    assert f"outputs/s: expected the folder of set 's', found a {word}" in err
    assert list(elsewhere.iterdir()) == []


def test_an_outputs_folder_that_cannot_be_made_exits_5(project, tmp_path, capsys):
    _, args, _ = project
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert render(blocker / "outputs", *args) == 5
    assert "a-file/outputs: cannot create or open the outputs folder" in capsys.readouterr().err


def test_a_link_in_place_of_a_subfolder_is_never_written_through(tmp_path):
    staging, set_dir, elsewhere = tmp_path / "staging", tmp_path / "s", tmp_path / "elsewhere"
    (staging / "figures").mkdir(parents=True)
    (staging / "figures" / "a.png").write_bytes(b"png")
    set_dir.mkdir()
    elsewhere.mkdir()
    (set_dir / "figures").symlink_to(elsewhere)
    from renderer.execute import RenderOutcome

    outcome = RenderOutcome("s/n", "ok", 1.0, ["figures/a.png"])
    with pytest.raises(OSError, match="a symbolic link is in the way"):
        engine.publish(outcome, staging, set_dir, "n")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    ["[1, 2]", '{"renders": []}', '{"renders": {"a/b": {"set": 5}, "c/d": []}}', "{", ""],
)
def test_a_manifest_of_the_wrong_shape_is_read_as_empty(tmp_path, content):
    (tmp_path / "manifest.json").write_text(content)
    assert read_manifest(tmp_path)["renders"] == {}


def test_a_good_manifest_entry_is_kept_beside_a_bad_one(tmp_path):
    good = {"set": "s", "notebook": "n", "status": "ok", "key": "k", "files": [], "duration_s": 1}
    bad = {**good, "files": "n.html"}
    (tmp_path / "manifest.json").write_text(json.dumps({"renders": {"s/n": good, "s/m": bad}}))
    assert read_manifest(tmp_path)["renders"] == {"s/n": good}


def test_a_vanished_notebook_keeps_its_name_on_the_index(tmp_path):
    assert read_title(tmp_path / "02-gone.ipynb") == "02-gone"


def test_a_read_only_cache_only_costs_a_validation(data_copy, monkeypatch):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(loading, "write_atomic", refuse)
    figures, _ = loading.load_tables(data_copy)
    assert figures.loc[0, "value"] == 602


def test_an_internal_error_has_its_own_exit_code_and_no_traceback(project, capsys, monkeypatch):
    outputs, args, _ = project

    def crash(*_args, **_kwargs):
        raise TypeError("unexpected")

    monkeypatch.setattr(engine, "render_all", crash)
    assert render(outputs, *args) == 70
    err = capsys.readouterr().err
    assert "genai-report: internal error (TypeError: unexpected)" in err
    assert "Traceback" not in err


def test_clean_waits_for_a_render_and_keeps_the_readme(tmp_path):
    outputs = tmp_path / "outputs"
    (outputs / "s" / "figures").mkdir(parents=True)
    (outputs / "s" / "r.html").write_text("x")
    (outputs / "s" / "figures" / "c.png").write_text("x")
    (outputs / "README.md").write_text("keep")
    (outputs / "index.html").write_text("x")
    entry = {"set": "s", "notebook": "r", "status": "ok", "key": "k", "duration_s": 1}
    manifest = {"renders": {"s/r": {**entry, "files": ["r.html", "figures/c.png"]}}}
    (outputs / "manifest.json").write_text(json.dumps(manifest))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious").write_text("x")
    (outputs / "link").symlink_to(elsewhere)
    held, release = threading.Event(), threading.Event()

    def hold():
        with engine.hold_lock(outputs, announce=print):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    cleaner = subprocess.Popen(
        [*COMMAND, "clean", "--outputs", str(outputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait for the cleaner to say it waits (however slow its start), then check it really does.
    ready, _, _ = select.select([cleaner.stderr], [], [], 60)
    announced = cleaner.stderr.readline() if ready else ""
    assert "another render is writing to" in announced
    time.sleep(0.5)
    assert cleaner.poll() is None, "clean did not wait for the render's lock"
    assert (outputs / "s" / "r.html").exists()
    release.set()
    holder.join()
    out, err = cleaner.communicate(timeout=30)
    assert cleaner.returncode == 0
    assert "another render is writing to" in announced + err
    assert "removed 4 files" in out and "kept 1 entries renders did not write" in out
    # The link was not written by a render: it stays, and what it points at too.
    assert sorted(p.name for p in outputs.iterdir()) == ["README.md", "link"]
    assert (elsewhere / "precious").exists()


@pytest.mark.parametrize("command", ["clean", "render"])
def test_a_folder_renders_did_not_make_is_refused_with_exit_7(tmp_path, capsys, command):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref")
    (project / "notes.txt").write_text("mine")
    before = snapshot(project)
    if command == "clean":
        assert main(["clean", "--outputs", str(project)]) == 7
    else:
        assert render(project) == 7
    assert snapshot(project) == before
    err = capsys.readouterr().err
    assert f"{project}: not a folder of rendered reports (no manifest.json" in err
    assert "it holds .git, notes.txt" in err


def test_clean_removes_only_what_the_manifest_lists_inside_outputs(tmp_path, capsys):
    outputs, elsewhere = tmp_path / "outputs", tmp_path / "elsewhere"
    (outputs / "s").mkdir(parents=True)
    elsewhere.mkdir()
    for name in ("victim", "r.html"):
        (elsewhere / name).write_text("keep")
    (outputs / "s" / "r.html").write_text("rendered")
    (outputs / "s" / "mine.txt").write_text("mine")
    (outputs / "t").symlink_to(elsewhere)
    entry = {"set": "s", "notebook": "r", "status": "ok", "key": "k", "duration_s": 1}
    # A hand-edited manifest naming files outside outputs/ or through a link removes none of them.
    written = ["../elsewhere/victim", str(elsewhere / "victim"), "t/r.html", "s/r.html"]
    manifest = {"renders": {"s/r": {**entry, "files": ["r.html"]}}, "written": written}
    (outputs / "manifest.json").write_text(json.dumps(manifest))
    assert main(["clean", "--outputs", str(outputs)]) == 0
    assert "removed 2 files" in capsys.readouterr().out
    assert snapshot(elsewhere) == snapshot(tmp_path / "elsewhere") and len(snapshot(elsewhere)) == 2
    assert sorted(p.relative_to(outputs).as_posix() for p in outputs.rglob("*")) == [
        "s",
        "s/mine.txt",
        "t",
    ]


def test_output_piped_into_head_ends_quietly(tmp_path):
    sets = {f"set-{i}": {"title": "t" * 80, "parameters": {}} for i in range(2000)}
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"sets": sets}))
    command = " ".join([*COMMAND, "render", "--list", "--plan", str(plan)])
    result = subprocess.run(
        ["bash", "-c", f"{command} | head -1; echo exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.splitlines()[-1] == "exit 0"
    assert result.stderr == ""


@pytest.mark.parametrize("encoding", ["C", "ascii"])
def test_a_non_utf8_locale_lists_the_sets(tmp_path, encoding):
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"sets": {"s": {"title": "年底", "parameters": {}}}}))
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
    if encoding == "ascii":
        env["PYTHONIOENCODING"] = "ascii"
    result = subprocess.run(
        [*COMMAND, "render", "--list", "--plan", str(plan)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    expected = "年底".encode() if encoding == "C" else rb"\u5e74\u5e95"
    assert expected in result.stdout


@pytest.mark.parametrize("redirect", ["1>&-", "2>&-", ">/dev/full", "2>/dev/full"])
def test_a_closed_or_full_output_is_a_closed_pipe(tmp_path, redirect):
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"sets": {"s": {"title": "t", "parameters": {}}}}))
    command = " ".join([*COMMAND, "render", "--list", "--plan", str(plan), "--timeout", "x"])
    listed = " ".join([*COMMAND, "render", "--list", "--plan", str(plan)])
    for line, code in ((listed, 0), (command, 2)):
        result = subprocess.run(
            ["bash", "-c", f"{line} {redirect}; echo exit $?"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.splitlines()[-1] == f"exit {code}", result.stderr
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def wait_until_handled(pid: int, signal_number: int, timeout_s: float = 60) -> None:
    """Return once the process has its own handler for the signal (Linux: SigCgt in its status)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        caught = int(status.split("SigCgt:")[1].split()[0], 16)
        if caught >> (signal_number - 1) & 1:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not handle signal {signal_number} in {timeout_s} s")


@pytest.mark.parametrize("delay_s", [0.0, 0.15, 0.3, 0.6])
def test_ctrl_c_while_starting_ends_quietly_with_130(tmp_path, delay_s):
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump({"sets": {"s": {"title": "t", "parameters": {}}}}))
    # A plan check that takes long enough to be interrupted whatever the machine's speed.
    started = subprocess.Popen(
        [*COMMAND, "render", "--plan", str(plan), "--outputs", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Counted from the moment the command handles Ctrl-C: before that, Python is still starting,
    # which a loaded machine makes slow. The command handles SIGHUP along with it, and Python by
    # itself never does, so a handled SIGHUP means the command's handlers are in.
    wait_until_handled(started.pid, signal.SIGHUP)
    time.sleep(delay_s)
    started.send_signal(signal.SIGINT)
    _, err = started.communicate(timeout=60)
    assert started.returncode == 130, err
    assert "Traceback" not in err and "genai-report: interrupted" in err


def test_scrubbing_replaces_whole_paths_in_outputs_only():
    import nbformat

    from renderer.execute import scrub, tidy_outputs

    pairs = [("/data", "$DATA"), ("/o", "$OUTPUTS"), ("/h", "~")]
    text = "https://example.com/data/x </ol> </h2> HOME=/h /data/figures.csv, /h \x1b[0;32m/h/y.py"
    assert scrub(text, pairs) == (
        "https://example.com/data/x </ol> </h2> HOME=~ $DATA/figures.csv, ~ \x1b[0;32m~/y.py"
    )
    notebook = nbformat.v4.new_notebook()
    markdown = nbformat.v4.new_markdown_cell("See /data/figures.csv </ol>")
    code = nbformat.v4.new_code_cell("open('/data/figures.csv')")
    html = nbformat.v4.new_output("display_data", data={"text/html": "<p>/data/x</p>"})
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="/data/x\n"), html]
    notebook.cells = [markdown, code]
    tidy_outputs(notebook, pairs)
    assert markdown.source == "See /data/figures.csv </ol>"
    assert code.source == "open('/data/figures.csv')"
    assert code.outputs[0].text == "$DATA/x\n" and html.data["text/html"] == "<p>/data/x</p>"


def test_printed_text_is_capped_per_cell_with_a_note():
    import nbformat

    from renderer.execute import STREAM_LIMIT, tidy_outputs

    cell = nbformat.v4.new_code_cell("print")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * (STREAM_LIMIT - 10)),
        nbformat.v4.new_output("stream", name="stderr", text="y" * 1000),
        nbformat.v4.new_output("stream", name="stdout", text="z" * 1000),
    ]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [cell]
    tidy_outputs(notebook, [])
    texts = [output.text for output in cell.outputs]
    assert len(texts) == 2 and texts[0] == "x" * (STREAM_LIMIT - 10)
    assert texts[1] == "y" * 10 + (
        "\n[1,990 more characters of output cut: a report keeps 100,000 per cell]\n"
    )


def test_a_cell_that_stopped_itself_is_an_error():
    import nbformat

    from renderer.execute import find_failure

    notebook = nbformat.v4.new_notebook()
    stopped = nbformat.v4.new_code_cell("import sys; sys.exit(0)")
    stopped.outputs = [
        nbformat.v4.new_output("error", ename="SystemExit", evalue="0", traceback=[])
    ]
    expected = nbformat.v4.new_code_cell("1/0", metadata={"tags": ["raises-exception"]})
    expected.outputs = [
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="x", traceback=[])
    ]
    notebook.cells = [expected, nbformat.v4.new_code_cell("1"), stopped]
    assert find_failure(notebook) == (2, "SystemExit: 0 (the cell stopped early)")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_notebook_that_is_not_a_regular_file_exits_6_at_once(project, capsys, kind):
    outputs, args, notebooks = project
    odd = notebooks / "05-odd.ipynb"
    os.mkfifo(odd) if kind == "fifo" else odd.mkdir()
    started = time.monotonic()
    err = run_refused(outputs, args, capsys, 6)
    assert "05-odd.ipynb: not a regular file" in err
    assert time.monotonic() - started < 30


def test_a_stop_signal_waits_while_the_workers_fork_then_stops_the_pool(monkeypatch):
    # A Ctrl-C inside Python's at-fork handlers could leave logging's lock held (the command then
    # hung); it must wait until the workers are forked, and the pool must not be left running.
    import signal

    from renderer.errors import STOP_SIGNALS

    seen: dict[str, object] = {}

    class Pool:
        def __init__(self, *_args, **_kwargs):
            self.submitted = 0

        def submit(self, *_args):
            seen["mask"] = signal.pthread_sigmask(signal.SIG_BLOCK, [])
            if not self.submitted:
                # To this thread: a test runner's other threads do not block it.
                signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            self.submitted += 1
            seen["submitted"] = self.submitted

        def shutdown(self, **_kwargs):
            seen["shut down"] = True

    monkeypatch.setattr(engine, "ProcessPoolExecutor", Pool)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        with pytest.raises(KeyboardInterrupt):
            engine.start_pool(pending=2, jobs=2)
        assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before
    finally:
        signal.signal(signal.SIGINT, previous)
    assert set(STOP_SIGNALS) <= seen["mask"]
    assert seen["submitted"] == 2 and seen["shut down"] is True


def run_as_module(folder: Path, source: str) -> subprocess.CompletedProcess:
    """Run `source` as `python -m` runs the command (its own exit path), from `folder`."""
    (folder / "probe.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "probe"], cwd=folder, capture_output=True, text=True, timeout=60
    )


def test_a_stop_caught_after_passing_through_a_string_exec_still_exits_130(tmp_path):
    # A stop landing while a dataclass is built (exec of generated source, during an import):
    # once caught, the command's own exit code stands. Run with -m, as `python -m renderer.cli`
    # is: there Python 3.11 ends the process by SIGINT after a bare KeyboardInterrupt had passed
    # through the exec, even though it was caught.
    result = run_as_module(
        tmp_path,
        "import signal, sys\n"
        "from renderer.errors import Stopped, raise_stopped\n"
        "try:\n"
        "    exec('raise_stopped(signal.SIGINT, None)')\n"
        "except KeyboardInterrupt as stop:\n"
        "    assert isinstance(stop, Stopped) and str(stop) == 'SIGINT', repr(stop)\n"
        "sys.exit(130)\n",
    )
    assert result.returncode == 130, result.stderr


def test_ctrl_c_while_starting_stops_even_inside_a_weakref_callback(tmp_path):
    # Python prints and ignores an exception raised in a weakref callback (the import system runs
    # some): a Ctrl-C landing there while the command starts must still stop it (CI saw it carry on).
    result = run_as_module(
        tmp_path,
        "import signal, weakref\n"
        "import renderer.cli  # the command's start-up handlers\n"
        "class Held: pass\n"
        "def dropped(_):\n"
        "    signal.raise_signal(signal.SIGINT)\n"
        "    for _ in range(100): pass  # the handler runs here, inside the callback\n"
        "held = Held(); ref = weakref.ref(held, dropped); del held\n"
        "print('carried on')\n",
    )
    assert result.returncode == 130, result.stderr
    assert "carried on" not in result.stdout
    assert result.stderr == "genai-report: interrupted while starting; nothing was written\n"


def test_a_stop_python_ignored_during_a_run_is_raised_again_at_the_next_check(tmp_path):
    # Once a render writes, a stop raises Stopped; where Python ignores that exception (a weakref
    # callback), the run's next check raises it again, and a new run starts with none recorded.
    result = run_as_module(
        tmp_path,
        "import signal, weakref\n"
        "from renderer import errors\n"
        "errors.raise_stops()\n"
        "class Held: pass\n"
        "def dropped(_):\n"
        "    signal.raise_signal(signal.SIGTERM)\n"
        "    for _ in range(100): pass\n"
        "held = Held(); ref = weakref.ref(held, dropped); del held\n"
        "print('carried on')\n"
        "try:\n"
        "    errors.check_stopped()\n"
        "except errors.Stopped as stop:\n"
        "    print('stopped by', stop)\n"
        "errors.raise_stops()\n"
        "errors.check_stopped()\n"
        "print('a new run starts clear')\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "carried on\nstopped by SIGTERM\na new run starts clear\n"
