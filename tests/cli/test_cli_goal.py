"""`gluteus profile set goal=…`: the goal key is saved, shapes the plan, and bad values say why."""

from __future__ import annotations

from commandline import as_json, error, ok

BASICS = ("sex=female", "age=34", "height_cm=165", "weight_kg=70")


def test_profile_set_goal_is_saved_and_the_plan_follows_it() -> None:
    ok("profile", "set", *BASICS, "goal=build_glutes", "weeks=2")
    assert as_json("profile", "show")["goal"] == "build_glutes"
    plan = as_json("plan")
    assert plan["calories"]["deficit_kcal"] == 0
    assert not {"junk-food", "no-crash-diet"} & {tip["id"] for tip in plan["tips"]}
    assert all(
        "cardio_minutes" in week and "everyday_walk_minutes" in week for week in plan["weeks"]
    )


def test_bad_goal_is_refused_naming_the_choices() -> None:
    ok("profile", "set", *BASICS)
    message = error("profile", "set", "goal=bulk")
    assert "goal" in message
    assert "lose_fat" in message and "tone" in message and "build_glutes" in message
    assert as_json("profile", "show").get("goal", "lose_fat") == "lose_fat"  # nothing saved


def test_plan_text_says_how_much_to_walk_beside_short_weeks() -> None:
    ok("profile", "set", *BASICS, "available_days=sat,sun", "minutes_per_session=30", "weeks=1")
    out = ok("plan")
    assert "Everyday walking" in out and "steps a day" in out


def test_profile_set_postpartum_keys_and_their_range() -> None:
    ok("profile", "set", *BASICS, "postpartum_weeks=20", "breastfeeding=true")
    saved = as_json("profile", "show")
    assert saved["postpartum_weeks"] == 20 and saved["breastfeeding"] is True
    message = error("profile", "set", "postpartum_weeks=300")
    assert "postpartum_weeks" in message and "104" in message
