"""`gluteus log …`: several sets at once, units, dates, corrections and undo, and
today's session logged as planned or answered question by question.
"""

from __future__ import annotations

import datetime as dt

import pytest
from commandline import (
    as_json,
    days_ago,
    error,
    history,
    invoke,
    local_today,
    ok,
    runner,
    save_plan,
    strength_day,
    training_days,
)

from gluteus.cli import cli, runtime
from gluteus.domain.history import BandLevel, History
from gluteus.domain.profile import Profile
from gluteus.domain.program import Day, PlannedExercise, Program, Role, SessionKind
from gluteus.services import journal, plans
from gluteus.services import today as today_service


def _history() -> History:
    with runtime.use_case() as (session, actor):
        return journal.history(session, actor)


def _ok(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _error(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    return result.stderr


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
    assert "3 sets" in out
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


def test_a_range_is_said_in_the_units_typed() -> None:
    message = _error(
        "log", "set", "glute-bridge", "-r", "9", "--load", "2000", "--hard", "--units", "imperial"
    )
    assert "allowed range 0–1102.3 lb; got 2000.0" in message
    message = _error("log", "measure", "--waist", "5cm")
    assert message.startswith("error: --waist: too low (allowed range 20–250 cm; got 5")
    assert _history() == History()


def test_pain_and_intake() -> None:
    _ok("log", "pain", "forward-lunge", "--severity", "4", "--note", "left knee")
    _ok("log", "intake", "1850")
    history = _history()
    assert history.pain[0].severity == 4
    assert history.intake[0].kcal == 1850


def test_intake_protein_is_stored_and_shown() -> None:
    out = _ok("log", "intake", "650", "--meal", "lunch", "--protein", "42.5")
    assert "42 g protein" in out or "43 g protein" in out
    _ok("log", "intake", "400")
    entries = sorted(_history().intake, key=lambda e: e.kcal)
    assert [(e.kcal, e.protein_g) for e in entries] == [(400, None), (650, 42.5)]


def test_pain_region_round_trip() -> None:
    out = _ok("log", "pain", "loaded-squat", "--severity", "3", "--region", "knee")
    assert "in the knee" in out
    _ok("log", "pain", "forward-lunge", "--severity", "2")
    regions = {p.exercise_id: p.region for p in _history().pain}
    assert regions == {"loaded-squat": "knee", "forward-lunge": "other"}
    entry = as_json("history", "--kind", "pain")
    assert {e["region"] for e in entry} == {"knee", "other"}
    pain_id = next(e["id"] for e in entry if e["region"] == "other")
    _ok("log", "edit", pain_id, "--region", "lower_back")
    assert {p.region for p in _history().pain} == {"knee", "lower_back"}


def test_bad_pain_region_names_the_allowed_values() -> None:
    message = _error("log", "pain", "forward-lunge", "--severity", "2", "--region", "elbow")
    assert message.startswith("error: --region")
    for region in ("knee", "lower_back", "hip", "shoulder", "other"):
        assert region in message
    assert _history() == History()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["log", "set", "glute-bridge", "--reps", "12", "--reps", "999", "--hard"], "--reps"),
        (["log", "set", "glute-bridge", "--reps", "12"], "--hard"),
        (["log", "set", "no-such-move", "--reps", "12", "--hard"], "EXERCISE"),
        (["log", "set", "glute-bridge", "-r", "12", "--load", "heavy", "--hard"], "--load"),
        (["log", "set", "glute-bridge", "-r", "12", "--band", "titanium", "--hard"], "--band"),
        (["log", "set", "glute-bridge", "-r", "12", "--hard", "--date", "2999-01-01"], "--date"),
        (["log", "set", "glute-bridge", "-r", "12", "--hard", "--date", "03/03/25"], "--date"),
        (["log", "cardio", "brisk-walk", "--minutes", "0"], "--minutes"),
        (["log", "cardio", "glute-bridge", "--minutes", "20"], "ACTIVITY"),
        (
            ["log", "cardio", "brisk-walk", "--minutes", "20", "--distance", "3 parsecs"],
            "--distance",
        ),
        (["log", "weight", "12kg"], "WEIGHT"),
        (["log", "weight", "lots"], "WEIGHT"),
        (["log", "weight", "-70kg"], "WEIGHT"),
        (["log", "measure"], "--hips"),
        (["log", "measure", "--waist", "5cm"], "--waist"),
        (["log", "pain", "glute-bridge", "--severity", "11"], "--severity"),
        (["log", "intake", "20000"], "KCAL"),
        (["log", "intake", "-5"], "KCAL"),
        (["log", "intake", "1800", "--protein", "5000"], "--protein"),
        (["log", "intake", "1800", "--protein", "-1"], "--protein"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(args: list[str], field: str) -> None:
    message = _error(*args)
    assert message.startswith(f"error: {field}")
    assert _history() == History()


def test_log_today_without_terminal_needs_flags() -> None:
    assert "--as-planned" in _error("log", "today")


def test_log_today_without_plan() -> None:
    assert "no active plan" in _error("log", "today", "--as-planned", "--hard")


def _save_plan(woman: Profile) -> tuple[dt.date, Program]:
    today = local_today()
    start = today - dt.timedelta(days=today.weekday() + 7)
    with runtime.use_case() as (session, actor):
        program = plans.make_plan(
            session, actor, plans.PlanRequest(profile=woman, start_date=start)
        )
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
    monkeypatch.setattr("gluteus.cli.log.is_terminal", lambda: True)
    day, program = _save_plan(woman)
    planned = program.day_for(day)
    assert planned is not None
    answers: list[str] = []
    first: PlannedExercise | None = None
    for kind, exercise in today_service.planned_items(planned):
        if today_service.is_cardio(kind, exercise):
            answers.append("25")
        elif first is None:
            first = exercise
            answers += ["y", "8kg", *["11"] * exercise.sets, "y"]
        else:
            answers.append("n")
    assert first is not None
    result = runner.invoke(
        cli, ["log", "today", "--date", day.isoformat()], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    history = _history()
    assert len(history.sets) == first.sets
    assert {s.exercise_id for s in history.sets} == {first.id}
    assert {s.reps for s in history.sets} == {11}
    assert {s.load_kg for s in history.sets} == {8.0}
    assert all(c.minutes == 25 for c in history.cardio)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("bodyweight", (None, None)),
        ("8kg", (8.0, None)),
        ("medium band", (None, "medium")),
        ("extra light band", (None, "extra_light")),
        ("band heavy", (None, "heavy")),
        ("band", (None, "medium")),
    ],
)
def test_guided_load_answers(text: str, expected: tuple[float | None, str | None]) -> None:
    from gluteus.cli.guided import _load
    from gluteus.domain.units import UnitSystem

    assert _load(text, UnitSystem.METRIC) == expected


def _band_and_dumbbell_days(program: Program, start: dt.date) -> list[tuple[str, str, dt.date]]:
    """(how, exercise id, day) of a band and a dumbbell main exercise in week 2."""
    from gluteus.domain.catalog import default_catalog
    from gluteus.domain.profile import Equipment

    catalog = default_catalog()
    found: dict[str, tuple[str, str, dt.date]] = {}
    for offset in range(7, 14):
        day = start + dt.timedelta(days=offset)
        planned = program.day_for(day)
        for kind, exercise in today_service.planned_items(planned) if planned else []:
            if today_service.is_cardio(kind, exercise) or exercise.role is not Role.MAIN:
                continue
            kit = set(catalog.get(exercise.id).equipment)
            how = "band" if Equipment.MINI_BAND in kit else "load"
            if how == "band" or Equipment.DUMBBELLS in kit:
                found.setdefault(how, (how, exercise.id, day))
    return list(found.values())


def test_log_today_guided_enter_keeps_band_and_load_targets(
    woman: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gluteus.cli.log.is_terminal", lambda: True)
    today = local_today()
    start = today - dt.timedelta(days=today.weekday() + 14)
    with runtime.use_case() as (session, actor):
        program = plans.make_plan(
            session, actor, plans.PlanRequest(profile=woman, start_date=start)
        )
    chosen = _band_and_dumbbell_days(program, start)
    assert chosen, "no band or dumbbell exercise in week 2"
    for how, exercise_id, day in chosen:
        dose = ["--band", "heavy"] if how == "band" else ["--load", "25lb"]
        earlier = (day - dt.timedelta(days=7)).isoformat()
        _ok("log", "set", exercise_id, "-r", "12", "-r", "12", *dose, "--hard", "--date", earlier)

    for _, exercise_id, day in chosen:
        with runtime.use_case() as (session, actor):
            view = today_service.today_view(session, actor, day)
        assert view.day is not None
        rec = next(r for r in view.targets if r.exercise_id == exercise_id)
        assert rec.band is not None or rec.load_kg is not None
        answers: list[str] = []
        for kind, exercise in today_service.planned_items(view.day):
            if exercise.id == exercise_id:
                answers += ["", "", *[""] * rec.dose.sets, ""]
                break
            answers.append("0" if today_service.is_cardio(kind, exercise) else "n")
        answers.append("stop")
        result = runner.invoke(
            cli, ["log", "today", "--date", day.isoformat()], input="\n".join(answers) + "\n"
        )
        assert result.exit_code == 0, result.output
        logged = [s for s in _history().sets if s.date == day and s.exercise_id == exercise_id]
        assert len(logged) == rec.dose.sets
        assert {(s.reps, s.load_kg, s.band) for s in logged} == {
            (rec.target_reps, rec.load_kg, rec.band)
        }


def test_log_today_guided_stop_keeps_the_sets_entered(
    woman: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gluteus.cli.log.is_terminal", lambda: True)
    day, program = _save_plan(woman)
    planned = program.day_for(day)
    assert planned is not None
    answers: list[str] = []
    first: PlannedExercise | None = None
    for kind, exercise in today_service.planned_items(planned):
        if today_service.is_cardio(kind, exercise):
            answers.append("0")
            continue
        first = exercise
        answers += ["y", "", "9", "stop"]
        break
    assert first is not None and first.sets >= 2
    result = runner.invoke(
        cli, ["log", "today", "--date", day.isoformat()], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "keeping what you entered" in result.stdout
    sets = _history().sets
    assert [(s.exercise_id, s.reps, s.set_number) for s in sets] == [(first.id, 9, 1)]


def test_log_today_guided_all_zero_sets_log_nothing(
    woman: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gluteus.cli.log.is_terminal", lambda: True)
    day, program = _save_plan(woman)
    planned = program.day_for(day)
    assert planned is not None
    answers: list[str] = []
    for kind, exercise in today_service.planned_items(planned):
        if today_service.is_cardio(kind, exercise):
            answers.append("0")
            continue
        answers += ["y", "", *["0"] * 10][: 2 + exercise.sets]
        answers.append("stop")
        break
    result = runner.invoke(
        cli, ["log", "today", "--date", day.isoformat()], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Nothing to log" in result.stdout
    assert _history() == History()


def test_log_delete_asks_and_without_a_terminal_needs_yes() -> None:
    ok("log", "weight", "70kg", "--date", days_ago(1))
    (entry,) = history()
    message = error("log", "delete", entry["id"])
    assert "--yes" in message
    assert history() == [entry]
    ok("log", "delete", entry["id"], "--yes")
    assert history() == []
    assert error("log", "delete", entry["id"], "--yes").startswith("error: ID")
    assert error("log", "delete", "banana-7", "--yes").startswith("error: ID")


def test_log_delete_several_at_once() -> None:
    ok("log", "set", "glute-bridge", "-r", "12", "-r", "12", "-r", "12", "--hard")
    ids = [e["id"] for e in history()]
    ok("log", "delete", ids[0], ids[2], "-y")
    assert [e["id"] for e in history()] == [ids[1]]


def test_log_undo_takes_back_the_last_logging_action() -> None:
    ok("log", "weight", "70kg", "--date", days_ago(2))
    ok("log", "set", "glute-bridge", "-r", "15", "-r", "14", "-r", "12", "--hard",
       "--date", days_ago(1))  # fmt: skip
    assert "--yes" in error("log", "undo")
    assert len(history()) == 4
    out = ok("log", "undo", "--yes")
    assert "3" in out
    assert [e["kind"] for e in history()] == ["weight"]
    ok("log", "undo", "--yes")
    assert history() == []
    assert "nothing logged" in error("log", "undo", "--yes")


def test_log_edit_corrects_one_entry() -> None:
    ok("log", "set", "glute-bridge", "-r", "10", "-r", "10", "--hard", "--date", days_ago(1))
    ok("log", "weight", "70kg", "--date", days_ago(1))
    ok("log", "cardio", "brisk-walk", "--minutes", "20", "--date", days_ago(1))
    first, second = (e for e in history() if e["kind"] == "set")
    ok("log", "edit", first["id"], "--reps", "12")
    ok("log", "edit", first["id"], "--load", "6kg", "--easy")
    sets = [e for e in history() if e["kind"] == "set"]
    assert (sets[0]["reps"], sets[0]["load_kg"], sets[0]["last_two_hard"]) == (12, 6.0, False)
    assert sets[1] == second

    (weight,) = history("--kind", "weight")
    ok("log", "edit", weight["id"], "--weight", "69.5kg", "--date", days_ago(2))
    (edited,) = history("--kind", "weight")
    assert (edited["weight_kg"], edited["date"]) == (69.5, days_ago(2))
    (cardio,) = history("--kind", "cardio")
    ok("log", "edit", cardio["id"], "--minutes", "35")
    assert history("--kind", "cardio")[0]["minutes"] == 35


@pytest.mark.parametrize(
    ("kind", "args", "flag"),
    [
        ("weight", ["--reps", "12"], "--reps"),
        ("set", ["--weight", "70kg"], "--weight"),
        ("set", ["--minutes", "30"], "--minutes"),
        ("set", ["--kcal", "1800"], "--kcal"),
    ],
)
def test_log_edit_refuses_another_kinds_field(kind: str, args: list[str], flag: str) -> None:
    ok("log", "weight", "70kg", "--date", days_ago(1))
    ok("log", "set", "glute-bridge", "-r", "10", "--hard", "--date", days_ago(1))
    before = history()
    target = next(e for e in before if e["kind"] == kind)
    message = error("log", "edit", target["id"], *args)
    assert message.startswith(f"error: {flag}")
    assert f"{kind} entry" in message
    assert history() == before


def test_log_edit_needs_a_change_and_a_real_id() -> None:
    ok("log", "weight", "70kg")
    (entry,) = history()
    error("log", "edit", entry["id"])
    assert error("log", "edit", "weight-99", "--weight", "60kg").startswith("error: ID")


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["set", "glute-bridge", "-r", "12", "--hard"], "set"),
        (["cardio", "brisk-walk", "--minutes", "30"], "cardio"),
        (["weight", "70kg"], "weight"),
        (["measure", "--waist", "80cm"], "measure"),
        (["pain", "forward-lunge", "--severity", "2"], "pain"),
        (["intake", "1800"], "intake"),
    ],
)
def test_every_log_command_takes_a_date(args: list[str], kind: str) -> None:
    day = days_ago(5)
    ok("log", *args, "--date", day)
    (entry,) = history()
    assert (entry["kind"], entry["date"]) == (kind, day)
    assert error("log", *args, "--date", "5/1/2025").startswith("error: --date")
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    assert error("log", *args, "--date", tomorrow).startswith("error: --date")
    assert len(history()) == 1


@pytest.mark.parametrize(
    "command", ["set", "cardio", "weight", "measure", "pain", "intake", "today", "edit"]
)
def test_log_help_shows_date(command: str) -> None:
    assert "--date" in ok("log", command, "--help")


def test_log_today_takes_a_date() -> None:
    plan = save_plan()
    day = strength_day(plan, local_today())
    out = ok("log", "today", "--as-planned", "--easy", "--date", day.isoformat())
    assert day.isoformat() in out
    assert {e["date"] for e in history()} == {day.isoformat()}


def test_text_people_type_is_shown_as_typed() -> None:
    note = "[/oops] left knee [bold]"
    out = ok("log", "pain", "forward-lunge", "--severity", "2", "--note", note)
    assert note in out
    (entry,) = history()
    assert entry["note"] == note
    table = ok("history")
    assert "[/oops]" in table and "[bold]" in table
    assert note in ok("log", "delete", entry["id"], "--yes")


def test_set_numbers_continue_across_log_calls() -> None:
    day = days_ago(1)
    ok("log", "set", "glute-bridge", "-r", "12", "-r", "12", "--hard", "--date", day)
    ok("log", "set", "glute-bridge", "-r", "10", "-r", "10", "--hard", "--date", day)
    ok("log", "set", "goblet-squat", "-r", "8", "--hard", "--date", day)
    ok("log", "set", "glute-bridge", "-r", "9", "--hard", "--date", days_ago(2))
    entries = history("--kind", "set")
    numbers = [(e["exercise_id"], e["date"], e["set_number"]) for e in entries]
    assert [n for ex, d, n in numbers if ex == "glute-bridge" and d == day] == [1, 2, 3, 4]
    assert [n for ex, d, n in numbers if ex == "goblet-squat"] == [1]
    assert [n for ex, d, n in numbers if d == days_ago(2)] == [1]


def test_more_than_twenty_sets_a_day() -> None:
    day = days_ago(1)
    for _ in range(3):
        ok("log", "set", "glute-bridge", *(["-r", "10"] * 8), "--easy", "--date", day)
    ok("log", "set", "glute-bridge", *(["-r", "10"] * 25), "--easy", "--date", day)
    numbers = [e["set_number"] for e in history("--kind", "set")]
    assert numbers == list(range(1, 50))


def test_log_today_as_planned_twice_logs_once() -> None:
    plan = save_plan()
    day = strength_day(plan, local_today()).isoformat()
    first = ok("log", "today", "--as-planned", "--hard", "--date", day)
    logged = history()
    assert logged and "Logged" in first
    assert any(e["kind"] == "set" for e in logged)
    second = ok("log", "today", "--as-planned", "--hard", "--date", day)
    assert "Logged 0 sets and 0 cardio bouts" in second
    assert "Already logged" in second
    assert history() == logged


def test_log_today_as_planned_tops_up_a_partly_logged_day() -> None:
    plan = save_plan()
    day = strength_day(plan, local_today()).isoformat()
    targets = as_json("today", "--date", day)["targets"]
    first = targets[0]
    ok("log", "set", first["exercise_id"], "-r", "5", "--hard", "--date", day)
    ok("log", "today", "--as-planned", "--hard", "--date", day)
    sets = [e for e in history("--kind", "set") if e["exercise_id"] == first["exercise_id"]]
    assert len(sets) == first["dose"]["sets"]
    assert [s["set_number"] for s in sets] == list(range(1, len(sets) + 1))


def test_log_today_on_a_rest_day_is_refused() -> None:
    plan = save_plan()
    planned = {date for date, _ in training_days(plan)}
    start = dt.date.fromisoformat(plan["start_date"])
    rest = next(start + dt.timedelta(days=i) for i in range(7) if start + dt.timedelta(days=i)
                not in planned)  # fmt: skip
    assert error("log", "today", "--as-planned", "--hard", "--date", rest.isoformat()).startswith(
        "error: --date"
    )


def test_a_weight_in_pounds_is_questioned_before_it_is_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n in (6, 4, 2):
        _ok("log", "weight", "72kg", "--date", days_ago(n))
    line = error("log", "weight", "158.7")
    assert "Did you mean 72 kg?" in line and "--confirm" in line
    assert len(_history().weights) == 3  # nothing written
    _ok("log", "weight", "158.7", "--confirm")
    assert len(_history().weights) == 4
    monkeypatch.setattr("gluteus.cli.log.is_terminal", lambda: True)
    declined = invoke("log", "weight", "160", input="n\n")
    assert declined.exit_code == 1 and "Did you mean" in declined.stdout
    assert len(_history().weights) == 4
    kept = invoke("log", "weight", "160", input="y\n")
    assert kept.exit_code == 0 and len(_history().weights) == 5


def test_intake_per_meal_adds_up_and_is_never_overwritten() -> None:
    day = days_ago(1)
    _ok("log", "intake", "600", "--date", day, "--meal", "breakfast")
    _ok("log", "intake", "800", "--date", day, "--meal", "lunch")
    entries = [e for e in _history().intake if e.date.isoformat() == day]
    assert sorted(e.kcal for e in entries) == [600, 800]
    assert {e.meal for e in entries} == {"breakfast", "lunch"}
    from gluteus.domain.energy.checkin_rules import daily_intake

    assert daily_intake(entries)[entries[0].date] == 1400


def test_an_intake_day_can_be_marked_incomplete() -> None:
    out = _ok("log", "intake", "300", "--date", days_ago(2))
    entry_id = out.split("(")[-1].split(")")[0]
    _ok("log", "edit", entry_id, "--incomplete")
    assert [e.incomplete for e in _history().intake] == [True]
