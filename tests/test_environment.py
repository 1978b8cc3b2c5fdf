"""One list of dependencies: pyproject.toml; pins in requirements.lock; conda's file agrees with both."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers.paths import LOCK_FILE, PROJECT_ROOT


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pyproject() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def read_pins() -> dict[str, str]:
    pins = {}
    for line in LOCK_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: '{line}' is not pinned with =="
            pins[canonical(name)] = version
    return pins


def test_every_dependency_is_pinned():
    project = read_pyproject()["project"]
    declared = project["dependencies"] + [
        d for group in project["optional-dependencies"].values() for d in group
    ]
    pins = read_pins()
    for requirement in declared:
        name = canonical(re.split(r"[<>=!~\[; ]", requirement)[0])
        assert name in pins, f"{requirement} (pyproject.toml) has no pin in requirements.lock"


def test_environment_yml_installs_the_project_with_the_pins():
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    dependencies = environment["dependencies"]
    python = next(d for d in dependencies if isinstance(d, str) and d.startswith("python"))
    minimum = read_pyproject()["project"]["requires-python"].removeprefix(">=")
    assert python == f"python>={minimum}"
    assert "pip" in dependencies
    pip_section = next(d["pip"] for d in dependencies if isinstance(d, dict))
    extras = sorted(read_pyproject()["project"]["optional-dependencies"])
    assert pip_section == ["-c requirements.lock", f"-e .[{','.join(extras)}]"]
    # Conda installs nothing else on its own, so it cannot drift from pyproject.toml.
    assert [d for d in dependencies if isinstance(d, str)] == [python, "pip"]


def test_makefile_installs_from_the_same_pins():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-c requirements.lock -e ".[dev]"' in makefile
    # uv, which does the install, is itself installed from the same lock.
    assert "pip install --quiet --disable-pip-version-check -c requirements.lock uv" in makefile
    assert "uv" in read_pins()


def test_the_stated_minimum_python_installs_every_pin():
    """requires-python, the Makefile's check and README name the oldest Python every pin accepts."""
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    minimum = read_pyproject()["project"]["requires-python"].removeprefix(">=")
    installed = {canonical(d.metadata["Name"]): d for d in metadata.distributions()}
    needs = {
        f"{name}=={version}": SpecifierSet(installed[name].metadata.get("Requires-Python") or "")
        for name, version in read_pins().items()
        if name in installed  # not a pin of another platform
    }
    too_strict = {pin: str(spec) for pin, spec in needs.items() if not spec.contains(minimum)}
    assert too_strict == {}, f"these pins need a newer Python than {minimum}"
    # One patch release lower would fail: the minimum is the real one, not a guess.
    major, minor, patch = (int(part) for part in minimum.split("."))
    assert any(not spec.contains(f"{major}.{minor}.{patch - 1}") for spec in needs.values())
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"MIN_PYTHON := {minimum}\n" in makefile
    assert f"Python {minimum} or later" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
