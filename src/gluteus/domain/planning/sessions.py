"""Session assembly: warm-up or cardio, main block, finisher, cardio, cool-down.

Stand-alone cardio comes in steady or interval form.

Interval modes (jump rope, run intervals, stair bouts) keep the work/rest sets their
catalog dose gives; the rest of the cardio time is easy walking. Hard or high-impact cardio
never falls the day after a strength day.
"""

from __future__ import annotations

from collections.abc import Sequence

from gluteus.domain.catalog import Catalog, Exercise, Impact, Kind, Load, Muscle, RepUnit
from gluteus.domain.energy.balance import met_kcal, net_met_kcal
from gluteus.domain.guidelines import (
    BODYWEIGHT_HINGE_CUE,
    PAD_CUE,
    is_kneeling,
    is_older_adult,
    pelvic_signs,
)
from gluteus.domain.memo import memo
from gluteus.domain.planning.dosing import (
    FINISHER_DOSE,
    PREGNANCY_MIN_RIR,
    PlannedDose,
    dose_for,
    exercise_minutes,
    load_guidance,
    superset_minutes,
    target_rir,
)
from gluteus.domain.planning.goals import at_maintenance
from gluteus.domain.planning.postpartum import impact_waits
from gluteus.domain.planning.selection import guarded_pool, suitable, why
from gluteus.domain.planning.templates import Pick, Template, superset_pairs
from gluteus.domain.profile import Equipment, Level, Limitation, Profile
from gluteus.domain.program import PlannedExercise, Role, Session, SessionKind
from gluteus.domain.units import format_count

PAIN_NOTE = "Sharp or joint pain means stop that exercise and log it; soreness later is normal."
INTENSITY_FACTOR = {"easy": 0.85, "moderate": 1.0, "brisk": 1.15, "intervals": 1.3}
"""Scale on a cardio entry's moderate-pace MET; approximates the Compendium's pace bands
(e.g. walking 3.0 → 3.5 → 4.3 → 5.0 MET from 2.5 to 4.0 mph, codes 17170-17220)."""
PACES = {
    "moderate": "moderate pace (talk test): you can talk but not sing",
    "brisk": "brisk pace: talking in short phrases only",
    "easy": "easy pace",
    "intervals": "alternate 2 min brisk with 1 min hard, after a 5-minute easy start",
}
MACHINES = frozenset(
    {Equipment.TREADMILL, Equipment.STATIONARY_BIKE, Equipment.ELLIPTICAL, Equipment.STAIRS}
)
HEAVY_BMI = 30.0
"""BMI from which cardio starts with low-impact modes (WHO obesity class I)."""


def is_interval(activity: Exercise) -> bool:
    """True for cardio done as work/rest sets (its catalog dose has rest between bouts)."""
    return activity.prescription.rest_seconds > 0 and activity.prescription.sets > 1


def is_hard(activity: Exercise) -> bool:
    """High-impact or interval cardio: kept off the day after a strength day."""
    return activity.impact is Impact.HIGH or is_interval(activity)


def gentle_start(profile: Profile) -> bool:
    """Heavy or deconditioned: cardio keeps to no- or low-impact modes."""
    return profile.bmi >= HEAVY_BMI or profile.level is Level.BEGINNER


def cardio_options(catalog: Catalog, profile: Profile) -> list[Exercise]:
    """Cardio the person can do: owned machines first, then gentlest or best-matched first."""
    pool = list(
        suitable(catalog, Kind.CARDIO, profile.equipment_set, profile.limitations, profile.level)
    )
    if gentle_start(profile):
        pool = [ex for ex in pool if ex.impact is not Impact.HIGH] or pool
    if Limitation.PREGNANCY in profile.limitations:
        pool = [ex for ex in pool if not is_interval(ex)] or pool
    if impact_waits(profile) or pelvic_signs(profile):
        pool = [ex for ex in pool if ex.impact is not Impact.HIGH] or pool
    if Limitation.BALANCE in profile.limitations:
        pool = [ex for ex in pool if ex.balance_demand is Load.LOW] or pool
    owned = profile.equipment_set & MACHINES

    def key(ex: Exercise) -> tuple[int, float, str]:
        machine = 0 if set(ex.equipment) & owned and Equipment.NONE not in ex.equipment else 1
        if profile.level is Level.BEGINNER:
            return machine, ex.met, ex.id
        return machine, abs(ex.level.rank - profile.level.rank), ex.id

    return sorted(pool, key=key)


def steady_walk(options: Sequence[Exercise]) -> Exercise | None:
    """The easiest steady mode (a walk if possible) for bouts around strength work."""
    steady = [ex for ex in options if not is_hard(ex)]
    walks = [ex for ex in steady if ex.pattern == "walk"]
    return next(iter(walks or steady), None)


def cardio_intensity(profile: Profile, week: int, hard_ok: bool) -> str:
    """Pace of a stand-alone cardio session: moderate first, brisker later.

    References:
        [1] Seed 001: start slowly, raise distance or speed step by step.
        [2] ACOG Committee Opinion 804, 2020 (pregnancy: moderate, talk test).
    """
    if Limitation.PREGNANCY in profile.limitations:
        return "moderate"
    late = week > max(1, (2 * profile.weeks) // 3)
    if profile.level is Level.ADVANCED:
        return "intervals" if late and hard_ok else "brisk"
    if profile.level is Level.INTERMEDIATE:
        return "brisk" if week > max(1, profile.weeks // 3) else "moderate"
    return "brisk" if late and week > 1 else "moderate"


def _row(activity: Exercise, profile: Profile, minutes: float, intensity: str) -> PlannedExercise:
    met = activity.met * INTENSITY_FACTOR[intensity]
    seconds = round(minutes * 60)
    return PlannedExercise(
        id=activity.id,
        name=activity.name,
        role=Role.CARDIO,
        sets=1,
        reps_min=seconds,
        reps_max=seconds,
        unit=RepUnit.SECONDS,
        rest_seconds=0,
        primary_muscles=activity.primary_muscles,
        secondary_muscles=activity.secondary_muscles,
        pattern=activity.pattern,
        minutes=round(minutes, 2),
        kcal=round(met_kcal(met, profile.weight_kg, minutes), 1),
        net_kcal=round(net_met_kcal(met, profile.weight_kg, minutes), 1),
        equipment_note=activity.equipment_note(profile.equipment_set),
        why=_cardio_why(profile),
    )


def _cardio_why(profile: Profile) -> str:
    if Limitation.PREGNANCY in profile.limitations:
        return "heart and lung fitness at a talk-test pace; no weight loss in pregnancy"
    if at_maintenance(profile):
        return "heart and lung health: 150 min a week is the guideline whatever the goal"
    return "whole-body fat loss: the only way the rear gets smaller"


def _interval_row(activity: Exercise, profile: Profile, minutes: float) -> PlannedExercise | None:
    rx = activity.prescription
    per_set = (rx.reps_max + rx.rest_seconds) / 60.0
    sets = min(rx.sets, int(minutes // per_set))
    if sets < 2:
        return None
    block = sets * per_set
    return PlannedExercise(
        id=activity.id,
        name=activity.name,
        role=Role.CARDIO,
        sets=sets,
        reps_min=rx.reps_min,
        reps_max=rx.reps_max,
        unit=RepUnit.SECONDS,
        rest_seconds=rx.rest_seconds,
        primary_muscles=activity.primary_muscles,
        secondary_muscles=activity.secondary_muscles,
        pattern=activity.pattern,
        minutes=round(block, 2),
        kcal=round(met_kcal(activity.met, profile.weight_kg, block), 1),
        net_kcal=round(net_met_kcal(activity.met, profile.weight_kg, block), 1),
        equipment_note=activity.equipment_note(profile.equipment_set),
        why="intervals: short hard bouts with rest, as the catalog doses them",
    )


def cardio_session(
    activity: Exercise,
    walk: Exercise | None,
    profile: Profile,
    minutes: float,
    intensity: str,
    title: str,
    extra: tuple[str, ...] = (),
) -> Session:
    """A cardio block; an interval mode becomes work/rest sets plus easy walking."""
    notes = list(extra)
    rows: list[PlannedExercise] = []
    if is_interval(activity):
        block = _interval_row(activity, profile, minutes)
        if block is not None:
            rows.append(block)
            rest = minutes - block.minutes
            if rest >= 1.0 and walk is not None:
                rows.append(_row(walk, profile, rest, "easy"))
            notes.append(
                f"Intervals: {block.sets} × {block.reps_min}-{block.reps_max} s hard with "
                f"{block.rest_seconds} s easy between; walk the remaining minutes easily."
            )
    if not rows:
        steady = walk if is_interval(activity) and walk is not None else activity
        rows.append(_row(steady, profile, minutes, intensity))
        if set(steady.equipment) & profile.equipment_set & MACHINES - {Equipment.STAIRS}:
            notes.append("On a machine, add a little resistance or incline: the glutes work more.")
        notes.append(PACES[intensity].capitalize() + ".")
    return Session(
        kind=SessionKind.CARDIO,
        title=title,
        minutes=round(sum(r.minutes for r in rows), 2),
        kcal=round(sum(r.kcal for r in rows), 1),
        net_kcal=round(sum(r.net_kcal or 0.0 for r in rows), 1),
        exercises=tuple(rows),
        intensity="intervals" if len(rows) > 1 or rows[0].sets > 1 else intensity,
        notes=tuple(notes),
    )


def owns_band(profile: Profile) -> bool:
    """Whether band placement may be printed: only to people who own a mini band."""
    return Equipment.MINI_BAND in profile.equipment_set


def _planned(
    exercise: Exercise, dose: PlannedDose, role: Role, profile: Profile, reason: str
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
        band_placement=exercise.band_placement if owns_band(profile) else None,
        pattern=exercise.pattern,
        rir=dose.rir,
        minutes=round(minutes, 2),
        kcal=round(met_kcal(exercise.met, profile.weight_kg, minutes), 1),
        net_kcal=round(net_met_kcal(exercise.met, profile.weight_kg, minutes), 1),
        equipment_note=exercise.equipment_note(profile.equipment_set),
        why=reason,
    )


def _dosed(
    base: PlannedExercise, exercise: Exercise, dose: PlannedDose, weight_kg: float
) -> PlannedExercise:
    """A week's copy of a pick's row: only the dose, time and energy change."""
    minutes = exercise_minutes(exercise, dose)
    return base.model_copy(
        update={
            "sets": dose.sets,
            "reps_min": dose.reps_min,
            "reps_max": dose.reps_max,
            "rest_seconds": dose.rest_seconds,
            "rir": dose.rir,
            "minutes": round(minutes, 2),
            "kcal": round(met_kcal(exercise.met, weight_kg, minutes), 1),
            "net_kcal": round(net_met_kcal(exercise.met, weight_kg, minutes), 1),
        }
    )


def _dose(pick: Pick, week: int, profile: Profile, floor: int) -> PlannedDose:
    """The week's dose; a sore back's loaded hinge lighter (rule back-hinge-once)."""
    dose = dose_for(pick.exercise, pick.sets, week, profile.level, profile.weeks, floor)
    return pick.adjust(dose, week)


def strength_session(template: Template, profile: Profile, week: int) -> Session:
    """The main block (skeleton order) and the band finisher for one week."""
    weeks = profile.weeks
    pregnant = Limitation.PREGNANCY in profile.limitations
    floor = PREGNANCY_MIN_RIR if pregnant else 0
    doses = [_dose(pick, week, profile, floor) for pick in template.picks]
    if not template.rows:
        # Made at this week's dose: this week takes them as they are.
        template.rows = [
            _planned(
                pick.exercise,
                dose,
                Role.MAIN,
                profile,
                why(pick.exercise, pick.slot, profile)
                + (f"; {BODYWEIGHT_HINGE_CUE}" if pick.unloaded else ""),
            )
            for pick, dose in zip(template.picks, doses, strict=True)
        ]
        if template.superset:
            _label_supersets(template)
        rows = list(template.rows)
        template.rows.extend(
            _planned(ex, FINISHER_DOSE, Role.FINISHER, profile, _finisher_why(ex, profile))
            for ex in template.finisher
        )
    else:
        rows = [
            _dosed(base, pick.exercise, dose, profile.weight_kg)
            for base, pick, dose in zip(template.rows, template.picks, doses, strict=False)
        ]
    if template.superset:
        for a, b in superset_pairs(template.picks):
            first, second = template.picks[a], template.picks[b]
            total = superset_minutes((first.exercise, doses[a]), (second.exercise, doses[b]))
            minutes = max(0.0, total - rows[a].minutes)
            rows[b] = rows[b].model_copy(
                update={
                    "minutes": round(minutes, 2),
                    "kcal": round(met_kcal(second.exercise.met, profile.weight_kg, minutes), 1),
                    "net_kcal": round(
                        net_met_kcal(second.exercise.met, profile.weight_kg, minutes), 1
                    ),
                }
            )
    rows.extend(template.rows[len(template.picks) :])
    notes = _strength_notes(profile.level, week, weeks, pregnant)
    return Session(
        kind=SessionKind.STRENGTH,
        title="Full body, glute focus",
        minutes=round(sum(r.minutes for r in rows), 2),
        kcal=round(sum(r.kcal for r in rows), 1),
        net_kcal=round(sum(r.net_kcal or 0.0 for r in rows), 1),
        exercises=tuple(rows),
        focus="full",
        notes=notes,
    )


@memo(maxsize=1024)
def _strength_notes(level: Level, week: int, weeks: int, pregnant: bool) -> tuple[str, ...]:
    """A strength session's notes: effort, load and pain (the same every strength day of a week)."""
    floor = PREGNANCY_MIN_RIR if pregnant else 0
    rir = target_rir(level, week, weeks, floor)
    notes: tuple[str, ...] = (
        f"Effort: end each set with about {format_count(rir, 'rep')} left in reserve, so the "
        "last two reps are hard but still clean. If form slips, stop the set there.",
        load_guidance(week, level, weeks, floor),
        PAIN_NOTE,
    )
    if pregnant:
        notes += ("Pregnancy: keep every set at a pace where you can still talk; no straining.",)
    return notes


def _label_supersets(template: Template) -> None:
    """Superset labels (A1/A2, B1/B2 …) and a cue on each paired row."""
    for number, (a, b) in enumerate(superset_pairs(template.picks)):
        letter = chr(ord("A") + number)
        first, second = template.rows[a], template.rows[b]
        cue = "superset {label}: alternate with {other}, rest after both"
        template.rows[a] = first.model_copy(
            update={
                "superset": f"{letter}1",
                "why": f"{first.why}; {cue.format(label=letter + '1', other=second.name)}",
            }
        )
        template.rows[b] = second.model_copy(
            update={
                "superset": f"{letter}2",
                "why": f"{second.why}; {cue.format(label=letter + '2', other=first.name)}",
            }
        )


def _finisher_why(exercise: Exercise, profile: Profile) -> str:
    why = "mini-band finisher: light, high reps"
    if Limitation.BALANCE in profile.limitations and exercise.balance_demand is not Load.LOW:
        why += "; hold a chair back or wall for support"
    if Limitation.KNEES in profile.limitations and is_kneeling(exercise):
        why += "; " + PAD_CUE
    return why


def _gentle_why(exercise: Exercise, role: Role, profile: Profile) -> str:
    if exercise.pattern == "balance":
        return "balance practice: hold a support whenever you wobble"
    why = (
        "gentle range of motion before loading"
        if role is Role.WARMUP
        else "stretches the muscles this session worked"
    )
    if Limitation.BALANCE in profile.limitations and exercise.balance_demand is not Load.LOW:
        why += "; hold a chair back or wall for support"
    if Limitation.KNEES in profile.limitations and is_kneeling(exercise):
        why += "; " + PAD_CUE
    return why


@memo(maxsize=512)
def timed_block(
    catalog: Catalog,
    profile: Profile,
    kind: Kind,
    minutes: float,
    muscles: frozenset[Muscle],
    variant: int,
) -> Session:
    """A warm-up or a cool-down of ``minutes`` spread over 3-4 gentle moves."""
    pool = list(
        guarded_pool(
            suitable(catalog, kind, profile.equipment_set, profile.limitations, profile.level),
            profile,
        )
    )
    pool.sort(key=lambda ex: (-len(muscles & ex.muscles), ex.id))
    if kind is Kind.WARMUP:
        start = variant % max(1, len(pool))
        pool = pool[start:] + pool[:start]
    if is_older_adult(profile.age) or Limitation.BALANCE in profile.limitations:
        drills = [
            ex
            for ex in suitable(catalog, Kind.WARMUP, profile.equipment_set, (), profile.level)
            if ex.pattern == "balance"
        ]
        pool = drills + [ex for ex in pool if ex not in drills]
    chosen = pool[: 4 if minutes >= 5 else 3]
    seconds = int(minutes * 60 / max(1, len(chosen)))
    role = Role.WARMUP if kind is Kind.WARMUP else Role.STRETCH
    rows = tuple(
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
            pattern=ex.pattern,
            minutes=round(seconds / 60, 2),
            kcal=round(met_kcal(ex.met, profile.weight_kg, seconds / 60), 1),
            net_kcal=round(net_met_kcal(ex.met, profile.weight_kg, seconds / 60), 1),
            why=_gentle_why(ex, role, profile),
        )
        for ex in chosen
    )
    warm = kind is Kind.WARMUP
    return Session(
        kind=SessionKind.WARMUP if warm else SessionKind.COOLDOWN,
        title="Warm-up" if warm else "Cool-down stretches",
        minutes=round(sum(r.minutes for r in rows), 2),
        kcal=round(sum(r.kcal for r in rows), 1),
        net_kcal=round(sum(r.net_kcal or 0.0 for r in rows), 1),
        exercises=rows,
        notes=(
            "Easy movement to raise your temperature and loosen the hips."
            if warm
            else "Hold each stretch gently, breathing slowly; no bouncing.",
        ),
    )
