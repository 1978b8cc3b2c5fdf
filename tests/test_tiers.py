"""The quick tier (`make check`) leaves out every test that starts a kernel or a browser."""

from __future__ import annotations

import subprocess

import pytest
from conftest import BROWSER_REFUSAL, KERNEL_REFUSAL
from jupyter_client.kernelspec import KernelSpecManager


def test_an_unmarked_test_cannot_start_a_kernel():
    # Resolved as papermill resolves it, here and in every process the test starts.
    argv = KernelSpecManager().get_kernel_spec("python3").argv
    refused = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert KERNEL_REFUSAL in refused.stderr


def test_an_unmarked_test_cannot_start_a_browser():
    with pytest.raises(RuntimeError, match=BROWSER_REFUSAL):
        subprocess.run(["chromium", "--headless", "--version"], check=False)


@pytest.mark.slow
def test_a_slow_test_gets_the_installed_kernel():
    argv = KernelSpecManager().get_kernel_spec("python3").argv
    assert "ipykernel_launcher" in argv


def test_make_check_leaves_out_the_marked_tests():
    from helpers.paths import PROJECT_ROOT

    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-m "not slow and not browser"' in makefile
