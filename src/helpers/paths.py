"""Every path the project uses, derived from the project root."""

import os
from pathlib import Path

from helpers.parameters import check_period_format

# The repository root: src/helpers/paths.py -> parents[2].
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Published figures and their sources; read-only for code.
DATA_DIR = PROJECT_ROOT / "data"
# One row per published figure.
FIGURES_FILE = "figures.csv"
# One row per publication a figure was taken from.
SOURCES_FILE = "sources.csv"
# Qualitative findings of the publications, in this project's own words.
FINDINGS_FILE = "findings.csv"
# The walk-through notebooks, in reading order by file name.
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# The batch plan: parameter sets for the renders.
RENDER_PLAN = NOTEBOOKS_DIR / "renders.yaml"
# Everything a render writes.
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
# Where an interactive notebook run writes its charts and tables by default.
INTERACTIVE_OUTPUT_DIR = OUTPUTS_DIR / "interactive"
# Pinned versions of every installed package.
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
# The helpers' own source, part of every render's cache key.
HELPERS_DIR = Path(__file__).resolve().parent
# Data files that passed validation, keyed by their content and the rules (safe to delete).
# GENAI_CACHE_DIR moves it (the tests keep theirs out of the repository).
VALIDATED_CACHE_DIR = Path(
    os.environ.get("GENAI_CACHE_DIR") or PROJECT_ROOT / ".cache" / "validated"
)


def resolve_data_dir(data_dir: str | Path = "") -> Path:
    """Return the data folder a notebook parameter names, or the project's data/ when empty."""
    return Path(data_dir).expanduser().resolve() if str(data_dir) else DATA_DIR


def resolve_output_dir(output_dir: str | Path = "", period: str = "") -> Path:
    """Return the folder an output_dir parameter names, else outputs/interactive/<period>/."""
    if str(output_dir):
        return Path(output_dir).expanduser().resolve()
    if not period:
        return INTERACTIVE_OUTPUT_DIR
    check_period_format("period", period)
    # One folder per period, so looking at another period keeps the charts of the first.
    return INTERACTIVE_OUTPUT_DIR / period
