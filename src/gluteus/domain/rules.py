"""The seed rules (SPEC §4, §2) as named, sourced objects, and the validator that checks a plan.

Each :class:`Rule` inspects a finished :class:`~gluteus.domain.program.Program` and says
whether it holds, with a one-line detail. The planner runs :func:`validate` on its own
output; when a person's constraints make a rule impossible, the planner passes the reason
in ``constraints`` and the result is marked ``constrained``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from gluteus.domain import coaching
from gluteus.domain.catalog import GLUTES, MAJOR_GROUPS, Catalog, Muscle
from gluteus.domain.coaching import (
    CARDIO_WEEKLY_MINUTES,
    GLUTE_SETS,
    LOWER_BACK_CORE_SETS,
    MIN_CARDIO_BOUT,
    OTHER_GROUP_MIN_SETS,
    STRENGTH_FLOOR_BUDGET,
    STRENGTH_FLOOR_MINUTES,
)
from gluteus.domain.energy import minimum_goal_weight_kg
from gluteus.domain.profile import Equipment, Limitation, Profile, Weekday
from gluteus.domain.program import (
    Day,
    Program,
    Role,
    RuleResult,
    Session,
    SessionKind,
    Week,
)

CARDIO_MIN_MINUTES = 30
CARDIO_MIN_DAYS = 5
CARDIO_FREE_DAYS = 2
STRENGTH_MIN_DAYS = 2
STRENGTH_TOWARD = (3, 4)
MIN_SETS = 2
REPS_RANGE = (8, 15)
BAND_FINISHER_SIZE = (2, 3)
SANDWICH_MINUTES = 15
TIME_TOLERANCE_MIN = 0.01

Check = Callable[[Program, Catalog], tuple[bool, str]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule with its source and a check over a whole program."""

    id: str
    title: str
    source: str
    check: Check
    applies: Callable[[Profile], bool] = lambda profile: True


def _strength_days(week: Week) -> list[Day]:
    return [day for day in week.days if day.strength_sessions()]


def _all_strength(program: Program) -> Iterator[tuple[Week, Day, Session]]:
    for week in program.weeks:
        for day in week.days:
            for session in day.strength_sessions():
                yield week, day, session


def _first_failure(items: Iterator[str]) -> tuple[bool, str] | None:
    for failure in items:
        return False, failure
    return None


def _cardio_days(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        days = [d for d in week.days if d.cardio_minutes >= CARDIO_MIN_MINUTES - 1e-9]
        if len(days) < CARDIO_MIN_DAYS:
            return False, (
                f"week {week.number}: {len(days)} day(s) with ≥ {CARDIO_MIN_MINUTES} min cardio, "
                f"{CARDIO_MIN_DAYS} needed"
            )
    return True, f"every week has ≥ {CARDIO_MIN_MINUTES} min cardio on ≥ {CARDIO_MIN_DAYS} days"


def _cardio_free(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        busy = sum(1 for d in week.days if d.cardio_minutes > 0)
        if 7 - busy < CARDIO_FREE_DAYS:
            return False, f"week {week.number}: only {7 - busy} day(s) without cardio"
    return True, f"every week keeps ≥ {CARDIO_FREE_DAYS} days free of cardio"


def _strength_minimum(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week in program.weeks:
        count = len(_strength_days(week))
        if count < STRENGTH_MIN_DAYS:
            return False, f"week {week.number}: {count} strength day(s), at least 2 needed"
    return True, "every week has at least 2 strength days"


def _strength_toning(program: Program, catalog: Catalog) -> tuple[bool, str]:
    low, high = STRENGTH_TOWARD
    for week in program.weeks:
        count = len(_strength_days(week))
        if not low <= count <= high:
            return False, f"week {week.number}: {count} strength day(s), {low}-{high} advised"
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
            following = Weekday.from_index(weekday.ordinal + 1)
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


def _sets_reps(program: Program, catalog: Catalog) -> tuple[bool, str]:
    def failures() -> Iterator[str]:
        for week, day, session in _all_strength(program):
            for ex in session.exercises:
                if ex.role not in (Role.MAIN, Role.FINISHER) or ex.unit.value != "reps":
                    continue
                if ex.sets < MIN_SETS:
                    yield f"week {week.number} {day.weekday.value}: {ex.id} has {ex.sets} set"
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
    for week, day, session in _all_strength(program):
        for ex in session.exercises:
            if ex.sets > 1 and ex.rest_seconds <= 0:
                return False, f"week {week.number} {day.weekday.value}: {ex.id} has no rest"
    return True, "every multi-set exercise has rest between sets"


def _effort_cue(program: Program, catalog: Catalog) -> tuple[bool, str]:
    for week, day, session in _all_strength(program):
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
    cal = program.calories
    if cal.pace_kg_per_week > cal.safe_pace_kg_per_week + 1e-9:
        return False, f"pace {cal.pace_kg_per_week:.2f} kg/week exceeds the safe cap"
    return True, (
        f"pace {cal.pace_kg_per_week:.2f} kg/week ≤ safe {cal.safe_pace_kg_per_week:.2f} kg/week"
    )


def _healthy_goal(program: Program, catalog: Catalog) -> tuple[bool, str]:
    profile = program.profile
    floor = minimum_goal_weight_kg(profile.height_cm)
    goal = profile.goal_weight_kg
    if goal is not None and goal < floor and program.calories.mode == "fat_loss":
        return False, f"goal {goal:.1f} kg is below BMI 18.5 ({floor:.1f} kg) yet a deficit is set"
    return True, f"no loss goal below BMI 18.5 ({floor:.1f} kg at this height)"


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
    has_cardio = any(d.cardio_minutes for w in program.weeks for d in w.days)
    has_strength = any(True for _ in _all_strength(program))
    if not (has_cardio and has_strength):
        return False, "a plan needs both whole-body fat loss (cardio) and glute strength work"
    if not any(tip.id == "spot-reduction" for tip in program.tips):
        return False, "the spot-reduction explanation is missing"
    return True, "whole-body fat loss and targeted strength work together, with the reason why"


def _wants_finisher(profile: Profile) -> bool:
    return profile.band_finisher and Equipment.MINI_BAND in profile.equipment


RULES: tuple[Rule, ...] = (
    Rule(
        "combined-approach",
        "Fat loss and strength together; spot reduction explained",
        "seeds 000, 001, 002 (spot reduction does not work)",
        _both_halves,
    ),
    Rule(
        "cardio-5x30",
        "Cardio ≥ 30 min on ≥ 5 days a week",
        "seeds 000, 001, 002; American Heart Association; ACSM 2011 (Garber et al.)",
        _cardio_days,
    ),
    Rule("cardio-free-days", "At least two days a week without cardio", "seed 001", _cardio_free),
    Rule(
        "strength-minimum",
        "Strength training on at least 2 days a week",
        "seed 000; US Physical Activity Guidelines 2018",
        _strength_minimum,
    ),
    Rule(
        "strength-3-4-days",
        "Strength training 3-4 days a week for toning",
        "seeds 001, 003",
        _strength_toning,
    ),
    Rule(
        "all-major-muscles",
        "Work all major muscle groups, not only the glutes",
        "seed 000",
        _all_major_groups,
    ),
    Rule(
        "glutes-max-med-min",
        "Gluteus maximus, medius and minimus every week",
        "seed 003",
        _glutes_weekly,
    ),
    Rule(
        "muscle-recovery",
        "Same muscles not loaded hard on consecutive days",
        "ACSM guidance: ~48 h between sessions for a muscle group (facts.md §3.1)",
        _spacing,
    ),
    Rule(
        "sets-and-reps",
        "At least 2 sets of 8-15 reps (8-12; 12-15 floor/band; 10-15 band)",
        "seeds 001, 002, 004",
        _sets_reps,
    ),
    Rule("rest-between-sets", "Rest between sets", "seed 001", _rest_between_sets),
    Rule(
        "effort-last-two-reps",
        "Last two reps hard but doable with good form",
        "seed 001",
        _effort_cue,
    ),
    Rule(
        "warmup-and-stretch",
        "Warm up before and stretch after every strength session",
        "seed 003",
        _warmup_cooldown,
    ),
    Rule(
        "own-equipment",
        "Only equipment the person has, or a household stand-in",
        "SPEC §4; seed 003 (cans of soup for dumbbells)",
        _equipment,
    ),
    Rule(
        "limitations",
        "Declared limitations exclude unsuitable exercises",
        "SPEC §2; seed 002 (bridges suit bad knees; squats and lunges may not)",
        _limitations,
    ),
    Rule("fits-minutes", "Each day fits the minutes available", "SPEC §4", _fits_minutes),
    Rule("available-days", "Training only on days the person is free", "SPEC §4", _available_days),
    Rule(
        "calorie-floor",
        "Intake never below 1,200 kcal (women) / 1,500 kcal (men)",
        "seed 002; Harvard Health Publishing 2009",
        _calorie_floor,
    ),
    Rule(
        "safe-pace",
        "Weight loss at most ~1 % of body weight (≤ 1 kg) a week",
        "Helms et al. JISSN 2014; NHLBI 1998",
        _safe_pace,
    ),
    Rule(
        "healthy-goal", "No weight-loss goal below BMI 18.5", "SPEC §2; WHO TRS 894", _healthy_goal
    ),
    Rule(
        "pregnancy",
        "Pregnancy: no deficit, professional clearance first",
        "SPEC §2; PAR-Q+ (delay if pregnant)",
        _pregnancy,
    ),
    Rule("screening", "Readiness screening travels with the plan", "seed 001; PAR-Q+", _screening),
    Rule(
        "progression",
        "Work progresses week over week",
        "seed 001 (raise distance or speed step by step); ACSM 2009 (Ratamess et al.)",
        _progression,
    ),
    Rule(
        "band-finisher",
        "Mini-band finisher of 2-3 moves after other workouts",
        "seed 004",
        _band_finisher,
        _wants_finisher,
    ),
    Rule(
        "cardio-sandwich",
        "15 min cardio before and after strength work",
        "seed 003",
        _cardio_sandwich,
        lambda profile: profile.cardio_sandwich,
    ),
    Rule(
        "session-skeleton",
        "Each session: a bridge or hip thrust, one move per pattern, compounds first, core last",
        "Contreras, Strong Curves, 2013; NSCA Essentials of Strength Training, 4th ed., 2016",
        coaching.session_skeleton,
    ),
    Rule(
        "glute-volume",
        f"Glutes {GLUTE_SETS[0]}-{GLUTE_SETS[1]} hard sets a week",
        "Schoenfeld, Ogborn & Krieger, J Sports Sci 35(11), 2017; Pelland et al. 2024",
        coaching.glute_volume,
    ),
    Rule(
        "group-volume",
        f"Every other major group ≥ {OTHER_GROUP_MIN_SETS} hard sets a week",
        "Schoenfeld, Ogborn & Krieger 2017 (≥ 4-6 sets maintain a muscle); seed 000",
        coaching.group_volume,
    ),
    Rule(
        "full-body-two-days",
        "Two strength days: full body A/B, never a split",
        "Schoenfeld, Ogborn & Krieger, Sports Med 46(11), 2016 (twice a week beats once)",
        coaching.full_body_when_two_days,
    ),
    Rule(
        "strength-floor",
        f"≥ {STRENGTH_FLOOR_MINUTES} min of strength work a session on days of "
        f"≥ {STRENGTH_FLOOR_BUDGET} min",
        "Contreras, Strong Curves, 2013; research/coaching.md",
        coaching.strength_floor,
    ),
    Rule(
        "cardio-150",
        f"≥ {CARDIO_WEEKLY_MINUTES} min of cardio a week in bouts of ≥ {MIN_CARDIO_BOUT} min",
        "US Physical Activity Guidelines, 2nd ed., HHS 2018",
        coaching.cardio_weekly,
    ),
    Rule(
        "no-empty-day",
        "No available day left empty while cardio falls short",
        "US Physical Activity Guidelines 2018; seed 001",
        coaching.no_empty_day,
    ),
    Rule(
        "phases-and-deloads",
        "4-week phases, effort targets, load guidance, deloads before new phases",
        "Ratamess et al., Med Sci Sports Exerc 41(3), 2009; Bell et al., Sports Med Open 9:87, "
        "2023",
        coaching.phases_and_deloads,
    ),
    Rule(
        "intervals-stay-intervals",
        "Interval cardio stays work/rest sets",
        "research/coaching.md (catalog dose); ACSM Guidelines, 11th ed., 2021",
        coaching.intervals_stay_intervals,
    ),
    Rule(
        "hard-cardio-spacing",
        "No hard or high-impact cardio the day after a lower-body day",
        "ACSM Guidelines, 11th ed., 2021 (recovery between hard sessions)",
        coaching.hard_cardio_spacing,
    ),
    Rule(
        "limitation-care",
        f"Limitations applied as a coach would (pregnancy, back: ≥ {LOWER_BACK_CORE_SETS} core "
        "sets, balance support, knees)",
        "ACOG Committee Opinion 804, 2020; McGill, Low Back Disorders, 3rd ed., 2016",
        coaching.limitation_care,
        lambda profile: bool(profile.limitations),
    ),
    Rule(
        "owned-kit-used",
        "Owned kit (stability ball, bike, elliptical, mini band) is put to use",
        "SPEC §4 (owned kit put to use); research/coaching.md",
        coaching.owned_kit_used,
    ),
    Rule(
        "honest-notes",
        "Notes name only unmet rules; tips fit the person",
        "SPEC §4 (a plan says which rule it cannot satisfy and why)",
        coaching.honest_notes,
    ),
    Rule(
        "older-adults",
        "From 65: balance practice and sit-to-stand work every week",
        "US Physical Activity Guidelines 2018 (multicomponent activity for older adults)",
        coaching.older_adults,
        lambda profile: coaching.is_older_adult(profile.age),
    ),
)

RULES_BY_ID: Mapping[str, Rule] = {rule.id: rule for rule in RULES}


def validate(
    program: Program,
    catalog: Catalog,
    constraints: Mapping[str, str] | None = None,
    only: frozenset[str] | None = None,
) -> tuple[RuleResult, ...]:
    """Check every applicable rule against a program.

    Args:
        program: The plan to check (its own ``rules`` field is ignored).
        catalog: The catalog the plan's exercise ids refer to.
        constraints: Rule id → why the person's constraints make it impossible; an unmet
            rule listed here is reported with that reason and ``constrained=True``.
        only: Check just these rule ids (all when None).

    Returns:
        One result per applicable rule, in :data:`RULES` order.
    """
    constraints = constraints or {}
    results = []
    for rule in RULES:
        if not rule.applies(program.profile) or (only is not None and rule.id not in only):
            continue
        satisfied, detail = rule.check(program, catalog)
        reason = constraints.get(rule.id)
        if not satisfied and reason:
            detail = f"{reason} ({detail})"
        results.append(
            RuleResult(
                id=rule.id,
                title=rule.title,
                source=rule.source,
                satisfied=satisfied,
                detail=detail,
                constrained=not satisfied and bool(reason),
            )
        )
    return tuple(results)
