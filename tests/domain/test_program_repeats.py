"""A parsed plan holds its repeated exercises and sessions once (share_repeats)."""

from __future__ import annotations

import datetime as dt
import tomllib
import tracemalloc
from importlib import resources

from gluteus.domain.catalog import default_catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program, share_repeats


def _stored_plan() -> str:
    text = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    profile = Profile.model_validate(tomllib.loads(text))
    return build_program(profile, default_catalog(), dt.date(2026, 1, 5)).model_dump_json()


def _exercises(program: Program) -> list[object]:
    return [e for w in program.weeks for d in w.days for s in d.sessions for e in s.exercises]


def test_sharing_repeats_keeps_the_plan_equal_and_its_json_the_same() -> None:
    text = _stored_plan()
    parsed = Program.model_validate_json(text)
    shared = share_repeats(parsed)
    assert shared == parsed
    assert shared.model_dump_json() == text
    assert shared.day_for(dt.date(2026, 1, 6)) == parsed.day_for(dt.date(2026, 1, 6))


def test_equal_exercises_are_one_object_after_sharing() -> None:
    shared = share_repeats(Program.model_validate_json(_stored_plan()))
    exercises = _exercises(shared)
    distinct = {id(e) for e in exercises}
    assert len(distinct) == len(set(exercises)) < len(exercises) / 2


def test_a_shared_plan_takes_less_than_half_the_memory_of_the_parsed_one() -> None:
    text = _stored_plan()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        parsed = Program.model_validate_json(text)
        whole = tracemalloc.get_traced_memory()[0] - before
        del parsed
        before = tracemalloc.get_traced_memory()[0]
        shared = share_repeats(Program.model_validate_json(text))
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert shared.weeks
    assert kept < whole / 2
