"""Kernels forked from a process that has already imported what every notebook imports.

Each worker starts one such process (the fork server). For every render it forks a fresh kernel
process: no state from another notebook, but pandas, matplotlib, seaborn and ipykernel are
imported once per worker instead of once per render.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

# What every kernel imports: the kernel itself, then what the notebooks' first cells import.
PRELOAD = ("ipykernel.kernelapp", "pandas", "matplotlib.pyplot", "seaborn")
# prctl's option that sends a signal to this process when its parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1
# The worker's process id, handed to its fork server so it can tell the worker already ended.
PARENT_VARIABLE = "GENAI_FORK_SERVER_PARENT"
# ipykernel sets this before a notebook can import matplotlib; it must hold before our imports.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def run_forked_kernel(request: dict[str, Any], replies_fd: int) -> None:
    """In a freshly forked child: become the kernel a plain launch would have started; never return."""
    code = 1
    try:
        os.setsid()  # as jupyter_client starts kernels: a session of their own
        # SIGINT stays ignored, as in a kernel started by a worker (it ignores Ctrl-C).
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.close(replies_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.dup2(2, 1)  # fd 1 was the requests' reply pipe; kernel output goes to stderr
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The kernel watches its parent and exits with it; its parent is this fork server.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]  # blocked for the renderer, not for notebooks
        from ipykernel import kernelapp

        # argv is [python, -m, ipykernel_launcher, *options], as a plain launch would see it. The
        # kernel reads its parent from the environment when ipykernel is imported, here too early.
        options = [*request["argv"][3:], f"--IPKernelApp.parent_handle={os.getppid()}"]
        launcher = importlib.util.find_spec("ipykernel_launcher")
        sys.argv = [launcher.origin if launcher and launcher.origin else "", *options]
        kernelapp.launch_new_instance(argv=options)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when the worker that started it ends, however it ends.

    A worker that exits while its fork server is still importing would otherwise leave the
    server running (and printing a broken-pipe traceback) after the command has finished.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: stdin's end of file still stops the loop
        pass
    if os.getppid() != parent_pid:  # the worker ended before the request took effect
        os._exit(0)


def serve() -> None:
    """Fork server: import once, then fork a kernel for each request read from stdin."""
    die_with_parent(int(os.environ.get(PARENT_VARIABLE, os.getppid())))
    # As ipykernel_launcher does: the working folder is not an import path while kernels load.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        importlib.import_module(name)
    # Finished kernels are reaped at once; the worker polls them by process id.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the command, which stops us
    replies = os.fdopen(os.dup(1), "w")
    try:
        print("ready", file=replies, flush=True)
        for line in sys.stdin:  # end of input: the worker is gone, and so are we
            pid = os.fork()
            if pid == 0:
                run_forked_kernel(json.loads(line), replies.fileno())
            print(pid, file=replies, flush=True)
    except BrokenPipeError:  # the worker stopped listening: nothing to say, nobody to say it to
        os._exit(0)


class ForkServer:
    """The worker's handle on its fork server."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "renderer.kernels"],
            env={**os.environ, PARENT_VARIABLE: str(os.getpid())},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path.home() if Path.home().is_dir() else "/",
        )

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """Ask for a kernel; return its process id (waits for the imports the first time)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
        self.process.stdin.flush()
        while (reply := self.process.stdout.readline().strip()) == "ready":
            pass
        if not reply:
            raise RuntimeError("Kernel died before replying to kernel_info: the fork server exited")
        return int(reply)

    def stop(self) -> None:
        """Stop the fork server and reap it (system calls only: this runs in a signal handler)."""
        try:
            os.kill(self.process.pid, signal.SIGKILL)
            os.waitpid(self.process.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass  # already gone


class ForkedProcess:
    """What jupyter_client's local provisioner needs of a Popen, for a kernel that is not our child."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        """Return None while the kernel runs (the fork server reaps it when it ends)."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -1  # its exit status went to the fork server
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, number: int) -> None:
        """Signal the kernel."""
        os.kill(self.pid, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


# The worker's fork server, set by start_fork_server(); kernels start the usual way without it.
fork_server: ForkServer | None = None


def start_fork_server() -> None:
    """Start this worker's fork server; it imports while the worker waits for its first render."""
    global fork_server
    fork_server = ForkServer()


def stop_fork_server() -> None:
    """Stop this worker's fork server, if it has one."""
    if fork_server is not None:
        fork_server.stop()


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels are forked by the worker's fork server."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if fork_server is None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        provisioner: Any = self.provisioner
        cwd = str(kw.get("cwd") or os.getcwd())
        # Blocks this worker's event loop, which has nothing else to do meanwhile: a thread would
        # outlive the render and hold up the worker's exit.
        pid = fork_server.fork(kernel_cmd, dict(kw["env"]), cwd)
        provisioner.process = ForkedProcess(pid)
        provisioner.pid = provisioner.pgid = pid  # the kernel leads its own session
        self._reconcile_connection_info(provisioner.connection_info)


if __name__ == "__main__":
    serve()
