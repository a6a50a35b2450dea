"""`gluteus profile set regular_activity=…`: saved, shown, counted by the plan; bad text refused."""

from __future__ import annotations

from commandline import as_json, error, ok

BASICS = ("sex=female", "age=34", "height_cm=165", "weight_kg=70")


def test_profile_set_regular_activity_is_saved_and_counted() -> None:
    ok(
        "profile",
        "set",
        *BASICS,
        "available_days=tue,thu,sat",
        "regular_activity=run 3x40 mon,wed,fri; run 1x80 sun",
        "weeks=1",
    )
    saved = as_json("profile", "show")["regular_activity"]
    assert saved[1] == {
        "kind": "run",
        "sessions_per_week": 1,
        "minutes": 80,
        "days": ["sun"],
        "hard": False,
    }
    assert "regular_activity = [{kind = " in ok("profile", "show")
    week = as_json("plan")["weeks"][0]
    assert week["regular_activity_minutes"] == 200
    assert week["cardio_minutes"] == 0  # her runs cover the cardio: no duplicate
    assert "sat" not in {day["weekday"] for day in week["days"]}  # the eve of the long run


def test_bad_regular_activity_is_refused_naming_the_range() -> None:
    ok("profile", "set", *BASICS)
    message = error("profile", "set", "regular_activity=run 3x5")
    assert "regular_activity.0.minutes" in message and "10" in message and "300" in message
    message = error("profile", "set", "regular_activity=run three times")
    assert "regular_activity" in message and "KIND SESSIONSxMINUTES" in message
    message = error("profile", "set", "regular_activity=run 2x40 mon")
    assert "one day per session" in message
    assert as_json("profile", "show").get("regular_activity", []) == []  # nothing saved
    ok("profile", "set", "regular_activity=swim 2x40")
    assert as_json("profile", "show")["regular_activity"][0]["kind"] == "swim"
    ok("profile", "set", "regular_activity=none")
    assert as_json("profile", "show").get("regular_activity", []) == []


def test_profile_set_pelvic_floor_screen_and_the_referral() -> None:
    ok("profile", "set", *BASICS, "postpartum_weeks=10", "weeks=1")
    ok("profile", "set", "pelvic_floor_screen.leaking=yes")
    saved = as_json("profile", "show")["pelvic_floor_screen"]
    assert saved == {"leaking": True, "heaviness": False, "separation": False}
    plan = as_json("plan")
    assert any(note.startswith("Pelvic health:") for note in plan["notes"])
    message = error("profile", "set", "pelvic_floor_screen.pain=yes")
    assert "pelvic_floor_screen.leaking" in message  # the allowed keys are named
    message = error("profile", "set", "pelvic_floor_screen.heaviness=maybe")
    assert "pelvic_floor_screen" in message
