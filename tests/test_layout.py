"""Test files mirror the modules they test, so a module's tests are found by its name."""

from helpers.paths import PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests"
# Suites about the project as a whole rather than one module.
PROJECT_SUITES = {"browser", "edition", "environment", "habits", "lab", "layout", "tiers"}


def test_every_test_file_names_a_module_or_a_project_suite():
    modules = {
        path.stem
        for package in ("helpers", "renderer")
        for path in (PROJECT_ROOT / "src" / package).glob("*.py")
    } | {"notebooks"}
    for path in TESTS.glob("test_*.py"):
        name = path.stem.removeprefix("test_")
        head = name.split("_")[0]
        assert name in modules or head in modules or name in PROJECT_SUITES, (
            f"{path.name} names no module of src/helpers or src/renderer"
        )
