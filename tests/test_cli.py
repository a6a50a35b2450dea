"""The CLI contract: flags, JSON keys, error handling."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner

from gluteus.cli import COMMANDS, cli, runtime

runner = CliRunner()
PROFILE = {
    "sex": "female",
    "age": 34,
    "height_cm": 165,
    "weight_kg": 72,
    "goal_weight_kg": 65,
    "level": "beginner",
    "equipment": ["mini_band", "dumbbells"],
    "limitations": ["knees"],
    "available_days": ["mon", "tue", "wed", "thu", "fri", "sat"],
    "minutes_per_session": 60,
    "weeks": 4,
    "parq": {f"q{i}": False for i in range(1, 8)},
}


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    runtime.engine.cache_clear()
    yield
    if runtime.engine.cache_info().currsize:
        runtime.engine().dispose()
    runtime.engine.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def local_today() -> dt.date:
    """Today as the CLI sees it (the machine's time zone)."""
    return dt.datetime.now(ZoneInfo(runtime.machine_timezone())).date()


def test_plan_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(PROFILE))
    code, out, _ = run("plan", "--profile", str(path), "--json")
    assert code == 0
    plan = json.loads(out)
    assert len(plan["weeks"]) == 4
    calories = plan["calories"]
    for key in (
        "bmr_kcal",
        "tdee_kcal",
        "exercise_kcal_per_day",
        "maintenance_kcal",
        "target_kcal",
        "floor_kcal",
        "pace_kg_per_week",
        "protein_g",
    ):
        assert isinstance(calories[key], float | int), key
    # The plan's workouts, net of rest, averaged over its 28 days, are in the budget.
    net = sum(s["net_kcal"] for w in plan["weeks"] for d in w["days"] for s in d["sessions"])
    assert calories["exercise_kcal_per_day"] == pytest.approx(net / 28, abs=0.1)
    assert calories["target_kcal"] == pytest.approx(
        calories["tdee_kcal"] + calories["exercise_kcal_per_day"] - calories["deficit_kcal"],
        abs=0.2,
    )
    assert calories["pace_kg_per_week"] == pytest.approx(0.5)
    assert calories["protein_g"] == pytest.approx(1.6 * 68.1, abs=1)  # weight at BMI 25
    assert calories["steps_per_day"] == 8000 and calories["steps_per_day_upper"] == 10000
    assert "without these workouts" in calories["method"]
    assert {"cleared", "reasons"} <= set(plan["screening"])
    assert all({"id", "source", "satisfied", "detail"} <= set(r) for r in plan["rules"])
    kinds = set()
    for week in plan["weeks"]:
        for day in week["days"]:
            assert day["weekday"] in {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
            for session in day["sessions"]:
                kinds.add(session["kind"])
                assert {"minutes", "kcal", "net_kcal"} <= set(session)
                assert 0 <= session["net_kcal"] < session["kcal"]
                if session["kind"] == "strength":
                    for ex in session["exercises"]:
                        assert {
                            "id",
                            "sets",
                            "reps_min",
                            "reps_max",
                            "rest_seconds",
                            "primary_muscles",
                            "pattern",
                        } <= set(ex)
        assert isinstance(week["phase"], str) and isinstance(week["deload"], bool)
    assert kinds == {"cardio", "strength", "warmup", "cooldown"}
    assert [v["week"] for v in plan["volume"]] == [w["number"] for w in plan["weeks"]]
    assert all(isinstance(n, int) for v in plan["volume"] for n in v["sets"].values())
    assert {"glutes", "quads", "hamstrings", "back", "chest_shoulders", "core"} <= set(
        plan["volume"][0]["sets"]
    )


def test_plan_from_toml_and_flags_override(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('sex = "male"\nage = 40\nheight_cm = "6ft"\nweight_kg = "200lb"\nweeks = 2\n')
    code, out, _ = run("plan", "--profile", str(path), "--weeks", "3", "--json")
    assert code == 0
    plan = json.loads(out)
    assert len(plan["weeks"]) == 3
    assert plan["profile"]["weight_kg"] == pytest.approx(90.72, abs=0.01)
    assert plan["screening"]["cleared"] is False
    assert "not been answered" in plan["screening"]["reasons"][0]


def test_plan_from_flags_renders_tables() -> None:
    code, out, _ = run(
        "plan",
        "--sex",
        "female",
        "--age",
        "30",
        "--height",
        "5ft 5in",
        "--weight",
        "150lb",
        "--equipment",
        "mini_band",
        "--weeks",
        "2",
    )
    assert code == 0
    assert "Your weeks" in out and "Week 1 (" in out and "Week 2 (" not in out
    assert "Rules checked" not in out
    code, out, _ = run("plan", "--weeks", "2", "--rules")
    assert code == 0 and "Rules checked" in out


def test_plan_example() -> None:
    code, out, _ = run("plan", "--example")
    assert code == 0 and "Energy" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--age", "12"], "--age"),
        (["--weight", "900kg"], "--weight"),
        (["--height", "tall"], "--height"),
        (["--minutes", "5"], "--minutes"),
        (["--equipment", "rowing_boat"], "--equipment"),
        (["--days", "funday"], "--days"),
    ],
)
def test_bad_flags_exit_nonzero_naming_the_field(args: list[str], message: str) -> None:
    base = ["plan", "--sex", "female", "--age", "30", "--height", "165", "--weight", "65"]
    merged = base + args
    code, out, err = run(*merged)
    assert code == 2
    assert err.startswith(f"error: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err + out


def test_missing_profile_file_is_clean_error(tmp_path: Path) -> None:
    code, _, err = run("plan", "--profile", str(tmp_path / "nope.toml"))
    assert code != 0 and "--profile" in err


def test_broken_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    code, _, err = run("plan", "--profile", str(path))
    assert code == 2 and "--profile" in err and "not valid json" in err.lower()


def test_non_tty_without_input_explains() -> None:
    code, _, err = run("plan")
    assert code != 0 and "--profile" in err


def test_interactive_plan_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = (
        "\n".join(
            [
                "female",
                "30",
                "165cm",
                "70kg",
                "",
                "beginner",
                "mini_band",
                "",
                "mon,wed,fri",
                "45",
                "y",
                *["n"] * 7,
            ]
        )
        + "\n"
    )
    monkeypatch.setattr("gluteus.cli.plan.is_terminal", lambda: True)
    result = runner.invoke(cli, ["plan", "--weeks", "2"], input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Week 1" in result.stdout
    code, out, _ = run("profile", "show", "--json")
    saved = json.loads(out)
    assert code == 0 and saved["available_days"] == ["mon", "wed", "fri"]
    assert saved["parq"] == {f"q{i}": False for i in range(1, 8)}


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


def test_schema_plan_is_json_schema() -> None:
    code, out, _ = run("schema", "plan")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Program" and "weeks" in schema["properties"]


def test_screen_json() -> None:
    code, out, _ = run("screen", "--yes", "q6", "--json")
    data = json.loads(out)
    assert code == 0 and data["cleared"] is False and data["answers"]["q6"] is True
    code, out, _ = run("screen", "--all-no", "--json")
    assert json.loads(out)["cleared"] is True
    code, _, err = run("screen", "--yes", "q9")
    assert code != 0 and "q9" in err


def test_calories_json() -> None:
    code, out, _ = run(
        "calories",
        "--sex",
        "female",
        "--age",
        "34",
        "--height",
        "165",
        "--weight",
        "72",
        "--routine",
        "butt-lift",
        "--exercise",
        "jump-rope",
        "--minutes",
        "10",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["bmr_kcal"] == pytest.approx(1420.2, abs=0.1)
    assert 310 <= data["routine"]["kcal"] <= 410
    assert data["routine"]["net_kcal"] < data["routine"]["kcal"]
    # Jump rope at 11.8 MET for 10 min: 10.8 MET above rest × 72 kg × 1/6 h.
    assert data["exercise"]["net_kcal"] == pytest.approx(10.8 * 72 / 6, abs=0.1)
    assert data["exercise"]["kcal"] == pytest.approx(11.8 * 72 / 6, abs=0.1)
    for key in ("exercise_kcal_per_day", "maintenance_kcal", "protein_g", "steps_per_day"):
        assert data[key] > 0, key
    assert data["method"]
    # The same number as the plan built from the same person.
    code, out, _ = run(
        "plan", "--sex", "female", "--age", "34", "--height", "165", "--weight", "72", "--json"
    )
    plan = json.loads(out)["calories"]
    assert code == 0
    for key in ("target_kcal", "exercise_kcal_per_day", "pace_kg_per_week", "protein_g"):
        assert data[key] == plan[key], key


def test_calories_text_says_how_the_number_was_made() -> None:
    code, out, _ = run(
        "calories", "--sex", "male", "--age", "40", "--height", "180", "--weight", "130"
    )
    assert code == 0
    text = " ".join(out.split())
    assert "How: Resting energy" in text and "for the plan's workouts" in text
    assert "with the plan's workouts counted" in text
    assert "protein about 130 g a day" in text


def test_today_json() -> None:
    code, out, _ = run(
        "today", "--example", "--start", "2026-11-23", "--date", "2026-11-23", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["week"] == 1 and data["day"]["weekday"] == "mon"
    code, out, _ = run(
        "today", "--example", "--start", "2026-11-23", "--date", "2026-11-29", "--json"
    )
    assert json.loads(out)["day"] is None


def test_plan_saves_active_plan_and_today_progresses_from_logs() -> None:
    today = local_today()
    start = today - dt.timedelta(days=today.weekday() + 7)  # Monday of last week
    code, _, err = run("plan", "--example", "--start", start.isoformat(), "--json")
    assert code == 0, err
    code, out, _ = run("today", "--date", start.isoformat(), "--json")
    first = json.loads(out)
    squat = next(t for t in first["targets"] if t["exercise_id"] == "step-up")
    assert squat["action"] == "start"
    code, _, err = run(
        "log",
        "set",
        "step-up",
        "--reps",
        "12",
        "--reps",
        "12",
        "--hard",
        "--date",
        start.isoformat(),
    )
    assert code == 0, err
    week2 = start + dt.timedelta(days=7)
    code, out, _ = run("today", "--date", week2.isoformat(), "--json")
    later = json.loads(out)
    assert later["week"] == 2
    squat = next(t for t in later["targets"] if t["exercise_id"] == "step-up")
    assert squat["action"] != "start" and squat["target_reps"] == 12


def test_today_without_a_plan_says_what_to_do() -> None:
    code, _, err = run("today")
    assert code != 0 and "gluteus plan" in err


def _leaf_commands() -> list[list[str]]:
    found: list[list[str]] = []
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append([name])
        else:
            found += [[name, sub] for sub in subcommands]
    return found


def test_every_command_has_help() -> None:
    commands = _leaf_commands()
    assert ["log", "undo"] in commands and ["profile", "set"] in commands
    for command in commands:
        code, out, err = run(*command, "--help")
        assert code == 0, (command, err)
        assert "Example" in out, command


def test_interactive_plan_reads_bare_numbers_in_your_units(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run("config", "units", "imperial")[0] == 0
    answers = ["female", "30", "65", "160", "150", "", "", "", "", "", "n"]
    monkeypatch.setattr("gluteus.cli.plan.is_terminal", lambda: True)
    result = runner.invoke(cli, ["plan", "--weeks", "2"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    code, out, _ = run("profile", "show", "--json")
    saved = json.loads(out)
    assert code == 0
    assert saved["height_cm"] == pytest.approx(165.1, abs=0.01)
    assert saved["weight_kg"] == pytest.approx(72.57, abs=0.01)
    assert saved["goal_weight_kg"] == pytest.approx(68.04, abs=0.01)


def test_a_flag_fixes_a_bad_value_in_the_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps({**PROFILE, "age": 7}))
    code, _, err = run("plan", "--profile", str(path), "--no-save")
    assert code == 2 and "--profile age" in err
    code, out, _ = run("plan", "--profile", str(path), "--age", "40", "--no-save", "--json")
    assert code == 0 and json.loads(out)["profile"]["age"] == 40
    code, _, err = run("plan", "--profile", str(path), "--age", "3", "--no-save")
    assert code == 2 and err.startswith("error: --age")
