"""Read notebooks/renders.yaml and check every set against what the notebooks declare."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.errors import PlanError
from helpers.vocabulary import PERIOD_PATTERN

# Set names become folder names under outputs/, so they are plain slugs.
SET_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Parameters the renderer sets itself; a plan may not override them.
RESERVED_PARAMETERS = ("output_dir", "data_dir")
# What a set in the plan may say; anything else is a typo worth stopping for.
SET_KEYS = ("title", "parameters", "notebooks")


def matches_type(value: Any, type_name: str) -> bool:
    """Return whether a YAML value fits the type papermill inferred for a parameter."""
    if type_name == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    checks: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float)}
    return isinstance(value, checks.get(type_name, object))


@dataclass(frozen=True)
class RenderJob:
    """One notebook executed with one parameter set."""

    set_name: str
    notebook: Path
    parameters: dict[str, Any]

    @property
    def render_id(self) -> str:
        """Return '<set>/<notebook>', the name of this render in the manifest and summary."""
        return f"{self.set_name}/{self.notebook.stem}"


@dataclass(frozen=True)
class ParameterSet:
    """A named set of parameters and the notebooks it runs."""

    name: str
    title: str
    parameters: dict[str, Any]
    notebooks: list[Path] = field(default_factory=list)


def read_title(notebook: Path) -> str:
    """Return the notebook's title: the first level-1 heading of its first Markdown cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def suggest(name: str, choices: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or an empty string."""
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_plan(plan_path: Path, notebooks_dir: Path) -> list[ParameterSet]:
    """Return the parameter sets of the plan, with names, notebooks and shapes checked."""
    try:
        raw = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise PlanError(f"{plan_path}: cannot read the plan: {err}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sets"), dict) or not raw["sets"]:
        raise PlanError(f"{plan_path}: expected a mapping 'sets:' with at least one parameter set")
    available = {path.stem: path for path in sorted(notebooks_dir.glob("[0-9][0-9]-*.ipynb"))}
    sets = []
    for name, spec in raw["sets"].items():
        where = f"{plan_path}: set '{name}'"
        if not isinstance(name, str) or not SET_NAME_PATTERN.match(name):
            raise PlanError(
                f"{where}: a set name must be lower-case letters, digits, '-' or '_' (it becomes a "
                "folder under outputs/; paths such as '../x' are refused)"
            )
        if not isinstance(spec, dict) or not isinstance(spec.get("parameters", {}), dict):
            raise PlanError(f"{where}: expected 'parameters:' as a mapping of name to value")
        for key in spec:
            if key not in SET_KEYS:
                raise PlanError(
                    f"{where}: unknown key '{key}'{suggest(str(key), list(SET_KEYS))}; "
                    f"a set may have {list(SET_KEYS)}"
                )
        chosen = spec.get("notebooks") or list(available)
        notebooks = []
        for stem in chosen:
            if stem not in available:
                raise PlanError(
                    f"{where}: notebook '{stem}' does not exist in {notebooks_dir}"
                    f"{suggest(str(stem), list(available))}"
                )
            notebooks.append(available[stem])
        sets.append(
            ParameterSet(
                name, str(spec.get("title", name)), dict(spec.get("parameters", {})), notebooks
            )
        )
    return sets


def check_parameters(
    parameter_set: ParameterSet,
    declared_by: dict[Path, dict[str, dict[str, Any]]],
    periods: list[str],
) -> None:
    """Raise PlanError naming set, notebook and parameter if a value is unknown, mistyped or absent."""
    for notebook in parameter_set.notebooks:
        declared = declared_by[notebook]
        where = f"set '{parameter_set.name}', notebook '{notebook.stem}'"
        for name, value in parameter_set.parameters.items():
            if name in RESERVED_PARAMETERS:
                raise PlanError(
                    f"{where}: parameter '{name}' is set by the renderer (--outputs, --data); remove it from the plan"
                )
            if name not in declared:
                raise PlanError(
                    f"{where}: unknown parameter '{name}'{suggest(name, list(declared))}; "
                    f"the notebook declares {sorted(declared)}"
                )
            type_name = str(declared[name]["inferred_type_name"])
            if not matches_type(value, type_name):
                raise PlanError(
                    f"{where}: parameter '{name}' must be a {type_name}, "
                    f"got {value!r} ({type(value).__name__})"
                )
            if name.endswith("period") and value not in periods:
                hint = suggest(str(value), periods) if re.match(PERIOD_PATTERN, str(value)) else ""
                raise PlanError(
                    f"{where}: parameter '{name}' is {value!r}, a period data/ does not have{hint}; "
                    f"periods with figures: {periods}"
                )


def select_sets(sets: list[ParameterSet], only: list[str] | None) -> list[ParameterSet]:
    """Return the sets named by --only (all when None); an unknown name is an error."""
    if not only:
        return sets
    names = [s.name for s in sets]
    for name in only:
        if name not in names:
            raise PlanError(f"--only: unknown set '{name}'{suggest(name, names)}; sets are {names}")
    return [s for s in sets if s.name in only]
