"""Loads from the person's kit: the next owned weight, reps before a big jump, per hand or total."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gluteus.domain.catalog import Grip, default_catalog
from gluteus.domain.history import BandLevel, History, LoggedSet, PainRegion, PainReport
from gluteus.domain.profile import Equipment, Profile
from gluteus.domain.progression import (
    BIG_JUMP_FRACTION,
    EXTRA_REPS_BEFORE_BIG_JUMP,
    Action,
    Dose,
    Kit,
    LoadPer,
    Recommendation,
    back_from_break,
    deloaded,
    easier_band,
    increment_kg,
    is_big_jump,
    load_held_by_pain,
    load_per,
    lower_load_kg,
    next_load_kg,
    next_prescription,
    reps_ceiling,
    start_from_relative,
    stronger_band,
)
from gluteus.domain.progression.strength import held_for_deload

CATALOG = default_catalog()
DAY0 = dt.date(2026, 3, 2)
DUMBBELLS = (2.0, 4.0, 6.0, 8.0, 10.0, 12.5, 15.0)
KIT = Kit(
    equipment=(Equipment.NONE, Equipment.DUMBBELLS, Equipment.KETTLEBELL, Equipment.BENCH),
    dumbbells_kg=DUMBBELLS,
    kettlebells_kg=(8.0, 12.0, 16.0),
)
DOSE = Dose(sets=3, reps_min=8, reps_max=12, rest_seconds=90)
PERSON = {"sex": "female", "age": 35, "height_cm": 165, "weight_kg": 68}


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def session(
    n: int, exercise_id: str, load: float, reps: int | list[int], *, hard: bool = True
) -> tuple[LoggedSet, ...]:
    counts = reps if isinstance(reps, list) else [reps] * DOSE.sets
    return tuple(
        LoggedSet(
            date=day(n),
            exercise_id=exercise_id,
            set_number=i + 1,
            reps=count,
            load_kg=load,
            last_two_hard=hard,
        )
        for i, count in enumerate(counts)
    )


def advise(exercise_id: str, history: History, kit: Kit = KIT, n: int = 10) -> Recommendation:
    return next_prescription(
        DOSE, CATALOG.get(exercise_id), CATALOG, history, day(n), equipment=kit
    )


# --- the profile keys ------------------------------------------------------------------------


def test_owned_loads_are_sorted_without_duplicates() -> None:
    profile = Profile.model_validate(
        {**PERSON, "dumbbells_kg": [10, 2, 4, 4, 12.5], "kettlebells_kg": "16, 8, 12"}
    )
    assert profile.dumbbells_kg == (2.0, 4.0, 10.0, 12.5)
    assert profile.kettlebells_kg == (8.0, 12.0, 16.0)
    assert profile.plates_kg is None


def test_owned_loads_accept_pounds() -> None:
    profile = Profile.model_validate({**PERSON, "dumbbells_kg": "5lb, 10lb", "plates_kg": "2.5lb"})
    assert profile.dumbbells_kg == pytest.approx((2.268, 4.536), abs=0.001)
    assert profile.plates_kg == pytest.approx(1.134, abs=0.001)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-10 step 2, 12.5", (2.0, 4.0, 6.0, 8.0, 10.0, 12.5)),
        ("1 to 3 every 0.5", (1.0, 1.5, 2.0, 2.5, 3.0)),
        ("4–8 by 2kg", (4.0, 6.0, 8.0)),
    ],
)
def test_owned_loads_take_a_range_with_a_step(text: str, expected: tuple[float, ...]) -> None:
    assert Profile.model_validate({**PERSON, "dumbbells_kg": text}).dumbbells_kg == expected


def test_a_range_in_pounds_is_stored_in_kilograms() -> None:
    profile = Profile.model_validate({**PERSON, "kettlebells_kg": ["10-20 step 5 lb"]})
    assert profile.kettlebells_kg == pytest.approx((4.536, 6.804, 9.072), abs=0.001)


@pytest.mark.parametrize("text", ["10-2 step 2", "2-20 step 0", "1-1000 step 1", "2-300 step 50"])
def test_bad_ranges_are_refused_on_their_key(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate({**PERSON, "dumbbells_kg": text})
    assert caught.value.errors()[0]["loc"] == ("dumbbells_kg",)
    assert "0.5–100 kg" in str(caught.value)


def test_owned_loads_default_to_not_given() -> None:
    profile = Profile.model_validate(PERSON)
    assert (profile.dumbbells_kg, profile.kettlebells_kg, profile.plates_kg) == ((), (), None)
    assert Kit.of(profile).dumbbells_kg == ()


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("dumbbells_kg", [2, 150], "0.5–100 kg"),
        ("dumbbells_kg", "2, heavy", "0.5–100 kg"),
        ("dumbbells_kg", [0], "0.5–100 kg"),
        ("kettlebells_kg", [-8], "0.5–100 kg"),
        ("plates_kg", 20, "10"),
        ("plates_kg", 0.1, "0.25"),
    ],
)
def test_bad_owned_loads_name_the_allowed_range(key: str, value: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate({**PERSON, key: value})
    assert caught.value.errors()[0]["loc"] == (key,)
    assert words in str(caught.value)


# --- per hand or in total --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("dumbbell-bench-press", LoadPer.HAND),
        ("romanian-deadlift", LoadPer.HAND),
        ("dumbbell-row", LoadPer.HAND),
        ("goblet-squat", LoadPer.TOTAL),
        ("hip-thrust", LoadPer.TOTAL),
        ("kettlebell-swing", LoadPer.TOTAL),
    ],
)
def test_load_per_follows_the_grip(exercise_id: str, expected: LoadPer) -> None:
    assert load_per(CATALOG.get(exercise_id), KIT, 10.0) is expected


def test_barbell_and_machine_loads_are_totals() -> None:
    barbell = Kit(equipment=(Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS))
    assert load_per(CATALOG.get("hip-thrust"), barbell, 60.0) is LoadPer.TOTAL
    assert load_per(CATALOG.get("romanian-deadlift"), barbell, 40.0) is LoadPer.HAND
    assert load_per(CATALOG.get("leg-press"), Kit(), 80.0) is LoadPer.TOTAL


def test_two_kettlebells_count_per_hand_one_in_total() -> None:
    bells = Kit(equipment=(Equipment.KETTLEBELL,))
    assert CATALOG.get("split-squat").kettlebell_grip is Grip.EACH_HAND
    assert load_per(CATALOG.get("split-squat"), bells, 12.0) is LoadPer.HAND
    assert load_per(CATALOG.get("kettlebell-deadlift"), bells, 12.0) is LoadPer.TOTAL


def test_no_load_has_no_load_per() -> None:
    assert load_per(CATALOG.get("dumbbell-bench-press"), KIT, None) is None
    assert load_per(CATALOG.get("glute-bridge"), KIT, None) is None


# --- the next load ---------------------------------------------------------------------------


def test_next_load_is_the_next_owned_dumbbell() -> None:
    bench = CATALOG.get("dumbbell-bench-press")
    assert next_load_kg(10.0, bench, KIT) == 12.5
    assert next_load_kg(11.0, bench, KIT) == 12.5
    assert next_load_kg(15.0, bench, KIT) == 15.0  # nothing heavier owned
    assert next_load_kg(10.0, bench, Kit()) == 12.0  # shop steps when not said


def test_barbell_steps_by_a_pair_of_the_smallest_plates() -> None:
    thrust = CATALOG.get("hip-thrust")
    bar = Kit(equipment=(Equipment.BARBELL, Equipment.BENCH), plates_kg=0.5)
    assert increment_kg(60.0, thrust, bar) == 1.0
    assert next_load_kg(60.0, thrust, bar) == 63.0
    assert increment_kg(60.0, thrust, Kit(equipment=(Equipment.BARBELL,))) == 2.5


def test_shop_steps_never_round_up_into_a_big_jump() -> None:
    thrust = CATALOG.get("hip-thrust")
    bar = Kit(equipment=(Equipment.BARBELL, Equipment.BENCH))
    # 10 % of 40 kg rounds to two 2.5 kg steps (12.5 %): one step is kept instead
    assert next_load_kg(40.0, thrust, bar, fraction=0.10) == 42.5


def test_a_big_jump_waits_for_three_more_reps() -> None:
    history = History(sets=session(0, "dumbbell-bench-press", 10.0, 12))
    rec = advise("dumbbell-bench-press", history)
    assert rec.action is Action.ADD_REPS
    assert rec.load_kg == 10.0
    assert rec.target_reps == 13
    assert rec.reason == (
        "top of the range: the next dumbbell up is 12.5 kg (+25 %), so first reach 15 reps at 10 kg"
    )


def test_easy_reps_climb_two_at_a_time_up_to_the_ceiling() -> None:
    history = History(sets=session(0, "dumbbell-bench-press", 10.0, 14, hard=False))
    rec = advise("dumbbell-bench-press", history)
    assert (rec.action, rec.target_reps) == (Action.ADD_REPS, 15)


def test_at_the_ceiling_the_next_owned_load_comes_with_the_bottom_of_the_range() -> None:
    ceiling = DOSE.reps_max + EXTRA_REPS_BEFORE_BIG_JUMP
    history = History(sets=session(0, "dumbbell-bench-press", 10.0, ceiling))
    rec = advise("dumbbell-bench-press", history)
    assert (rec.action, rec.load_kg, rec.target_reps) == (Action.ADD_LOAD, 12.5, DOSE.reps_min)


def test_a_small_owned_step_comes_at_once() -> None:
    fine = KIT.model_copy(update={"dumbbells_kg": (20.0, 21.0, 22.0)})
    history = History(sets=session(0, "dumbbell-bench-press", 20.0, 12))
    rec = advise("dumbbell-bench-press", history, fine)
    assert (rec.action, rec.load_kg, rec.target_reps) == (Action.ADD_LOAD, 21.0, DOSE.reps_min)


def test_the_heaviest_owned_dumbbell_holds_at_the_ceiling() -> None:
    history = History(sets=session(0, "dumbbell-bench-press", 15.0, reps_ceiling(DOSE)))
    rec = advise("dumbbell-bench-press", history)
    assert (rec.action, rec.load_kg, rec.target_reps) == (Action.HOLD, 15.0, 15)
    assert "heaviest dumbbell you own" in rec.reason


def test_kettlebell_moves_use_the_kettlebells() -> None:
    history = History(sets=session(0, "kettlebell-deadlift", 12.0, reps_ceiling(DOSE)))
    rec = advise("kettlebell-deadlift", history, KIT.model_copy(update={"equipment": None}))
    assert (rec.action, rec.load_kg) == (Action.ADD_LOAD, 16.0)


def test_lighter_loads_are_owned_ones() -> None:
    bench = CATALOG.get("dumbbell-bench-press")
    assert lower_load_kg(12.5, bench, KIT) == 10.0
    assert lower_load_kg(10.0, bench, KIT) == 8.0
    assert lower_load_kg(2.0, bench, KIT) == 0.0


def test_three_misses_step_down_to_an_owned_dumbbell() -> None:
    sets = tuple(s for n in range(3) for s in session(2 * n, "dumbbell-bench-press", 12.5, 6))
    rec = advise("dumbbell-bench-press", History(sets=sets))
    assert (rec.action, rec.load_kg) == (Action.REGRESS, 10.0)


def test_deload_comeback_and_new_variation_round_down_to_owned_loads() -> None:
    bench = CATALOG.get("dumbbell-bench-press")
    history = History(sets=session(0, "dumbbell-bench-press", 12.5, 10))
    rec = advise("dumbbell-bench-press", history)
    assert deloaded(rec, bench, KIT).load_kg == 10.0  # 90 % of 12.5 = 11.25 → 10 owned
    back = back_from_break(rec, bench, 0.8, 3, history, day(30), KIT)
    assert back.load_kg == 10.0
    press = CATALOG.get("overhead-press")
    first = advise("overhead-press", History())
    started = start_from_relative(first, press, bench, history, day(10), KIT)
    assert started.load_kg == 10.0  # 80 % of 12.5 = 10, owned
    lighter = history.model_copy(update={"sets": session(0, "dumbbell-bench-press", 4.0, 10)})
    none_owned = start_from_relative(first, press, bench, lighter, day(10), KIT)
    assert none_owned.load_kg == 2.0  # 3.2 kg → the 2 kg pair


# --- properties over generated logs ----------------------------------------------------------

owned_lists = st.lists(
    st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.5, 8.0, 9.0, 10.0, 11.0, 12.5, 15.0, 20.0]),
    min_size=1,
    max_size=8,
    unique=True,
).map(lambda loads: tuple(sorted(loads)))
logged_session = st.tuples(
    st.lists(st.integers(min_value=4, max_value=17), min_size=1, max_size=4),
    st.booleans(),
    st.booleans(),
)
LOADED = ["dumbbell-bench-press", "romanian-deadlift", "goblet-squat", "dumbbell-row"]


def _history(
    exercise_id: str, loads: tuple[float, ...], picks: list[int], sessions: list[object]
) -> History:
    sets: list[LoggedSet] = []
    for n, (pick, (reps, hard, form)) in enumerate(zip(picks, sessions, strict=False)):  # type: ignore[misc]
        sets += [
            LoggedSet(
                date=day(2 * n),
                exercise_id=exercise_id,
                set_number=i + 1,
                reps=count,
                load_kg=loads[pick % len(loads)],
                last_two_hard=hard,
                good_form=form,
            )
            for i, count in enumerate(reps)
        ]
    return History(sets=tuple(sets))


@settings(max_examples=150, deadline=None)
@given(
    exercise_id=st.sampled_from(LOADED),
    loads=owned_lists,
    picks=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=6),
    sessions=st.lists(logged_session, min_size=1, max_size=6),
)
def test_no_load_step_beyond_the_next_owned_or_a_big_jump_before_the_reps(
    exercise_id: str, loads: tuple[float, ...], picks: list[int], sessions: list[object]
) -> None:
    history = _history(exercise_id, loads, picks, sessions)
    kit = KIT.model_copy(update={"dumbbells_kg": loads, "kettlebells_kg": loads})
    today = day(2 * len(sessions) + 1)
    rec = next_prescription(DOSE, CATALOG.get(exercise_id), CATALOG, history, today, equipment=kit)
    last_sets = history.sessions_of(exercise_id).sessions[-1]
    last = max(s.load_kg or 0.0 for s in last_sets)
    if rec.load_kg is not None:
        assert rec.load_kg in loads  # every load prescribed is one the person owns
        if rec.load_kg > last:
            assert rec.load_kg == min(x for x in loads if x > last)  # never past the next one
            if is_big_jump(last, rec.load_kg):
                assert min(s.reps for s in last_sets) >= reps_ceiling(DOSE)
    assert rec.target_reps <= reps_ceiling(DOSE)


@settings(max_examples=100, deadline=None)
@given(
    exercise_id=st.sampled_from(LOADED),
    loads=owned_lists,
    picks=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=5),
    sessions=st.lists(logged_session, min_size=1, max_size=5),
)
def test_no_load_increase_in_a_deload_week(
    exercise_id: str, loads: tuple[float, ...], picks: list[int], sessions: list[object]
) -> None:
    history = _history(exercise_id, loads, picks, sessions)
    kit = KIT.model_copy(update={"dumbbells_kg": loads, "kettlebells_kg": loads})
    today = day(2 * len(sessions) + 1)
    exercise = CATALOG.get(exercise_id)
    rec = next_prescription(DOSE, exercise, CATALOG, history, today, equipment=kit)
    light = DOSE.model_copy(update={"sets": 2})
    held = held_for_deload(rec, exercise, light, history, today)
    stalled = deloaded(rec, exercise, kit)
    last = max(s.load_kg or 0.0 for s in history.sessions_of(exercise_id).sessions[-1])
    for week in (held, stalled):
        assert week.action in {Action.DELOAD, Action.SUBSTITUTE, Action.SKIP}
        assert week.load_kg is None or week.load_kg <= last


@settings(max_examples=100, deadline=None)
@given(
    exercise_id=st.sampled_from(["forward-lunge", "split-squat", "goblet-squat"]),
    loads=owned_lists,
    picks=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=5),
    sessions=st.lists(logged_session, min_size=1, max_size=5),
    days_since_pain=st.integers(min_value=0, max_value=6),
)
def test_no_load_increase_on_a_move_loading_an_active_pain_region(
    exercise_id: str,
    loads: tuple[float, ...],
    picks: list[int],
    sessions: list[object],
    days_since_pain: int,
) -> None:
    today = day(2 * len(sessions) + 1)
    report = PainReport(
        date=today - dt.timedelta(days=days_since_pain),
        exercise_id="loaded-squat",
        severity=4,
        region=PainRegion.KNEE,
    )
    history = _history(exercise_id, loads, picks, sessions).model_copy(update={"pain": (report,)})
    exercise = CATALOG.get(exercise_id)
    assert load_held_by_pain(exercise, CATALOG, history, today) is not None
    kit = KIT.model_copy(update={"dumbbells_kg": loads, "kettlebells_kg": loads})
    rec = next_prescription(DOSE, exercise, CATALOG, history, today, equipment=kit)
    last = max(s.load_kg or 0.0 for s in history.sessions_of(exercise_id).sessions[-1])
    assert rec.action not in {Action.ADD_LOAD, Action.STRONGER_BAND, Action.NEXT_EXERCISE}
    if rec.exercise_id == exercise_id and rec.load_kg is not None:
        assert rec.load_kg <= last


def test_big_jump_threshold_is_ten_percent() -> None:
    assert BIG_JUMP_FRACTION == 0.10
    assert not is_big_jump(20.0, 22.0)
    assert is_big_jump(20.0, 22.5)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(["dumbbells_kg", "kettlebells_kg", "plates_kg"]), value=json_values)
def test_any_owned_weights_input_is_kept_in_range_or_refused_by_field(
    key: str, value: object
) -> None:
    try:
        profile = Profile.model_validate({**PERSON, key: value})
    except ValidationError as exc:
        assert {error["loc"][0] for error in exc.errors()} == {key}
        return
    kept = getattr(profile, key)
    if key == "plates_kg":
        assert kept is None or 0.25 <= kept <= 10
    else:
        assert list(kept) == sorted(set(kept))
        assert all(0.5 <= load <= 100 for load in kept)


def test_the_plans_load_note_states_the_same_kit_rule() -> None:
    from gluteus.domain.planning.dosing import load_guidance
    from gluteus.domain.profile import Level

    note = load_guidance(2, Level.INTERMEDIATE, 8)
    assert "next weight you own" in note
    assert f"about {round(BIG_JUMP_FRACTION * 100)} % heavier" in note
    assert f"up to {EXTRA_REPS_BEFORE_BIG_JUMP} reps above the range" in note


# --- owned bands -----------------------------------------------------------------------------


def _band_session(n: int, band: BandLevel, reps: int) -> tuple[LoggedSet, ...]:
    return tuple(
        LoggedSet(
            date=day(n),
            exercise_id="band-hip-bridge",
            set_number=i + 1,
            reps=reps,
            band=band,
            last_two_hard=True,
        )
        for i in range(DOSE.sets)
    )


def test_the_next_band_is_the_next_one_owned() -> None:
    kit = KIT.model_copy(update={"bands": (BandLevel.LIGHT, BandLevel.HEAVY)})
    rec = advise("band-hip-bridge", History(sets=_band_session(0, BandLevel.LIGHT, 12)), kit)
    assert rec.action is Action.STRONGER_BAND and rec.band is BandLevel.HEAVY


def test_without_a_stronger_band_owned_the_move_grows_by_reps_and_chain() -> None:
    kit = KIT.model_copy(update={"bands": (BandLevel.EXTRA_LIGHT, BandLevel.LIGHT)})
    once = _band_session(0, BandLevel.LIGHT, 12)
    rec = advise("band-hip-bridge", History(sets=once), kit)
    assert rec.action is Action.HOLD and rec.band is BandLevel.LIGHT  # never a band to buy
    twice = once + _band_session(2, BandLevel.LIGHT, 12)
    rec = advise("band-hip-bridge", History(sets=twice), kit)
    assert rec.action is Action.NEXT_EXERCISE


def test_misses_step_down_to_a_lighter_owned_band() -> None:
    kit = KIT.model_copy(update={"bands": (BandLevel.EXTRA_LIGHT, BandLevel.HEAVY)})
    misses = sum((_band_session(2 * n, BandLevel.HEAVY, 5) for n in range(3)), ())
    rec = advise("band-hip-bridge", History(sets=misses), kit)
    assert rec.band is BandLevel.EXTRA_LIGHT


def test_unknown_bands_follow_the_whole_scale() -> None:
    assert stronger_band(BandLevel.LIGHT, Kit()) is BandLevel.MEDIUM
    assert easier_band(BandLevel.LIGHT, Kit()) is BandLevel.EXTRA_LIGHT
    assert stronger_band(BandLevel.EXTRA_HEAVY, Kit()) is None


@given(
    owned=st.lists(st.sampled_from(BandLevel), unique=True),
    band=st.sampled_from(BandLevel),
)
def test_a_band_step_always_lands_on_an_owned_band(owned: list[BandLevel], band: BandLevel) -> None:
    kit = Kit(bands=tuple(owned))
    up, down = stronger_band(band, kit), easier_band(band, kit)
    allowed = set(owned) if owned else set(BandLevel)
    assert up is None or (up in allowed and up.rank > band.rank)
    assert down is None or (down in allowed and down.rank < band.rank)


def test_profile_reads_owned_bands_from_text_in_scale_order() -> None:
    profile = Profile.model_validate({**PERSON, "bands": "heavy, light, light"})
    assert profile.bands == (BandLevel.LIGHT, BandLevel.HEAVY)
    with pytest.raises(ValidationError, match="bands"):
        Profile.model_validate({**PERSON, "bands": "purple"})
