"""What a parsed export holds: workout rows, body-weight readings and per-row problems.

All quantities are metric here (``weight_kg``, ``distance_km``); parsers convert at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from gluteus.imports.table import RowProblem


class SetType(StrEnum):
    """How an app labels a set: warm-up sets are kept apart from hard sets."""

    NORMAL = "normal"
    WARMUP = "warmup"
    DROP = "drop"
    FAILURE = "failure"


@dataclass(frozen=True)
class WorkoutRecord:
    """One set (or one cardio bout) as the app wrote it.

    Attributes:
        line: Line of the file the row is on.
        date: The workout's calendar date (the app's local time).
        exercise: The app's exercise name, e.g. ``Hip Thrust (Barbell)``.
        set_type: Warm-up, normal, drop or failure set.
        reps: Repetitions, None when not recorded.
        weight_kg: External load [kg], None when not recorded (body weight).
        distance_km: Distance [km], None when not recorded.
        seconds: Duration [s], None when not recorded.
        rpe: Rating of perceived exertion (1–10), None when not recorded.
        key: Import key, stable across re-imports of the same row.
        started: When the workout began (the app's local time; midnight when only the
            day is written).
        position: The row's place (1, 2, …) among the rows of its exercise in its workout,
            warm-ups included, the same in every app that logged the same sets.
    """

    line: int
    date: dt.date
    exercise: str
    set_type: SetType
    reps: int | None
    weight_kg: float | None
    distance_km: float | None
    seconds: float | None
    rpe: float | None
    key: str
    started: dt.datetime | None = None
    position: int = 1


@dataclass(frozen=True)
class WeightRecord:
    """One body-weight reading."""

    line: int
    date: dt.date
    weight_kg: float
    key: str


@dataclass(frozen=True)
class IntakeRecord:
    """Food eaten on one day, summed over the file's rows for that day.

    Attributes:
        line: Line of the day's first row.
        date: The day.
        kcal: Energy eaten [kcal].
        protein_g: Protein eaten [g], None when the file has no protein column.
        meals: Rows (meals or foods) summed into the day.
        key: Import key of the day's total.
    """

    line: int
    date: dt.date
    kcal: float
    protein_g: float | None
    meals: int
    key: str


@dataclass
class ParsedFile:
    """Everything read from one file.

    Attributes:
        format: The format found, e.g. ``strong``, ``hevy``, ``renpho``.
        rows: Data rows read (rest timers and empty readings included).
        workouts: Set and cardio rows.
        weights: Body-weight readings.
        intake: Daily food totals.
        skipped: Rows left out on purpose, by reason (``rest_timer``, ``empty``).
        problems: Rows whose values could not be read.
    """

    format: str
    rows: int = 0
    workouts: list[WorkoutRecord] = field(default_factory=list)
    weights: list[WeightRecord] = field(default_factory=list)
    intake: list[IntakeRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
