"""The install contract: the lock covers pyproject, the README installs from it, data ships."""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGE = ROOT / "src" / "gluteus"


def _locked() -> dict[str, list[Version]]:
    pins: dict[str, list[Version]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    return pins


def _declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = [dep for deps in project["optional-dependencies"].values() for dep in deps]
    return [Requirement(dep) for dep in [*project["dependencies"], *extras]]


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_declared_dependency_is_locked_within_its_range(requirement: Requirement) -> None:
    name = canonicalize_name(requirement.name)
    if name == "gluteus":  # the dev extra pulls in the test extra
        return
    pins = _locked().get(name)
    assert pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock: make lock"
    for pin in pins:
        assert requirement.specifier.contains(pin, prereleases=True), (
            f"requirements.lock pins {requirement.name}=={pin} outside {requirement.specifier}"
        )


def test_readme_commands_install_from_the_lock_into_a_project_venv() -> None:
    spec = importlib.util.spec_from_file_location(
        "readme_command", ROOT / ".ci" / "readme_command.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    commands = module.setup_commands()
    for command in commands.values():
        assert command.startswith("python3 -m venv .venv && "), command
        assert "-c requirements.lock" in command, command
        assert ".venv/bin/python -m pip install" in command, command  # never the system pip
    assert commands["serve"].endswith(".venv/bin/gluteus serve")
    assert commands["test"].endswith(".venv/bin/python -m pytest")
    assert "'.[test]'" in commands["test"]


def test_every_data_file_in_the_package_is_shipped_in_the_wheel() -> None:
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["gluteus"]
    data_files = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert "data/exercises.toml" in data_files
    missing = [f for f in data_files if not any(fnmatch.fnmatch(f, glob) for glob in globs)]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"


def test_supported_pythons_are_stated() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    stated = {c.rsplit(" ", 1)[1] for c in classifiers if re.match(r".*Python :: 3\.\d+$", c)}
    assert stated >= {"3.11", "3.12", "3.13"}
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
