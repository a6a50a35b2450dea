"""Checks over the real packaged exercise catalog (src/gluteus/data/exercises.toml)."""

from __future__ import annotations

import copy
import itertools
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from gluteus.domain.catalog import (
    GLUTES,
    Catalog,
    CatalogError,
    Exercise,
    Impact,
    Kind,
    Load,
    Muscle,
    RepUnit,
    default_catalog,
    parse_catalog,
)
from gluteus.domain.profile import Equipment, Level, Limitation

REPO_ROOT = Path(__file__).resolve().parents[2]
OVERLAP_TOOL = Path("/work/shared/tools/seed_overlap.py")

SEED_IDS: dict[str, tuple[str, ...]] = {
    "000": ("quadruped-hip-extension", "forward-lunge", "step-up"),
    "001": (
        "glute-bridge",
        "quadruped-bent-knee-hip-extension",
        "bodyweight-squat",
        "forward-lunge",
    ),
    "002": (
        "weighted-glute-bridge",
        "stability-ball-reverse-extension",
        "loaded-squat",
        "stair-climbing",
    ),
    "003": (
        "downward-dog-leg-raise",
        "squat-kickback",
        "standing-rear-leg-raise",
        "butt-twister",
        "swinging-bridge",
        "step-up-kickback",
        "assisted-single-leg-lunge",
        "plie-squat-upright-row",
    ),
    "004": (
        "band-hip-bridge",
        "band-deep-squat",
        "seated-band-abduction",
        "band-side-lying-clamshell",
        "band-standing-kickback",
        "band-feet-elevated-bridge-march",
        "band-lateral-lunge",
        "band-quadruped-fire-hydrant",
    ),
}

BAND_PLACEMENT_004 = {
    "band-hip-bridge": "below_knees",
    "band-deep-squat": "above_knees",
    "seated-band-abduction": "below_knees",
    "band-side-lying-clamshell": "below_knees",
    "band-standing-kickback": "ankles",
    "band-feet-elevated-bridge-march": "feet",
    "band-lateral-lunge": "ankles",
    "band-quadruped-fire-hydrant": "above_knees",
}

COACH_IDS = (
    "hip-thrust",
    "single-leg-glute-bridge",
    "romanian-deadlift",
    "single-leg-romanian-deadlift",
    "split-squat",
    "bulgarian-split-squat",
    "sumo-squat",
    "goblet-squat",
    "lateral-band-walk",
    "side-lying-hip-abduction",
    "side-plank",
    "side-plank-hip-abduction",
    "standing-hip-hitch",
    "lateral-step-up",
    "reverse-lunge",
    "curtsy-lunge",
    "kettlebell-swing",
    "cable-kickback",
    "leg-press",
    "wall-sit",
    "calf-raise",
    "single-leg-calf-raise",
    "hamstring-ball-curl",
    "good-morning",
    "push-up",
    "incline-push-up",
    "knee-push-up",
    "dumbbell-bench-press",
    "dumbbell-row",
    "band-row",
    "inverted-row",
    "superman",
    "prone-y-raise",
    "overhead-press",
    "pike-push-up",
    "band-pull-apart",
    "biceps-curl",
    "triceps-dip",
    "plank",
    "dead-bug",
    "bird-dog",
    "hollow-hold",
    "pallof-press",
    "copenhagen-plank",
    "adductor-side-lying-lift",
    "ball-squeeze-bridge",
)

CARDIO_IDS = (
    "brisk-walk",
    "incline-walk",
    "jog",
    "run-intervals",
    "speed-walk",
    "stair-climbing",
    "stationary-bike",
    "elliptical",
    "jump-rope",
    "hiking",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture()
def raw() -> dict[str, Any]:
    """The packaged TOML as plain data, fresh for each test so it can be broken."""
    text = resources.files("gluteus.data").joinpath("exercises.toml").read_text("utf-8")
    return tomllib.loads(text)


def _strength(catalog: Catalog) -> list[Exercise]:
    return [ex for ex in catalog if ex.kind is Kind.STRENGTH]


def _has_gear(ex: Exercise) -> bool:
    return any(item is not Equipment.NONE for item in ex.equipment)


# ---------------------------------------------------------------- size and seed entries


def test_catalog_has_at_least_sixty_entries(catalog: Catalog) -> None:
    assert len(catalog) >= 60


@pytest.mark.parametrize(
    ("seed", "exercise_id"),
    [(seed, ex_id) for seed, ids in SEED_IDS.items() for ex_id in ids],
)
def test_seed_exercise_present_and_tagged(catalog: Catalog, seed: str, exercise_id: str) -> None:
    assert exercise_id in catalog
    assert seed in catalog.get(exercise_id).seeds


@pytest.mark.parametrize("exercise_id", COACH_IDS)
def test_standard_coach_movement_present(catalog: Catalog, exercise_id: str) -> None:
    assert catalog.get(exercise_id).kind is Kind.STRENGTH


@pytest.mark.parametrize(("exercise_id", "placement"), sorted(BAND_PLACEMENT_004.items()))
def test_mini_band_entries_match_article(
    catalog: Catalog, exercise_id: str, placement: str
) -> None:
    ex = catalog.get(exercise_id)
    assert Equipment.MINI_BAND in ex.equipment
    assert ex.band_placement is not None
    assert ex.band_placement.value == placement


def test_mini_band_entries_needing_a_bench(catalog: Catalog) -> None:
    for exercise_id in ("seated-band-abduction", "band-feet-elevated-bridge-march"):
        assert Equipment.BENCH in catalog.get(exercise_id).also_requires


def test_specific_seed_details(catalog: Catalog) -> None:
    assert catalog.get("squat-kickback").plyometric
    assert catalog.get("assisted-single-leg-lunge").level is Level.BEGINNER
    assert Equipment.BENCH in catalog.get("step-up-kickback").equipment
    stairs = catalog.get("stair-climbing")
    assert stairs.kind is Kind.CARDIO
    assert Equipment.STAIRS in stairs.equipment
    weighted = catalog.get("weighted-glute-bridge")
    assert {Equipment.DUMBBELLS, Equipment.BARBELL, Equipment.BODY_BAR} <= set(weighted.equipment)
    loaded = catalog.get("loaded-squat")
    wanted = {Equipment.DUMBBELLS, Equipment.BARBELL, Equipment.BODY_BAR, Equipment.RESISTANCE_BAND}
    assert wanted <= set(loaded.equipment)
    plie = catalog.get("plie-squat-upright-row")
    assert {Equipment.RESISTANCE_BAND, Equipment.MEDICINE_BALL} <= set(plie.equipment)
    substitute = plie.household_substitutes[Equipment.DUMBBELLS].lower()
    assert "soup" in substitute or "bottle" in substitute


def test_glute_muscles_kept_apart(catalog: Catalog) -> None:
    for muscle in GLUTES:
        assert any(muscle in ex.primary_muscles for ex in catalog), muscle


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("muscle", list(Muscle), ids=lambda m: m.value)
def test_every_muscle_has_options_at_each_level_and_kit(catalog: Catalog, muscle: Muscle) -> None:
    options = [ex for ex in _strength(catalog) if muscle in ex.muscles]
    assert any(ex.level is Level.BEGINNER for ex in options), "no beginner option"
    assert any(ex.level.rank >= Level.INTERMEDIATE.rank for ex in options), "no harder option"
    assert any(Equipment.NONE in ex.equipment for ex in options), "no bodyweight option"
    assert any(_has_gear(ex) for ex in options), "no equipment option"


@pytest.mark.parametrize("muscle", sorted(GLUTES), ids=lambda m: m.value)
def test_knee_friendly_home_options_for_each_glute(catalog: Catalog, muscle: Muscle) -> None:
    kits = ([Equipment.NONE], [Equipment.NONE, Equipment.MINI_BAND])
    found = [
        ex
        for ex in _strength(catalog)
        if muscle in ex.muscles
        and ex.knee_load is Load.LOW
        and any(ex.usable_with(kit, household=False) for kit in kits)
    ]
    assert len(found) >= 3, [ex.id for ex in found]


def test_knee_limited_people_keep_glute_options(catalog: Catalog) -> None:
    for muscle in GLUTES:
        options = catalog.filter(
            kind=Kind.STRENGTH,
            muscle=muscle,
            equipment=[Equipment.NONE],
            limitations=[Limitation.KNEES],
        )
        assert len(options) >= 3, muscle


def test_pregnancy_safe_glute_options(catalog: Catalog) -> None:
    options = catalog.filter(
        kind=Kind.STRENGTH,
        equipment=[Equipment.NONE, Equipment.MINI_BAND, Equipment.BENCH],
        limitations=[Limitation.PREGNANCY],
    )
    glute_ids = {ex.id for ex in options if ex.muscles & GLUTES}
    assert len(glute_ids) >= 6
    for expected in ("band-side-lying-clamshell", "band-quadruped-fire-hydrant"):
        assert expected in glute_ids


def test_abduction_work_lists_medius_and_minimus(catalog: Catalog) -> None:
    abduction = [ex for ex in catalog if ex.pattern == "hip abduction"]
    assert len(abduction) >= 6
    for ex in abduction:
        assert Muscle.GLUTE_MED in ex.muscles, ex.id
        assert Muscle.GLUTE_MIN in ex.muscles, ex.id


# ---------------------------------------------------------------- progressions


def test_progressions_and_regressions_respect_levels(catalog: Catalog) -> None:
    for ex in catalog:
        for target in ex.progressions:
            assert catalog.get(target).level.rank >= ex.level.rank, (ex.id, target)
        for target in ex.regressions:
            assert catalog.get(target).level.rank <= ex.level.rank, (ex.id, target)


def test_progression_graph_has_no_cycles(catalog: Catalog) -> None:
    # Edges run from the easier entry to the harder one, from both directions of reference.
    harder: dict[str, set[str]] = {ex.id: set(ex.progressions) for ex in catalog}
    for ex in catalog:
        for easier in ex.regressions:
            harder[easier].add(ex.id)
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(harder[node]):
            if state.get(nxt) == 1:
                pytest.fail(f"cycle: {' -> '.join([*path, node, nxt])}")
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(harder):
        if node not in state:
            visit(node, [])


def test_bridge_and_squat_chains(catalog: Catalog) -> None:
    chain = ["glute-bridge", "band-hip-bridge", "weighted-glute-bridge", "single-leg-glute-bridge"]
    for easier, harder in itertools.pairwise(chain):
        assert harder in catalog.get(easier).progressions
    assert "hip-thrust" in catalog.get("single-leg-glute-bridge").progressions
    assert "goblet-squat" in catalog.get("bodyweight-squat").progressions
    assert "loaded-squat" in catalog.get("goblet-squat").progressions
    assert "bulgarian-split-squat" in catalog.get("split-squat").progressions
    assert "push-up" in catalog.get("knee-push-up").progressions


# ---------------------------------------------------------------- cardio, warm-ups, stretches


@pytest.mark.parametrize("exercise_id", CARDIO_IDS)
def test_cardio_entry(catalog: Catalog, exercise_id: str) -> None:
    ex = catalog.get(exercise_id)
    assert ex.kind is Kind.CARDIO
    assert "Compendium" in ex.met_source
    assert ex.met >= 3.0


def test_cardio_equipment_and_impact(catalog: Catalog) -> None:
    assert Equipment.STATIONARY_BIKE in catalog.get("stationary-bike").equipment
    assert Equipment.ELLIPTICAL in catalog.get("elliptical").equipment
    assert Equipment.JUMP_ROPE in catalog.get("jump-rope").equipment
    assert Equipment.TREADMILL in catalog.get("incline-walk").equipment
    assert catalog.get("stationary-bike").knee_load is not Load.HIGH
    assert catalog.get("elliptical").knee_load is not Load.HIGH
    assert catalog.get("jog").knee_load is Load.HIGH
    assert catalog.get("stair-climbing").knee_load is Load.HIGH
    assert catalog.get("jump-rope").plyometric
    assert catalog.get("brisk-walk").met == pytest.approx(4.8)  # 2024 Compendium 17200
    assert catalog.get("jog").met == pytest.approx(7.5)  # 2024 Compendium 12020


def test_every_met_cites_a_2024_compendium_code_and_its_value(catalog: Catalog) -> None:
    for ex in catalog:
        found = re.match(r"Compendium 2024 code (\d{5}) \(.+?\) (\d+(?:\.\d)?)", ex.met_source)
        assert found, (ex.id, ex.met_source)
        assert float(found.group(2)) == pytest.approx(ex.met), ex.id


def test_warmups_need_no_equipment(catalog: Catalog) -> None:
    warmups = [ex for ex in catalog if ex.kind is Kind.WARMUP]
    assert len(warmups) >= 4
    for ex in warmups:
        assert ex.usable_with([], household=False), ex.id
        assert ex.met <= 3.5, ex.id


def test_stretches_cover_the_lower_body(catalog: Catalog) -> None:
    stretches = [ex for ex in catalog if ex.kind is Kind.STRETCH]
    assert len(stretches) >= 6
    covered = set().union(*(ex.primary_muscles for ex in stretches))
    wanted = {Muscle.GLUTE_MAX, Muscle.HAMSTRINGS, Muscle.QUADS, Muscle.ADDUCTORS, Muscle.CALVES}
    assert wanted <= covered
    hip_flexor = [ex for ex in stretches if "hip-flexor" in ex.id]
    assert hip_flexor
    assert Muscle.QUADS in hip_flexor[0].muscles  # rectus femoris stands in for the hip flexors
    for ex in stretches:
        assert 2.3 <= ex.met <= 3.5, ex.id
        assert ex.prescription.unit is RepUnit.SECONDS, ex.id
        assert ex.usable_with([], household=False), ex.id
    assert "02101" in catalog.get("figure-four-stretch").met_source


# ---------------------------------------------------------------- per-entry sanity


def test_every_entry_is_complete(catalog: Catalog) -> None:
    for ex in catalog:
        assert 3 <= len(ex.steps) <= 6, ex.id
        assert 2 <= len(ex.cues) <= 4, ex.id
        assert ex.summary.endswith("."), ex.id
        assert "Compendium" in ex.met_source and "code" in ex.met_source, ex.id
        assert ex.prescription.reps_min <= ex.prescription.reps_max, ex.id


def test_flags_are_consistent(catalog: Catalog) -> None:
    for ex in catalog:
        if ex.plyometric:
            assert not ex.pregnancy_ok, ex.id
            assert ex.knee_load is Load.HIGH, ex.id
        if ex.band_placement is not None:
            assert Equipment.MINI_BAND in ex.equipment, ex.id
        if Equipment.MINI_BAND in ex.equipment and ex.kind is Kind.STRENGTH:
            assert ex.band_placement is not None, ex.id
    for exercise_id in ("glute-bridge", "hip-thrust", "stability-ball-reverse-extension"):
        assert catalog.get(exercise_id).knee_load is Load.LOW
    for exercise_id in ("bulgarian-split-squat", "forward-lunge", "band-deep-squat"):
        assert catalog.get(exercise_id).knee_load is Load.HIGH
    for exercise_id in (
        "single-leg-romanian-deadlift",
        "step-up-kickback",
        "bulgarian-split-squat",
    ):
        assert catalog.get(exercise_id).balance_demand is Load.HIGH
    assert catalog.get("good-morning").back_load is Load.HIGH


def test_seed_prescriptions(catalog: Catalog) -> None:
    for exercise_id in SEED_IDS["004"]:
        rx = catalog.get(exercise_id).prescription
        assert (rx.sets, rx.reps_min, rx.reps_max) == (3, 10, 15), exercise_id
    for exercise_id in (
        "glute-bridge",
        "weighted-glute-bridge",
        "stability-ball-reverse-extension",
    ):
        rx = catalog.get(exercise_id).prescription
        assert (rx.reps_min, rx.reps_max) == (12, 15), exercise_id
    for ex in catalog:
        if ex.unilateral:
            assert ex.kind is not Kind.CARDIO, ex.id


# Swinging a jug or backpack is unsafe, so ballistic moves get no household stand-in.
NO_SUBSTITUTE = frozenset({"kettlebell-swing"})


def test_household_substitutes_for_home_loading(catalog: Catalog) -> None:
    for ex in _strength(catalog):
        if ex.id in NO_SUBSTITUTE:
            continue
        if Equipment.DUMBBELLS in ex.equipment and Equipment.NONE not in ex.equipment:
            others = set(ex.equipment) - {Equipment.DUMBBELLS}
            home = {Equipment.MINI_BAND, Equipment.RESISTANCE_BAND} & others
            assert Equipment.DUMBBELLS in ex.household_substitutes or home, ex.id


# ---------------------------------------------------------------- bad entries fail loudly


def _entry(data: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    return next(e for e in data["exercise"] if e["id"] == exercise_id)


def _set_met_zero(entry: dict[str, Any]) -> None:
    entry["met"] = 0


def _unknown_muscle(entry: dict[str, Any]) -> None:
    entry["primary_muscles"] = ["glute_maximus"]


def _unknown_equipment(entry: dict[str, Any]) -> None:
    entry["equipment"] = ["trampoline"]


def _extra_key(entry: dict[str, Any]) -> None:
    entry["difficulty"] = 3


def _bad_prescription(entry: dict[str, Any]) -> None:
    entry["prescription"] = {**entry["prescription"], "reps_min": 15, "reps_max": 10}


@pytest.mark.parametrize(
    ("breaker", "field"),
    [
        (_set_met_zero, "met"),
        (_unknown_muscle, "primary_muscles"),
        (_unknown_equipment, "equipment"),
        (_extra_key, "difficulty"),
        (_bad_prescription, "prescription"),
    ],
)
def test_broken_entry_is_named(
    raw: dict[str, Any], breaker: Callable[[dict[str, Any]], None], field: str
) -> None:
    breaker(_entry(raw, "band-hip-bridge"))
    with pytest.raises(CatalogError) as caught:
        parse_catalog(raw)
    message = str(caught.value)
    assert "band-hip-bridge" in message
    assert field in message


def test_unknown_progression_is_named(raw: dict[str, Any]) -> None:
    _entry(raw, "glute-bridge")["progressions"] = ["band-hip-bridge", "moon-bridge"]
    with pytest.raises(CatalogError, match=r"glute-bridge.*progressions.*moon-bridge"):
        parse_catalog(raw)


def test_duplicate_id_is_named(raw: dict[str, Any]) -> None:
    raw["exercise"].append(copy.deepcopy(_entry(raw, "step-up")))
    with pytest.raises(CatalogError, match=r"step-up.*duplicate id"):
        parse_catalog(raw)


def test_untouched_raw_data_parses(raw: dict[str, Any]) -> None:
    parsed = list(parse_catalog(raw))
    assert [ex.id for ex in parsed] == [entry["id"] for entry in raw["exercise"]]
    assert parsed == list(default_catalog())  # every field of every entry, in order


# ---------------------------------------------------------------- own words


@pytest.mark.skipif(not OVERLAP_TOOL.exists(), reason="seed overlap tool not available")
def test_catalog_text_does_not_copy_the_seeds() -> None:
    result = subprocess.run(
        [sys.executable, str(OVERLAP_TOOL), "src/gluteus/data/exercises.toml"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "0 file(s)" in result.stdout


# ---------------------------------------------------------------- coach labels (issue 8)


def test_every_entry_grades_its_impact(catalog: Catalog) -> None:
    for ex in catalog:
        assert ex.impact in set(Impact), ex.id
        if ex.plyometric:
            assert ex.impact is Impact.HIGH, ex.id
    assert catalog.get("jog").impact is Impact.HIGH
    assert catalog.get("jump-rope").impact is Impact.HIGH
    assert catalog.get("brisk-walk").impact is Impact.LOW
    assert catalog.get("stationary-bike").impact is Impact.NONE


def test_walking_lists_glute_max_as_secondary(catalog: Catalog) -> None:
    """Level walking barely recruits gluteus maximus (Lieberman et al., J Exp Biol 209, 2006)."""
    for exercise_id in ("brisk-walk", "speed-walk"):
        ex = catalog.get(exercise_id)
        assert Muscle.GLUTE_MAX not in ex.primary_muscles
        assert Muscle.GLUTE_MAX in ex.secondary_muscles


def test_lunges_list_quads_as_primary(catalog: Catalog) -> None:
    for exercise_id in ("curtsy-lunge", "band-lateral-lunge"):
        assert Muscle.QUADS in catalog.get(exercise_id).primary_muscles


def test_superman_is_a_back_extension_not_a_pull(catalog: Catalog) -> None:
    assert catalog.get("superman").pattern == "back extension"
    pulls = {ex.id for ex in catalog if ex.pattern == "pull"}
    assert "superman" not in pulls and "dumbbell-row" in pulls


def test_coach_limits_on_the_back_and_knees(catalog: Catalog) -> None:
    for exercise_id in ("kettlebell-swing", "loaded-squat", "superman"):
        assert catalog.get(exercise_id).unsuitable_for([Limitation.LOWER_BACK]), exercise_id
    assert catalog.get("pigeon-stretch").unsuitable_for([Limitation.KNEES])
    assert not catalog.get("figure-four-stretch").unsuitable_for([Limitation.KNEES])
    assert catalog.get("jog").unsuitable_for([Limitation.PREGNANCY])


def test_stimulus_ranks_the_best_glute_lifts_first(catalog: Catalog) -> None:
    order = ["hip-thrust", "weighted-glute-bridge", "glute-bridge"]
    stimuli = [catalog.get(i).stimulus for i in order]
    assert stimuli == sorted(stimuli, reverse=True) and len(set(stimuli)) == 3
    assert catalog.get("dumbbell-row").stimulus > catalog.get("superman").stimulus


def test_exercise_dump_carries_impact_and_pattern(catalog: Catalog) -> None:
    """`gluteus exercises show ID --json` dumps the model: impact sits beside the joint loads."""
    dumped = catalog.get("kettlebell-swing").model_dump(mode="json")
    keys = ("impact", "knee_load", "back_load", "balance_demand", "plyometric", "pregnancy_ok")
    assert set(keys) <= set(dumped) and dumped["impact"] in {"none", "low", "high"}
    assert dumped["pattern"] == "hinge"
