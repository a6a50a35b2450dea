"""Every rule id the planner names is a rule of the registry.

The planner tells the validator which rules a person's days make impossible
(``constraints["strength-3-4-days"] = why``) and which rules to check again (``only=``). A
typo there would silently attach the reason to no rule; this walks the planner's source
and looks each such id up in ``RULES_BY_ID``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gluteus.domain.planning
from gluteus.domain.rules.registry import RULES_BY_ID

PLANNING = Path(gluteus.domain.planning.__file__).parent


def _names_constraints(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return text == "constraints" or text.endswith(".constraints")


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def rule_ids_named(tree: ast.Module) -> set[str]:
    """Rule ids in constraint keys, ``setdefault``/``get`` on constraints and ``only=`` sets."""
    found: set[str] = set()
    looped: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _names_constraints(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                found.add(node.slice.value)
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in {"setdefault", "get"}
                and _names_constraints(func.value)
            ):
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                elif isinstance(first, ast.Name) and first.id in looped:
                    found.update(_strings(looped[first.id]))
            for keyword in node.keywords:
                if keyword.arg == "only":
                    found.update(_strings(keyword.value))
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            looped[node.target.id] = node.iter
    return found


def planner_rule_ids() -> dict[str, set[str]]:
    """Module name → the rule ids it names."""
    return {
        path.name: rule_ids_named(ast.parse(path.read_text("utf-8")))
        for path in sorted(PLANNING.glob("*.py"))
    }


def test_the_walk_finds_the_ids_the_planner_is_known_to_name() -> None:
    named = planner_rule_ids()
    assert {"strength-minimum", "strength-3-4-days", "muscle-recovery"} <= named["layout.py"]
    assert {"cardio-sandwich", "cardio-150"} <= named["minutes.py"]
    # a key, ids looped over into setdefault, a get, and a re-check with only=
    assert {"cardio-5x30", "older-adults", "combined-approach", "honest-notes"} <= named["build.py"]
    snippet = (
        "for r in ('a-b', 'c-d'):\n    constraints.setdefault(r, 'x')\nx.constraints['e-f'] = 1"
    )
    assert rule_ids_named(ast.parse(snippet)) == {"a-b", "c-d", "e-f"}


def test_every_rule_id_the_planner_names_exists() -> None:
    unknown = {
        module: sorted(ids - RULES_BY_ID.keys())
        for module, ids in planner_rule_ids().items()
        if ids - RULES_BY_ID.keys()
    }
    assert not unknown, f"rule ids named by the planner but not in the registry: {unknown}"
