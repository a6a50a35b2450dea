"""The eight scripted weeks once through the CLI: profile set, plan, today --date, log.

The script and its rules live in ``tests/eight_weeks.py`` (the use-case run is in
tests/db/test_eight_weeks.py); here every step is a command, as a person would type it.
"""

from __future__ import annotations

from commandline import as_json, ok

from eight_weeks import (
    EVENTS,
    PROFILE_KEYS,
    START,
    Record,
    check_day,
    check_events,
    decide,
    pain_today,
    remember,
    training_dates,
)


def _text(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def test_eight_scripted_weeks_through_the_cli() -> None:
    ok("profile", "set", *(f"{key}={_text(value)}" for key, value in PROFILE_KEYS.items()))
    saved = as_json("profile", "show")
    assert saved["dumbbells_kg"] == [2, 4, 6, 8, 10, 12.5, 15, 17.5, 20, 22.5, 25]
    assert saved["kettlebells_kg"] == [8, 12, 16]
    ok("plan", "--start", START.isoformat())
    record = Record()
    for date in training_dates():
        when = date.isoformat()
        view = as_json("today", "--date", when)
        check_day(date, view, record)
        check_events(date, view, record)
        if any(t["load_per"] == "hand" for t in view["targets"]):
            assert "per hand" in ok("today", "--date", when)
        done = decide(date, view)
        for item in done:
            args = ["log", "set", item.exercise_id, "--hard", "--date", when]
            args += [arg for reps in item.reps for arg in ("--reps", str(reps))]
            if item.load_kg is not None:
                args += ["--load", f"{item.load_kg:g}kg"]
            if item.band is not None:
                args += ["--band", item.band]
            ok(*args)
        pain = pain_today(date)
        if pain is not None:
            ok("log", "pain", pain.exercise_id, "--severity", str(pain.severity),
               "--region", pain.region.value, "--date", when)  # fmt: skip
        remember(record, date, done, pain)
    assert record.seen >= EVENTS, EVENTS - record.seen
