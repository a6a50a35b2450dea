"""The weekly planner: (profile, catalog) → a multi-week :class:`Program`.

It lays out strength and cardio days, fills each session from the catalog by muscle,
equipment, limitations and level within the person's minutes, progresses the dose over the
weeks, explains each choice, and validates its own output against :mod:`gluteus.domain.rules`.
Deterministic: the same inputs give the same plan.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from gluteus.domain.catalog import GLUTES, LOWER_BODY, Catalog, Exercise, Kind, Muscle, RepUnit
from gluteus.domain.energy import intake_target, met_kcal, minimum_goal_weight_kg
from gluteus.domain.profile import Equipment, Level, Limitation, Profile, Weekday
from gluteus.domain.program import (
    CaloriePlan,
    Day,
    Exclusion,
    PlannedExercise,
    Program,
    Role,
    Session,
    SessionKind,
    Week,
)
from gluteus.domain.rules import (
    CARDIO_FREE_DAYS,
    CARDIO_MIN_DAYS,
    CARDIO_MIN_MINUTES,
    REPS_RANGE,
    SANDWICH_MINUTES,
    STRENGTH_MIN_DAYS,
    validate,
)
from gluteus.domain.screening import screen_profile
from gluteus.domain.tips import tips_for

GENERATOR = "gluteus-planner/1"
EFFORT_NOTE = (
    "Effort: pick a load or band where the last two reps of each set are hard but still "
    "clean. If form slips, stop the set there."
)
PAIN_NOTE = "Sharp or joint pain means stop that exercise and log it; soreness later is normal."
TRANSITION_S = 20.0
SIDE_SWITCH_S = 10.0
CARDIO_MAX_MINUTES = 45
BEGINNER_CARDIO_STEP_MIN = 2
INTENSITY_FACTOR = {"easy": 0.85, "moderate": 1.0, "brisk": 1.15, "intervals": 1.3}
"""Scale on a cardio entry's moderate-pace MET; approximates the Compendium's pace bands
(e.g. walking 3.0 → 3.5 → 4.3 → 5.0 MET from 2.5 to 4.0 mph, codes 17170-17220)."""


class Focus(StrEnum):
    """What a strength session works."""

    FULL = "full"
    LOWER = "lower"
    UPPER = "upper"


UPPER_BODY: frozenset[Muscle] = frozenset(
    {Muscle.CHEST, Muscle.BACK, Muscle.SHOULDERS, Muscle.ARMS, Muscle.CORE}
)
FOCUS_MUSCLES: dict[Focus, frozenset[Muscle]] = {
    Focus.FULL: frozenset(Muscle),
    Focus.LOWER: LOWER_BODY,
    Focus.UPPER: UPPER_BODY,
}


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a session for one exercise aimed at some muscles."""

    name: str
    muscles: frozenset[Muscle]
    purpose: str


def _slot(name: str, purpose: str, *muscles: Muscle) -> Slot:
    return Slot(name, frozenset(muscles), purpose)


GLUTE_MAX_SLOT = _slot("glute max", "hip extension for gluteus maximus", Muscle.GLUTE_MAX)
GLUTE_SIDE_SLOT = _slot(
    "glute med/min",
    "hip abduction for gluteus medius and minimus",
    Muscle.GLUTE_MED,
    Muscle.GLUTE_MIN,
)
QUADS_SLOT = _slot("quads", "knee-dominant leg work", Muscle.QUADS)
HAMS_SLOT = _slot("hamstrings", "hip hinge or curl for the hamstrings", Muscle.HAMSTRINGS)
PUSH_SLOT = _slot("push", "upper-body push", Muscle.CHEST, Muscle.SHOULDERS)
PULL_SLOT = _slot("pull", "upper-body pull for the back", Muscle.BACK)
CORE_SLOT = _slot("core", "trunk stability", Muscle.CORE)
ADDUCTOR_SLOT = _slot("adductors", "inner thigh", Muscle.ADDUCTORS)
CALVES_SLOT = _slot("calves", "lower leg", Muscle.CALVES)
SHOULDER_SLOT = _slot("shoulders", "shoulders", Muscle.SHOULDERS)
ARMS_SLOT = _slot("arms", "arms", Muscle.ARMS)

SLOTS: dict[Focus, tuple[tuple[Slot, ...], tuple[Slot, ...]]] = {
    # (always first, then rotated per session so a short session still covers the week)
    Focus.FULL: (
        (GLUTE_MAX_SLOT, GLUTE_SIDE_SLOT),
        (QUADS_SLOT, PUSH_SLOT, HAMS_SLOT, PULL_SLOT, CORE_SLOT),
    ),
    Focus.LOWER: (
        (GLUTE_MAX_SLOT, GLUTE_SIDE_SLOT),
        (QUADS_SLOT, HAMS_SLOT, ADDUCTOR_SLOT, CALVES_SLOT),
    ),
    Focus.UPPER: ((), (PUSH_SLOT, PULL_SLOT, CORE_SLOT, SHOULDER_SLOT, ARMS_SLOT)),
}
SLOT_ORDER = (
    GLUTE_MAX_SLOT,
    QUADS_SLOT,
    HAMS_SLOT,
    PUSH_SLOT,
    PULL_SLOT,
    GLUTE_SIDE_SLOT,
    ADDUCTOR_SLOT,
    SHOULDER_SLOT,
    ARMS_SLOT,
    CALVES_SLOT,
    CORE_SLOT,
)
"""Large, multi-joint work first, small and stabilising work last (ACSM 2009 ordering)."""

TEMPLATES: dict[int, tuple[tuple[Focus, ...], ...]] = {
    1: ((Focus.FULL,),),
    2: ((Focus.FULL, Focus.FULL), (Focus.LOWER, Focus.UPPER), (Focus.UPPER, Focus.LOWER)),
    3: (
        (Focus.FULL,) * 3,
        (Focus.LOWER, Focus.UPPER, Focus.LOWER),
        (Focus.UPPER, Focus.LOWER, Focus.UPPER),
    ),
    4: (
        (Focus.LOWER, Focus.UPPER, Focus.LOWER, Focus.UPPER),
        (Focus.UPPER, Focus.LOWER, Focus.UPPER, Focus.LOWER),
        (Focus.FULL,) * 4,
    ),
}
MAX_MAIN_EXERCISES = 7
FINISHER_RESERVE_MIN = 8.0
"""Minutes kept free for the band finisher when extra main work is added."""
TARGET_STRENGTH_DAYS = {Level.BEGINNER: 3, Level.INTERMEDIATE: 3, Level.ADVANCED: 4}


@dataclass(frozen=True, slots=True)
class Dose:
    """Sets, reps and rest for one exercise in one week."""

    sets: int
    reps_min: int
    reps_max: int
    rest_seconds: int


@dataclass(slots=True)
class DayLayout:
    """What happens on one weekday, before exercises are chosen."""

    weekday: Weekday
    focus: Focus | None = None
    cardio_minutes: float = 0.0
    sandwich: bool = False
    variant: int = 0


@dataclass(slots=True)
class WeekLayout:
    """The weekly pattern plus the rules the person's constraints make impossible."""

    days: list[DayLayout]
    constraints: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- layout


def _conflicts(days: Sequence[int], foci: Sequence[Focus]) -> int:
    placed = dict(zip(days, foci, strict=True))
    count = 0
    for index, focus in placed.items():
        neighbour = placed.get((index + 1) % 7)
        if neighbour is not None and FOCUS_MUSCLES[focus] & FOCUS_MUSCLES[neighbour]:
            count += 1
    return count


def _spread(days: Sequence[int]) -> int:
    gaps = [(days[(i + 1) % len(days)] - days[i]) % 7 or 7 for i in range(len(days))]
    return min(gaps)


def _strength_layout(available: Sequence[int], target: int) -> tuple[dict[int, Focus], int]:
    """Best conflict-free choice of strength days and foci, most days first."""
    for count in range(min(target, len(available)), 0, -1):
        best: tuple[tuple[int, ...], dict[int, Focus]] | None = None
        for days in itertools.combinations(available, count):
            for foci in TEMPLATES[count]:
                if _conflicts(days, foci):
                    continue
                glute_sessions = sum(f is not Focus.UPPER for f in foci)
                score = (-glute_sessions, -_spread(days), *days)
                if best is None or score < best[0]:
                    best = (score, dict(zip(days, foci, strict=True)))
        if best is not None:
            return best[1], count
    return {}, 0


def warmup_cooldown_minutes(budget: int) -> float:
    """Minutes for each of the warm-up and the cool-down, shorter on short days."""
    return 5.0 if budget >= 40 else 3.0


def plan_layout(profile: Profile) -> WeekLayout:
    """Decide which days carry strength (and its focus) and which carry cardio."""
    budget = profile.minutes_per_session
    available = sorted(day.ordinal for day in profile.available_days)
    target = TARGET_STRENGTH_DAYS[profile.level]
    foci, count = _strength_layout(available, target)
    constraints: dict[str, str] = {}
    if count < STRENGTH_MIN_DAYS:
        constraints["strength-minimum"] = (
            f"only {len(available)} available day(s); two strength days need two days"
        )
    if count < 3:
        constraints["strength-3-4-days"] = (
            f"{len(available)} available day(s) allow {count} strength day(s) without loading "
            "the same muscles on consecutive days"
        )
    edge = warmup_cooldown_minutes(budget)
    min_strength = 2 * edge + 10
    days = [DayLayout(Weekday.from_index(i), focus=foci.get(i)) for i in available]
    for variant, day in enumerate(d for d in days if d.focus is not None):
        day.variant = variant
    sandwich_ok = budget >= min_strength + 2 * SANDWICH_MINUTES
    if profile.cardio_sandwich:
        for day in days:
            if day.focus is not None and sandwich_ok:
                day.sandwich = True
                day.cardio_minutes = 2 * SANDWICH_MINUTES
        if not sandwich_ok:
            constraints["cardio-sandwich"] = (
                f"{budget} min a day cannot hold 15 + 15 min cardio around a strength session"
            )
    _place_cardio(days, budget, min_strength, constraints)
    return WeekLayout(days, constraints)


def _place_cardio(
    days: list[DayLayout], budget: int, min_strength: float, constraints: dict[str, str]
) -> None:
    cardio_cap = 7 - CARDIO_FREE_DAYS
    chosen = sum(1 for d in days if d.cardio_minutes)
    free_days = [d for d in days if d.focus is None]
    shared_days = [d for d in days if d.focus is not None and not d.cardio_minutes]
    if budget >= CARDIO_MIN_MINUTES:
        for day in free_days:
            if chosen >= min(CARDIO_MIN_DAYS, cardio_cap):
                break
            day.cardio_minutes = CARDIO_MIN_MINUTES
            chosen += 1
    if budget - CARDIO_MIN_MINUTES >= min_strength:
        for day in shared_days:
            if chosen >= CARDIO_MIN_DAYS:
                break
            day.cardio_minutes = CARDIO_MIN_MINUTES
            chosen += 1
    if chosen < CARDIO_MIN_DAYS:
        if len(days) < CARDIO_MIN_DAYS:
            why = f"only {len(days)} available day(s), so {chosen} can hold 30 min of cardio"
        elif budget < CARDIO_MIN_MINUTES:
            why = f"{budget} min a day is less than a 30-minute cardio session"
        else:
            why = (
                f"{budget} min a day cannot hold 30 min of cardio next to a strength session; "
                f"{chosen} cardio day(s) fit"
            )
        constraints["cardio-5x30"] = why


# --------------------------------------------------------------------------- choosing


def _allowed_level(profile: Profile, week: int, weeks: int) -> Level:
    late = week > max(1, (2 * weeks) // 3)
    rank = min(profile.level.rank + (1 if late else 0), len(Level) - 1)
    return list(Level)[rank]


def candidates(catalog: Catalog, profile: Profile, slot: Slot, focus: Focus) -> list[Exercise]:
    """Exercises for a slot, best first, within the person's kit, limits and level."""
    return list(
        _candidates(catalog, profile.equipment_set, profile.limitations, profile.level, slot, focus)
    )


@lru_cache(maxsize=256)
def _pool(
    catalog: Catalog,
    kind: Kind,
    owned: frozenset[Equipment],
    limitations: tuple[Limitation, ...],
    max_level: Level | None,
) -> tuple[Exercise, ...]:
    """Catalog entries of a kind that suit a person (memoised: plans ask the same often)."""
    return tuple(
        catalog.filter(kind=kind, equipment=owned, limitations=limitations, max_level=max_level)
    )


@lru_cache(maxsize=256)
def _candidates(
    catalog: Catalog,
    owned: frozenset[Equipment],
    limitations: tuple[Limitation, ...],
    level: Level,
    slot: Slot,
    focus: Focus,
) -> tuple[Exercise, ...]:
    allowed = FOCUS_MUSCLES[focus]
    pool = [
        ex
        for ex in _pool(catalog, Kind.STRENGTH, owned, limitations, level)
        if slot.muscles & set(ex.primary_muscles) and set(ex.primary_muscles) <= allowed
    ]
    knees = Limitation.KNEES in limitations

    def rank(ex: Exercise) -> tuple[int | str, ...]:
        return (
            abs(ex.level.rank - level.rank),
            0 if ex.primary_muscles[0] in slot.muscles else 1,
            -len(slot.muscles & ex.muscles),
            _KNEE_RANK[ex.knee_load.value] if knees else 0,
            0 if ex.seeds else 1,
            0 if ex.equipment_note(owned) is None else 1,
            ex.id,
        )

    return tuple(sorted(pool, key=rank))


_KNEE_RANK = {"low": 0, "moderate": 1, "high": 2}


def _why(exercise: Exercise, slot: Slot, profile: Profile) -> str:
    parts = [f"{slot.purpose}"]
    if Limitation.KNEES in profile.limitations and exercise.knee_friendly:
        parts.append("low knee load")
    if exercise.seeds:
        parts.append("from article " + "/".join(exercise.seeds))
    if exercise.equipment_note(profile.equipment_set):
        parts.append("household stand-in for missing kit")
    return "; ".join(parts)


def dose_for(exercise: Exercise, week: int, weeks: int) -> Dose:
    """Sets and reps for a week: 2 sets in the first third, the full prescription after.

    References:
        [1] Seed 001: at least 2 sets of 8-12 reps with rest between sets.
        [2] Seed 002: 2 × 12-15 for floor work; seed 004: 3 × 10-15 for band moves.
        [3] Ratamess N.A. et al., Med. Sci. Sports Exerc. 41:687-708, 2009 (progress
            volume gradually; novices 1-3 sets).
    """
    rx = exercise.prescription
    foundation = week <= max(1, weeks // 3)
    sets = max(2, rx.sets - 1) if foundation else max(2, rx.sets)
    if rx.unit is RepUnit.REPS:
        low = min(max(rx.reps_min, REPS_RANGE[0]), REPS_RANGE[1])
        high = min(max(rx.reps_max, low), REPS_RANGE[1])
    else:
        low, high = rx.reps_min, rx.reps_max
    # Double progression: the bottom of the range climbs toward the top over the plan.
    low += ((high - low) // 2) * (week - 1) // max(1, weeks - 1)
    return Dose(sets, low, high, max(rx.rest_seconds, 30))


def exercise_minutes(exercise: Exercise, dose: Dose) -> float:
    """Time for all sets, rests and the move to the next exercise. [min]"""
    rx = exercise.prescription
    per_rep = 1.0 if rx.unit is RepUnit.SECONDS else rx.seconds_per_rep
    sides = 2 if exercise.unilateral else 1
    work = dose.sets * sides * (dose.reps_max * per_rep + (SIDE_SWITCH_S if sides == 2 else 0))
    return (work + (dose.sets - 1) * dose.rest_seconds + TRANSITION_S) / 60.0


def _planned(
    exercise: Exercise,
    dose: Dose,
    role: Role,
    profile: Profile,
    why: str,
    progressed_from: str | None = None,
) -> PlannedExercise:
    minutes = exercise_minutes(exercise, dose)
    return PlannedExercise(
        id=exercise.id,
        name=exercise.name,
        role=role,
        sets=dose.sets,
        reps_min=dose.reps_min,
        reps_max=dose.reps_max,
        unit=exercise.prescription.unit,
        rest_seconds=dose.rest_seconds,
        unilateral=exercise.unilateral,
        primary_muscles=exercise.primary_muscles,
        secondary_muscles=exercise.secondary_muscles,
        band_placement=exercise.band_placement,
        minutes=round(minutes, 2),
        kcal=round(met_kcal(exercise.met, profile.weight_kg, minutes), 1),
        equipment_note=exercise.equipment_note(profile.equipment_set),
        why=why,
        progressed_from=progressed_from,
    )


def _progression_for(
    exercise: Exercise,
    catalog: Catalog,
    profile: Profile,
    focus: Focus,
    level: Level,
    taken: set[str],
    slot: Slot,
) -> Exercise | None:
    for target_id in exercise.progressions:
        target = catalog.get(target_id)
        if (
            target.id not in taken
            and target.kind is Kind.STRENGTH
            and target.level.rank <= level.rank
            and target.usable_with(profile.equipment_set)
            and not target.unsuitable_for(profile.limitations)
            and set(target.primary_muscles) <= FOCUS_MUSCLES[focus]
            and slot.muscles & set(target.primary_muscles)
        ):
            return target
    return None


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen main exercise, its slot and the harder variation used late in the plan."""

    exercise: Exercise
    slot: Slot
    later: Exercise | None


@dataclass(frozen=True, slots=True)
class StrengthTemplate:
    """The exercises of one strength day, fixed for the plan; doses change by week."""

    focus: Focus
    main: tuple[Pick, ...]
    finisher: tuple[Exercise, ...]
    skipped: tuple[str, ...] = ()


def _later_dose(later: Exercise, base: Exercise, week: int, weeks: int) -> Dose:
    """A harder variation's dose keeps at least the sets the easier one had (no step back)."""
    dose = dose_for(later, week, weeks)
    return replace(dose, sets=max(dose.sets, dose_for(base, week, weeks).sets))


def _pick_cost(exercise: Exercise, later: Exercise | None, weeks: int) -> float:
    cost = exercise_minutes(exercise, dose_for(exercise, weeks, weeks))
    if later is not None:
        cost = max(cost, exercise_minutes(later, _later_dose(later, exercise, weeks, weeks)))
    return cost


def choose_strength(
    catalog: Catalog, profile: Profile, focus: Focus, variant: int, budget_min: float
) -> StrengthTemplate:
    """Fill one strength day's main block and finisher within ``budget_min`` minutes."""
    first, rotating = SLOTS[focus]
    shift = variant % len(rotating) if rotating else 0
    order = [*first, *rotating[shift:], *rotating[:shift]]
    late_level = _allowed_level(profile, profile.weeks, profile.weeks)
    picks: list[Pick] = []
    taken: set[str] = set()
    spent = 0.0
    skipped: list[str] = []
    for slot in order:
        pool = [ex for ex in candidates(catalog, profile, slot, focus) if ex.id not in taken]
        if not pool:
            skipped.append(f"no {slot.name} exercise suits your equipment and limitations")
            continue
        exercise = pool[variant % len(pool)]
        later = _progression_for(exercise, catalog, profile, focus, late_level, taken, slot)
        options = [exercise] if later is None else [exercise, later]
        cost = _pick_cost(exercise, later, profile.weeks)
        if spent + cost > budget_min:
            skipped.append(f"no time left for {slot.name} in {budget_min:.0f} min of strength")
            continue
        picks.append(Pick(exercise, slot, later))
        taken.update(ex.id for ex in options)
        spent += cost
    extra_slots = [*first, *first] if first else list(rotating)
    for slot in extra_slots:
        if len(picks) >= MAX_MAIN_EXERCISES:
            break
        pool = [ex for ex in candidates(catalog, profile, slot, focus) if ex.id not in taken]
        for exercise in pool:
            later = _progression_for(exercise, catalog, profile, focus, late_level, taken, slot)
            options = [exercise] if later is None else [exercise, later]
            cost = _pick_cost(exercise, later, profile.weeks)
            if spent + cost <= budget_min - FINISHER_RESERVE_MIN:
                picks.append(Pick(exercise, slot, later))
                taken.update(ex.id for ex in options)
                spent += cost
                break
    picks.sort(key=lambda pick: SLOT_ORDER.index(pick.slot))
    finisher = _choose_finisher(catalog, profile, variant, budget_min - spent, taken)
    return StrengthTemplate(focus, tuple(picks), finisher, tuple(skipped))


FINISHER_DOSE = Dose(sets=2, reps_min=12, reps_max=15, rest_seconds=30)
"""Short band finisher: 2 × 12-15 as for floor and band work (seed 002)."""


def _choose_finisher(
    catalog: Catalog, profile: Profile, variant: int, budget_min: float, taken: set[str]
) -> tuple[Exercise, ...]:
    if not (profile.band_finisher and Equipment.MINI_BAND in profile.equipment):
        return ()
    pool = [
        ex
        for ex in _pool(
            catalog, Kind.STRENGTH, profile.equipment_set, profile.limitations, profile.level
        )
        if Equipment.MINI_BAND in ex.equipment
        and set(ex.primary_muscles) & GLUTES
        and ex.id not in taken
    ]
    pool.sort(key=lambda ex: (0 if ex.seeds else 1, ex.id))
    if len(pool) < 2:
        return ()
    start = (3 * variant) % len(pool)
    rotated = pool[start:] + pool[:start]
    chosen: list[Exercise] = []
    spent = 0.0
    for exercise in rotated:
        cost = exercise_minutes(exercise, FINISHER_DOSE)
        if len(chosen) < 3 and spent + cost <= budget_min:
            chosen.append(exercise)
            spent += cost
    return tuple(chosen) if len(chosen) >= 2 else ()


def _timed_block(
    catalog: Catalog,
    profile: Profile,
    kind: Kind,
    minutes: float,
    muscles: frozenset[Muscle],
    variant: int,
    role: Role,
) -> tuple[PlannedExercise, ...]:
    return _timed_block_for(
        catalog,
        profile.equipment_set,
        profile.limitations,
        profile.weight_kg,
        kind,
        minutes,
        muscles,
        variant,
        role,
    )


@lru_cache(maxsize=256)
def _timed_block_for(
    catalog: Catalog,
    owned: frozenset[Equipment],
    limitations: tuple[Limitation, ...],
    weight_kg: float,
    kind: Kind,
    minutes: float,
    muscles: frozenset[Muscle],
    variant: int,
    role: Role,
) -> tuple[PlannedExercise, ...]:
    pool = list(_pool(catalog, kind, owned, limitations, None))
    pool.sort(key=lambda ex: (-len(muscles & ex.muscles), ex.id))
    count = 4 if minutes >= 5 else 3
    if kind is Kind.WARMUP:
        start = variant % max(1, len(pool))
        pool = pool[start:] + pool[:start]
    chosen = pool[:count]
    seconds = int(minutes * 60 / max(1, len(chosen)))
    return tuple(
        PlannedExercise(
            id=ex.id,
            name=ex.name,
            role=role,
            sets=1,
            reps_min=seconds,
            reps_max=seconds,
            unit=RepUnit.SECONDS,
            rest_seconds=0,
            unilateral=ex.unilateral,
            primary_muscles=ex.primary_muscles,
            secondary_muscles=ex.secondary_muscles,
            minutes=round(seconds / 60, 2),
            kcal=round(met_kcal(ex.met, weight_kg, seconds / 60), 1),
            why="gentle range of motion before loading"
            if role is Role.WARMUP
            else "stretches the muscles this session worked",
        )
        for ex in chosen
    )


def _block_session(
    kind: SessionKind, title: str, exercises: tuple[PlannedExercise, ...], notes: tuple[str, ...]
) -> Session:
    return Session(
        kind=kind,
        title=title,
        minutes=round(sum(ex.minutes for ex in exercises), 2),
        kcal=round(sum(ex.kcal for ex in exercises), 1),
        exercises=exercises,
        notes=notes,
    )


# --------------------------------------------------------------------------- cardio

MACHINES = frozenset(
    {Equipment.TREADMILL, Equipment.STATIONARY_BIKE, Equipment.ELLIPTICAL, Equipment.STAIRS}
)


def cardio_options(catalog: Catalog, profile: Profile) -> list[Exercise]:
    """Cardio activities the person can do, gentlest first for beginners."""
    pool = list(
        _pool(catalog, Kind.CARDIO, profile.equipment_set, profile.limitations, profile.level)
    )
    if profile.level is Level.BEGINNER:
        return sorted(pool, key=lambda ex: (ex.met, ex.id))
    return sorted(pool, key=lambda ex: (abs(ex.level.rank - profile.level.rank), ex.id))


def cardio_dose(profile: Profile, week: int, cap_minutes: float) -> tuple[float, str]:
    """Minutes and intensity of a stand-alone cardio session in a given week.

    Beginners add about 2 minutes a week (well under 10 %) until the cap, and only then
    raise the pace: longer first, then faster.

    References:
        [1] Seed 001: new exercisers start slowly and raise distance or speed step by step.
        [2] Garber C.E. et al., Med. Sci. Sports Exerc. 43:1334-1359, 2011 (≥ 30 min of
            moderate activity on ≥ 5 days).
    """
    cap = max(float(CARDIO_MIN_MINUTES), min(float(CARDIO_MAX_MINUTES), cap_minutes))
    minutes = min(cap, CARDIO_MIN_MINUTES + BEGINNER_CARDIO_STEP_MIN * (week - 1))
    late = week > max(1, (2 * profile.weeks) // 3)
    if profile.level is Level.ADVANCED:
        intensity = "intervals" if late else "brisk"
    elif profile.level is Level.INTERMEDIATE:
        intensity = "brisk" if week > max(1, profile.weeks // 3) else "moderate"
    else:
        intensity = "brisk" if (minutes >= cap or late) and week > 1 else "moderate"
    return minutes, intensity


def _cardio_session(
    activity: Exercise,
    profile: Profile,
    minutes: float,
    intensity: str,
    title: str,
    extra: tuple[str, ...] = (),
) -> Session:
    met = activity.met * INTENSITY_FACTOR[intensity]
    kcal = met_kcal(met, profile.weight_kg, minutes)
    notes = list(extra)
    if set(activity.equipment) & MACHINES:
        notes.append("On a machine, add a little resistance or incline: it works the glutes more.")
    paces = {
        "moderate": "moderate pace: you can talk but not sing",
        "brisk": "brisk pace: talking in short phrases only",
        "easy": "easy pace",
        "intervals": "alternate 2 min brisk with 1 min hard, after a 5-minute easy start",
    }
    notes.append(paces[intensity].capitalize() + ".")
    planned = PlannedExercise(
        id=activity.id,
        name=activity.name,
        role=Role.CARDIO,
        sets=1,
        reps_min=int(minutes * 60),
        reps_max=int(minutes * 60),
        unit=RepUnit.SECONDS,
        rest_seconds=0,
        primary_muscles=activity.primary_muscles,
        secondary_muscles=activity.secondary_muscles,
        minutes=round(minutes, 2),
        kcal=round(kcal, 1),
        equipment_note=activity.equipment_note(profile.equipment_set),
        why="whole-body fat loss: the only way the rear gets smaller",
    )
    return Session(
        kind=SessionKind.CARDIO,
        title=title,
        minutes=round(minutes, 2),
        kcal=round(kcal, 1),
        exercises=(planned,),
        intensity=intensity,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- weeks


def _phase(week: int, weeks: int) -> str:
    if week <= max(1, weeks // 3):
        return "foundation"
    if week <= max(1, (2 * weeks) // 3):
        return "build"
    return "strengthen"


def _week_doses(
    template: StrengthTemplate, week: int, weeks: int
) -> tuple[tuple[Pick, Exercise, Dose, str | None], ...]:
    """Which variation and dose each main pick gets in a given week."""
    late = week > max(1, (2 * weeks) // 3)
    doses: list[tuple[Pick, Exercise, Dose, str | None]] = []
    for pick in template.main:
        if late and pick.later is not None:
            doses.append(
                (
                    pick,
                    pick.later,
                    _later_dose(pick.later, pick.exercise, week, weeks),
                    pick.exercise.id,
                )
            )
        else:
            doses.append((pick, pick.exercise, dose_for(pick.exercise, week, weeks), None))
    return tuple(doses)


def _strength_session(
    template: StrengthTemplate,
    doses: tuple[tuple[Pick, Exercise, Dose, str | None], ...],
    profile: Profile,
) -> Session:
    planned: list[PlannedExercise] = []
    for pick, exercise, dose, progressed_from in doses:
        why = _why(exercise, pick.slot, profile)
        if progressed_from:
            why += f"; harder step up from {pick.exercise.name}"
        planned.append(_planned(exercise, dose, Role.MAIN, profile, why, progressed_from))
    for exercise in template.finisher:
        planned.append(
            _planned(
                exercise,
                FINISHER_DOSE,
                Role.FINISHER,
                profile,
                "mini-band finisher for the glutes (light, high reps)",
            )
        )
    titles = {
        Focus.FULL: "Full body, glute focus",
        Focus.LOWER: "Glutes and legs",
        Focus.UPPER: "Upper body and core",
    }
    notes = (
        EFFORT_NOTE,
        "When every set reaches the top of the rep range, add reps, then load or a "
        "stronger band next time.",
        PAIN_NOTE,
    )
    session = _block_session(SessionKind.STRENGTH, titles[template.focus], tuple(planned), notes)
    return session.model_copy(update={"focus": template.focus.value})


def _day(
    layout: DayLayout,
    template: StrengthTemplate | None,
    cardio: list[Exercise],
    cardio_index: int,
    catalog: Catalog,
    profile: Profile,
    week: int,
    doses: tuple[tuple[Pick, Exercise, Dose, str | None], ...] = (),
) -> Day:
    budget = profile.minutes_per_session
    edge = warmup_cooldown_minutes(budget)
    sessions: list[Session] = []
    activity = cardio[cardio_index % len(cardio)] if cardio else None
    if template is None:
        if activity is not None and layout.cardio_minutes:
            minutes, intensity = cardio_dose(profile, week, budget)
            sessions.append(_cardio_session(activity, profile, minutes, intensity, "Cardio"))
        return Day(weekday=layout.weekday, sessions=tuple(sessions))
    strength = _strength_session(template, doses, profile)
    worked = frozenset(m for ex in strength.exercises for m in ex.primary_muscles)
    cooldown = _block_session(
        SessionKind.COOLDOWN,
        "Cool-down stretches",
        _timed_block(catalog, profile, Kind.STRETCH, edge, worked, layout.variant, Role.STRETCH),
        ("Hold each stretch gently, breathing slowly; no bouncing.",),
    )
    if layout.sandwich and activity is not None:
        sessions.append(
            _cardio_session(
                activity,
                profile,
                SANDWICH_MINUTES,
                "moderate",
                "Cardio, first half of the sandwich",
                ("These 15 minutes double as your warm-up.",),
            )
        )
        sessions.append(strength)
        sessions.append(
            _cardio_session(activity, profile, SANDWICH_MINUTES, "moderate", "Cardio, second half")
        )
        sessions.append(cooldown)
        return Day(weekday=layout.weekday, sessions=tuple(sessions))
    warmup = _block_session(
        SessionKind.WARMUP,
        "Warm-up",
        _timed_block(catalog, profile, Kind.WARMUP, edge, worked, layout.variant, Role.WARMUP),
        ("Easy movement to raise your temperature and loosen the hips.",),
    )
    sessions.extend((warmup, strength))
    if layout.cardio_minutes and activity is not None:
        intensity = cardio_dose(profile, week, CARDIO_MIN_MINUTES)[1]
        sessions.append(
            _cardio_session(
                activity, profile, layout.cardio_minutes, intensity, "Cardio after strength"
            )
        )
    sessions.append(cooldown)
    return Day(weekday=layout.weekday, sessions=tuple(sessions))


def _cardio_key(
    layout: DayLayout, has_strength: bool, profile: Profile, week: int
) -> tuple[float, str] | None:
    """The cardio dose a day depends on (None when its cardio does not change by week)."""
    if not layout.cardio_minutes or layout.sandwich:
        return None
    cap = CARDIO_MIN_MINUTES if has_strength else profile.minutes_per_session
    return cardio_dose(profile, week, cap)


def _strength_budget(layout: DayLayout, budget: int) -> float:
    edge = warmup_cooldown_minutes(budget)
    fixed = edge if layout.sandwich else 2 * edge
    return budget - fixed - layout.cardio_minutes


# --------------------------------------------------------------------------- program


def _calorie_plan(profile: Profile) -> CaloriePlan:
    notes: list[str] = []
    floor_weight = minimum_goal_weight_kg(profile.height_cm)
    goal = profile.goal_weight_kg
    toning = False
    if Limitation.PREGNANCY in profile.limitations:
        toning = True
        notes.append("Pregnancy: no calorie deficit; eat for maintenance as your midwife advises.")
    if goal is not None and goal < floor_weight:
        toning = True
        notes.append(
            f"A goal of {goal:.1f} kg is below a BMI of 18.5 ({floor_weight:.1f} kg at your "
            "height), so it is not taken as a loss goal: the plan tones at maintenance."
        )
    elif goal is not None and goal >= profile.weight_kg - 0.05:
        toning = True
        notes.append("You are at your goal weight: the plan tones at maintenance.")
    if profile.pace_kg_per_week == 0:
        toning = True
    target = intake_target(profile, toning_only=toning)
    notes.extend(target.notes)
    weeks_to_goal = None
    if not toning and goal is not None and target.pace_kg_per_week > 0:
        weeks_to_goal = round((profile.weight_kg - goal) / target.pace_kg_per_week, 1)
        notes.append(
            f"By the 3,500 kcal/lb rule the goal is {weeks_to_goal:.0f} weeks away; real loss "
            "slows as you go, so see `gluteus project` for the dynamic model's honest estimate."
        )
    return CaloriePlan(
        mode="toning_at_maintenance" if toning else "fat_loss",
        bmr_kcal=round(target.bmr_kcal, 1),
        bmr_method=target.bmr_method.value,
        tdee_kcal=round(target.tdee_kcal, 1),
        target_kcal=round(target.target_kcal, 1),
        floor_kcal=target.floor_kcal,
        deficit_kcal=round(target.deficit_kcal, 1),
        pace_kg_per_week=round(target.pace_kg_per_week, 3),
        safe_pace_kg_per_week=round(target.safe_pace_kg_per_week, 3),
        goal_weight_kg=goal,
        weeks_to_goal_rule_3500=weeks_to_goal,
        notes=tuple(notes),
    )


def _exclusions(catalog: Catalog, profile: Profile) -> tuple[Exclusion, ...]:
    if not profile.limitations:
        return ()
    return tuple(
        Exclusion(id=ex.id, name=ex.name, reasons=tuple(ex.unsuitable_for(profile.limitations)))
        for ex in catalog
        if ex.kind in (Kind.STRENGTH, Kind.CARDIO) and ex.unsuitable_for(profile.limitations)
    )


def build_program(profile: Profile, catalog: Catalog, start_date: dt.date | None = None) -> Program:
    """Build and validate a multi-week plan.

    Args:
        profile: The person.
        catalog: Exercises to choose from.
        start_date: First day of week 1 (optional; lets callers map dates to days).

    Returns:
        The program, its ``rules`` filled by :func:`gluteus.domain.rules.validate`; any rule
        the person's constraints make impossible is reported unmet with the reason.
    """
    layout = plan_layout(profile)
    budget = profile.minutes_per_session
    templates = {
        d.weekday: choose_strength(
            catalog, profile, d.focus, d.variant, _strength_budget(d, budget)
        )
        for d in layout.days
        if d.focus is not None
    }
    cardio = cardio_options(catalog, profile)
    constraints = dict(layout.constraints)
    if not cardio:
        constraints["cardio-5x30"] = "no cardio activity suits your equipment and limitations"
    if (
        profile.band_finisher
        and Equipment.MINI_BAND in profile.equipment
        and not any(t.finisher for t in templates.values())
    ):
        constraints["band-finisher"] = "no day has minutes left for a 2-3 move band finisher"
    weeks = []
    day_cache: dict[tuple[object, ...], Day] = {}
    for number in range(1, profile.weeks + 1):
        days = []
        cardio_index = 0
        for day_layout in layout.days:
            template = templates.get(day_layout.weekday)
            doses = _week_doses(template, number, profile.weeks) if template else ()
            key = (
                day_layout.weekday,
                cardio_index,
                _cardio_key(day_layout, template is not None, profile, number),
                tuple((ex.id, dose) for _, ex, dose, _ in doses),
            )
            if key not in day_cache:
                day_cache[key] = _day(
                    day_layout, template, cardio, cardio_index, catalog, profile, number, doses
                )
            day = day_cache[key]
            cardio_index += bool(day.cardio_minutes)
            if day.sessions:
                days.append(day)
        weeks.append(Week(number=number, phase=_phase(number, profile.weeks), days=tuple(days)))
    skipped = sorted({reason for t in templates.values() for reason in t.skipped})
    if skipped or not templates:
        why = "; ".join(skipped) or "no strength day fits"
        constraints.setdefault("all-major-muscles", why)
        constraints.setdefault("glutes-max-med-min", why)
    if "cardio-5x30" in constraints and not any(d.cardio_minutes for w in weeks for d in w.days):
        constraints["combined-approach"] = "no cardio fits: " + constraints["cardio-5x30"]
    screening = screen_profile(profile)
    notes = []
    if not screening.cleared:
        notes.append("Readiness: " + "; ".join(screening.reasons) + ".")
    notes.extend(f"Could not meet '{rule}': {why}." for rule, why in constraints.items())
    program = Program(
        generator=GENERATOR,
        start_date=start_date,
        profile=profile,
        screening=screening,
        calories=_calorie_plan(profile),
        weeks=tuple(weeks),
        rules=(),
        exclusions=_exclusions(catalog, profile),
        tips=tips_for(profile),
        notes=tuple(notes),
    )
    return program.model_copy(update={"rules": validate(program, catalog, constraints)})


# --------------------------------------------------------------------------- routines

ROUTINES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "butt-lift": (
        "Butt-lift routine (article 003) with a 15 + 15 min cardio sandwich",
        (
            "downward-dog-leg-raise",
            "squat-kickback",
            "standing-rear-leg-raise",
            "butt-twister",
            "swinging-bridge",
            "step-up-kickback",
            "assisted-single-leg-lunge",
            "plie-squat-upright-row",
        ),
        SANDWICH_MINUTES,
    ),
    "band-routine": (
        "Mini-band routine (article 004) as a whole session",
        (
            "band-hip-bridge",
            "band-deep-squat",
            "seated-band-abduction",
            "band-side-lying-clamshell",
            "band-standing-kickback",
            "band-feet-elevated-bridge-march",
            "band-lateral-lunge",
            "band-quadruped-fire-hydrant",
        ),
        0,
    ),
}
"""Named seed routines: (title, exercise ids in order, cardio minutes before and after)."""

ROUTINE_CARDIO_ID = "elliptical"
CIRCUIT_MET = 5.0
"""A seed routine done move after move is a moderate circuit (Compendium 2024 code 02035,
5.0 MET); individual exercise METs would miss the pace between moves."""


def routine_estimate(name: str, profile: Profile, catalog: Catalog) -> dict[str, object]:
    """Minutes and energy of a named seed routine done at its default prescription.

    The 003 article estimates its routine at 310-410 kcal; this function is what the test
    of that claim runs.

    Raises:
        KeyError: for an unknown routine name.
    """
    if name not in ROUTINES:
        raise KeyError(f"unknown routine {name!r}; choose {', '.join(ROUTINES)}")
    title, ids, cardio_each = ROUTINES[name]
    strength_minutes = strength_kcal = 0.0
    rows = []
    for exercise_id in ids:
        exercise = catalog.get(exercise_id)
        rx = exercise.prescription
        dose = Dose(rx.sets, rx.reps_min, rx.reps_max, rx.rest_seconds)
        minutes = exercise_minutes(exercise, dose)
        kcal = met_kcal(max(exercise.met, CIRCUIT_MET), profile.weight_kg, minutes)
        strength_minutes += minutes
        strength_kcal += kcal
        rows.append({"id": exercise_id, "minutes": round(minutes, 2), "kcal": round(kcal, 1)})
    cardio_minutes = 2.0 * cardio_each
    cardio_kcal = 0.0
    if cardio_minutes:
        cardio_kcal = met_kcal(
            catalog.get(ROUTINE_CARDIO_ID).met, profile.weight_kg, cardio_minutes
        )
    return {
        "name": title,
        "minutes": round(strength_minutes + cardio_minutes, 1),
        "strength_minutes": round(strength_minutes, 1),
        "cardio_minutes": cardio_minutes,
        "kcal": round(strength_kcal + cardio_kcal, 1),
        "exercises": rows,
    }
