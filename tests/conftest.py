"""Shared fixtures: a writable copy of data/ to break on purpose; quick tests start no kernel or browser."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Before helpers is imported: the validated-data cache of a test run (and of the renders and
# kernels it starts, which inherit the variable) lives in a temporary folder, not in .cache/.
os.environ.setdefault("GENAI_CACHE_DIR", tempfile.mkdtemp(prefix="genai-test-cache-"))

from helpers.paths import DATA_DIR

# A frozen copy of data/ at one edition: tests of derivations and validation run on it, so what
# they assert stays true whatever data/ holds later. Only deliberate checks of the real figures
# (fact-checked report sentences, invariants) read data/.
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"

# A test that starts a kernel or a browser carries one of these marks: `make check` leaves it out.
HEAVY_MARKS = ("slow", "browser")
KERNEL_REFUSAL = "this test starts a Jupyter kernel: mark it @pytest.mark.slow"
BROWSER_REFUSAL = "this test starts a browser: mark it @pytest.mark.browser"
# Words in a command line that start a browser: Chromium itself, or Playwright's driver.
BROWSER_WORDS = ("chromium", "chrome", "run-driver")

# Whether the running test carries none of HEAVY_MARKS (read by the audit hook below).
unmarked_test_running = False


def refuse_browsers(event: str, args: tuple) -> None:
    """Audit hook: stop a test without a heavy mark from starting a browser process."""
    if event == "subprocess.Popen" and unmarked_test_running:
        command = " ".join(str(part) for part in (args[1] or [args[0]]))
        if any(word in command for word in BROWSER_WORDS):
            raise RuntimeError(f"{BROWSER_REFUSAL} ({command})")


# Audit hooks cannot be removed, hence the flag; this one sees every process the tests start.
sys.addaudithook(refuse_browsers)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, run the heaviest tests first: the quick ones then even out the end."""
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker sorts alike, as xdist requires
        items.sort(key=lambda item: -sum(bool(item.get_closest_marker(m)) for m in HEAVY_MARKS))


@pytest.fixture(scope="session")
def refusing_kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a Jupyter data folder whose `python3` kernel exits at once, saying why."""
    folder = tmp_path_factory.mktemp("jupyter-path")
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", f"import sys; sys.exit({KERNEL_REFUSAL!r})"]
    spec_json = {"argv": argv, "display_name": "refuses to start", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(spec_json), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def quick_tests_start_no_kernel_or_browser(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, refusing_kernel_path: Path
) -> Iterator[None]:
    """Make kernels (in this process and its children) and browsers fail in unmarked tests."""
    global unmarked_test_running
    if any(request.node.get_closest_marker(mark) for mark in HEAVY_MARKS):
        yield
        return
    # JUPYTER_PATH comes before the installed kernels, so `python3` resolves to the refusing one
    # in this process and in every render worker it starts.
    monkeypatch.setenv("JUPYTER_PATH", str(refusing_kernel_path))
    unmarked_test_running = True
    try:
        yield
    finally:
        unmarked_test_running = False


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """Return a temporary copy of the frozen fixture data that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def fixture_tables() -> tuple:
    """Return (figures, sources) of the frozen fixture data, validated."""
    from helpers.loading import load_tables

    return load_tables(FIXTURE_DATA)


@pytest.fixture(scope="module")
def figures(fixture_tables):
    """The fixture data's figures.csv, validated."""
    return fixture_tables[0]


@pytest.fixture(scope="module")
def sources(fixture_tables):
    """The fixture data's sources.csv, validated."""
    return fixture_tables[1]


@pytest.fixture(scope="session")
def data_before_render() -> dict[str, str]:
    """data/ as it was before the shared render (which must leave it as it was)."""
    from rendering import snapshot

    return snapshot(DATA_DIR)


def find_run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this test run's temporary folder, the same for every pytest-xdist worker."""
    # Under xdist each worker has its own base folder inside the run's; without xdist the base
    # folder is the run's own (its parent holds earlier runs, whose files must not be reused).
    run_dir = tmp_path_factory.getbasetemp()
    return run_dir.parent if os.environ.get("PYTEST_XDIST_WORKER") else run_dir


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    """This test run's temporary folder: every test's own folder and the shared renders are in it."""
    return find_run_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def rendered_outputs(tmp_path_factory, data_before_render) -> Path:
    """Every set of the plan rendered once for the whole test run, for tests that only read it.

    pytest-xdist's workers share the folder: the render's own lock makes the later one wait,
    then find every render up to date. A test that writes must render into its own folder.
    """
    from rendering import render

    folder = find_run_dir(tmp_path_factory) / "shared-render" / "outputs"
    assert render(folder, "--jobs", "2") == 0
    return folder


@pytest.fixture(scope="session")
def rendered_once(tmp_path_factory) -> Callable[[str, Callable[[Path], None], Path], Path]:
    """Return copy(name, build, target): `build` makes and renders a small project in a folder once
    per test run; each call copies that folder into `target` for a test to change.

    The renderer names every file in its keys relative to its folder, so the copy is up to date
    exactly as the original was, and the test starts from a finished render without paying for it.
    The xdist workers share the folder: a lock makes the later one wait for the first one's build.
    """
    run_dir = find_run_dir(tmp_path_factory)

    def copy(name: str, build: Callable[[Path], None], target: Path) -> Path:
        folder, done = run_dir / f"rendered-once-{name}", run_dir / f"rendered-once-{name}.done"
        with (run_dir / f"rendered-once-{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
                folder.mkdir()
                build(folder)
                done.touch()
        shutil.copytree(folder, target, symlinks=True, dirs_exist_ok=True)
        return target

    return copy
