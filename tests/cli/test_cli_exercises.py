"""`gluteus exercises list|show|search`: the catalog, filtered, as JSON."""

from __future__ import annotations

import json

from commandline import run


def test_exercises_list_and_show_json() -> None:
    code, out, _ = run("exercises", "list", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) >= 60 and all({"id", "name"} <= set(i) for i in items)
    code, out, _ = run("exercises", "show", "band-side-lying-clamshell", "--json")
    item = json.loads(out)
    assert {"id", "name", "equipment", "knee_load", "primary_muscles"} <= set(item)
    assert item["knee_load"] in {"low", "moderate", "high"}


def test_exercises_filters() -> None:
    code, out, _ = run(
        "exercises",
        "list",
        "--muscle",
        "glute_med",
        "--equipment",
        "mini_band",
        "--knee-friendly",
        "--json",
    )
    items = json.loads(out)
    assert code == 0 and items
    assert all(i["knee_load"] == "low" for i in items)
    assert all("glute_med" in i["primary_muscles"] + i["secondary_muscles"] for i in items)
    code, out, _ = run("exercises", "search", "bridge", "--json")
    assert any("bridge" in i["id"] for i in json.loads(out))
    code, out, _ = run("exercises", "list", "--level", "advanced")
    assert code == 0 and "exercises" in out


def test_exercise_show_unknown_id() -> None:
    code, _, err = run("exercises", "show", "bridge")
    assert code != 0 and "no exercise with id 'bridge'" in err
