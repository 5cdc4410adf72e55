"""Honest dependencies: every third-party package the code imports is declared, and every declared
runtime dependency is imported somewhere (or required by one that is, declared to bound its version)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import distribution, packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("rag", "index", "ui", "evals", "api")
# Installed before the project by the Makefile, as the CPU build, so that pip never resolves it.
INSTALLED_FIRST = {"torch"}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {normal(re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]}


def imported_modules() -> dict[str, str]:
    """{third-party module, fully dotted: first file importing it} over the project's packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in PACKAGES:
                        found.setdefault(name, str(path.relative_to(ROOT)))
    return found


@cache
def module_paths(dist: str) -> frozenset[str]:
    """Every package and module path an installed distribution holds: "a", "a/b", "a/b/c" for a/b/c.py."""
    paths = set()
    for file in distribution(dist).files or []:
        parts = Path(str(file)).with_suffix("").parts
        paths.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return frozenset(paths)


def provides(dist: str, module: str) -> bool:
    """Whether a distribution holds the module (namespace packages like llama_index included)."""
    return module.replace(".", "/") in module_paths(dist)


def test_every_imported_package_is_declared():
    providers = packages_distributions()
    undeclared = {
        f"{module} (imported by {path})"
        for module, path in imported_modules().items()
        if module.split(".")[0] not in INSTALLED_FIRST
        and not any(normal(d) in declared() and provides(d, module) for d in providers.get(module.split(".")[0], []))
    }
    assert not undeclared, sorted(undeclared)


def requirements(dist: str) -> set[str]:
    """The distributions an installed one requires (its optional extras left out)."""
    return {normal(re.split(r"[\[<>=!~ ;(]", line, maxsplit=1)[0]) for line in requires(dist) or []
            if "extra ==" not in line}


def test_every_declared_dependency_is_imported():
    imported = {dist for dist in declared() if any(provides(dist, module) for module in imported_modules())}
    # Declaring what an imported package requires, to bound its version, is honest too.
    pinned = {req for dist in imported for req in requirements(dist)}
    unused = declared() - imported - pinned
    assert not unused, sorted(unused)
