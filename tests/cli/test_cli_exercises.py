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


def test_exercise_show_writes_its_figure_and_json_has_the_figure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "figs" / "clam.svg"
    code, out, _ = run("exercises", "show", "clamshell", "--figure", str(target))
    assert code == 0 and "clam.svg" in out
    text = target.read_text("utf-8")
    assert text.startswith("<svg") and "<title>Clamshell</title>" in text
    assert len(text.encode()) <= 8192
    code, out, _ = run("exercises", "show", "clamshell", "--json")
    item = json.loads(out)
    assert item["view"] in {"side", "front", "back", "top"} and len(item["poses"]) >= 2
    assert {"knee_l", "toe_r", "head", "neck", "hip"} <= set(item["poses"][0])
    assert isinstance(item["props"], list)


def test_exercise_show_refuses_a_figure_file_that_is_not_svg(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("exercises", "show", "clamshell", "--figure", str(tmp_path / "x.png"))
    assert code != 0 and ".svg" in err
    assert not (tmp_path / "x.png").exists()


def test_a_search_with_a_typo_shows_what_the_closest_words_find() -> None:
    code, out, _ = run("exercises", "search", "brige")
    assert code == 0 and "Nothing matches 'brige'; showing 'bridge'" in out
    assert "glute-bridge" in out
    code, out, _ = run("exercises", "search", "brige", "--json")
    assert code == 0 and json.loads(out) == []  # JSON answers the question asked


def test_logging_a_set_with_a_typo_names_the_close_exercise() -> None:
    code, _, err = run("log", "set", "glute-brige", "--reps", "12", "--hard")
    assert code != 0 and "did you mean glute-bridge?" in err
