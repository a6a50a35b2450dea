"""The repository package: one module a concept, every public name re-exported, no commits."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

from gluteus.db import repository as repo

MODULES = sorted(info.name for info in pkgutil.iter_modules(repo.__path__))


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{repo.__name__}.{name}")


def _tree(name: str) -> ast.Module:
    return ast.parse(Path(_module(name).__file__ or "").read_text("utf-8"))


def _defined(name: str) -> set[str]:
    """The public names a module defines at its top level (not those it imports)."""
    names: set[str] = set()
    for node in _tree(name).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def test_the_package_re_exports_every_public_name_of_its_modules() -> None:
    defined = {name: module for module in MODULES for name in _defined(module)}
    assert sorted(repo.__all__) == sorted(defined)
    for name, module in defined.items():
        assert getattr(repo, name) is getattr(_module(module), name), name


@pytest.mark.parametrize("module", MODULES)
def test_the_repository_never_ends_a_transaction(module: str) -> None:
    calls = {
        node.func.attr
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & {"commit", "rollback"}, f"{module} ends the caller's transaction"
