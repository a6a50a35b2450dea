"""The person being coached: body, goal, experience, kit, limits and schedule.

A :class:`Profile` is validated on construction; every bound names its field and allowed
range in the error. Heights and weights accept metric or imperial text (``5ft 5in``,
``160lb``) and are stored metric.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from gluteus.domain.history import BandLevel
from gluteus.domain.ordered import OrderedStrEnum
from gluteus.domain.units import UnitParseError, parse_length_cm, parse_mass_kg


class Sex(StrEnum):
    """Sex used by the energy equations (they were fitted separately for women and men)."""

    FEMALE = "female"
    MALE = "male"


class Level(OrderedStrEnum):
    """Training experience, as ACSM 2009 grades it (novice ≈ beginner)."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        """0 for beginner, 1 for intermediate, 2 for advanced."""
        return self.position


class Equipment(StrEnum):
    """Kit a person may own or reach. ``none`` means bodyweight only."""

    NONE = "none"
    DUMBBELLS = "dumbbells"
    BARBELL = "barbell"
    BODY_BAR = "body_bar"
    KETTLEBELL = "kettlebell"
    RESISTANCE_BAND = "resistance_band"
    MINI_BAND = "mini_band"
    STABILITY_BALL = "stability_ball"
    BENCH = "bench"
    STEP = "step"
    MEDICINE_BALL = "medicine_ball"
    CABLE_MACHINE = "cable_machine"
    LEG_PRESS = "leg_press"
    STAIRS = "stairs"
    TREADMILL = "treadmill"
    STATIONARY_BIKE = "stationary_bike"
    ELLIPTICAL = "elliptical"
    JUMP_ROPE = "jump_rope"


EQUIPMENT_LABELS: dict[Equipment, str] = {
    Equipment.NONE: "no equipment",
    Equipment.DUMBBELLS: "dumbbells",
    Equipment.BARBELL: "barbell",
    Equipment.BODY_BAR: "body bar",
    Equipment.KETTLEBELL: "kettlebell",
    Equipment.RESISTANCE_BAND: "resistance band (long loop or tube)",
    Equipment.MINI_BAND: "mini band (small loop)",
    Equipment.STABILITY_BALL: "stability ball",
    Equipment.BENCH: "bench or sturdy chair",
    Equipment.STEP: "step or low platform",
    Equipment.MEDICINE_BALL: "medicine ball",
    Equipment.CABLE_MACHINE: "cable machine",
    Equipment.LEG_PRESS: "leg press",
    Equipment.STAIRS: "stairs",
    Equipment.TREADMILL: "treadmill",
    Equipment.STATIONARY_BIKE: "stationary bike",
    Equipment.ELLIPTICAL: "elliptical trainer",
    Equipment.JUMP_ROPE: "jump rope",
}


class Limitation(StrEnum):
    """Conditions that exclude or swap exercises."""

    KNEES = "knees"
    LOWER_BACK = "lower_back"
    PREGNANCY = "pregnancy"
    BALANCE = "balance"


class Weekday(OrderedStrEnum):
    """Days of the week, Monday first (ISO order)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def ordinal(self) -> int:
        """0 for Monday … 6 for Sunday, as :meth:`datetime.date.weekday`."""
        return self.position

    @classmethod
    def from_index(cls, index: int) -> Weekday:
        """The weekday for ``date.weekday()``'s number."""
        return WEEK[index % 7]


WEEK: tuple[Weekday, ...] = tuple(Weekday)
"""Monday … Sunday, indexed by :attr:`Weekday.ordinal`; the one list of the week's days."""


class Goal(StrEnum):
    """What the person trains for: it sets calories, cardio wording, volume and tips.

    ``lose_fat`` eats in a deficit; ``tone`` eats at maintenance; ``build_glutes`` eats at
    maintenance (or up to a small surplus) with the upper part of the glute volume range
    (Helms E.R. et al., JISSN 11:20, 2014; Iraki J. et al., Sports 7(7):154, 2019).
    """

    LOSE_FAT = "lose_fat"
    TONE = "tone"
    BUILD_GLUTES = "build_glutes"


class ActivityKind(StrEnum):
    """A kind of regular activity the person already does outside the plan."""

    RUN = "run"
    RIDE = "ride"
    SWIM = "swim"
    WALK = "walk"
    HIKE = "hike"
    SPORT = "sport"
    OTHER = "other"


ACTIVITY_SESSIONS_RANGE = (1, 7)
"""Sessions a week of one regular activity."""
ACTIVITY_MINUTES_RANGE = (10, 300)
"""Minutes of one session of a regular activity. [min]"""
MAX_ACTIVITIES = 7
"""Regular activities one profile lists."""


class RegularActivity(BaseModel):
    """Something the person already does every week: runs, rides, swims, walks, a sport.

    It counts toward the weekly cardio, and hard leg lifting keeps off the day before a long
    or hard session. ``days`` is optional; when given it names one day per session.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ActivityKind
    sessions_per_week: int = Field(
        ge=ACTIVITY_SESSIONS_RANGE[0], le=ACTIVITY_SESSIONS_RANGE[1], description="1-7"
    )
    minutes: int = Field(
        ge=ACTIVITY_MINUTES_RANGE[0],
        le=ACTIVITY_MINUTES_RANGE[1],
        description="minutes of one session (10-300)",
    )
    days: tuple[Weekday, ...] = Field(
        default=(), description="the days it falls on (mon … sun), one per session; optional"
    )
    hard: bool = Field(
        default=False, description="hard sessions: intervals, tempo, races or hard matches"
    )

    @field_validator("days", mode="before")
    @classmethod
    def _split_days(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("days", mode="after")
    @classmethod
    def _week_order(cls, value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        return tuple(sorted(value, key=lambda day: day.ordinal))

    @model_validator(mode="after")
    def _days_match(self) -> RegularActivity:
        if len(set(self.days)) != len(self.days):
            raise ValueError("days: name each day once")
        if self.days and len(self.days) != self.sessions_per_week:
            raise ValueError(
                f"days: name one day per session ({self.sessions_per_week} a week), or leave "
                "days out"
            )
        return self

    @property
    def weekly_minutes(self) -> int:
        """All its minutes in a week. [min/week]"""
        return self.sessions_per_week * self.minutes


_ACTIVITY_TEXT = re.compile(
    r"(?P<kind>[a-z]+)\s+(?P<sessions>\d+)\s*[x×]\s*(?P<minutes>\d+)\s*(?:min)?"
    r"(?P<days>(?:\s+[a-z]{3}(?:\s*,\s*[a-z]{3})*)?)(?P<hard>\s+hard)?",
    re.IGNORECASE,
)
ACTIVITY_TEXT_HELP = (
    "write each as KIND SESSIONSxMINUTES [DAYS] [hard], separated by ';', e.g. "
    "'run 3x40 tue,thu,sat; run 1x90 sun hard' (kinds: "
    + ", ".join(kind.value for kind in ActivityKind)
    + ")"
)


def _activities(value: Any) -> Any:
    """Regular activities from text (``"run 3x40 tue,thu,sat; ride 1x90 sun hard"``)."""
    if value is None:
        return ()
    if not isinstance(value, str):
        return value
    items = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        found = _ACTIVITY_TEXT.fullmatch(part)
        if found is None:
            raise ValueError(f"cannot read {part!r}; {ACTIVITY_TEXT_HELP}")
        item: dict[str, Any] = {
            "kind": found.group("kind").lower(),
            "sessions_per_week": int(found.group("sessions")),
            "minutes": int(found.group("minutes")),
            "hard": bool(found.group("hard")),
        }
        if found.group("days").strip():
            item["days"] = found.group("days").replace(" ", "").lower()
        items.append(item)
    return tuple(items)


def describe_activities(activities: Sequence[RegularActivity]) -> str:
    """The text form :func:`_activities` reads back, e.g. ``run 3x40 tue,thu,sat``."""
    parts = []
    for item in activities:
        days = " " + ",".join(d.value for d in item.days) if item.days else ""
        hard = " hard" if item.hard else ""
        parts.append(f"{item.kind.value} {item.sessions_per_week}x{item.minutes}{days}{hard}")
    return "; ".join(parts)


class ActivityLevel(StrEnum):
    """Everyday activity outside planned training, for the TDEE multiplier."""

    SEDENTARY = "sedentary"
    LIGHT = "light"
    MODERATE = "moderate"
    ACTIVE = "active"
    VERY_ACTIVE = "very_active"


class ParqAnswers(BaseModel):
    """Answers to the seven general questions of a PAR-Q+-style readiness check.

    ``True`` means "yes". The questions themselves live in :mod:`gluteus.domain.screening`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    q1: bool = Field(description="heart condition or high blood pressure diagnosed")
    q2: bool = Field(description="chest pain at rest, in daily life or when active")
    q3: bool = Field(description="dizziness with loss of balance, or fainting, in 12 months")
    q4: bool = Field(description="another chronic medical condition diagnosed")
    q5: bool = Field(description="prescribed medicine for a chronic condition")
    q6: bool = Field(description="bone, joint or soft-tissue problem that activity could worsen")
    q7: bool = Field(description="told to exercise only under medical supervision")

    def yes_answers(self) -> list[str]:
        """The ids of the questions answered yes, in order."""
        return [name for name in type(self).model_fields if getattr(self, name)]


class PelvicScreen(BaseModel):
    """After birth: three yes/no signs checked before loaded core work, running or jumping.

    ``True`` means "yes". Any yes means a pelvic-health physiotherapist first; until then the
    plan keeps to gentle core moves and low-impact cardio (ACOG Committee Opinion 804, 2020;
    Goom, Donnelly & Brockwell, Returning to running postnatal, 2019).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    leaking: bool = Field(description="leaking urine when coughing, laughing, lifting or jumping")
    heaviness: bool = Field(description="a heavy or dragging feeling low in the pelvis")
    separation: bool = Field(description="a gap or doming along the middle of the tummy")

    def yes_answers(self) -> list[str]:
        """The names of the signs answered yes, in order."""
        return [name for name in type(self).model_fields if getattr(self, name)]


def _length(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_length_cm(value)
        except UnitParseError as exc:
            raise ValueError(str(exc)) from None
    return value


def _mass(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_mass_kg(value)
        except UnitParseError as exc:
            raise ValueError(str(exc)) from None
    return value


LengthCm = Annotated[float, BeforeValidator(_length)]
MassKg = Annotated[float, BeforeValidator(_mass)]

AGE_RANGE = (18, 100)
HEIGHT_RANGE_CM = (120.0, 230.0)
WEIGHT_RANGE_KG = (35.0, 300.0)
BODY_FAT_RANGE_PCT = (3.0, 70.0)
MINUTES_RANGE = (15, 240)
WEEKS_RANGE = (1, 52)
PACE_RANGE_KG = (0.0, 1.0)
TRIMESTER_RANGE = (1, 3)
POSTPARTUM_WEEKS_RANGE = (0, 104)
"""Weeks since giving birth the profile takes (two years). [weeks]"""
OWNED_LOAD_RANGE_KG = (0.5, 100.0)
"""One dumbbell or kettlebell the person owns. [kg] Gluteus bound: home kit stays within it."""
PLATES_RANGE_KG = (0.25, 10.0)
"""The smallest barbell plate owned (added in pairs). [kg]"""


_LOAD_RANGE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?)\s*(?:step|by|every)\s*"
    r"(\d+(?:[.,]\d+)?)\s*(kg|lb)?",
    re.IGNORECASE,
)
MAX_RANGE_LOADS = 100
"""The most loads one ``A-B step S`` range may stand for (a typo guard)."""


def expand_load_range(text: str) -> list[str]:
    """The loads a range such as ``"2-20 step 2"`` names: ``["2", "4", …, "20"]``.

    ``to`` works for the dash, ``by`` or ``every`` for ``step``, and a ``kg``/``lb`` unit is
    carried to each load; any other text comes back as itself.

    Raises:
        ValueError: When the range is empty, runs backwards or names too many loads.
    """
    found = _LOAD_RANGE.fullmatch(text.strip())
    if found is None:
        return [text]
    low, high, step = (float(found.group(i).replace(",", ".")) for i in (1, 2, 3))
    unit = (found.group(4) or "").lower()
    if step <= 0 or high < low or (high - low) / step >= MAX_RANGE_LOADS:
        raise ValueError(
            f"cannot use the range {text.strip()!r}; write it lightest first with a step, "
            f"such as 2-20 step 2 (at most {MAX_RANGE_LOADS} weights, each 0.5–100 kg)"
        )
    count = int((high - low) / step + 1e-9) + 1
    return [f"{round(low + i * step, 3):g}{unit}" for i in range(count)]


def _owned_loads(value: Any) -> Any:
    """Owned loads from text (``"2, 4, 6"``, ``"5lb, 10lb"``, ``"2-20 step 2"``) or numbers."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        return value
    value = [
        part
        for item in value
        for part in (expand_load_range(item) if isinstance(item, str) else [item])
    ]
    low, high = OWNED_LOAD_RANGE_KG
    allowed = f"each {low:g}–{high:g} kg (about 1–220 lb), such as 2, 4, 6.5"
    loads = []
    for raw in value:
        item = raw.strip() if isinstance(raw, str) else raw
        try:
            mass = _mass(item)
        except ValueError:
            raise ValueError(f"cannot read {item!r} as a weight; list weights {allowed}") from None
        if not isinstance(mass, int | float) or isinstance(mass, bool):
            raise ValueError(f"{item!r} is not a weight; list weights {allowed}")
        if not low <= mass <= high:
            raise ValueError(f"{float(mass):g} kg is out of range; list weights {allowed}")
        loads.append(round(float(mass), 3))
    return tuple(sorted(set(loads)))


OwnedLoadsKg = Annotated[tuple[float, ...], BeforeValidator(_owned_loads)]


class Profile(BaseModel):
    """Everything the planner needs to know about one person.

    Field names are a public contract (profile files, the JSON API).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    sex: Sex
    age: int = Field(ge=AGE_RANGE[0], le=AGE_RANGE[1], description="age in years")
    height_cm: LengthCm = Field(ge=HEIGHT_RANGE_CM[0], le=HEIGHT_RANGE_CM[1])
    weight_kg: MassKg = Field(ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1])
    goal_weight_kg: MassKg | None = Field(
        default=None, ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1]
    )
    body_fat_pct: float | None = Field(
        default=None, ge=BODY_FAT_RANGE_PCT[0], le=BODY_FAT_RANGE_PCT[1]
    )
    level: Level = Level.BEGINNER
    equipment: tuple[Equipment, ...] = (Equipment.NONE,)
    limitations: tuple[Limitation, ...] = ()
    available_days: tuple[Weekday, ...] = (
        Weekday.MON,
        Weekday.TUE,
        Weekday.WED,
        Weekday.THU,
        Weekday.FRI,
        Weekday.SAT,
    )
    minutes_per_session: int = Field(
        default=60,
        ge=MINUTES_RANGE[0],
        le=MINUTES_RANGE[1],
        description="the most minutes the person can train on one day, all sessions together",
    )
    weeks: int = Field(default=12, ge=WEEKS_RANGE[0], le=WEEKS_RANGE[1])
    activity: ActivityLevel = Field(
        default=ActivityLevel.LIGHT,
        description="everyday activity without the plan's workouts (job, chores, getting "
        "about); the workouts are added to the energy budget separately",
    )
    goal: Goal = Field(
        default=Goal.LOSE_FAT,
        description="lose_fat (a calorie deficit), tone (maintenance) or build_glutes "
        "(maintenance or a small surplus, more glute volume)",
    )
    pace_kg_per_week: float = Field(
        default=0.5,
        ge=PACE_RANGE_KG[0],
        le=PACE_RANGE_KG[1],
        description="chosen weight-loss pace; capped at a safe pace",
    )
    cardio_sandwich: bool = Field(
        default=False, description="15 min cardio before and after strength sessions (003)"
    )
    band_finisher: bool = Field(
        default=True, description="end other workouts with 2-3 mini-band moves (004)"
    )
    dumbbells_kg: OwnedLoadsKg = Field(
        default=(),
        description="the dumbbells owned, one load per dumbbell (per hand), e.g. "
        "[2, 4, 6, 8, 10, 12.5, 15]; empty when not given (1 kg steps below 10 kg, 2 kg above)",
    )
    kettlebells_kg: OwnedLoadsKg = Field(
        default=(),
        description="the kettlebells owned, e.g. [8, 12, 16]; empty when not given",
    )
    plates_kg: MassKg | None = Field(
        default=None,
        ge=PLATES_RANGE_KG[0],
        le=PLATES_RANGE_KG[1],
        description="the smallest barbell plate owned, e.g. 1.25 (the bar gains two of them); "
        "none when not given (1.25 kg plates assumed)",
    )
    bands: tuple[BandLevel, ...] = Field(
        default=(),
        description="the band strengths owned (extra_light, light, medium, heavy, extra_heavy), "
        "e.g. [light, medium, heavy]; empty when not given (every strength assumed)",
    )
    parq: ParqAnswers | None = None
    pregnancy_trimester: int | None = Field(
        default=None,
        ge=TRIMESTER_RANGE[0],
        le=TRIMESTER_RANGE[1],
        description="1, 2 or 3; only with the pregnancy limitation (energy needs rise later)",
    )
    postpartum_weeks: int | None = Field(
        default=None,
        ge=POSTPARTUM_WEEKS_RANGE[0],
        le=POSTPARTUM_WEEKS_RANGE[1],
        description="weeks since giving birth (0-104); none when it does not apply",
    )
    breastfeeding: bool = Field(
        default=False, description="breastfeeding now: adds its energy cost, caps the pace"
    )
    pelvic_floor_screen: PelvicScreen | None = Field(
        default=None,
        description="after birth: {leaking, heaviness, separation}, each yes/no; any yes keeps "
        "core work gentle and cardio low-impact, with a referral; none when not answered",
    )
    regular_activity: Annotated[tuple[RegularActivity, ...], BeforeValidator(_activities)] = Field(
        default=(),
        max_length=MAX_ACTIVITIES,
        description="what you already do every week, each {kind, sessions_per_week, minutes, "
        "days, hard}; it counts toward the weekly cardio (text: 'run 3x40 tue,thu,sat; "
        "run 1x90 sun')",
    )

    @field_validator("equipment", "limitations", "available_days", "bands", mode="before")
    @classmethod
    def _split_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("equipment", "limitations", "available_days", "bands", mode="after")
    @classmethod
    def _dedupe(cls, value: tuple[Any, ...]) -> tuple[Any, ...]:
        members: list[Any] = list(type(value[0]).__members__.values()) if value else []
        ordered = sorted(set(value), key=members.index)
        return tuple(ordered)

    @model_validator(mode="after")
    def _check_consistency(self) -> Profile:
        if not self.available_days:
            raise ValueError("available_days: choose at least one day (mon … sun)")
        if self.goal_weight_kg is not None and self.goal_weight_kg > self.weight_kg + 0.05:
            raise ValueError(
                "goal_weight_kg: must not be above weight_kg; Gluteus plans fat loss "
                "or toning at maintenance"
            )
        if self.pregnancy_trimester is not None and Limitation.PREGNANCY not in self.limitations:
            raise ValueError(
                "pregnancy_trimester: only used with the pregnancy limitation; add pregnancy "
                "to limitations or clear it (pregnancy_trimester=none)"
            )
        return self

    @cached_property
    def equipment_set(self) -> frozenset[Equipment]:
        """The owned kit, always including ``none`` (bodyweight is always possible)."""
        return frozenset(self.equipment) | {Equipment.NONE}

    @property
    def bmi(self) -> float:
        """Body-mass index. [kg/m²]"""
        return self.weight_kg / (self.height_cm / 100) ** 2


def _allowed_range(model: type[BaseModel], field: str, inner: str = "") -> str | None:
    if field == "regular_activity" and model is Profile:
        if inner in RegularActivity.model_fields:
            return _allowed_range(RegularActivity, inner)
        return ACTIVITY_TEXT_HELP
    info = model.model_fields.get(field)
    if info is None:
        return None
    low = high = None
    for meta in info.metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    if low is None and high is None:
        annotation = info.annotation
        choices = _enum_choices(annotation)
        return f"one of: {', '.join(choices)}" if choices else None
    return f"allowed range {low}–{high}"


def _enum_choices(annotation: Any) -> list[str]:
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return [member.value for member in candidate]
        for inner in getattr(candidate, "__args__", ()):
            if isinstance(inner, type) and issubclass(inner, StrEnum):
                return [member.value for member in inner]
    return []


def describe_validation_error(exc: ValidationError, model: type[BaseModel] = Profile) -> str:
    """One readable line per problem, each naming the field and what is allowed.

    Args:
        exc: The error pydantic raised.
        model: The model that was being validated (used to look up allowed ranges).

    Returns:
        Lines such as ``age: Input should be greater than or equal to 18 (allowed range 18–100)``.
    """
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        field = ".".join(loc) if loc else "profile"
        message = str(error["msg"]).removeprefix("Value error, ")
        if not loc and ":" in message:
            lines.append(message)
            continue
        inner = loc[2] if len(loc) > 2 else ""
        hint = _allowed_range(model, loc[0], inner) if loc else None
        got = error.get("input")
        got_text = f"; got {got!r}" if got is not None and not isinstance(got, dict | list) else ""
        suffix = f" ({hint}{got_text})" if hint else (f" ({got_text[2:]})" if got_text else "")
        lines.append(f"{field}: {message}{suffix}")
    return "\n".join(lines)
