"""Read notebooks/renders.yaml and check every set against what the notebooks declare."""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from renderer.errors import NotebookError, PlanError
from renderer.project import PROJECT

# The notebooks a plan may name: numbered, in reading order.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
# Parameters the renderer sets itself; a plan may not override them.
RESERVED_PARAMETERS = (PROJECT.OUTPUT_PARAMETER, PROJECT.DATA_PARAMETER)
# Set names become folder names under outputs/, so they are short plain slugs ($ in pydantic's
# regular expressions, unlike Python's, refuses a trailing newline).
SetName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
# A parameter's value: text, a whole or finite number, or true/false (YAML dates and lists are
# refused; strict, so no value is converted).
Scalar = StrictStr | bool | int | Annotated[float, Field(allow_inf_nan=False)]


class SetSpec(BaseModel):
    """One set as the plan writes it; anything else is a typo worth stopping for."""

    model_config = ConfigDict(extra="forbid", strict=True)
    title: Annotated[str, StringConstraints(pattern=r"\S")] | None = None
    parameters: dict[StrictStr, Scalar] = {}
    notebooks: Annotated[list[StrictStr], Field(min_length=1)] | None = None


class PlanFile(BaseModel):
    """The plan file: a mapping 'sets:' of at least one set."""

    model_config = ConfigDict(extra="forbid", strict=True)
    sets: Annotated[dict[SetName, SetSpec], Field(min_length=1)]


# What each key of a set must hold, in the words of the plan's errors.
EXPECTED = {
    "title": "a text",
    "notebooks": "a list of notebook names such as ['02-growth']",
    "parameters": "a mapping of name to value",
}


def describe_plan_error(error: ErrorDetails, raw: Any) -> str:
    """Return pydantic's first complaint about the plan as set, key and what was expected."""
    loc, value = error["loc"], error["input"]
    unknown = error["type"] == "extra_forbidden"
    if len(loc) < 2:  # the top level: not a mapping, no sets, or another key than 'sets'
        if unknown:
            return (
                f"unknown key '{loc[0]}'{suggest(str(loc[0]), ['sets'])}; a plan has 'sets:' only"
            )
        return "expected a mapping 'sets:' with at least one parameter set"
    where, key = f"set {loc[1]!r}", str(loc[2]) if len(loc) > 2 else ""
    if not key:
        return f"{where}: expected a mapping with {list(EXPECTED)}, got {value!r}"
    if key == "[key]":
        return (
            f"{where}: a set name must be 1 to 64 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit (it becomes a folder under outputs/; paths such as "
            "'../x' are refused)"
        )
    if unknown:
        return f"{where}: unknown key '{key}'{suggest(key, list(EXPECTED))}; a set may have {list(EXPECTED)}"
    if key == "parameters" and loc[4:5] == ("[key]",):
        return f"{where}: parameter name {loc[3]!r} must be a text"
    if key == "parameters" and len(loc) > 3:
        return (
            f"{where}: parameter '{loc[3]}' must be a text, number or true/false, got {value!r} "
            f'({type(value).__name__}); quote dates such as "2025-12"'
        )
    value = raw["sets"][loc[1]][key]  # the whole list, when one of its items is wrong
    return f"{where}: '{key}' must be {EXPECTED[key]}, got {value!r} ({type(value).__name__})"


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
    # What each notebook's parameters cell declares, as papermill reads it (name → description).
    declared: dict[Path, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def select_declared(self, notebook: Path) -> dict[str, Any]:
        """Return the set's parameters this notebook declares: a notebook gets only those."""
        return {k: v for k, v in self.parameters.items() if k in self.declared[notebook]}


def read_title(notebook: Path) -> str:
    """Return the notebook's title: the first level-1 heading of its first Markdown cell."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return notebook.stem  # gone or damaged since its render: the index still lists it
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


@dataclass(frozen=True)
class NotebookOutline:
    """One report of a set: its file stem and its title (the notebook's first heading)."""

    stem: str
    title: str


@dataclass(frozen=True)
class SetOutline:
    """One parameter set as navigation needs it: its name, title and reports in reading order."""

    name: str
    title: str
    notebooks: tuple[NotebookOutline, ...]


def shorten_title(title: str) -> str:
    """Return a notebook title's short name, before its first colon: '02 · Growth: how…' → '02 · Growth'."""
    return title.split(": ", 1)[0].strip()


def outline_sets(sets: list[ParameterSet]) -> tuple[SetOutline, ...]:
    """Return every set of the plan with its reports' short titles, for every report's navigation."""
    return tuple(
        SetOutline(
            s.name,
            s.title,
            tuple(NotebookOutline(nb.stem, shorten_title(read_title(nb))) for nb in s.notebooks),
        )
        for s in sets
    )


def suggest(name: str, choices: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or an empty string."""
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class PlanLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases (no exponential expansion) and repeated keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias such as '*name': a few lines of them can expand to billions of values."""
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "aliases ('*name') are not allowed in a plan", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        """Refuse a key given twice in one mapping (safe_load would silently keep the last)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                continue  # an unhashable key is refused by the base class with its own message
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' is defined twice in the same mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def list_notebooks(notebooks_dir: Path) -> dict[str, Path]:
    """Return the numbered notebooks of the folder by name; none at all is an error."""
    available = {path.stem: path for path in sorted(notebooks_dir.glob(NOTEBOOK_GLOB))}
    for path in available.values():
        if not path.is_file():  # a FIFO would hang the first read; a folder is no notebook
            raise NotebookError(f"{path}: not a regular file; a notebook must be a file")
    if not available:
        raise PlanError(
            f"{notebooks_dir}: no notebooks to render; expected files named like "
            f"'01-name.ipynb' ({NOTEBOOK_GLOB})"
        )
    return available


def read_plan(plan_path: Path, notebooks_dir: Path) -> list[ParameterSet]:
    """Return the parameter sets of the plan, with names, notebooks and shapes checked."""
    try:
        raw = yaml.load(plan_path.read_text(encoding="utf-8"), Loader=PlanLoader)
    # ValueError: undecodable bytes, or a number too long to convert (the YAML constructor).
    except (OSError, ValueError, yaml.YAMLError, RecursionError) as err:
        reason = "nested too deeply" if isinstance(err, RecursionError) else err
        raise PlanError(f"{plan_path}: cannot read the plan: {reason}") from None
    try:
        plan = PlanFile.model_validate(raw)
    except ValidationError as err:
        # A misspelt key is also a missing one: name the misspelling, which says more.
        first = min(err.errors(), key=lambda error: error["type"] == "missing")
        raise PlanError(f"{plan_path}: {describe_plan_error(first, raw)}") from None
    available = list_notebooks(notebooks_dir)
    declared: dict[Path, dict[str, dict[str, Any]]] = {}
    sets = []
    for name, spec in plan.sets.items():
        # The notebooks a set names (all when it names none), each existing and named once.
        where, chosen = f"{plan_path}: set {name!r}", spec.notebooks or list(available)
        for stem in chosen:
            if chosen.count(stem) > 1:
                raise PlanError(f"{where}: notebook '{stem}' is listed twice")
            if stem not in available:
                raise PlanError(
                    f"{where}: notebook '{stem}' does not exist in {notebooks_dir}"
                    f"{suggest(stem, list(available))}"
                )
        notebooks = [available[stem] for stem in chosen]
        for notebook in notebooks:
            if notebook not in declared:
                declared[notebook] = declare_parameters(notebook)
        mine = {nb: declared[nb] for nb in notebooks}
        sets.append(ParameterSet(name, spec.title or name, dict(spec.parameters), notebooks, mine))
    return sets


def declare_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """Return the parameters a notebook declares, as papermill reads them; refuse one it cannot run."""
    import papermill

    try:
        content = json.loads(notebook.read_bytes())
    except (OSError, ValueError) as err:
        raise NotebookError(f"{notebook}: not a readable notebook: {err}") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise NotebookError(f"{notebook}: not a notebook: expected a JSON object with 'cells'")
    kernelspec = content.get("metadata", {}).get("kernelspec")
    if not isinstance(kernelspec, dict) or not isinstance(kernelspec.get("name"), str):
        raise NotebookError(
            f"{notebook}: no kernel spec in its metadata; open it in JupyterLab, choose the "
            "Python 3 kernel and save it"
        )
    try:
        return dict(papermill.inspect_notebook(str(notebook)))
    except Exception as err:  # papermill raises plain ValueErrors and nbformat's own
        raise NotebookError(f"{notebook}: cannot read its parameters: {err}") from None


def matches_type(value: Any, type_name: str) -> bool:
    """Return whether a plan value fits the type papermill inferred for a parameter."""
    if type_name == "bool" or isinstance(value, bool):
        return type_name == "bool" and isinstance(value, bool)
    checks: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float)}
    return isinstance(value, checks.get(type_name, object))


def check_parameters(parameter_set: ParameterSet, periods: list[str]) -> None:
    """Raise PlanError naming set, notebook and parameter if a value is unknown, mistyped or absent."""
    # A parameter only some notebooks declare goes to those alone; one none declares is a typo.
    set_where, declared_by = f"set '{parameter_set.name}'", parameter_set.declared
    every_declared = sorted({n for nb in parameter_set.notebooks for n in declared_by[nb]})
    for name, value in parameter_set.parameters.items():
        if name in RESERVED_PARAMETERS:
            raise PlanError(
                f"{set_where}: parameter '{name}' is set by the renderer (--outputs, --data); remove it from the plan"
            )
        if name not in every_declared:
            raise PlanError(
                f"{set_where}, notebook '{parameter_set.notebooks[0].stem}': unknown parameter '{name}'"
                f"{suggest(name, every_declared)}; the notebooks declare {every_declared}"
            )
        for notebook in (nb for nb in parameter_set.notebooks if name in declared_by[nb]):
            type_name = str(declared_by[notebook][name]["inferred_type_name"])
            if not matches_type(value, type_name):
                raise PlanError(
                    f"{set_where}, notebook '{notebook.stem}': parameter '{name}' must be a "
                    f"{type_name}, got {value!r} ({type(value).__name__})"
                )
    # The project's rule sees the values each notebook will run with together, its defaults
    # included (a comparison period must be earlier than the period).
    for notebook in parameter_set.notebooks:
        values = {n: read_default(d) for n, d in declared_by[notebook].items()}
        values = {n: v for n, v in values.items() if n not in RESERVED_PARAMETERS}
        values.update((n, v) for n, v in parameter_set.parameters.items() if n in values)
        try:
            PROJECT.check_parameters(values, periods)
        except PROJECT.PARAMETER_ERRORS as err:
            defaults = sorted(set(values) - set(parameter_set.parameters))
            note = (
                f" (the notebook's defaults: {defaults}; set them in the plan)" if defaults else ""
            )
            raise PlanError(f"{set_where}, notebook '{notebook.stem}': {err}{note}") from None


def read_default(declared: dict[str, Any]) -> Any:
    """Return a parameter's default as papermill read it from the notebook, or None if not a literal."""
    try:
        return ast.literal_eval(str(declared.get("default")))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None


def select_sets(sets: list[ParameterSet], only: list[str] | None) -> list[ParameterSet]:
    """Return the sets named by --only (all when None); an unknown name is an error."""
    if not only:
        return sets
    names = [s.name for s in sets]
    for name in only:
        if name not in names:
            raise PlanError(f"--only: unknown set '{name}'{suggest(name, names)}; sets are {names}")
    return [s for s in sets if s.name in only]
