"""The plan as data: weeks of days of sessions, with calories, rule checks, tips and screening.

These are the value objects the planner produces and every edge renders (CLI tables, JSON,
the web). Field names are part of the public JSON contract.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from gluteus.domain.catalog import BandPlacement, Muscle, RepUnit
from gluteus.domain.profile import Profile, Weekday
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
    kcal: float
    equipment_note: str | None = None
    progressed_from: str | None = Field(
        default=None, description="the easier exercise this one replaces this week"
    )
    why: str = ""


class Session(_Frozen):
    """A block of a day: warm-up, strength, cardio or cool-down."""

    kind: SessionKind
    title: str
    minutes: float
    kcal: float
    exercises: tuple[PlannedExercise, ...] = ()
    focus: str | None = Field(default=None, description="full, lower or upper for strength")
    intensity: str | None = None
    notes: tuple[str, ...] = ()


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
        """Total planned energy that day. [kcal]"""
        return sum(session.kcal for session in self.sessions)

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
    notes: tuple[str, ...] = ()

    def day(self, weekday: Weekday) -> Day | None:
        """The planned day for ``weekday`` (None on rest days)."""
        return next((d for d in self.days if d.weekday is weekday), None)


class RuleResult(_Frozen):
    """How the plan fares against one named rule."""

    id: str
    title: str
    source: Annotated[str, AfterValidator(cite)]
    satisfied: bool
    detail: str
    constrained: bool = Field(
        default=False, description="unmet because the person's constraints make it impossible"
    )


class CaloriePlan(_Frozen):
    """Daily energy targets."""

    mode: str = Field(description="fat_loss or toning_at_maintenance")
    bmr_kcal: float
    bmr_method: str
    tdee_kcal: float
    target_kcal: float
    floor_kcal: float
    deficit_kcal: float
    pace_kg_per_week: float
    safe_pace_kg_per_week: float
    goal_weight_kg: float | None
    weeks_to_goal_rule_3500: float | None
    notes: tuple[str, ...] = ()


class Exclusion(_Frozen):
    """An exercise left out of the plan, and why."""

    id: str
    name: str
    reasons: tuple[str, ...]


class Tip(_Frozen):
    """A habit, diet, styling or understanding tip with its source."""

    id: str
    category: str
    text: str
    source: Annotated[str, AfterValidator(cite)]


class WeekVolume(_Frozen):
    """Hard sets a week gives each muscle group (warm-ups and finishers not counted)."""

    week: int
    sets: dict[str, int]


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
    notes: tuple[str, ...] = ()
    volume: tuple[WeekVolume, ...] = ()

    def unmet_rules(self) -> list[RuleResult]:
        """Rules the plan could not satisfy, each with its reason."""
        return [rule for rule in self.rules if not rule.satisfied]

    def week_for(self, date: dt.date) -> Week | None:
        """The week containing ``date`` (weeks start on ``start_date``), None outside."""
        if self.start_date is None or date < self.start_date:
            return None
        index = (date - self.start_date).days // 7
        return self.weeks[index] if index < len(self.weeks) else None

    def day_for(self, date: dt.date) -> Day | None:
        """The planned day for a calendar date, None on rest days or outside the plan."""
        week = self.week_for(date)
        return week.day(Weekday.from_index(date.weekday())) if week else None
