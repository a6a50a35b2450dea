from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gluteus.cli.log  # registers `gluteus log` and `gluteus config`
from gluteus.cli.app import app
from gluteus.db.engine import open_database
from gluteus.domain.history import BandLevel, History
from gluteus.domain.profile import Profile
from gluteus.domain.program import Day, PlannedExercise, Program, Role, SessionKind
from gluteus.services import tracking
from gluteus.services.planning import make_program

runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    return tmp_path


def _history() -> History:
    engine = open_database()
    try:
        return tracking.history(engine)
    finally:
        engine.dispose()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _error(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.stderr if result.stderr_bytes is not None else result.output


def test_log_several_sets_in_one_command() -> None:
    out = _ok(
        "log",
        "set",
        "glute-bridge",
        "--reps",
        "15",
        "--reps",
        "14",
        "--reps",
        "12",
        "--load",
        "8kg",
        "--hard",
        "--date",
        "2025-03-03",
    )
    assert "3 set(s)" in out
    sets = _history().sets
    assert [s.reps for s in sets] == [15, 14, 12]
    assert {s.load_kg for s in sets} == {8.0}
    assert all(s.last_two_hard for s in sets)


def test_band_and_imperial_units() -> None:
    _ok("config", "units", "imperial")
    _ok("log", "set", "band-side-lying-clamshell", "-r", "15", "--band", "heavy", "--easy")
    _ok("log", "weight", "160")
    _ok("log", "measure", "--hips", "39", "--waist", "80cm")
    _ok("log", "cardio", "brisk-walk", "--minutes", "30", "--distance", "2")
    history = _history()
    assert history.sets[0].band is BandLevel.HEAVY
    assert history.sets[0].last_two_hard is False
    assert history.weights[0].weight_kg == pytest.approx(72.57, abs=0.01)
    assert history.measurements[0].hips_cm == pytest.approx(99.06)
    assert history.measurements[0].waist_cm == pytest.approx(80.0)
    assert history.cardio[0].distance_km == pytest.approx(3.219, abs=0.001)
    assert _ok("config", "units").strip() == "imperial"


def test_units_option_overrides_setting() -> None:
    _ok("log", "weight", "160", "--units", "imperial")
    assert _history().weights[0].weight_kg == pytest.approx(72.57, abs=0.01)


def test_pain_and_intake() -> None:
    _ok("log", "pain", "forward-lunge", "--severity", "4", "--note", "left knee")
    _ok("log", "intake", "1850")
    history = _history()
    assert history.pain[0].severity == 4
    assert history.intake[0].kcal == 1850


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["log", "set", "glute-bridge", "--reps", "12", "--reps", "999", "--hard"], "reps"),
        (["log", "set", "glute-bridge", "--reps", "12"], "--hard"),
        (["log", "set", "no-such-move", "--reps", "12", "--hard"], "exercise"),
        (["log", "set", "glute-bridge", "-r", "12", "--load", "heavy", "--hard"], "--load"),
        (["log", "set", "glute-bridge", "-r", "12", "--band", "titanium", "--hard"], "--band"),
        (["log", "set", "glute-bridge", "-r", "12", "--hard", "--date", "2999-01-01"], "date"),
        (["log", "set", "glute-bridge", "-r", "12", "--hard", "--date", "03/03/25"], "--date"),
        (["log", "cardio", "brisk-walk", "--minutes", "0"], "minutes"),
        (["log", "cardio", "glute-bridge", "--minutes", "20"], "activity"),
        (
            ["log", "cardio", "brisk-walk", "--minutes", "20", "--distance", "3 parsecs"],
            "--distance",
        ),
        (["log", "weight", "12kg"], "weight_kg"),
        (["log", "weight", "lots"], "weight"),
        (["log", "measure"], "--hips"),
        (["log", "measure", "--waist", "5cm"], "waist_cm"),
        (["log", "pain", "glute-bridge", "--severity", "11"], "severity"),
        (["log", "intake", "20000"], "kcal"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(args: list[str], field: str) -> None:
    message = _error(*args)
    assert field in message
    assert _history() == History()


def test_log_today_without_terminal_needs_flags() -> None:
    assert "--as-planned" in _error("log", "today")


def test_log_today_without_plan() -> None:
    assert "no active plan" in _error("log", "today", "--as-planned", "--hard")


def _save_plan(woman: Profile) -> tuple[dt.date, Program]:
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 7)
    engine = open_database()
    program = tracking.save_plan(engine, make_program(woman, start))
    engine.dispose()
    day = next(
        start + dt.timedelta(days=i)
        for i in range(7)
        if (planned := program.day_for(start + dt.timedelta(days=i)))
        and planned.strength_sessions()
    )
    return day, program


def _loggable(day: Day) -> list[PlannedExercise]:
    return [
        e
        for s in day.sessions
        for e in s.exercises
        if e.role in (Role.MAIN, Role.FINISHER) and s.kind is SessionKind.STRENGTH
    ]


def test_log_today_as_planned(woman: Profile) -> None:
    day, program = _save_plan(woman)
    _ok("log", "today", "--as-planned", "--hard", "--date", day.isoformat())
    planned = program.day_for(day)
    assert planned is not None
    history = _history()
    assert len(history.sets) == sum(e.sets for e in _loggable(planned))
    assert len(history.cardio) == sum(
        1 for s in planned.sessions if s.kind is SessionKind.CARDIO for _ in s.exercises
    )


def test_log_today_guided(woman: Profile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gluteus.cli.log, "_is_terminal", lambda: True)
    day, program = _save_plan(woman)
    planned = program.day_for(day)
    assert planned is not None
    answers: list[str] = []
    first = True
    for session in planned.sessions:
        for exercise in session.exercises:
            if session.kind is SessionKind.CARDIO:
                answers.append("25")
            elif exercise.role in (Role.MAIN, Role.FINISHER):
                if first:
                    answers += ["y", "8kg", *["11"] * exercise.sets, "y"]
                    first = False
                else:
                    answers.append("n")
    result = runner.invoke(
        app, ["log", "today", "--date", day.isoformat()], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    history = _history()
    first_exercise = _loggable(planned)[0]
    assert len(history.sets) == first_exercise.sets
    assert {s.reps for s in history.sets} == {11}
    assert {s.load_kg for s in history.sets} == {8.0}
    assert all(c.minutes == 25 for c in history.cardio)
