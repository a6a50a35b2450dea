"""`gluteus screen`: the readiness answers, saved into the profile or the next plan."""

from __future__ import annotations

import json

from commandline import PERSON, as_json, error, ok, run, save_plan


def test_screen_json() -> None:
    code, out, _ = run("screen", "--yes", "q6", "--json")
    data = json.loads(out)
    assert code == 0 and data["cleared"] is False and data["answers"]["q6"] is True
    code, out, _ = run("screen", "--all-no", "--json")
    assert json.loads(out)["cleared"] is True
    code, _, err = run("screen", "--yes", "q9")
    assert code != 0 and "q9" in err


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
