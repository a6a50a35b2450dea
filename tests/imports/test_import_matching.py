from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluteus.domain.catalog import Catalog, Kind
from gluteus.imports.matching import (
    KIT_WORDS,
    NOT_IN_CATALOG,
    THRESHOLD,
    ExerciseMatcher,
    Resistance,
    default_aliases,
    load_carries,
    parse_aliases,
    parse_mapping,
    parse_name,
    resistances,
    split_name,
    unknown_targets,
)
from gluteus.imports.table import ImportFileError

ISSUE_NAMES = {
    "Hip Thrust (Barbell)": "hip-thrust",
    "Squat (Barbell)": "loaded-squat",
    "Romanian Deadlift (Barbell)": "romanian-deadlift",
    "Glute Bridge": "glute-bridge",
    "Bulgarian Split Squat": "bulgarian-split-squat",
    "Lunge (Dumbbell)": "forward-lunge",
    "Step-up": "step-up",
    "Cable Kickback": "cable-kickback",
    "Squat (Goblet)": "goblet-squat",
    "Romanian Deadlift (Dumbbell)": "romanian-deadlift",
    "Seated Row (Cable)": "band-row",
    "Bent Over Row (Dumbbell)": "dumbbell-row",
    "Push Up": "push-up",
    "Plank": "plank",
    "Running": "jog",
    "Walking": "brisk-walk",
    "Cycling": "stationary-bike",
    "Elliptical Trainer": "elliptical",
    "Stair Climber": "stair-climbing",
    "Jump Rope": "jump-rope",
}
CARDIO_NAMES = {"Running", "Walking", "Cycling", "Elliptical Trainer", "Stair Climber", "Jump Rope"}


@pytest.fixture(scope="module")
def matcher(catalog: Catalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


def test_every_alias_target_is_in_the_catalog(catalog: Catalog) -> None:
    aliases = default_aliases()
    assert len(aliases) >= 150
    targets = [target for target in aliases.values() if target != NOT_IN_CATALOG]
    assert unknown_targets(targets, catalog) == []


def test_cardio_names_map_to_cardio_and_lifts_to_non_cardio(catalog: Catalog) -> None:
    for name, target in ISSUE_NAMES.items():
        assert (catalog.get(target).kind is Kind.CARDIO) == (name in CARDIO_NAMES), name


@pytest.mark.parametrize(("name", "exercise_id"), sorted(ISSUE_NAMES.items()))
def test_the_issue_names_match_by_alias(
    matcher: ExerciseMatcher, name: str, exercise_id: str
) -> None:
    match = matcher.match(name)
    assert (match.exercise_id, match.how, match.score) == (exercise_id, "alias", 1.0)


@pytest.mark.parametrize(
    ("name", "exercise_id", "how"),
    [
        ("Step Up", "step-up", "alias"),
        ("PUSH-UP", "push-up", "alias"),
        ("Side Lying Hip Abduction", "side-lying-hip-abduction", "exact"),
        ("Hip Thrusts", "hip-thrust", "fuzzy"),
        ("Reverse Lunges (Dumbbell)", "reverse-lunge", "fuzzy"),
        ("Goblet squats", "goblet-squat", "fuzzy"),
    ],
)
def test_catalog_names_and_near_spellings_match(
    matcher: ExerciseMatcher, name: str, exercise_id: str, how: str
) -> None:
    match = matcher.match(name)
    assert (match.exercise_id, match.how) == (exercise_id, how)
    assert match.score >= THRESHOLD


@pytest.mark.parametrize(
    "name", ["Bench Press (Barbell)", "Lat Pulldown (Cable)", "Chin Up", "Face Pull (Cable)"]
)
def test_weak_matches_are_left_unmatched_with_suggestions(
    matcher: ExerciseMatcher, name: str
) -> None:
    match = matcher.match(name)
    assert match.exercise_id is None
    assert match.how == "none"
    assert match.score < THRESHOLD
    assert len(match.candidates) == 3


def test_an_alias_naming_equipment_does_not_vouch_for_other_equipment(
    matcher: ExerciseMatcher,
) -> None:
    assert matcher.match("Bench Press (Dumbbell)").exercise_id == "dumbbell-bench-press"
    assert matcher.match("Bench Press (Barbell)").exercise_id is None


def test_a_person_s_mapping_wins_whatever_the_spelling(matcher: ExerciseMatcher) -> None:
    mapping = {"bench press (barbell)": "push-up", "Hip Thrust (Barbell)": "skip"}
    assert matcher.match("Bench Press (Barbell)", mapping).exercise_id == "push-up"
    match = matcher.match("Hip Thrust (Barbell)", mapping)
    assert (match.exercise_id, match.how) == ("skip", "mapped")


@pytest.mark.parametrize(
    "name",
    [
        "Hip Abduction (Machine)",
        "Hip Abductor (Machine)",
        "Hip Adductor (Machine)",
        "Leg Extension (Machine)",
        "Lying Leg Curl (Machine)",
        "Deadlift (Barbell)",
        "Back Extension (Hyperextension)",
    ],
)
def test_machines_the_catalog_lacks_are_known_and_not_guessed(
    matcher: ExerciseMatcher, name: str
) -> None:
    match = matcher.match(name)
    assert (match.exercise_id, match.how) == (NOT_IN_CATALOG, "known")
    assert not match.keeps_load


def test_a_person_may_still_map_a_known_machine(matcher: ExerciseMatcher) -> None:
    match = matcher.match("Hip Abduction (Machine)", {"Hip Abduction (Machine)": "clamshell"})
    assert (match.exercise_id, match.how) == ("clamshell", "mapped")
    assert not match.keeps_load  # a machine's kilograms never become a body-weight move's


@pytest.mark.parametrize(
    ("name", "base", "kit", "variant", "resistance"),
    [
        ("Squat (Goblet)", "squat", "", "goblet", Resistance.WEIGHT),
        ("Hip Abduction (Machine)", "hip abduction", "machine", "", Resistance.WEIGHT),
        ("Squat (Smith Machine)", "squat", "smith machine", "", Resistance.WEIGHT),
        ("Hip Thrust (Bodyweight)", "hip thrust", "bodyweight", "", Resistance.BODYWEIGHT),
        ("Glute Kickback (Band)", "glute kickback", "band", "", Resistance.BAND),
        ("Banded Side Steps", "banded side steps", "", "", Resistance.BAND),
        ("Cable Kickback", "cable kickback", "", "", Resistance.WEIGHT),
        ("Glute Bridge (Single Leg)", "glute bridge", "", "single leg", None),
        ("Plank", "plank", "", "", None),
    ],
)
def test_parse_name_takes_kit_and_variant_apart(
    name: str, base: str, kit: str, variant: str, resistance: Resistance | None
) -> None:
    parts = parse_name(name)
    assert (parts.base, parts.kit, parts.variant, parts.resistance) == (
        base,
        kit,
        variant,
        resistance,
    )


@pytest.mark.parametrize(
    ("name", "exercise_id", "keeps_load"),
    [
        ("Squat (Goblet)", "goblet-squat", True),
        ("Squat (Sumo)", "sumo-squat", True),
        ("Lunge (Reverse)", "reverse-lunge", True),
        ("Hip Thrust (Barbell)", "hip-thrust", True),
        ("Hip Thrust (Machine)", "hip-thrust", True),
        ("Hip Thrust (Bodyweight)", "hip-thrust", False),
        ("Hip Thrust (Band)", "hip-thrust", False),
        ("Glute Kickback (Machine)", "cable-kickback", True),
        ("Cable Kickback", "cable-kickback", True),
        ("Glute Bridge (Machine)", "glute-bridge", False),
        ("Banded Side Steps", "lateral-band-walk", False),
        ("Hip Abduction (Band)", "seated-band-abduction", False),
        ("Leg Press (Machine)", "leg-press", True),
    ],
)
def test_the_kit_in_parentheses_is_part_of_the_match_and_decides_the_load(
    matcher: ExerciseMatcher, name: str, exercise_id: str, keeps_load: bool
) -> None:
    match = matcher.match(name)
    assert (match.exercise_id, match.keeps_load) == (exercise_id, keeps_load)


def test_no_alias_carries_a_load_onto_a_band_or_body_weight_move(
    matcher: ExerciseMatcher, catalog: Catalog
) -> None:
    for name, target in default_aliases().items():
        match = matcher.match(name)
        assert match.exercise_id == target, name
        if match.keeps_load:
            exercise = catalog.get(target)
            assert exercise.takes_load, name
            assert Resistance.WEIGHT in resistances(exercise), name
            assert match.resistance in (None, Resistance.WEIGHT), name


@given(
    exercise_index=st.integers(min_value=0, max_value=200),
    resistance=st.sampled_from([None, *Resistance]),
)
def test_load_carries_only_between_weights(
    catalog: Catalog, exercise_index: int, resistance: Resistance | None
) -> None:
    exercises = list(catalog)
    exercise = exercises[exercise_index % len(exercises)]
    carried = load_carries(resistance, exercise)
    if carried:
        assert exercise.kind is Kind.STRENGTH and exercise.takes_load
        assert resistance in (None, Resistance.WEIGHT)
    elif exercise.kind is Kind.STRENGTH and exercise.takes_load:
        assert resistance in (Resistance.BAND, Resistance.BODYWEIGHT)


def test_every_kit_word_is_read_in_parentheses() -> None:
    for word, resistance in KIT_WORDS.items():
        assert parse_name(f"Row ({word.title()})").resistance is resistance, word


def test_split_name_takes_equipment_as_a_hint() -> None:
    assert split_name("Hip Thrust (Barbell)") == ("hip thrust", "barbell")
    assert split_name("Step-up") == ("step up", "")


def test_mapping_files_in_toml_and_json() -> None:
    toml = '"Bench Press (Barbell)" = "dumbbell-bench-press"\n"Lat Pulldown" = "skip"\n'
    json = '{"Bench Press (Barbell)": "dumbbell-bench-press", "Lat Pulldown": "skip"}'
    expected = {"Bench Press (Barbell)": "dumbbell-bench-press", "Lat Pulldown": "skip"}
    assert parse_mapping(toml) == expected
    assert parse_mapping(json) == expected
    assert parse_mapping('[aliases]\n"Lat Pulldown" = "skip"\n') == {"Lat Pulldown": "skip"}


@pytest.mark.parametrize("text", ["not = [toml", '{"a": 1}', '["a", "b"]', "a = { b = 'c' }"])
def test_bad_mapping_files_are_refused(text: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_mapping(text)
    assert caught.value.field == "map"


def test_alias_file_must_hold_an_aliases_table() -> None:
    with pytest.raises(ValueError, match="aliases"):
        parse_aliases('"Plank" = "plank"\n')


@settings(deadline=None, max_examples=60)  # a full difflib scan per example is the slow part
@given(
    index=st.integers(min_value=0, max_value=10_000),
    cut=st.integers(min_value=0, max_value=30),
    extra=st.sampled_from(["s", "es", " 2", "x", ""]),
)
def test_the_shortlist_never_loses_a_match_a_full_scan_finds(
    matcher: ExerciseMatcher, index: int, cut: int, extra: str
) -> None:
    import difflib

    texts = sorted(matcher.names)
    text = texts[index % len(texts)]
    typo = (text[:cut] + text[cut + 1 :] if cut < len(text) else text) + extra
    full = max(texts, key=lambda t: (difflib.SequenceMatcher(None, t, typo).ratio(), t == text))
    best = difflib.SequenceMatcher(None, full, typo).ratio()
    match = matcher.match(typo)
    if best >= THRESHOLD + 0.02:  # a clear match by a full scan is found through the shortlist
        assert match.exercise_id is not None
        found = matcher.names.get(typo) or match.exercise_id
        assert found == matcher.names[full] or match.score >= best - 1e-9


COMMON_NAMES = [
    # Strong and Hevy names of glute and leg work (issue 22): each is matched or known
    "Hip Abductor (Machine)", "Hip Adductor (Machine)", "Hip Adductor",
    "Glute Kickback (Machine)", "Glute Kickback (Cable)", "Cable Pull Through",
    "Bulgarian Split Squat", "Bulgarian Split Squat (Dumbbell)", "Step Up", "Step-up",
    "Good Morning (Barbell)", "Good Morning", "Sumo Deadlift (Barbell)", "Leg Press",
    "Leg Press (Machine)", "Lunge (Dumbbell)", "Reverse Lunge", "Reverse Lunge (Dumbbell)",
    "Walking Lunge", "Walking Lunge (Dumbbell)", "Hip Thrust (Machine)", "Hip Thrust (Barbell)",
    "Hip Thrust (Bodyweight)", "Glute Bridge", "Single Leg Glute Bridge",
    "Romanian Deadlift (Barbell)", "Romanian Deadlift (Dumbbell)", "Goblet Squat",
    "Squat (Goblet)", "Squat (Barbell)", "Cable Kickback", "Donkey Kicks", "Fire Hydrant",
    "Clamshell", "Frog Pumps", "Frog Pump (Dumbbell)", "Lateral Band Walk", "Sumo Squat",
    "Kettlebell Swing", "Back Extension", "Back Extension (Hyperextension)", "Hyperextension",
    "Leg Curl (Machine)", "Lying Leg Curl (Machine)", "Seated Leg Curl (Machine)",
    "Leg Extension (Machine)", "Deadlift (Barbell)", "Front Squat (Barbell)", "Hack Squat",
    "Smith Machine Squat", "Squat (Smith Machine)", "Step Up (Dumbbell)", "Curtsy Lunge",
    "Banded Side Steps", "Split Squat (Dumbbell)", "Single Leg Romanian Deadlift (Dumbbell)",
    "Deadlift (Kettlebell)", "Standing Calf Raise", "Wall Sit", "Side Plank", "Plank",
]  # fmt: skip


@pytest.mark.parametrize("name", COMMON_NAMES)
def test_common_glute_names_are_recognised(matcher: ExerciseMatcher, name: str) -> None:
    match = matcher.match(name)
    assert match.how in ("alias", "exact", "known"), (name, match)
