from __future__ import annotations

import pytest

from gluteus.domain.catalog import Catalog, Kind
from gluteus.imports.matching import (
    THRESHOLD,
    ExerciseMatcher,
    default_aliases,
    parse_aliases,
    parse_mapping,
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
    "Hip Abduction (Machine)": "seated-band-abduction",
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
    assert len(aliases) >= 60
    assert unknown_targets(aliases.values(), catalog) == []


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
    "name", ["Bench Press (Barbell)", "Deadlift (Barbell)", "Lat Pulldown (Cable)", "Leg Curl"]
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
