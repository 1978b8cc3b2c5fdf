"""Renders killed at any moment, or started twice at once, leave outputs/ whole and no kernel behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from rendering import render

pytestmark = pytest.mark.slow


def start_render(outputs: Path, mark: str, *args: str) -> subprocess.Popen:
    """Start the command in its own process, tagged so its kernels can be found by environment."""
    env = {**os.environ, "GENAI_TEST_MARK": mark}
    return subprocess.Popen(
        [sys.executable, "-m", "renderer.cli", "render", "--outputs", str(outputs), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def processes_marked(mark: str) -> list[int]:
    """Return the live processes (kernels, workers) whose environment carries the mark."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().split()[2]
            except OSError:
                continue
            if f"GENAI_TEST_MARK={mark}".encode() in environ and state != "Z":
                found.append(int(entry.name))
    return found


def published(outputs: Path, pattern: str) -> list[Path]:
    """Return the files a reader sees: everything but the renderer's own .staging-* work areas."""
    return [
        p for p in outputs.rglob(pattern) if not p.relative_to(outputs).parts[0].startswith(".")
    ]


def assert_outputs_whole(outputs: Path) -> None:
    """Every report is a complete page, every notebook loads, the manifest parses."""
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["renders"]
    for page in published(outputs, "*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), page
    for notebook in published(outputs, "*.ipynb"):
        nbformat.validate(nbformat.read(notebook, as_version=4))
    assert not published(outputs, "*.tmp"), "a temporary file was left in place of a report"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, rendered_outputs) -> Path:
    """A copy of the shared render: up to date, and this module's to break."""
    folder = tmp_path_factory.mktemp("interrupts") / "outputs"
    shutil.copytree(rendered_outputs, folder, symlinks=True)
    return folder


def read_command(pid: int) -> bytes:
    """Return a process's command line, or nothing once it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def wait_for_kernel(mark: str, process: subprocess.Popen, timeout_s: float = 90) -> None:
    """Return once a kernel of the marked render runs, so a signal sent now interrupts real work."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the render ended before any kernel started"
        for pid in processes_marked(mark):
            if b"ipykernel_launcher" in read_command(pid):
                return
        time.sleep(0.05)
    raise AssertionError("no kernel started within the time limit")


# Each signal, at a moment after the first kernel started, to a render with one worker or two
# (with two, each worker must stop its own kernels).
@pytest.mark.parametrize(
    "sig,after_kernel_s,jobs",
    [
        (signal.SIGINT, 0.0, "1"),
        (signal.SIGTERM, 1.0, "1"),
        (signal.SIGHUP, 1.0, "1"),
        (signal.SIGKILL, 1.5, "2"),
        (signal.SIGINT, 2.0, "2"),
    ],
    ids=["int-at-first-kernel", "term-mid", "hup-mid", "kill-mid", "int-later"],
)
def test_killed_render_leaves_whole_files_and_no_kernel(outputs, sig, after_kernel_s, jobs):
    mark = uuid.uuid4().hex
    process = start_render(outputs, mark, "--only", "headline", "--force", "--jobs", jobs)
    wait_for_kernel(mark, process)
    time.sleep(after_kernel_s)
    process.send_signal(sig)
    process.communicate(timeout=60)
    # The signal reached a render at work: it was interrupted, not finished.
    assert process.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    deadline = time.monotonic() + 20
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert processes_marked(mark) == [], "a worker or kernel outlived the command"
    assert_outputs_whole(outputs)
    # And the next render finishes the job.
    assert render(outputs, "--only", "headline") == 0
    assert_outputs_whole(outputs)


def test_two_renders_at_once_do_not_corrupt_anything(tmp_path):
    outputs = tmp_path / "outputs"
    plan = tmp_path / "plan.yaml"
    # Two short notebooks: long enough for the second command to find the first one at work.
    notebooks = ["01-load-figures", "03-segment-shares"]
    plan.write_text(json.dumps({"sets": {"s": {"notebooks": notebooks, "parameters": {}}}}))
    mark = uuid.uuid4().hex
    first = start_render(outputs, mark, "--plan", str(plan), "--jobs", "1")
    time.sleep(0.5)
    second = start_render(outputs, mark, "--plan", str(plan), "--jobs", "1")
    first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0
    waiter_out = second_out if "another render is writing to" in second_err else first_out
    assert "another render is writing to" in first_err + second_err
    # The one that waited found the other's work done and skipped all of it.
    assert waiter_out.count("skipped") == len(notebooks)
    assert_outputs_whole(outputs)
