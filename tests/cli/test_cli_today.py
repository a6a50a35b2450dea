"""`gluteus today`: the day's session, targets progressed from the logs, rest days."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from commandline import (
    as_json,
    history,
    last_monday,
    local_today,
    ok,
    run,
    save_plan,
    training_days,
)


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
