"""Contract of daily use (issue "Daily use, done right"): history, corrections, dates,
the saved profile, readiness answers, units, one-line errors and a fast, lazy start.

Every test drives the real command line through the lazy group, on its own database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from gluteus.cli import cli, runtime
from gluteus.services import plans

runner = CliRunner()
PERSON = ["--sex", "female", "--age", "34", "--height", "165cm", "--weight", "72kg"]
BOX = ("╭", "│", "╰", "┏", "┃")


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GLUTEUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLUTEUS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gluteus.db'}")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("GLUTEUS_UNITS", raising=False)
    runtime.engine.cache_clear()
    yield
    if runtime.engine.cache_info().currsize:
        runtime.engine().dispose()
    runtime.engine.cache_clear()


# --- helpers ---------------------------------------------------------------------------------


def local_today() -> dt.date:
    """Today as the CLI's actor sees it (the machine's time zone)."""
    return dt.datetime.now(ZoneInfo(runtime.machine_timezone())).date()


def days_ago(n: int) -> str:
    return (local_today() - dt.timedelta(days=n)).isoformat()


def last_monday(weeks_back: int = 1) -> dt.date:
    """Monday ``weeks_back`` weeks before this week's Monday."""
    today = local_today()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks_back)


def invoke(*args: str) -> Result:
    return runner.invoke(cli, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def error(*args: str) -> str:
    """The one ``error:`` line of a command that must fail with exit 2."""
    result = invoke(*args)
    assert result.exit_code == 2, (args, result.output)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything
    assert not any(mark in everything for mark in BOX), everything
    return result.stderr


def history(*filters: str) -> list[dict[str, Any]]:
    entries = as_json("history", *filters)
    assert isinstance(entries, list)
    return entries


def save_plan(*extra: str, start: dt.date | None = None) -> dict[str, Any]:
    first = start or last_monday()
    plan: dict[str, Any] = as_json(
        "plan", *PERSON, "--equipment", "mini_band,dumbbells,bench", "--weeks", "4",
        "--start", first.isoformat(), *extra,
    )  # fmt: skip
    return plan


def training_days(plan: dict[str, Any]) -> list[tuple[dt.date, dict[str, Any]]]:
    """Every planned day of ``plan`` with its date, in order."""
    start = dt.date.fromisoformat(plan["start_date"])
    order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    found = []
    for week in plan["weeks"]:
        monday = start + dt.timedelta(days=7 * (week["number"] - 1))
        for day in week["days"]:
            found.append((monday + dt.timedelta(days=order.index(day["weekday"])), day))
    return found


def strength_day(plan: dict[str, Any], before: dt.date) -> dt.date:
    """The first planned day with strength work not after ``before``."""
    return next(
        date
        for date, day in training_days(plan)
        if date <= before and any(s["kind"] == "strength" for s in day["sessions"])
    )


# --- history ---------------------------------------------------------------------------------


def test_history_json_lists_every_kind_with_ids_and_fields() -> None:
    d1, d2 = days_ago(3), days_ago(2)
    ok("log", "weight", "71.5kg", "--date", d1)
    ok("log", "set", "glute-bridge", "-r", "12", "-r", "10", "--load", "8kg", "--hard",
       "--date", d1)  # fmt: skip
    ok("log", "cardio", "brisk-walk", "--minutes", "30", "--date", d2)
    ok("log", "intake", "1850", "--date", d2)
    ok("log", "measure", "--hips", "100cm", "--date", d2)
    ok("log", "pain", "forward-lunge", "--severity", "3", "--date", d2)

    entries = history()
    assert len(entries) == 7
    assert all({"id", "kind", "date"} <= set(e) for e in entries)
    assert len({e["id"] for e in entries}) == 7
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["weight"]["weight_kg"] == pytest.approx(71.5)
    sets = [e for e in entries if e["kind"] == "set"]
    assert [(s["exercise_id"], s["reps"], s["load_kg"]) for s in sets] == [
        ("glute-bridge", 12, 8.0),
        ("glute-bridge", 10, 8.0),
    ]
    assert by_kind["cardio"]["minutes"] == 30
    assert by_kind["intake"]["kcal"] == 1850
    assert by_kind["measure"]["hips_cm"] == pytest.approx(100)
    assert by_kind["pain"]["severity"] == 3
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)

    assert [e["kind"] for e in history("--kind", "weight")] == ["weight"]
    assert {e["kind"] for e in history("--kind", "set")} == {"set"}
    assert {e["date"] for e in history("--since", d2)} == {d2}
    assert {e["date"] for e in history("--until", d1)} == {d1}
    assert [e["kind"] for e in history("--kind", "intake", "--since", d2, "--until", d2)] == [
        "intake"
    ]
    assert history("--kind", "weight", "--since", d2) == []
    assert "Glute bridge" in ok("history")


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--kind", "sets"], "--kind"),
        (["--since", "yesterday"], "--since"),
        (["--until", "2025-02-30"], "--until"),
    ],
)
def test_history_bad_filters(args: list[str], flag: str) -> None:
    assert error("history", *args).startswith(f"error: {flag}")


def test_history_since_after_until_is_refused() -> None:
    assert "--since" in error("history", "--since", days_ago(1), "--until", days_ago(2))


# --- delete, undo, edit ----------------------------------------------------------------------


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


# --- --date on every log command -------------------------------------------------------------


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


# --- the saved profile -----------------------------------------------------------------------

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


def test_profile_set_changes_keys_with_units() -> None:
    assert "sex" in error("profile", "set", "weight_kg=70kg")
    ok("profile", "set", "sex=female", "age=30", "height_cm=5ft 5in", "weight_kg=160lb")
    saved = as_json("profile", "show")
    assert saved["weight_kg"] == pytest.approx(72.57, abs=0.01)
    assert saved["height_cm"] == pytest.approx(165.1, abs=0.01)
    ok("profile", "set", "available_days=mon,wed,fri", "minutes_per_session=45",
       "level=intermediate")  # fmt: skip
    saved = as_json("profile", "show")
    assert saved["available_days"] == ["mon", "wed", "fri"]
    assert (saved["minutes_per_session"], saved["level"]) == (45, "intermediate")
    assert saved["weight_kg"] == pytest.approx(72.57, abs=0.01)
    assert as_json("plan")["profile"]["available_days"] == ["mon", "wed", "fri"]


@pytest.mark.parametrize(
    ("pair", "named"),
    [("shoe_size=40", "shoe_size"), ("age=twelve", "age"), ("novalue", "KEY=VALUE")],
)
def test_profile_set_refuses_bad_keys(pair: str, named: str) -> None:
    ok("profile", "set", "sex=female", "age=30", "height_cm=165", "weight_kg=70")
    before = as_json("profile", "show")
    assert named in error("profile", "set", pair)
    assert as_json("profile", "show") == before


# --- readiness answers -----------------------------------------------------------------------


def test_screen_before_any_profile_reaches_a_plan_from_flags() -> None:
    answers = as_json("screen", "--all-no")
    assert answers["cleared"] is True and answers["saved_to_profile"] is False
    plan = as_json("plan", *PERSON, "--weeks", "2")
    assert plan["screening"]["answered"] is True
    assert plan["screening"]["cleared"] is True


def test_screen_answers_go_into_the_saved_profile() -> None:
    plan = save_plan()
    assert plan["screening"]["answered"] is False
    ok("screen", "--yes", "q1,q6")
    assert as_json("profile", "show")["parq"]["q6"] is True
    replanned = as_json("plan")
    assert replanned["screening"]["answered"] is True
    assert replanned["screening"]["cleared"] is False
    ok("screen", "--all-no")
    replanned = as_json("plan")
    assert replanned["screening"]["answered"] is True
    assert replanned["screening"]["cleared"] is True


def test_screen_needs_answers_without_a_terminal() -> None:
    assert "--all-no" in error("screen")
    assert "q9" in error("screen", "--yes", "q1,q9")


# --- units -----------------------------------------------------------------------------------

PROJECT_PERSON = ["--sex", "female", "--age", "30", "--height", "165cm", "--pal", "1.6"]


def test_imperial_project_reads_bare_weight_in_pounds() -> None:
    def start_weight(weight: str) -> float:
        data = as_json("project", *PROJECT_PERSON, "--weight", weight, "--days", "30")
        value: float = data["dynamic"]["weight_kg"][0]
        return value

    metric_bare = start_weight("160")
    ok("config", "units", "imperial")
    assert start_weight("160") == pytest.approx(72.57, abs=0.01)
    assert start_weight("160lb") == pytest.approx(72.57, abs=0.01)
    assert start_weight("72.57kg") == pytest.approx(72.57, abs=0.01)
    assert metric_bare == pytest.approx(160)
    out = ok("project", *PROJECT_PERSON, "--weight", "160", "--days", "30")
    assert "160 lb" in out and " kg" not in out


def test_imperial_today_shows_pounds_without_float_noise() -> None:
    ok("config", "units", "imperial")
    plan = save_plan(start=last_monday(2))
    day = next(
        date
        for date, planned in training_days(plan)
        if date >= last_monday(1) and any(s["kind"] == "strength" for s in planned["sessions"])
    )
    targets = as_json("today", "--date", day.isoformat())["targets"]
    assert targets
    for target in targets:
        ok("log", "set", target["exercise_id"], "-r", "12", "-r", "12", "--load", "25",
           "--hard", "--date", (day - dt.timedelta(days=7)).isoformat())  # fmt: skip
    assert all(e["load_kg"] == pytest.approx(11.3398, abs=1e-3) for e in history())
    view = as_json("today", "--date", day.isoformat())
    assert any(t["load_kg"] for t in view["targets"])
    out = ok("today", "--date", day.isoformat())
    assert " lb" in out
    assert not re.search(r"\d ?kg\b", out), out
    assert not re.search(r"\d\.\d{3,}", out), out
    assert "25 lb" in ok("history")


def test_imperial_calories_pace_in_pounds() -> None:
    ok("config", "units", "imperial")
    out = ok("calories", *PERSON, "--pace", "0.5")
    assert "1.1 lb/week" in out
    assert not re.search(r"\d ?kg\b", out)
    plan_out = ok("plan", *PERSON, "--weeks", "2")
    assert "lb/week" in plan_out


# --- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["log", "weight", "-70kg"], "error: WEIGHT"),
        (["log", "weight", "-70"], "error: WEIGHT"),
        (["log", "intake", "-5"], "error: KCAL"),
        (["log", "set", "glute-bridge", "-r", "-3", "--hard"], "error: --reps"),
        (["log", "set", "glute-bridge", "-r", "ten", "--hard"], "error:"),
        (["log", "set"], "error:"),
        (["log", "bogus"], "error:"),
        (["bogus"], "error:"),
        (["plan", "--sexx", "female"], "error:"),
        (["plan", *PERSON, "--age", "abc"], "error:"),
        (["plan", *PERSON, "--level", "expert"], "error:"),
        (["plan", *PERSON, "--weight", "-70kg"], "error: --weight"),
        (["today", "--date", "2025-13-01"], "error: --date"),
        (["project", *PROJECT_PERSON, "--weight", "-160"], "error: --weight"),
        (["exercises", "show", "no-such-exercise"], "error:"),
        (["config", "units", "furlongs"], "error:"),
        (["config", "timezone", "Mars/Olympus"], "error: ZONE"),
        (["progress", "--format", "gif"], "error: --format"),
        (["log", "weight", "[/x]"], "error: WEIGHT: cannot read '[/x]'"),
        (["exercises", "show", "[bold]x[/bold]"], "error: no exercise with id '[bold]x[/bold]'"),
    ],
)
def test_usage_errors_are_one_plain_line(args: list[str], start: str) -> None:
    assert error(*args).startswith(start)


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


def test_real_process_usage_error_is_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GLUTEUS_DATA_DIR": str(tmp_path / "data"),
        "GLUTEUS_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'g.db'}",
        "COLUMNS": "80",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gluteus", "log", "weight", "-70kg"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: WEIGHT") and done.stderr.count("\n") == 1


def test_text_people_type_is_shown_as_typed() -> None:
    note = "[/oops] left knee [bold]"
    out = ok("log", "pain", "forward-lunge", "--severity", "2", "--note", note)
    assert note in out
    (entry,) = history()
    assert entry["note"] == note
    table = ok("history")
    assert "[/oops]" in table and "[bold]" in table
    assert note in ok("log", "delete", entry["id"], "--yes")


# --- today on a rest day ---------------------------------------------------------------------


def test_rest_day_today_says_what_comes_next_and_when() -> None:
    plan = save_plan()
    planned = {date for date, _ in training_days(plan)}
    start = dt.date.fromisoformat(plan["start_date"])
    rest = next(start + dt.timedelta(days=i) for i in range(7) if start + dt.timedelta(days=i)
                not in planned)  # fmt: skip
    view = as_json("today", "--date", rest.isoformat())
    assert view["status"] == "rest" and view["day"] is None
    following = min(d for d in planned if d > rest)
    assert view["next"]["date"] == following.isoformat()
    out = ok("today", "--date", rest.isoformat())
    assert "rest day" in out
    assert "Next:" in out and f"{following:%A}" in out and f"{following:%d %b}" in out


def test_today_before_the_plan_starts_says_when() -> None:
    plan = save_plan(start=local_today() + dt.timedelta(days=3))
    out = ok("today")
    assert "before your plan starts" in out and plan["start_date"] in out


# --- set numbers -----------------------------------------------------------------------------


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


# --- logging a planned day twice -------------------------------------------------------------


def test_log_today_as_planned_twice_logs_once() -> None:
    plan = save_plan()
    day = strength_day(plan, local_today()).isoformat()
    first = ok("log", "today", "--as-planned", "--hard", "--date", day)
    logged = history()
    assert logged and "Logged" in first
    assert any(e["kind"] == "set" for e in logged)
    second = ok("log", "today", "--as-planned", "--hard", "--date", day)
    assert "Logged 0 set(s) and 0 cardio bout(s)" in second
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


# --- a lazy, fast start ----------------------------------------------------------------------

PROBE = textwrap.dedent(
    """
    import json
    import sys

    from gluteus.cli import cli

    try:
        cli.main(sys.argv[1:])
    except SystemExit:
        pass
    print("MODULES:" + json.dumps(sorted(sys.modules)), file=sys.stderr)
    """
)
HEAVY = ("sqlalchemy", "alembic", "matplotlib", "numpy")
NOT_FOR_HELP = (
    *HEAVY,
    "icalendar",
    "jinja2",
    "pydantic",
    "rich",
    "gluteus.domain",
    "gluteus.db",
    "gluteus.services",
)


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    env = {
        **os.environ,
        "GLUTEUS_DATA_DIR": str(tmp_path / "data"),
        "GLUTEUS_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'g.db'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES:"))
    modules: list[str] = json.loads(line.removeprefix("MODULES:"))
    return set(modules)


def _matching(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    assert _matching(_loaded(tmp_path, "--help"), NOT_FOR_HELP) == []


def test_exercise_list_imports_no_database_or_plotting(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "exercises", "list", "--json")
    assert "gluteus.cli.exercises" in loaded
    assert _matching(loaded, HEAVY) == []


# --- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "shows"), [([], "Commands"), (["log"], "undo"), (["profile"], "show")]
)
def test_a_group_alone_shows_its_help(args: list[str], shows: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout and shows in result.stdout
    assert result.stderr == ""


def test_bad_week_is_refused_before_anything_is_saved() -> None:
    assert error("plan", *PERSON, "--weeks", "2", "--week", "5").startswith("error: --week")
    assert "none saved" in error("profile", "show")
