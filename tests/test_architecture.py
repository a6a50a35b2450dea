"""The domain core stays pure: no database, web, CLI, plotting or clock imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[1] / "src" / "gluteus" / "domain"
FORBIDDEN = {
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
    "gluteus.db",
    "gluteus.cli",
    "gluteus.web",
    "gluteus.services",
    "gluteus.charts",
    "subprocess",
    "socket",
    "os",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_nothing_impure(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_never_reads_the_clock(path: Path) -> None:
    text = path.read_text("utf-8")
    for call in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
        assert call not in text, f"{path.name} calls {call}; pass `today` in instead"
