"""The layers stay where STYLE.md puts them: a pure core, one use-case layer, thin edges.

Every module under ``domain/`` and ``imports/`` is walked recursively: neither imports storage,
web, CLI, plotting, the clock or the operating system. The edges reach storage only through
services (they may open a unit of work, never read tables or the repository), the domain and
the services never import an edge, and the import graph of ``gluteus`` has no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gluteus"
FRAMEWORKS = {
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "typer",
    "rich",
    "matplotlib",
    "jinja2",
    "requests",
    "httpx",
    "psycopg",
    "uvicorn",
    "icalendar",
    "platformdirs",
    "subprocess",
    "socket",
    "os",
}
EDGES = {"gluteus.db", "gluteus.cli", "gluteus.web", "gluteus.charts", "gluteus.exports"}
# What each layer must not import (a name or any module under it).
FORBIDDEN: dict[str, set[str]] = {
    "domain": FRAMEWORKS | EDGES | {"gluteus.services", "gluteus.imports", "gluteus.config"},
    "imports": FRAMEWORKS | EDGES | {"gluteus.services", "gluteus.config"},
    "services": {"gluteus.cli", "gluteus.web", "fastapi", "starlette", "typer", "rich"},
    "web": {"gluteus.db.repository", "gluteus.db.tables", "gluteus.cli"},
    "cli": {"gluteus.db.repository", "gluteus.db.tables", "gluteus.web"},
    "charts": {"gluteus.db", "gluteus.web", "gluteus.cli"},
}


def _modules(layer: str) -> list[Path]:
    root = PACKAGE / layer
    return sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    nodes: Iterable[ast.AST] = tree.body if top_level_only else ast.walk(tree)
    names: set[str] = set()
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


LAYER_MODULES = [(layer, path) for layer in FORBIDDEN for path in _modules(layer)]


@pytest.mark.parametrize(
    ("layer", "path"), LAYER_MODULES, ids=[str(p.relative_to(PACKAGE)) for _, p in LAYER_MODULES]
)
def test_layer_imports_only_what_it_may(layer: str, path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
    }
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(bad)}"


def test_the_walk_reaches_nested_packages() -> None:
    walked = {str(p.relative_to(PACKAGE)) for _, p in LAYER_MODULES}
    assert "domain/planning/build.py" in walked
    assert "domain/energy/estimate/expenditure.py" in walked
    assert "imports/workouts.py" in walked


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_domain_never_reads_the_clock(path: Path) -> None:
    text = path.read_text("utf-8")
    for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
        assert call not in text, f"{path.name} calls {call}; pass `today` in instead"


def test_module_level_imports_have_no_cycle() -> None:
    modules = {_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path, top_level_only=True):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def _public_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [str(name) for name in ast.literal_eval(node.value)]
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_")]


STUBS = sorted(PACKAGE.rglob("__init__.pyi"))


@pytest.mark.parametrize("stub", STUBS, ids=lambda p: str(p.parent.relative_to(PACKAGE)))
def test_a_package_stub_re_exports_every_public_name_of_its_modules(stub: Path) -> None:
    listed = stub.read_text("utf-8")
    for module in sorted(stub.parent.glob("*.py")):
        if module.name == "__init__.py":
            continue
        assert f"from . import {module.stem} as {module.stem}" in listed, module.name
        missing = [n for n in _public_names(module) if f"{n} as {n}" not in listed]
        assert not missing, f"{stub.relative_to(PACKAGE)} lacks {missing} of {module.name}"


# What the planner may take from the rules: the validator it runs on its own output and the
# rule table's types. Every target it aims at comes from ``domain/guidelines.py``, the one
# place the rules read it too.
PLANNING_MAY_TAKE_FROM_RULES = {"validate", "RULES", "RULES_BY_ID", "Rule", "Check"}


def _rules_names_taken(path: Path) -> set[str]:
    taken: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if module == "gluteus.domain.rules" or module.startswith("gluteus.domain.rules."):
                taken.update(alias.name for alias in node.names)
            elif module == "gluteus.domain" and any(a.name == "rules" for a in node.names):
                taken.add("gluteus.domain.rules")  # the whole package
        elif isinstance(node, ast.Import):
            taken.update(a.name for a in node.names if a.name.startswith("gluteus.domain.rules"))
    return taken


@pytest.mark.parametrize(
    "path", _modules("domain/planning"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_planning_takes_no_target_from_the_rules(path: Path) -> None:
    extra = _rules_names_taken(path) - PLANNING_MAY_TAKE_FROM_RULES
    assert not extra, (
        f"{path.relative_to(PACKAGE)} imports {sorted(extra)} from domain.rules; "
        "targets belong in domain/guidelines.py"
    )


def test_the_planning_guard_sees_a_target_import(tmp_path: Path) -> None:
    module = tmp_path / "planner.py"
    module.write_text(
        "from gluteus.domain.rules.registry import validate\n"
        "from gluteus.domain.rules.seed import REPS_RANGE\n"
        "import gluteus.domain.rules.coaching\n"
        "from gluteus.domain import rules\n",
        "utf-8",
    )
    taken = _rules_names_taken(module) - PLANNING_MAY_TAKE_FROM_RULES
    assert taken == {"REPS_RANGE", "gluteus.domain.rules.coaching", "gluteus.domain.rules"}


def test_guidelines_import_no_rule_and_no_planner() -> None:
    names = _imports(PACKAGE / "domain" / "guidelines.py")
    bad = sorted(
        n for n in names if n.startswith(("gluteus.domain.rules", "gluteus.domain.planning"))
    )
    assert not bad, f"guidelines.py imports {bad}: the targets sit below both"
