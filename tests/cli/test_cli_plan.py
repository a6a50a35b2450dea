"""`gluteus plan`: the JSON contract, flags over a profile file, the saved profile,
questions in a terminal and one-line errors naming the flag or file key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import PERSON, as_json, days_ago, error, ok, run, runner, save_plan

from gluteus.cli import cli, runtime
from gluteus.services import plans

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
    # Fractional counting (issue 21): numbers in half-set steps, not only integers.
    assert all(isinstance(n, int | float) for v in plan["volume"] for n in v["sets"].values())
    assert all((2 * n) == int(2 * n) for v in plan["volume"] for n in v["sets"].values())
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
    monkeypatch.setattr("gluteus.cli.profile_input.is_terminal", lambda: True)
    result = runner.invoke(cli, ["plan", "--weeks", "2"], input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Week 1" in result.stdout
    code, out, _ = run("profile", "show", "--json")
    saved = json.loads(out)
    assert code == 0 and saved["available_days"] == ["mon", "wed", "fri"]
    assert saved["parq"] == {f"q{i}": False for i in range(1, 8)}


def test_interactive_plan_reads_bare_numbers_in_your_units(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run("config", "units", "imperial")[0] == 0
    answers = ["female", "30", "65", "160", "150", "", "", "", "", "", "n"]
    monkeypatch.setattr("gluteus.cli.profile_input.is_terminal", lambda: True)
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


PROFILE_KEYS = set(plans.Profile.model_fields)


def test_plan_from_flags_saves_the_profile() -> None:
    plan = save_plan()
    saved = as_json("profile", "show")
    assert set(saved) <= PROFILE_KEYS
    assert {"sex", "age", "height_cm", "weight_kg", "weeks", "equipment"} <= set(saved)
    assert (saved["sex"], saved["age"], saved["weeks"]) == ("female", 34, 4)
    assert saved["weight_kg"] == pytest.approx(72)
    assert saved == {k: v for k, v in plan["profile"].items() if v is not None}
    assert "weight_kg = 72" in ok("profile", "show")


def test_plan_from_a_file_saves_that_profile(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('sex = "male"\nage = 41\nheight_cm = "6ft"\nweight_kg = "200lb"\nweeks = 3\n')
    ok("plan", "--profile", str(path))
    saved = as_json("profile", "show")
    assert (saved["sex"], saved["age"], saved["weeks"]) == ("male", 41, 3)
    assert saved["weight_kg"] == pytest.approx(90.72, abs=0.01)
    # What `profile show --json` prints is itself a valid profile file.
    again = tmp_path / "again.json"
    again.write_text(json.dumps(saved))
    assert as_json("plan", "--profile", str(again), "--no-save")["profile"]["age"] == 41


def test_no_save_leaves_profile_and_plan_alone() -> None:
    first = save_plan()
    before = as_json("profile", "show")
    other = as_json("plan", "--sex", "male", "--age", "50", "--height", "180cm",
                    "--weight", "95kg", "--no-save")  # fmt: skip
    assert other["profile"]["age"] == 50
    assert as_json("profile", "show") == before
    today = as_json("today", "--date", first["start_date"])
    assert today["plan_start"] == first["start_date"]
    with runtime.use_case() as (session, actor):
        active = plans.active_program(session, actor)
    assert active is not None and active.profile.age == 34


def test_no_save_without_any_profile_saves_nothing() -> None:
    ok("plan", *PERSON, "--no-save")
    assert "none saved" in error("profile", "show")
    assert "gluteus plan" in error("today")


def test_plan_without_flags_replans_from_the_saved_profile() -> None:
    save_plan()
    ok("profile", "set", "weight_kg=80kg", "weeks=2")
    plan = as_json("plan")
    assert plan["profile"]["weight_kg"] == pytest.approx(80)
    assert len(plan["weeks"]) == 2
    assert sorted(plan["profile"]["equipment"]) == ["bench", "dumbbells", "mini_band"]
    # A flag laid over the saved profile changes just that key, and is saved.
    assert as_json("plan", "--weeks", "3")["profile"]["weight_kg"] == pytest.approx(80)
    assert as_json("profile", "show")["weeks"] == 3


def test_plan_uses_the_latest_logged_weight() -> None:
    save_plan()
    ok("log", "weight", "70.2kg", "--date", days_ago(1))
    assert as_json("plan")["profile"]["weight_kg"] == pytest.approx(70.2)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("binary.toml", b"\x00\x01\x02\xff\xfe binary"),
        ("latin1.toml", 'sex = "f\xe9male"\n'.encode("latin-1")),
        ("picture.json", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("empty.json", b"[]"),
    ],
)
def test_unreadable_profile_file_names_profile(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert error("plan", "--profile", str(path)).startswith("error: --profile")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ('sex = "female"\nage = 12\nheight_cm = 165\nweight_kg = 70\n', "error: --profile age"),
        (
            'sex = "female"\nage = 30\nheight_cm = 165\nweight_kg = 70\nfoo = 1\n',
            "error: --profile foo",
        ),
        ('sex = "female"\nage = 30\n', "error: --profile"),
        ("sex = \n", "error: --profile: is not valid TOML"),
    ],
)
def test_bad_value_in_a_profile_file_names_the_file_and_key(
    tmp_path: Path, text: str, start: str
) -> None:
    path = tmp_path / "me.toml"
    path.write_text(text)
    assert error("plan", "--profile", str(path)).startswith(start)
    assert error("calories", "--profile", str(path)).startswith(start)


def test_profile_that_is_a_directory_names_profile(tmp_path: Path) -> None:
    assert error("plan", "--profile", str(tmp_path)).startswith("error: --profile")


def test_bad_week_is_refused_before_anything_is_saved() -> None:
    assert error("plan", *PERSON, "--weeks", "2", "--week", "5").startswith("error: --week")
    assert "none saved" in error("profile", "show")
