"""The per-history index of sets by exercise: same answers as a plain scan, never stale."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from gluteus.domain.history import History, LoggedSet
from gluteus.domain.progression.strength import stalled_lifts

DAY = dt.date(2025, 3, 10)
EXERCISES = ("glute-bridge", "step-up", "hip-thrust")


def _set(exercise: str, days_ago: int, number: int) -> LoggedSet:
    return LoggedSet(
        date=DAY - dt.timedelta(days=days_ago),
        exercise_id=exercise,
        set_number=number,
        reps=10,
        last_two_hard=True,
    )


sets_strategy = st.lists(
    st.builds(
        _set,
        st.sampled_from(EXERCISES),
        st.integers(min_value=0, max_value=20),
        st.integers(min_value=1, max_value=6),
    ),
    max_size=40,
)


def _scan(sets: tuple[LoggedSet, ...], exercise: str) -> dict[dt.date, tuple[LoggedSet, ...]]:
    grouped: dict[dt.date, list[LoggedSet]] = {}
    for logged in sets:
        if logged.exercise_id == exercise:
            grouped.setdefault(logged.date, []).append(logged)
    return {day: tuple(sorted(grouped[day], key=lambda s: s.set_number)) for day in sorted(grouped)}


@given(sets_strategy)
def test_sets_for_matches_a_plain_scan(sets: list[LoggedSet]) -> None:
    history = History(sets=tuple(sets))
    for _ in range(2):  # the second round answers from the index
        for exercise in (*EXERCISES, "never-logged"):
            found = history.sets_for(exercise)
            assert found == _scan(history.sets, exercise)
            assert list(found) == sorted(found)
        assert history.exercise_ids() == sorted({s.exercise_id for s in sets})


@given(sets_strategy, sets_strategy)
def test_a_copy_with_other_sets_never_reuses_the_index(
    first: list[LoggedSet], second: list[LoggedSet]
) -> None:
    history = History(sets=tuple(first))
    history.sets_for("glute-bridge")
    copied = history.model_copy(update={"sets": tuple(second)})
    for exercise in EXERCISES:
        assert copied.sets_for(exercise) == _scan(tuple(second), exercise)
    assert copied.exercise_ids() == sorted({s.exercise_id for s in second})


def test_the_index_changes_no_comparison_hash_or_dump() -> None:
    sets = (_set("glute-bridge", 1, 1), _set("glute-bridge", 1, 2), _set("step-up", 0, 1))
    indexed, plain = History(sets=sets), History(sets=sets)
    indexed.sets_for("glute-bridge").clear()  # callers get their own dict
    assert len(indexed.sets_for("glute-bridge")[DAY - dt.timedelta(days=1)]) == 2
    assert indexed == plain and hash(indexed) == hash(plain)
    assert indexed.model_dump() == plain.model_dump()
    assert indexed.model_dump_json() == plain.model_dump_json()
    assert indexed != History(sets=sets[:2])


@given(sets_strategy, st.integers(min_value=-1, max_value=21))
def test_until_drops_later_sets_and_keeps_the_rest_as_they_were(
    sets: list[LoggedSet], days_ago: int
) -> None:
    history = History(sets=tuple(sets))
    cut = DAY - dt.timedelta(days=days_ago)
    earlier = history.until(cut)
    assert earlier.sets == tuple(s for s in sets if s.date <= cut)
    if all(s.date <= cut for s in sets):
        assert earlier is history  # nothing later: the same history, its index reused
    for exercise in EXERCISES:
        assert earlier.sets_for(exercise) == _scan(earlier.sets, exercise)


def _stalled_by_scan(history: History, today: dt.date, since: dt.date | None) -> list[str]:
    """The stall rule read straight from its definition, one exercise at a time."""
    stalled = []
    for exercise in sorted({s.exercise_id for s in history.sets}):
        days = sorted(
            {
                s.date
                for s in history.sets
                if s.exercise_id == exercise
                and s.date <= today
                and (since is None or s.date > since)
            }
        )
        if len(days) < 3 or days[-1] < today - dt.timedelta(days=14):
            continue
        sessions = [
            [s for s in history.sets if s.exercise_id == exercise and s.date == d] for d in days
        ]
        score = [
            (max((s.load_kg or 0.0) for s in group), sum(s.reps for s in group))
            for group in sessions
        ]
        if score[-1] <= score[-3]:
            stalled.append(exercise)
    return stalled


loaded_sets = st.lists(
    st.builds(
        lambda exercise, days_ago, number, reps, load: LoggedSet(
            date=DAY - dt.timedelta(days=days_ago),
            exercise_id=exercise,
            set_number=number,
            reps=reps,
            load_kg=load,
            last_two_hard=True,
        ),
        st.sampled_from(EXERCISES),
        st.integers(min_value=0, max_value=30),
        st.integers(min_value=1, max_value=3),
        st.integers(min_value=5, max_value=7),
        st.sampled_from([None, 10.0, 12.5]),
    ),
    max_size=40,
)


@given(loaded_sets, st.integers(min_value=0, max_value=30), st.none() | st.integers(0, 30))
def test_stalled_lifts_match_the_rule_read_plainly(
    sets: list[LoggedSet], days_ago: int, since_ago: int | None
) -> None:
    today = DAY - dt.timedelta(days=days_ago)
    since = None if since_ago is None else DAY - dt.timedelta(days=since_ago)
    history = History(sets=tuple(sets))
    assert stalled_lifts(history, today, since=since) == _stalled_by_scan(history, today, since)
