"""Every cache in the tree is named in one registry, and ``clear_all`` empties them.

Walks the source for the ways a module can keep results (a memo decorator, an
``lru_cache``, a module-level :class:`StampedCache`, a dictionary keyed by ``id()``), imports
every module and checks that each cache found is registered in ``CACHES``.
"""

from __future__ import annotations

import ast
import gc
import importlib
from pathlib import Path

import pytest

import gluteus
from gluteus.domain import memo
from gluteus.services import cache

PACKAGE = Path(gluteus.__file__).parent
MODULES = sorted(
    path
    for path in PACKAGE.rglob("*.py")
    if path.name != "__main__.py" and "migrations" not in path.parts  # these run on import
)
DECORATORS = {"memo", "memo_by_identity", "cache", "lru_cache"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _cached_functions(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _decorator_name(d) in DECORATORS for d in node.decorator_list
        ):
            found.append(node.name)
    return found


def _stamped_caches(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Call) and _decorator_name(value) == "StampedCache":
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            assert isinstance(target, ast.Name)
            names.append(target.id)
    return names


def _id_keyed(tree: ast.Module) -> list[int]:
    """Lines that look a value up by ``id(...)`` (a dictionary keyed by identity)."""

    def is_id(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id"
        )

    lines = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Subscript) and is_id(node.slice)) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "setdefault", "pop"}
            and node.args
            and is_id(node.args[0])
        ):
            lines.append(node.lineno)
    return lines


def test_the_walk_finds_the_caches_it_looks_for() -> None:
    found = {
        _module_name(path): _cached_functions(ast.parse(path.read_text("utf-8")))
        for path in MODULES
    }
    assert "default_catalog" in found["gluteus.domain.catalog"]
    assert "_count_week" in found["gluteus.domain.patterns"]
    stamped = _stamped_caches(ast.parse((PACKAGE / "services" / "journal.py").read_text("utf-8")))
    assert stamped == ["HISTORIES"]
    assert _id_keyed(ast.parse("x = table[id(week)]\ny = table.get(id(week))")) == [1, 2]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_cache_of_a_module_is_registered(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    module = importlib.import_module(_module_name(path))
    for name in _cached_functions(tree):
        assert f"{module.__name__}.{name}" in cache.CACHES, f"{name} is not registered"
    for name in _stamped_caches(tree):
        registered = cache.CACHES.get(f"{module.__name__}.{name}")
        assert registered is not None, f"{name} is not registered"
        assert registered.kind == cache.STAMPED
        assert registered.clear == getattr(module, name).clear
    if path.name != "memo.py":
        assert _id_keyed(tree) == [], "keep results by identity with memo_by_identity"


def test_every_registered_cache_says_what_it_is_and_how_big_it_may_grow() -> None:
    for module in MODULES:
        importlib.import_module(_module_name(module))
    assert len(cache.CACHES) >= 20
    for name, entry in cache.CACHES.items():
        assert entry.name == name and name.startswith("gluteus.")
        assert entry.kind in memo.KINDS
        assert entry.bound


def test_clear_all_empties_every_kind_or_only_those_asked_for() -> None:
    calls: list[int] = []

    @memo.memo(maxsize=4)
    def double(n: int) -> int:
        calls.append(n)
        return 2 * n

    class Week:
        """An unhashable argument, kept by identity."""

        __hash__ = None  # type: ignore[assignment]

    @memo.memo_by_identity(2)
    def weeks_seen(week: Week) -> int:
        calls.append(-1)
        return len(calls)

    week = Week()
    try:
        assert double(3) == double(3) == 6 and calls == [3]
        assert weeks_seen(week) == weeks_seen(week) == 2
        cache.clear_all(cache.STAMPED)  # not a memo: both stay
        assert double(3) == 6 and weeks_seen(week) == 2 and calls == [3, -1]
        cache.clear_all()
        assert double(3) == 6 and weeks_seen(week) == 4 and calls == [3, -1, 3, -1]
        assert weeks_seen(Week()) == 5  # another object, however alike
    finally:
        for fn in (double, weeks_seen):
            del cache.CACHES[f"{__name__}.{fn.__qualname__}"]


def test_a_memo_by_identity_forgets_a_result_once_its_argument_is_collected() -> None:
    """It never keeps alive what its callers dropped (the weeks of a plan made for one page)."""

    class Week:
        """An unhashable argument that takes weak references."""

        __hash__ = None  # type: ignore[assignment]

    @memo.memo_by_identity(8)
    def count(week: object) -> list[int]:
        return [0] * 1000

    try:
        weeks = [Week() for _ in range(5)]
        kept = [count(week) for week in weeks]
        assert all(count(week) is made for week, made in zip(weeks, kept, strict=True))
        assert len(count) == 5  # type: ignore[arg-type]
        del weeks[:3]
        gc.collect()
        assert len(count) == 2  # type: ignore[arg-type]
        pool = (1, 2, 3)  # no weak references to a tuple: held until dropped past the bound
        assert count(pool) is count(pool)
        del pool
        gc.collect()
        assert len(count) == 3  # type: ignore[arg-type]
        for _ in range(10):
            count(Week())
        assert len(count) <= 8  # type: ignore[arg-type]
    finally:
        del cache.CACHES[f"{__name__}.{count.__qualname__}"]


def test_a_memo_by_key_serves_by_the_key_and_drops_the_least_recently_used() -> None:
    made: list[str] = []

    def first_letter(word: str) -> str:
        return word[0]

    @memo.memo(maxsize=2, key=first_letter)
    def shout(word: str) -> str:
        made.append(word)
        return word.upper()

    try:
        assert shout("apple") == "APPLE"
        assert shout("avocado") == "APPLE"  # the same key: the kept result
        shout("banana")
        shout("cherry")  # over the bound: "a" goes
        assert shout("apricot") == "APRICOT"
        assert made == ["apple", "banana", "cherry", "apricot"]
    finally:
        del cache.CACHES[f"{__name__}.{shout.__qualname__}"]


def test_an_unbounded_memo_by_key_keeps_every_result_until_cleared() -> None:
    made: list[str] = []

    def first_letter(word: str) -> str:
        return word[0]

    @memo.memo(maxsize=None, key=first_letter)
    def shout(word: str) -> str:
        made.append(word)
        return word.upper()

    try:
        assert shout("apple") == shout("avocado") == "APPLE"  # the same key: the kept result
        for word in ("banana", "cherry", "date", "elder"):
            shout(word)
        assert shout("apricot") == "APPLE"  # never dropped, however many keys
        assert made == ["apple", "banana", "cherry", "date", "elder"]
        cache.clear_all(memo.MEMO)
        assert shout("apricot") == "APRICOT" and made[-1] == "apricot"
    finally:
        del cache.CACHES[f"{__name__}.{shout.__qualname__}"]


def test_a_registered_kind_must_be_known() -> None:
    with pytest.raises(ValueError, match="not one of"):
        memo.register("gluteus.nowhere", "forever", "unbounded", lambda: None)
