"""The planner's entry point: (profile, catalog) → a validated multi-week :class:`Program`.

It lays out the week, shares each day's minutes, chooses a phase's sessions, doses every
week, assembles the days, and validates the result; a rule the person's constraints make
impossible is reported unmet with its reason, and only such rules get a note.
Deterministic: the same inputs give the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from gluteus.domain.activity import (
    describe,
    no_lifting_days,
    own_long_days,
    regular_kcal_per_day,
    regular_minutes,
)
from gluteus.domain.catalog import Catalog, Exercise, Kind, Muscle
from gluteus.domain.energy.balance import explain_target, intake_target, minimum_goal_weight_kg
from gluteus.domain.energy.daily_targets import protein_target, step_target
from gluteus.domain.guidelines import (
    BREASTFEEDING_MAX_PACE_KG,
    CARDIO_MIN_DAYS,
    CARDIO_MIN_MINUTES,
    CARDIO_WEEKLY_MINUTES,
)
from gluteus.domain.memo import memo
from gluteus.domain.patterns import coach_weekly_sets
from gluteus.domain.planning.dosing import PHASE_WEEKS, is_deload, phase_index, phase_name
from gluteus.domain.planning.goals import AT_GOAL_TOLERANCE_KG, at_maintenance, goal_note
from gluteus.domain.planning.layout import DayPlan, WeekLayout, plan_layout
from gluteus.domain.planning.minutes import (
    CARDIO_STEP_MINUTES,
    cardio_cap,
    cardio_fits_beside_lifting,
    cardio_goal,
    share_minutes,
)
from gluteus.domain.planning.postpartum import (
    SCREEN_NOTE,
    lactation_kcal,
    referral_note,
    safe_pace_profile,
    screens,
)
from gluteus.domain.planning.sessions import (
    cardio_intensity,
    cardio_options,
    cardio_session,
    is_hard,
    steady_walk,
    strength_session,
    timed_block,
)
from gluteus.domain.planning.templates import Template, choose_phase
from gluteus.domain.profile import WEEK, Equipment, Goal, Limitation, Profile, Weekday
from gluteus.domain.program import (
    CaloriePlan,
    Day,
    Exclusion,
    Program,
    Session,
    Week,
    WeekVolume,
    exercise_kcal_per_day,
)
from gluteus.domain.quantities import Mass, message
from gluteus.domain.rules.registry import validate
from gluteus.domain.screening import screen_profile
from gluteus.domain.tips import tips_for
from gluteus.domain.units import format_count

GENERATOR = "gluteus-planner/2"
PREGNANCY_STRENGTH_DAYS = 2
"""Strength days kept in pregnancy when the week cannot hold both (ACOG 804, 2020: 2+)."""


def _calorie_plan(profile: Profile, weeks: Sequence[Week]) -> CaloriePlan:
    notes: list[str] = []
    floor_weight = minimum_goal_weight_kg(profile.height_cm)
    goal = profile.goal_weight_kg
    toning = at_maintenance(profile)
    if goal is not None and goal < floor_weight:
        notes.append(
            message(
                "A goal of {goal} is below a BMI of 18.5 ({floor} at your "
                "height), so it is not taken as a loss goal: the plan tones at maintenance.",
                goal=Mass(goal, ".1f"),
                floor=Mass(floor_weight, ".1f"),
            )
        )
    elif (
        goal is not None
        and goal >= profile.weight_kg - AT_GOAL_TOLERANCE_KG
        and profile.goal is Goal.LOSE_FAT
    ):
        notes.append("You are at your goal weight: the plan tones at maintenance.")
    aim = goal_note(profile)
    if aim is not None:
        notes.append(aim)
    exercise = exercise_kcal_per_day(weeks) + regular_kcal_per_day(profile)
    paced = safe_pace_profile(profile)
    target = intake_target(paced, toning_only=toning, exercise_kcal_per_day=exercise)
    own = regular_kcal_per_day(profile)
    if own:
        notes.append(
            f"Your own activity ({describe(profile)}) adds about {own:.0f} kcal a day above "
            "rest; it is counted with the plan's workouts."
        )
    lactation = lactation_kcal(profile)
    if lactation:
        notes.append(
            message(
                "Breastfeeding: {lactation:.0f} kcal a day are added to maintenance and the "
                "target, and loss is kept to {cap} a week or less.",
                lactation=lactation,
                cap=Mass(BREASTFEEDING_MAX_PACE_KG, ""),
            )
        )
    notes.extend(target.notes)
    weeks_to_goal = None
    if not toning and goal is not None and target.pace_kg_per_week > 0:
        weeks_to_goal = round((profile.weight_kg - goal) / target.pace_kg_per_week, 1)
        notes.append(
            f"By the 3,500 kcal/lb rule the goal is {weeks_to_goal:.0f} weeks away; real loss "
            "slows as you go, so the projection with the dynamic model is the honest estimate."
        )
    protein = protein_target(profile)
    steps = step_target(profile)
    notes.extend((protein.note, steps.note))
    return CaloriePlan(
        mode="toning_at_maintenance" if toning else "fat_loss",
        bmr_kcal=round(target.bmr_kcal, 1),
        bmr_method=target.bmr_method.value,
        tdee_kcal=round(target.tdee_kcal, 1),
        exercise_kcal_per_day=round(target.exercise_kcal_per_day, 1),
        pregnancy_kcal=target.pregnancy_kcal,
        lactation_kcal=lactation,
        maintenance_kcal=round(target.maintenance_kcal + lactation, 1),
        target_kcal=round(target.target_kcal + lactation, 1),
        floor_kcal=target.floor_kcal,
        deficit_kcal=round(target.deficit_kcal, 1),
        pace_kg_per_week=round(target.pace_kg_per_week, 3),
        safe_pace_kg_per_week=round(target.safe_pace_kg_per_week, 3),
        goal_weight_kg=goal,
        weeks_to_goal_rule_3500=weeks_to_goal,
        protein_g=protein.grams_per_day,
        protein_reference_kg=round(protein.reference_kg, 1),
        steps_per_day=steps.low,
        steps_per_day_upper=steps.high,
        method=explain_target(target, profile.activity, len(weeks)),
        notes=tuple(notes),
    )


@memo(maxsize=64)
def _exclusions(catalog: Catalog, limitations: tuple[Limitation, ...]) -> tuple[Exclusion, ...]:
    """Moves the limitations leave out, and why (the same for everyone with these limits)."""
    return tuple(
        Exclusion(id=ex.id, name=ex.name, reasons=tuple(reasons))
        for ex in catalog
        if ex.kind in (Kind.STRENGTH, Kind.CARDIO, Kind.STRETCH)
        and (reasons := ex.unsuitable_for(limitations))
    )


class _Week:
    """Builds the days of one week from the layout, the phase's templates and cardio options."""

    def __init__(
        self,
        catalog: Catalog,
        profile: Profile,
        layout: WeekLayout,
        cardio: Sequence[Exercise],
    ) -> None:
        self.catalog = catalog
        self.profile = profile
        self.layout = layout
        self.cardio = list(cardio)
        self.steady = [ex for ex in self.cardio if not is_hard(ex)]
        self.walk = steady_walk(self.cardio)
        self.strength_days = {d.weekday for d in layout.days if d.strength}
        self.cache: dict[tuple[object, ...], Day] = {}
        self.sessions: dict[tuple[object, ...], Session] = {}
        self.free = self._assign_free_days()

    def _assign_free_days(self) -> dict[Weekday, Exercise]:
        """Cardio for each free day: owned kit first where it may go, then a rotation.

        Hard or high-impact modes only go on days that do not follow a strength day.
        """
        days = [d.weekday for d in self.layout.days if not d.strength and d.cardio_alone]
        allowed = {day: not self._after_strength(day) for day in days}
        chosen: dict[Weekday, Exercise] = {}
        owned = [ex for ex in self.cardio if Equipment.NONE not in ex.equipment]
        for activity in owned:
            for day in days:
                if day not in chosen and (allowed[day] or not is_hard(activity)):
                    chosen[day] = activity
                    break
        index = 0
        for day in days:
            if day in chosen or not self.cardio:
                continue
            for offset in range(len(self.cardio)):
                activity = self.cardio[(index + offset) % len(self.cardio)]
                if allowed[day] or not is_hard(activity):
                    chosen[day] = activity
                    index += offset + 1
                    break
        return chosen

    def _after_strength(self, weekday: Weekday) -> bool:
        return WEEK[(weekday.ordinal - 1) % 7] in self.strength_days

    def day(self, plan: DayPlan, template: Template | None, week: int) -> Day:
        profile = self.profile
        minutes = min(cardio_cap(profile), plan.cardio_alone + CARDIO_STEP_MINUTES * (week - 1))
        if template is None:
            activity = self.free.get(plan.weekday)
            if activity is None:
                return Day(weekday=plan.weekday)
            intensity = cardio_intensity(profile, week, not self._after_strength(plan.weekday))
            key: tuple[object, ...] = (plan.weekday, activity.id, minutes, intensity)
            if key not in self.cache:
                session = cardio_session(activity, self.walk, profile, minutes, intensity, "Cardio")
                self.cache[key] = Day(weekday=plan.weekday, sessions=(session,))
            return self.cache[key]
        main = strength_session(template, profile, week)
        worked = frozenset(m for ex in main.exercises for m in ex.primary_muscles)
        around = self.steady[plan.variant % len(self.steady)] if self.steady else None
        sessions: list[Session] = []
        if plan.cardio_before and around is not None:
            sessions.append(self._around(around, plan.cardio_before, "Cardio as warm-up"))
        else:
            sessions.append(self._block(Kind.WARMUP, plan.warmup or 3.0, worked, plan.variant))
        sessions.append(main)
        if plan.cardio_after and around is not None:
            sessions.append(self._around(around, plan.cardio_after, "Cardio after strength"))
        sessions.append(self._block(Kind.STRETCH, plan.cooldown, worked, plan.variant))
        return Day(weekday=plan.weekday, sessions=tuple(sessions))

    def _around(self, activity: Exercise, minutes: float, title: str) -> Session:
        """Steady cardio before or after lifting (the same every week, so made once)."""
        key = (activity.id, minutes, title)
        if key not in self.sessions:
            extra = ("These minutes double as your warm-up: start easy, finish brisker.",)
            self.sessions[key] = cardio_session(
                activity,
                self.walk,
                self.profile,
                minutes,
                "moderate",
                title,
                extra if title == "Cardio as warm-up" else (),
            )
        return self.sessions[key]

    def _block(
        self, kind: Kind, minutes: float, worked: frozenset[Muscle], variant: int
    ) -> Session:
        key = (kind.value, minutes, worked, variant)
        if key not in self.sessions:
            self.sessions[key] = timed_block(
                self.catalog, self.profile, kind, minutes, worked, variant
            )
        return self.sessions[key]


def _week_notes(profile: Profile, week: int) -> tuple[str, ...]:
    if is_deload(profile.level, week, profile.weeks):
        return (
            "Deload week: the same exercises with about half the sets and lighter effort, so "
            "the next phase starts fresh.",
        )
    if week > 1 and (week - 1) % PHASE_WEEKS == 0:
        return (f"New phase ({phase_name(week)}): new variations; start them light.",)
    return ()


WALK_DAYS_ALL_WEEK = 7
"""Days a suggested everyday walk spreads over when every day holds a session."""


def everyday_walk(cardio_minutes: float, own_minutes: float = 0.0) -> float:
    """Walking to suggest beside the sessions so the week reaches 150 min. [min/week]

    References:
        [1] US HHS, Physical Activity Guidelines for Americans, 2nd ed., 2018 (150-300 min of
            moderate activity a week; bouts of any length count, everyday walking included).
    """
    return float(max(0, math.ceil(CARDIO_WEEKLY_MINUTES - cardio_minutes - own_minutes - 1e-6)))


def _walk_note(profile: Profile, days: int, cardio: float, walk: float) -> str:
    """The plain-words note: the sessions' cardio, and the everyday walk that tops it up."""
    off = 7 - days
    spread = off or WALK_DAYS_ALL_WEEK
    each = math.ceil(walk / spread)
    where = (
        f"about {each} min on each of the {format_count(off, 'day')} without a session"
        if off
        else f"about {each} min a day"
    )
    steps = step_target(profile).low
    own = regular_minutes(profile)
    held = f"{cardio:.0f} min of cardio" + (f" and your own activity {own} min" if own else "")
    return (
        f"Everyday walking: the sessions hold {held}, and the guideline is "
        f"150 min a week, so walk {walk:.0f} min more at an easy-to-brisk pace, {where} "
        f"(a short walk, not a workout), and aim for about {steps:,} steps a day."
    )


def _own_note(profile: Profile, cardio: float) -> str:
    """What the plan does with the person's own activity: counts it, adds no second session."""
    own = regular_minutes(profile)
    if cardio:
        added = f"the plan adds {cardio:.0f} min of cardio on other days"
    else:
        added = "so the plan adds no cardio of its own"
    return (
        f"Your own activity: {describe(profile)}, {own} min a week, counts toward the "
        f"150-minute guideline; {added}."
    ) + (
        " Lifting days keep off the day before a long or hard session where the week allows, "
        "so your legs come to it fresh."
        if no_lifting_days(profile)
        else ""
    )


def _plan_weeks(
    catalog: Catalog, profile: Profile, layout: WeekLayout, phases: list[list[Template]]
) -> tuple[Week, ...]:
    builder = _Week(catalog, profile, layout, cardio_options(catalog, profile))
    own = regular_minutes(profile)
    weeks = []
    for number in range(1, profile.weeks + 1):
        templates = phases[phase_index(number)]
        days = []
        for plan in layout.days:
            template = templates[plan.variant] if plan.strength else None
            day = builder.day(plan, template, number)
            if day.sessions:
                days.append(day)
        cardio = round(sum(day.cardio_minutes for day in days), 1)
        walk = everyday_walk(cardio, own)
        notes = _week_notes(profile, number)
        if own and number == 1:
            notes = (*notes, _own_note(profile, cardio))
        if walk:
            notes = (*notes, _walk_note(profile, len(days), cardio, walk))
        weeks.append(
            Week(
                number=number,
                phase=phase_name(number),
                deload=is_deload(profile.level, number, profile.weeks),
                days=tuple(days),
                notes=notes,
                cardio_minutes=cardio,
                everyday_walk_minutes=walk,
                regular_activity_minutes=float(own),
            )
        )
    return tuple(weeks)


def _strength_reason(layout: WeekLayout, phases: list[list[Template]]) -> str:
    """Why strength rules may fall short: too few days, too few minutes, or no suitable move."""
    skipped = {s for templates in phases for t in templates for s in t.skipped}
    parts = sorted(s for s in skipped if not s.startswith("no time"))
    days = layout.strength_days
    if len(days) < 2:
        parts.insert(0, f"only {len(days)} strength day a week")
    if any(s.startswith("no time") for s in skipped) or not parts:
        low = min((d.strength_minutes for d in days), default=0.0)
        high = max((d.strength_minutes for d in days), default=0.0)
        span = f"{low:.0f}" if abs(high - low) < 1 else f"{low:.0f}-{high:.0f}"
        parts.append(
            f"{format_count(len(days), 'strength session')} of {span} min hold only part of "
            "the seven-move skeleton at the sets each level needs"
        )
    return "; ".join(parts)


def _reasons(layout: WeekLayout, phases: list[list[Template]], profile: Profile) -> dict[str, str]:
    constraints = dict(layout.constraints)
    days = layout.days
    named, unnamed = own_long_days(profile, CARDIO_MIN_MINUTES)
    planned = {d.weekday for d in days if d.cardio >= CARDIO_MIN_MINUTES}
    thirty = len(planned | named) + unnamed
    if thirty < CARDIO_MIN_DAYS:
        budget = profile.minutes_per_session
        if profile.regular_activity and cardio_goal(profile) <= 0:
            why = (
                f"your own activity ({describe(profile)}) already reaches 150 min a week, so "
                "the plan adds no duplicate cardio"
            )
        elif len(days) < CARDIO_MIN_DAYS:
            why = (
                f"only {format_count(len(days), 'available day')}, so {thirty} can hold 30 min "
                "of cardio"
            )
        elif budget < CARDIO_MIN_MINUTES:
            why = f"{budget} min a day is less than a 30-minute cardio session"
        else:
            why = (
                f"{budget} min a day cannot hold 30 min of cardio next to a strength session "
                f"with its strength floor; {format_count(thirty, 'day')} hold 30 min"
            )
        constraints["cardio-5x30"] = why
    short = _strength_reason(layout, phases)
    for rule in (
        "all-major-muscles",
        "glutes-max-med-min",
        "session-skeleton",
        "glute-volume",
        "abduction-volume",
        "lead-keeps-stimulus",
        "new-block",
        "group-volume",
        "full-body-two-days",
        "band-finisher",
        "owned-kit-used",
        "limitation-care",
        "strength-floor",
        "older-adults",
    ):
        constraints.setdefault(rule, short)
    constraints.setdefault("combined-approach", "no cardio fits: " + constraints.get(
        "cardio-150", "no time for cardio"))  # fmt: skip
    return constraints


def _cardio_total(layout: WeekLayout) -> float:
    return sum(day.cardio for day in layout.days)


def _layout(profile: Profile) -> WeekLayout:
    """The week's layout; in pregnancy cardio comes first, so a strength day yields to it.

    When three strength days leave the week short of 150 min of cardio, two strength days
    (the guideline's minimum) are tried, and kept when they hold more cardio.

    References:
        [1] ACOG Committee Opinion 804, 2020 (150 min of moderate activity a week; strength
            work on two or more days).
    """
    beside = cardio_fits_beside_lifting(profile)
    layout = plan_layout(profile, cardio_beside_lifting=beside)
    share_minutes(layout, profile)
    pregnant = Limitation.PREGNANCY in profile.limitations
    short = _cardio_total(layout) + regular_minutes(profile) < CARDIO_WEEKLY_MINUTES
    if pregnant and short and len(layout.strength_days) > PREGNANCY_STRENGTH_DAYS:
        fewer = plan_layout(profile, cardio_beside_lifting=beside, most=PREGNANCY_STRENGTH_DAYS)
        share_minutes(fewer, profile)
        if _cardio_total(fewer) > _cardio_total(layout):
            return fewer
    return layout


def _screen_notes(profile: Profile) -> tuple[str, ...]:
    """The after-birth screen in the first year, and the referral on any yes."""
    referral = referral_note(profile)
    notes = (SCREEN_NOTE,) if screens(profile) else ()
    return (*notes, referral) if referral else notes


def _day_after_strength(layout: WeekLayout) -> frozenset[int]:
    """Strength sessions (by index) whose day follows another strength day."""
    ordinals = {day.weekday.ordinal for day in layout.strength_days}
    return frozenset(
        index
        for index, day in enumerate(layout.strength_days)
        if (day.weekday.ordinal - 1) % 7 in ordinals and len(ordinals) > 1
    )


def build_program(profile: Profile, catalog: Catalog, start_date: dt.date | None = None) -> Program:
    """Build and validate a multi-week plan.

    Args:
        profile: The person.
        catalog: Exercises to choose from.
        start_date: First day of week 1 (optional; lets callers map dates to days).

    Returns:
        The program, its ``rules`` filled by :func:`gluteus.domain.rules.validate`; any rule the
        person's constraints make impossible is reported unmet with the reason, and the plan's
        notes name exactly the unmet rules.
    """
    layout = _layout(profile)
    budgets = [day.strength_minutes for day in layout.strength_days]
    light = _day_after_strength(layout)
    phases: list[list[Template]] = []
    for index in range(math.ceil(profile.weeks / PHASE_WEEKS)):
        previous = phases[-1] if phases else ()
        earlier = [t for templates in phases[:-1] for t in templates]
        phases.append(choose_phase(catalog, profile, budgets, index, previous, earlier, light))
    weeks = _plan_weeks(catalog, profile, layout, phases)
    screening = screen_profile(profile)
    program = Program(
        generator=GENERATOR,
        start_date=start_date,
        profile=profile,
        screening=screening,
        calories=_calorie_plan(profile, weeks),
        weeks=weeks,
        rules=(),
        exclusions=_exclusions(catalog, profile.limitations),
        tips=tips_for(profile, deficit=not at_maintenance(profile)),
        volume=tuple(WeekVolume(week=w.number, sets=coach_weekly_sets(w)) for w in weeks),
        notes=_screen_notes(profile),
    )
    constraints = _reasons(layout, phases, profile)
    results = validate(program, catalog, constraints)
    notes = []
    if not screening.cleared:
        notes.append("Readiness: " + "; ".join(screening.reasons) + ".")
    notes.extend(_screen_notes(profile))
    notes.extend(layout.notes)
    notes.extend(f"Could not meet '{r.id}': {r.detail}." for r in results if not r.satisfied)
    program = program.model_copy(update={"notes": tuple(notes)})
    # The notes exist only now, so the rule that judges them is checked once more.
    final = validate(program, catalog, constraints, only=frozenset({"honest-notes"}))
    by_id = {r.id: r for r in final}
    return program.model_copy(update={"rules": tuple(by_id.get(r.id, r) for r in results)})
