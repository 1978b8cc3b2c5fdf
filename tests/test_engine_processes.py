"""No process of a render outlives it: no worker, no kernel, no multiprocessing resource tracker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def live_processes(group: int, mark: str) -> list[str]:
    """Return the live processes in a process group, or carrying the mark in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Fields after the command name: state, parent, process group.
            state, _, pgrp = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # exited while we looked
        if state != "Z" and (int(pgrp) == group or f"GENAI_TEST_MARK={mark}".encode() in environ):
            found.append(f"{entry.name}: {command[:120]}")
    return found


def render_in_own_session(outputs: Path, *args: str) -> tuple[int, list[str]]:
    """Run the command as the leader of a new session; return its exit code and what it left."""
    mark = uuid.uuid4().hex
    process = subprocess.Popen(
        [sys.executable, "-m", "renderer.cli", "render", "--outputs", str(outputs), *args],
        env={**os.environ, "GENAI_TEST_MARK": mark},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    process.wait(timeout=300)
    # Asked the moment it exits (a process merely slow to go counts as left behind), and first
    # in one system call: listing /proc takes long enough for a straggler to finish exiting.
    try:
        os.killpg(process.pid, 0)
        group_left = ["a process of the command's group was still there as it exited"]
    except ProcessLookupError:
        group_left = []
    return process.returncode, group_left + live_processes(process.pid, mark)


def test_a_render_leaves_no_process_behind(tmp_path):
    # Two renders of the shortest notebook: two workers, each starting a kernel.
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "sets:\n"
        + "".join(
            f"  {name}:\n    title: {name}\n    notebooks: [01-load-figures]\n"
            f"    parameters: {{period: '{period}', comparison_period: '2024-12'}}\n"
            for name, period in (("end-2025", "2025-12"), ("mid-2025", "2025-06"))
        ),
        encoding="utf-8",
    )
    outputs = tmp_path / "outputs"
    code, left = render_in_own_session(outputs, "--plan", str(plan), "--jobs", "2")
    assert code == 0
    assert (
        sorted(p.name for p in outputs.glob("*/01-load-figures.html"))
        == ["01-load-figures.html"] * 2
    )
    assert left == []


def test_a_render_stopped_by_bad_data_leaves_no_process_behind(tmp_path, data_copy):
    # The workers start before the data is checked, so this stops a pool that ran nothing.
    (data_copy / "sources.csv").unlink()
    code, left = render_in_own_session(tmp_path / "outputs", "--data", str(data_copy))
    assert code == 3
    assert left == []
