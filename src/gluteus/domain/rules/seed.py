"""The seed articles' rules (SPEC §4, §2) as checks over a finished plan.

Each check returns (holds, detail); :mod:`gluteus.domain.rules.registry` names them with their
sources and runs them. The targets they check come from :mod:`gluteus.domain.guidelines`.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gluteus.domain.activity import own_long_days, regular_kcal_per_day
from gluteus.domain.catalog import GLUTES, MAJOR_GROUPS, Catalog, Muscle, RepUnit
from gluteus.domain.energy.balance import minimum_goal_weight_kg
from gluteus.domain.guidelines import (
    BAND_FINISHER_SIZE,
    CARDIO_FREE_DAYS,
    CARDIO_MIN_DAYS,
    CARDIO_MIN_MINUTES,
    MIN_SETS,
    REPS_RANGE,
    SANDWICH_MINUTES,
    STRENGTH_MIN_DAYS,
    STRENGTH_TOWARD,
)
from gluteus.domain.periodization import HEAVY_REPS, heavy_phase, is_main_lift
from gluteus.domain.profile import WEEK, Equipment, Limitation, Profile, Weekday
from gluteus.domain.program import (
    Day,
    PlannedExercise,
    Program,
    Role,
    SessionKind,
    Week,
    exercise_kcal_per_day,
    strength_sessions_of,
)
from gluteus.domain.quantities import Mass, message
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE, format_count

TIME_TOLERANCE_MIN = 0.01
PACE_TOLERANCE_KG = 0.005
"""Rounding slack for the pace check (about 5 kcal/day of rounded session energies)."""


def _strength_days(week: Week) -> list[Day]:
    return [day for day in week.days if day.strength_sessions()]


def _first_failure(items: Iterator[str]) -> tuple[bool, str] | None:
    for failure in items:
        return False, failure
    return None


def _cardio_days(program: Program, catalog: Catalog) -> tuple[bool, str]:
    """≥ 30 min cardio on ≥ 5 days; the person's own sessions of 30 min or more count."""
    own = own_long_days(program.profile, CARDIO_MIN_MINUTES)
    for week in program.weeks:
        days = {d.weekday for d in week.days if d.cardio_minutes >= CARDIO_MIN_MINUTES - 1e-9}
        if len(days | own[0]) + own[1] < CARDIO_MIN_DAYS:
            return False, (
                f"week {week.number}: {format_count(len(days), 'day')} with "
                f"≥ {CARDIO_MIN_MINUTES} min cardio, "
                f"{CARDIO_MIN_DAYS} needed"
            )
    return True, f"every week has ≥ {CARDIO_MIN_MINUTES} min cardio on ≥ {CARDIO_MIN_DAYS} days"


def _cardio_free(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        busy = sum(1 for d in week.days if d.cardio_minutes > 0)
        if 7 - busy < CARDIO_FREE_DAYS:
            return False, f"week {week.number}: only {format_count(7 - busy, 'day')} without cardio"
    return True, f"every week keeps ≥ {CARDIO_FREE_DAYS} days free of cardio"


def _strength_minimum(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        count = len(_strength_days(week))
        if count < STRENGTH_MIN_DAYS:
            return (
                False,
                f"week {week.number}: {format_count(count, 'strength day')}, at least 2 needed",
            )
    return True, "every week has at least 2 strength days"


def _strength_toning(program: Program, catalog: Catalog) -> tuple[bool, str]:
    low, high = STRENGTH_TOWARD
    for week in program.weeks:
        count = len(_strength_days(week))
        if not low <= count <= high:
            strength = format_count(count, "strength day")
            return False, f"week {week.number}: {strength}, {low}-{high} advised"
    return True, f"every week has {low}-{high} strength days"


def _muscles_by_day(
    week: Week, catalog: Catalog, roles: frozenset[Role] = frozenset({Role.MAIN})
) -> dict[Weekday, set[Muscle]]:
    worked: dict[Weekday, set[Muscle]] = {}
    for day in week.days:
        for session in day.sessions:
            if session.kind not in (SessionKind.STRENGTH, SessionKind.WARMUP):
                continue
            for exercise in session.exercises:
                if exercise.role in roles:
                    worked.setdefault(day.weekday, set()).update(
                        catalog.get(exercise.id).primary_muscles
                    )
    return worked


RECOVERY_ROLES = frozenset({Role.MAIN, Role.FINISHER, Role.WARMUP})
"""Finishers and warm-ups are not hard sets, but they still load the muscles they work."""


def _all_major_groups(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        worked = set().union(*_muscles_by_day(week, catalog).values())
        missing = [
            "/".join(sorted(m.value for m in group)) for group in MAJOR_GROUPS if not group & worked
        ]
        if missing:
            return False, f"week {week.number}: no main work for {', '.join(missing)}"
    return True, "every week works glutes, quads, hamstrings, core, chest/shoulders and back"


def _glutes_weekly(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        worked: set[Muscle] = set()
        for day in week.days:
            for session in day.strength_sessions():
                for exercise in session.exercises:
                    worked.update(catalog.get(exercise.id).primary_muscles)
                    worked.update(catalog.get(exercise.id).secondary_muscles)
        missing = sorted(m.value for m in GLUTES - worked)
        if missing:
            return False, f"week {week.number}: {', '.join(missing)} not trained"
    return True, "gluteus maximus, medius and minimus are all trained every week"


def _spacing(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        worked = _muscles_by_day(week, catalog, RECOVERY_ROLES)
        worked = {day: muscles for day, muscles in worked.items() if _lifts_on(week, day)}
        for weekday, muscles in worked.items():
            following = WEEK[(weekday.ordinal + 1) % 7]
            overlap = muscles & worked.get(following, set())
            if overlap:
                names = ", ".join(sorted(m.value for m in overlap))
                return False, (
                    f"week {week.number}: {names} loaded hard on {weekday.value} and "
                    f"{following.value}"
                )
    return True, "no muscle is loaded (main, finisher or warm-up) on two days in a row"


def _lifts_on(week: Week, weekday: Weekday) -> bool:
    day = week.day(weekday)
    return day is not None and bool(day.strength_sessions())


def _heavy(program: Program, week: Week, ex: PlannedExercise, catalog: Catalog) -> bool:
    """A main lift of the advanced lifter's heavier phase at 5-8 reps (its own rule)."""
    profile = program.profile
    phase = heavy_phase(profile.level, profile.weeks)
    return (
        phase is not None
        and (week.number - 1) // 4 == phase
        and ex.role is Role.MAIN
        and HEAVY_REPS[0] <= ex.reps_min <= ex.reps_max <= HEAVY_REPS[1]
        and is_main_lift(catalog.get(ex.id), profile.equipment_set)
    )


def _sets_reps(program: Program, catalog: Catalog) -> tuple[bool, str]:
    def failures() -> Iterator[str]:
        for week, day, session in strength_sessions_of(program):
            for ex in session.exercises:
                if ex.role not in (Role.MAIN, Role.FINISHER) or ex.unit is not RepUnit.REPS:
                    continue
                if ex.sets < MIN_SETS:
                    yield f"week {week.number} {day.weekday.value}: {ex.id} has {ex.sets} set"
                if _heavy(program, week, ex, catalog):
                    continue
                if not REPS_RANGE[0] <= ex.reps_min <= ex.reps_max <= REPS_RANGE[1]:
                    yield (
                        f"week {week.number} {day.weekday.value}: {ex.id} reps "
                        f"{ex.reps_min}-{ex.reps_max} outside {REPS_RANGE[0]}-{REPS_RANGE[1]}"
                    )

    return _first_failure(failures()) or (
        True,
        "every exercise has ≥ 2 sets of 8-15 reps (8-12 loaded, 12-15 floor/band work)",
    )


def _rest_between_sets(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week, day, session in strength_sessions_of(program):
        for ex in session.exercises:
            if ex.sets > 1 and ex.rest_seconds <= 0:
                return False, f"week {week.number} {day.weekday.value}: {ex.id} has no rest"
    return True, "every multi-set exercise has rest between sets"


def _effort_cue(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week, day, session in strength_sessions_of(program):
        if not any("last two reps" in note for note in session.notes):
            return False, f"week {week.number} {day.weekday.value}: no effort target"
    return True, "every strength session states the effort: last two reps hard, form intact"


def _warmup_cooldown(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        for day in week.days:
            kinds = [s.kind for s in day.sessions]
            for index, kind in enumerate(kinds):
                if kind is not SessionKind.STRENGTH:
                    continue
                before = kinds[:index]
                after = kinds[index + 1 :]
                if not before or before[-1] not in (SessionKind.WARMUP, SessionKind.CARDIO):
                    return False, f"week {week.number} {day.weekday.value}: no warm-up first"
                if SessionKind.COOLDOWN not in after:
                    return False, f"week {week.number} {day.weekday.value}: no stretch after"
    return True, "every strength session starts with a warm-up and ends with stretching"


def _first_use(program: Program) -> dict[str, int]:
    """Each exercise id in the plan and the first week that uses it."""
    first: dict[str, int] = {}
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    first.setdefault(ex.id, week.number)
    return first


def _equipment(program: Program, catalog: Catalog) -> tuple[bool, str]:
    owned = program.profile.equipment_set
    for exercise_id, week in _first_use(program).items():
        if not catalog.get(exercise_id).usable_with(owned):
            return False, f"week {week}: {exercise_id} needs equipment not owned"
    return True, "only owned equipment (or a household stand-in) is used"


def _limitations(program: Program, catalog: Catalog) -> tuple[bool, str]:
    limits = program.profile.limitations
    if not limits:
        return True, "no limitations declared"
    for exercise_id, week in _first_use(program).items():
        reasons = catalog.get(exercise_id).unsuitable_for(limits)
        if reasons:
            return False, f"week {week}: {exercise_id} {reasons[0]}"
    return True, "no exercise conflicts with " + ", ".join(x.value for x in limits)


def _fits_minutes(program: Program, catalog: Catalog) -> tuple[bool, str]:
    budget = program.profile.minutes_per_session
    for week in program.weeks:
        for day in week.days:
            if day.minutes > budget + TIME_TOLERANCE_MIN:
                return False, (
                    f"week {week.number} {day.weekday.value}: {day.minutes:.0f} min planned, "
                    f"{budget} available"
                )
    return True, f"every day fits in {budget} min, warm-up, rests and stretching included"


def _available_days(program: Program, catalog: Catalog) -> tuple[bool, str]:
    allowed = set(program.profile.available_days)
    for week in program.weeks:
        for day in week.days:
            if day.sessions and day.weekday not in allowed:
                return False, f"week {week.number}: training planned on {day.weekday.value}"
    return True, "training only on the available days"


def _calorie_floor(program: Program, catalog: Catalog) -> tuple[bool, str]:
    cal = program.calories
    if cal.target_kcal + 1e-6 < cal.floor_kcal:
        return False, f"target {cal.target_kcal:.0f} kcal is below the {cal.floor_kcal:.0f} floor"
    return True, f"target {cal.target_kcal:.0f} kcal/day ≥ floor {cal.floor_kcal:.0f}"


def _safe_pace(program: Program, catalog: Catalog) -> tuple[bool, str]:
    """The stated pace and the pace the plan's own numbers give, workouts counted, are safe."""
    cal = program.calories
    exercise = exercise_kcal_per_day(program.weeks) + regular_kcal_per_day(program.profile)
    spent = cal.tdee_kcal + exercise + cal.pregnancy_kcal
    implied = max(0.0, (spent - cal.target_kcal) * 7.0 / KCAL_PER_KG_FAT_RULE)
    pace = max(cal.pace_kg_per_week, implied)
    if pace > cal.safe_pace_kg_per_week + PACE_TOLERANCE_KG:
        return False, message(
            "pace {pace}/week with the planned workouts counted "
            "(+{exercise:.0f} kcal/day) exceeds the safe {safe}",
            pace=Mass(pace, ".2f"),
            exercise=exercise,
            safe=Mass(cal.safe_pace_kg_per_week, ".2f"),
        )
    return True, message(
        "pace {pace}/week with the planned workouts counted (+{exercise:.0f} kcal/day) "
        "≤ safe {safe}/week",
        pace=Mass(pace, ".2f"),
        exercise=exercise,
        safe=Mass(cal.safe_pace_kg_per_week, ".2f"),
    )


def _healthy_goal(program: Program, catalog: Catalog) -> tuple[bool, str]:
    profile = program.profile
    floor = minimum_goal_weight_kg(profile.height_cm)
    goal = profile.goal_weight_kg
    if goal is not None and goal < floor and program.calories.mode == "fat_loss":
        return False, message(
            "goal {goal} is below BMI 18.5 ({floor}) yet a deficit is set",
            goal=Mass(goal, ".1f"),
            floor=Mass(floor, ".1f"),
        )
    return True, message(
        "no loss goal below BMI 18.5 ({floor} at this height)", floor=Mass(floor, ".1f")
    )


def _pregnancy(program: Program, catalog: Catalog) -> tuple[bool, str]:
    if Limitation.PREGNANCY not in program.profile.limitations:
        return True, "not pregnant"
    if program.calories.deficit_kcal > 0.5 or program.screening.cleared:
        return False, "pregnancy needs maintenance intake and a professional's clearance"
    return True, "pregnancy: no deficit, and the plan waits for a professional's clearance"


def _screening(program: Program, catalog: Catalog) -> tuple[bool, str]:
    clearance = program.screening
    if not clearance.cleared and not clearance.reasons:
        return False, "not cleared, but no reason given"
    return True, f"screening attached: {clearance.status}"


def _progression(program: Program, catalog: Catalog) -> tuple[bool, str]:
    blocks: list[list[Week]] = []
    for week in program.weeks:
        if week.deload:
            continue
        if blocks and blocks[-1][-1].phase == week.phase:
            blocks[-1].append(week)
        else:
            blocks.append([week])
    for block in blocks:
        work = [_weekly_work(week) for week in block]
        for before, now, week in zip(work, work[1:], block[1:], strict=False):
            if now.sets < before.sets or now.cardio_minutes + 1e-9 < before.cardio_minutes:
                return False, f"week {week.number} plans fewer sets or less cardio than before"
        if len(work) > 1 and not work[-1].harder_than(work[0]):
            return False, f"phase {block[0].phase}: its last week is no harder than its first"
    return (
        True,
        "within each phase work rises: more reps, tighter effort, longer or brisker cardio",
    )


@dataclass(frozen=True, slots=True)
class WeeklyWork:
    """What a week asks for, in the terms progression is judged by."""

    sets: int
    reps: int
    cardio_minutes: float
    progressed: int
    reserve: int = 0

    def harder_than(self, other: WeeklyWork) -> bool:
        """True when any measure rose and none of sets or cardio fell."""
        return (self.sets, self.cardio_minutes) >= (other.sets, other.cardio_minutes) and (
            self.sets > other.sets
            or self.reps > other.reps
            or self.cardio_minutes > other.cardio_minutes + 1e-9
            or self.progressed > other.progressed
            or self.reserve < other.reserve
        )


def _weekly_work(week: Week) -> WeeklyWork:
    sets = reps = progressed = reserve = 0
    minutes = 0.0
    for day in week.days:
        minutes += day.cardio_minutes
        for session in day.sessions:
            if session.kind is SessionKind.CARDIO and session.intensity in ("brisk", "intervals"):
                minutes += 0.5 * session.minutes
            for ex in session.exercises:
                if ex.role in (Role.MAIN, Role.FINISHER):
                    sets += ex.sets
                    reps += ex.sets * ex.reps_min * (2 if ex.unilateral else 1)
                    progressed += ex.progressed_from is not None
                    reserve += ex.rir or 0
    return WeeklyWork(sets, reps, minutes, progressed, reserve)


def _band_finisher(program: Program, catalog: Catalog) -> tuple[bool, str]:
    low, high = BAND_FINISHER_SIZE
    found = 0
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                finisher = [ex for ex in session.exercises if ex.role is Role.FINISHER]
                if finisher and not low <= len(finisher) <= high:
                    return False, f"week {week.number}: finisher of {len(finisher)} moves"
                if any(Equipment.MINI_BAND not in catalog.get(ex.id).equipment for ex in finisher):
                    return False, f"week {week.number}: finisher move without a mini band"
                found += bool(finisher)
    if not found:
        return False, "no band finisher fits in the plan"
    return True, f"{found} band finishers of {low}-{high} mini-band moves"


def _cardio_sandwich(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        for day in week.days:
            kinds = [s.kind for s in day.sessions]
            if SessionKind.STRENGTH not in kinds:
                continue
            index = kinds.index(SessionKind.STRENGTH)
            before = day.sessions[index - 1] if index else None
            after = day.sessions[index + 1] if index + 1 < len(kinds) else None
            ok = all(
                s is not None and s.kind is SessionKind.CARDIO and s.minutes >= SANDWICH_MINUTES
                for s in (before, after)
            )
            if not ok:
                return False, f"week {week.number} {day.weekday.value}: no 15 + 15 min cardio"
    return True, "every strength session sits between 15 min of cardio before and after"


def _both_halves(program: Program, catalog: Catalog) -> tuple[bool, str]:
    has_cardio = any(d.cardio_minutes for w in program.weeks for d in w.days) or bool(
        program.profile.regular_activity
    )
    has_strength = any(True for _ in strength_sessions_of(program))
    if not (has_cardio and has_strength):
        return False, "a plan needs both whole-body fat loss (cardio) and glute strength work"
    if not any(tip.id == "spot-reduction" for tip in program.tips):
        return False, "the spot-reduction explanation is missing"
    return True, "whole-body fat loss and targeted strength work together, with the reason why"


def _wants_finisher(profile: Profile) -> bool:
    return profile.band_finisher and Equipment.MINI_BAND in profile.equipment
