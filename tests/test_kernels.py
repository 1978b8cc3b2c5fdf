"""Kernels forked from the worker's fork server: imports paid once, a fresh process per render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rendering import write_code_notebook

from renderer import kernels
from renderer.execute import execute

pytestmark = pytest.mark.slow

PROBE = """import json, os, sys
print(json.dumps({"pid": os.getpid(), "pandas": "pandas" in sys.modules,
                  "leftover": "left_by_first" in globals(), "cwd": os.getcwd(),
                  "parent": os.environ["JPY_PARENT_PID"], "count": get_ipython().execution_count}))
left_by_first = True"""


@pytest.fixture
def fork_server():
    kernels.start_fork_server()
    yield kernels.fork_server
    kernels.stop_fork_server()
    kernels.fork_server = None


def probe(tmp_path: Path, name: str) -> dict:
    source = write_code_notebook(tmp_path / f"{name}-in.ipynb", PROBE)
    target = tmp_path / name / "out.ipynb"
    target.parent.mkdir()
    executed = execute(source, target, {}, timeout_s=120)
    return json.loads(executed.cells[0].outputs[0]["text"])


def test_each_render_gets_a_fresh_forked_kernel_with_the_imports_done(fork_server, tmp_path):
    first, second = probe(tmp_path, "first"), probe(tmp_path, "second")
    assert first["pandas"] and second["pandas"], "pandas was not imported before the notebook ran"
    assert first["pid"] != second["pid"]
    assert not first["leftover"] and not second["leftover"]
    assert first["cwd"] == str(tmp_path / "first") and second["cwd"] == str(tmp_path / "second")
    # Each kernel watches the fork server, and exits with it.
    assert first["parent"] == second["parent"] == str(fork_server.process.pid)
    # Without a fork server, kernels start the usual way, and count their cells the same way.
    kernels.stop_fork_server()
    kernels.fork_server = None
    plain = probe(tmp_path, "plain")
    assert plain["pandas"] is False
    assert plain["count"] == first["count"] == second["count"]
