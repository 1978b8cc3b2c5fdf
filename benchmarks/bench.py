"""Time the batch render against the naive one-CLI-process-per-step baseline, in one run.

Writes a table with ratios to benchmarks/results.md. Timings vary between machines; the ratios,
measured side by side in the same run, are what the targets refer to.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PLAN = ROOT / "notebooks" / "renders.yaml"
RESULTS = ROOT / "benchmarks" / "results.md"
# Targets from the issue: cold render against the baseline and the floor; warm in seconds.
TARGET_COLD_VS_NAIVE = 0.2
TARGET_COLD_VS_FLOOR = 2.0
TARGET_WARM_S = 1.0


def timed(command: list[str], **kwargs) -> float:
    """Run a command to completion (failing loudly) and return its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **kwargs,
    )
    return time.perf_counter() - started


def list_renders() -> list[tuple[str, Path, dict]]:
    """Return (set, notebook, parameters) for every render in the plan."""
    sets = yaml.safe_load(PLAN.read_text())["sets"]
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return [(name, nb, spec["parameters"]) for name, spec in sets.items() for nb in notebooks]


def measure_naive(work: Path) -> float:
    """Baseline: for every render, the papermill CLI then the nbconvert CLI, one after the other."""
    started = time.perf_counter()
    for set_name, notebook, parameters in list_renders():
        folder = work / "naive" / set_name
        folder.mkdir(parents=True, exist_ok=True)
        executed = folder / notebook.name
        options = [item for name, value in parameters.items() for item in ("-p", name, str(value))]
        timed(
            [
                str(BIN / "papermill"),
                str(notebook),
                str(executed),
                *options,
                "-p",
                "output_dir",
                str(folder),
                "--no-progress-bar",
            ]
        )
        timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return time.perf_counter() - started


def measure_floor(work: Path, jobs: int, renders: int) -> tuple[float, float]:
    """Floor: one execution of an imports-only notebook through papermill's API, times renders / jobs."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import pandas\nimport seaborn")]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = work / "floor.ipynb"
    nbformat.write(notebook, path)
    script = (
        "import sys, time; sys.modules['rfc3987_syntax'] = None\n"
        "import papermill\n"
        "from helpers.render.execute import KERNEL_CONFIG\n"
        "papermill.execute_notebook(sys.argv[1], sys.argv[2], kernel_name='python3', progress_bar=False, config=KERNEL_CONFIG, shutdown_kernel='immediate')\n"
        "runs = []\n"
        "for _ in range(3):\n"
        "    t = time.perf_counter()\n"
        "    papermill.execute_notebook(sys.argv[1], sys.argv[2], kernel_name='python3', progress_bar=False, config=KERNEL_CONFIG, shutdown_kernel='immediate')\n"
        "    runs.append(time.perf_counter() - t)\n"
        "print(sorted(runs)[1])\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script, str(path), str(work / "floor-out.ipynb")],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    one = float(output.strip().splitlines()[-1])
    return one, one * renders / jobs


def render(outputs: Path, *extra: str) -> float:
    """Time `make render` into a given outputs folder."""
    args = " ".join(["--outputs", str(outputs), *extra])
    return timed(["make", "--no-print-directory", "render", f"RENDER_ARGS={args}"])


def main() -> None:
    """Measure everything in one run and write the results table."""
    jobs = os.cpu_count() or 1
    renders = len(list_renders())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print("naive baseline (papermill + nbconvert CLIs per render)...", flush=True)
        naive = measure_naive(work)
        print("floor (imports-only notebook through the API)...", flush=True)
        floor_one, floor = measure_floor(work, jobs, renders)
        outputs = work / "outputs"
        print("cold make render...", flush=True)
        # Cold means cold: also forget which data files were already validated.
        shutil.rmtree(ROOT / ".cache" / "validated", ignore_errors=True)
        cold = render(outputs)
        print("warm make render...", flush=True)
        warm = render(outputs)
        changed_plan = work / "plan.yaml"
        plan = yaml.safe_load(PLAN.read_text())
        first = next(iter(plan["sets"]))
        plan["sets"][first]["parameters"]["comparison_period"] = "2024-06"
        changed_plan.write_text(yaml.safe_dump(plan))
        print("make render after changing one set's parameters...", flush=True)
        changed = render(outputs, "--plan", str(changed_plan))
        per_set = len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
        shutil.rmtree(outputs, ignore_errors=True)
    rows = [
        ("naive baseline: papermill CLI + nbconvert CLI per render", naive, "1.00", ""),
        (
            "floor: imports-only notebook via API × renders ÷ jobs",
            floor,
            f"{floor / naive:.2f}",
            "",
        ),
        (
            "cold `make render` (empty outputs/)",
            cold,
            f"{cold / naive:.2f}",
            f"{cold / naive:.2f}× naive (target ≤ {TARGET_COLD_VS_NAIVE}); {cold / floor:.2f}× floor (target ≤ {TARGET_COLD_VS_FLOOR})",
        ),
        (
            "warm `make render` (nothing changed)",
            warm,
            f"{warm / naive:.3f}",
            f"target < {TARGET_WARM_S} s",
        ),
        (
            f"`make render` after changing one set ({per_set} renders)",
            changed,
            f"{changed / naive:.2f}",
            f"{changed / (cold / renders * per_set):.2f}× the cold cost of {per_set} renders",
        ),
    ]
    table = [
        "| measurement | seconds | ratio to naive | against the target |",
        "|---|---:|---:|---|",
    ]
    table += [
        f"| {name} | {seconds:.2f} | {ratio} | {note} |" for name, seconds, ratio, note in rows
    ]
    verdicts = [
        f"- cold vs naive: {cold / naive:.2f} ({'met' if cold / naive <= TARGET_COLD_VS_NAIVE else 'missed'})",
        f"- cold vs floor: {cold / floor:.2f} ({'met' if cold / floor <= TARGET_COLD_VS_FLOOR else 'missed'})",
        f"- warm: {warm:.2f} s ({'met' if warm < TARGET_WARM_S else 'missed'}; this includes `make` and"
        " a Python start that hashes the inputs and starts no kernel)",
    ]
    text = "\n".join(
        [
            "# Render benchmark",
            "",
            f"Measured by `make bench` on {date.today().isoformat()}: {jobs} cores, Python "
            f"{platform.python_version()}, {platform.machine()}. {renders} renders (sets × notebooks), "
            f"`--jobs {jobs}`. One imports-only kernel run took {floor_one:.2f} s.",
            "",
            *table,
            "",
            *verdicts,
            "",
            "How to read it:",
            f"- The naive baseline costs {naive / renders:.1f} s per render here: a papermill process and an",
            "  nbconvert process each pay Python start-up and the Jupyter imports every time.",
            "- The floor runs an imports-only notebook with the same papermill options as the renderer",
            "  (kernels over IPC, immediate stop), so it is what any render must pay at the least.",
            "- Cold starts from an empty outputs/ and an empty validated-data cache.",
            "- After one change, the set's notebooks run again; what it costs beyond their share of the",
            "  cold run is the fixed start-up: checking data and plan, and starting the workers.",
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
