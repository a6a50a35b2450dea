"""The plan as data: weeks of days of sessions, with calories, rule checks, tips and screening.

These are the value objects the planner produces and every edge renders (CLI tables, JSON,
the web). Field names are part of the public JSON contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from gluteus.domain.catalog import BandPlacement, Muscle, RepUnit
from gluteus.domain.memo import memo_by_identity
from gluteus.domain.profile import Profile, Weekday
from gluteus.domain.quantities import Text
from gluteus.domain.screening import Clearance
from gluteus.domain.sources import cite


class SessionKind(StrEnum):
    """What a block of a training day is."""

    CARDIO = "cardio"
    STRENGTH = "strength"
    WARMUP = "warmup"
    COOLDOWN = "cooldown"


class Role(StrEnum):
    """Why an exercise is in a session."""

    MAIN = "main"
    FINISHER = "finisher"
    WARMUP = "warmup"
    STRETCH = "stretch"
    CARDIO = "cardio"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlannedExercise(_Frozen):
    """One exercise with its dose for a given session."""

    id: str
    name: str
    role: Role
    sets: int
    reps_min: int
    reps_max: int
    unit: RepUnit = RepUnit.REPS
    rest_seconds: int
    unilateral: bool = False
    primary_muscles: tuple[Muscle, ...]
    secondary_muscles: tuple[Muscle, ...] = ()
    band_placement: BandPlacement | None = None
    pattern: str | None = Field(default=None, description="movement pattern, e.g. bridge, hinge")
    rir: int | None = Field(
        default=None, description="target reps in reserve: reps left in the tank at set end"
    )
    minutes: float
    kcal: float = Field(description="gross energy, resting energy included [kcal]")
    net_kcal: float | None = Field(
        default=None,
        description="energy above resting energy, (MET − 1) × kg × h: what the exercise adds "
        "to the day's expenditure [kcal]",
    )
    equipment_note: str | None = None
    progressed_from: str | None = Field(
        default=None, description="the easier exercise this one replaces this week"
    )
    superset: str | None = Field(
        default=None,
        description="superset label on short days, e.g. A1 and A2: alternate the two moves "
        "and rest after each round; the second row's minutes are what the pair adds",
    )
    why: Text = ""


class Session(_Frozen):
    """A block of a day: warm-up, strength, cardio or cool-down."""

    kind: SessionKind
    title: str
    minutes: float
    kcal: float = Field(description="gross energy, resting energy included [kcal]")
    net_kcal: float | None = Field(
        default=None, description="energy above resting energy, the part the budget counts [kcal]"
    )
    exercises: tuple[PlannedExercise, ...] = ()
    focus: str | None = Field(default=None, description="full, lower or upper for strength")
    intensity: str | None = None
    notes: tuple[Text, ...] = ()


class Day(_Frozen):
    """One weekday of one week."""

    weekday: Weekday
    sessions: tuple[Session, ...] = ()

    @property
    def minutes(self) -> float:
        """Total planned minutes that day. [min]"""
        return sum(session.minutes for session in self.sessions)

    @property
    def kcal(self) -> float:
        """Total planned energy that day, resting energy included. [kcal]"""
        return sum(session.kcal for session in self.sessions)

    @property
    def net_kcal(self) -> float:
        """Planned energy above resting energy that day (what the budget counts). [kcal]"""
        return sum(session.net_kcal or 0.0 for session in self.sessions)

    @property
    def cardio_minutes(self) -> float:
        """Minutes of cardio that day, sandwich halves included. [min]"""
        return sum(s.minutes for s in self.sessions if s.kind is SessionKind.CARDIO)

    def strength_sessions(self) -> list[Session]:
        """The strength sessions of the day."""
        return [s for s in self.sessions if s.kind is SessionKind.STRENGTH]


class Week(_Frozen):
    """One week of the program."""

    number: int
    phase: str
    days: tuple[Day, ...]
    deload: bool = Field(default=False, description="a lighter week before a new phase")
    notes: tuple[Text, ...] = ()
    cardio_minutes: float = Field(default=0.0, description="planned cardio this week [min]")
    everyday_walk_minutes: float = Field(
        default=0.0,
        description="walking suggested outside the sessions to reach 150 min a week; 0 when "
        "the sessions already hold 150 min [min]",
    )
    regular_activity_minutes: float = Field(
        default=0.0,
        description="the person's own regular activity (runs, rides), counted toward the "
        "150 min a week [min]",
    )

    def day(self, weekday: Weekday) -> Day | None:
        """The planned day for ``weekday`` (None on rest days)."""
        return next((d for d in self.days if d.weekday is weekday), None)


class RuleResult(_Frozen):
    """How the plan fares against one named rule."""

    id: str
    title: str
    source: Annotated[str, AfterValidator(cite)]
    satisfied: bool
    detail: Text
    constrained: bool = Field(
        default=False, description="unmet because the person's constraints make it impossible"
    )


class CaloriePlan(_Frozen):
    """Daily energy targets and the nutrition and step guidance beside them.

    ``target_kcal`` = ``maintenance_kcal`` − ``deficit_kcal``, and ``maintenance_kcal`` =
    ``tdee_kcal`` (everyday life, without the workouts) + ``exercise_kcal_per_day`` (the
    plan's workouts, net of resting energy, averaged over the plan) + ``pregnancy_kcal``.
    Plans saved before a field existed load with its default.
    """

    mode: str = Field(description="fat_loss or toning_at_maintenance")
    bmr_kcal: float
    bmr_method: str
    tdee_kcal: float = Field(
        description="everyday expenditure, resting energy × activity factor, without the "
        "plan's workouts [kcal/day]"
    )
    exercise_kcal_per_day: float = Field(
        default=0.0,
        description="the plan's workouts net of resting energy, averaged over every day of "
        "the plan [kcal/day]",
    )
    pregnancy_kcal: float = Field(
        default=0.0, description="extra energy for the trimester in pregnancy [kcal/day]"
    )
    lactation_kcal: float = Field(
        default=0.0, description="extra energy while breastfeeding (IOM 2005) [kcal/day]"
    )
    maintenance_kcal: float = Field(
        default=0.0,
        description="intake that holds weight while following the plan: everyday + workouts "
        "+ pregnancy [kcal/day]",
    )
    target_kcal: float
    floor_kcal: float
    deficit_kcal: float = Field(description="maintenance_kcal − target_kcal [kcal/day]")
    pace_kg_per_week: float = Field(
        description="expected weekly loss from the deficit, planned workouts counted [kg/week]"
    )
    safe_pace_kg_per_week: float
    goal_weight_kg: float | None
    weeks_to_goal_rule_3500: float | None
    protein_g: float | None = Field(
        default=None, description="daily protein suggestion [g/day]; None in older plans"
    )
    protein_reference_kg: float | None = Field(
        default=None, description="the body weight the protein suggestion is based on [kg]"
    )
    steps_per_day: int | None = Field(
        default=None, description="daily steps to aim for (lower end of the range)"
    )
    steps_per_day_upper: int | None = Field(
        default=None, description="upper end of the daily step range"
    )
    method: Text = Field(default="", description="how the target was made, in plain words")
    notes: tuple[Text, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _maintenance_of_older_plans(cls, data: Any) -> Any:
        """Plans saved before maintenance_kcal existed held weight at their everyday TDEE."""
        if isinstance(data, dict) and "maintenance_kcal" not in data and "tdee_kcal" in data:
            extra = data.get("exercise_kcal_per_day", 0.0) + data.get("pregnancy_kcal", 0.0)
            data = {**data, "maintenance_kcal": data["tdee_kcal"] + extra}
        return data


class Exclusion(_Frozen):
    """An exercise left out of the plan, and why."""

    id: str
    name: str
    reasons: tuple[Text, ...]


class Tip(_Frozen):
    """A habit, diet, styling or understanding tip with its source."""

    id: str
    category: str
    text: Text
    source: Annotated[str, AfterValidator(cite)]


class WeekVolume(_Frozen):
    """Sets a week gives each muscle group, counted as a coach counts them.

    Fractional: a set counts 1.0 for the group it targets and 0.5 for the glutes when they
    are a synergist (squats, lunges, step-ups, hinges); finishers count, warm-ups do not.
    """

    week: int
    sets: dict[str, float]


class Program(_Frozen):
    """A complete multi-week plan."""

    generator: str
    start_date: dt.date | None = None
    profile: Profile
    screening: Clearance
    calories: CaloriePlan
    weeks: tuple[Week, ...]
    rules: tuple[RuleResult, ...]
    exclusions: tuple[Exclusion, ...] = ()
    tips: tuple[Tip, ...] = ()
    notes: tuple[Text, ...] = ()
    volume: tuple[WeekVolume, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _net_energy_of_older_plans(cls, data: Any) -> Any:
        """Plans saved before ``net_kcal`` existed get it from their gross energy."""
        if isinstance(data, dict):
            profile = data.get("profile")
            weight = profile.get("weight_kg") if isinstance(profile, dict) else None
            if isinstance(weight, int | float) and isinstance(data.get("weeks"), list | tuple):
                data = {**data, "weeks": [_with_net_energy(w, weight) for w in data["weeks"]]}
        return data

    def unmet_rules(self) -> list[RuleResult]:
        """Rules the plan could not satisfy, each with its reason."""
        return [rule for rule in self.rules if not rule.satisfied]

    def week_for(self, date: dt.date) -> Week | None:
        """The week containing ``date`` (weeks start on ``start_date``), None outside."""
        if self.start_date is None or date < self.start_date:
            return None
        index = (date - self.start_date).days // 7
        return self.weeks[index] if index < len(self.weeks) else None

    def phase_start(self, date: dt.date) -> dt.date | None:
        """First day of the phase holding ``date`` (its run of weeks), None outside the plan."""
        week = self.week_for(date)
        if week is None or self.start_date is None:
            return None
        index = (date - self.start_date).days // 7
        while index > 0 and self.weeks[index - 1].phase == week.phase:
            index -= 1
        return self.start_date + dt.timedelta(days=7 * index)

    def day_for(self, date: dt.date) -> Day | None:
        """The planned day for a calendar date, None on rest days or outside the plan."""
        week = self.week_for(date)
        return week.day(Weekday.from_index(date.weekday())) if week else None


def share_repeats(program: Program) -> Program:
    """The same plan with equal exercises and equal sessions held once each.

    A plan repeats its sessions week after week: the example twelve-week plan holds 588
    planned exercises of which 142 differ, so a plan parsed from its stored JSON takes
    about 2.4 MB, and 0.8 MB with the repeats shared. The parts are frozen, so sharing
    them cannot be seen except by identity (``==`` holds between the two plans).
    """
    exercises: dict[PlannedExercise, PlannedExercise] = {}
    sessions: dict[Session, Session] = {}

    def shared(session: Session) -> Session:
        held = tuple(exercises.setdefault(e, e) for e in session.exercises)
        one = session.model_copy(update={"exercises": held})
        return sessions.setdefault(one, one)

    weeks = tuple(
        week.model_copy(
            update={
                "days": tuple(
                    day.model_copy(update={"sessions": tuple(shared(s) for s in day.sessions)})
                    for day in week.days
                )
            }
        )
        for week in program.weeks
    )
    return program.model_copy(update={"weeks": weeks})


@memo_by_identity(8)
def strength_sessions_of(program: Program) -> tuple[tuple[Week, Day, Session], ...]:
    """Every strength session of a plan with its week and day, in plan order.

    Walked once a plan: a dozen rules ask for it when the plan is checked.
    """
    return tuple(
        (week, day, session)
        for week in program.weeks
        for day in week.days
        for session in day.strength_sessions()
    )


def exercise_kcal_per_day(weeks: Sequence[Week]) -> float:
    """The plan's workouts, net of resting energy, averaged over every day of the plan.

    Rest days count as days, so this is what the workouts add to an average day.

    Returns:
        Mean energy above rest per calendar day. [kcal/day]
    """
    if not weeks:
        return 0.0
    return sum(day.net_kcal for week in weeks for day in week.days) / (7 * len(weeks))


def net_from_gross_kcal(gross_kcal: float, weight_kg: float, minutes: float) -> float:
    """Energy above rest from a gross MET energy: minus 1 MET (≈ 1 kcal/kg/h). [kcal]

    References:
        [1] Ainsworth B.E. et al., Med. Sci. Sports Exerc. 43(8):1575-1581, 2011.
    """
    return round(max(gross_kcal - weight_kg * minutes / 60.0, 0.0), 1)


def _with_net_energy(week: Any, weight_kg: float) -> Any:
    """A stored week (JSON) with ``net_kcal`` filled in where it is missing."""
    try:
        days = [
            {**day, "sessions": [_session_with_net(s, weight_kg) for s in day["sessions"]]}
            for day in week["days"]
        ]
    except (KeyError, TypeError, AttributeError):
        return week  # not a stored plan's shape: validation will name the problem
    return {**week, "days": days}


def _session_with_net(session: dict[str, Any], weight_kg: float) -> dict[str, Any]:
    if session.get("net_kcal") is not None:
        return session
    rows = [
        row
        if row.get("net_kcal") is not None
        else {**row, "net_kcal": net_from_gross_kcal(row["kcal"], weight_kg, row["minutes"])}
        for row in session.get("exercises", ())
    ]
    net = (
        round(sum(row["net_kcal"] for row in rows), 1)
        if rows
        else net_from_gross_kcal(session["kcal"], weight_kg, session["minutes"])
    )
    return {**session, "exercises": rows, "net_kcal": net}
