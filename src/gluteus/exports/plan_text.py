"""Plan text shared by the calendar and the printable plan: doses, day titles, dates.

Pure formatting of domain objects; no I/O.
"""

from __future__ import annotations

import datetime as dt
import re

from gluteus.domain.catalog import RepUnit
from gluteus.domain.program import Day, PlannedExercise, Program, Session, SessionKind

WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_INTERNAL = re.compile(
    r"\bSPEC\b|§|facts\.md|\bseeds?\b|\barticles?\b|could not meet|`", re.IGNORECASE
)
"""Markers of planner-internal text (sources, rule ids, debugging) kept out of printouts."""


class ExportError(ValueError):
    """The plan cannot be exported as asked (e.g. it has no start date)."""


def dose_text(exercise: PlannedExercise) -> str:
    """A planned dose in words: ``2 × 8-12 reps each side, rest 60 s`` or ``30 min``."""
    if exercise.unit is RepUnit.SECONDS:
        if exercise.reps_max >= 120:
            return f"{exercise.reps_max / 60:.0f} min"
        hold = f"{exercise.reps_max} s"
        return f"{exercise.sets} × {hold}" if exercise.sets > 1 else hold
    reps = (
        f"{exercise.reps_min}-{exercise.reps_max}"
        if exercise.reps_min != exercise.reps_max
        else str(exercise.reps_max)
    )
    side = " each side" if exercise.unilateral else ""
    rest = f", rest {exercise.rest_seconds} s" if exercise.sets > 1 else ""
    return f"{exercise.sets} × {reps} reps{side}{rest}"


def day_summary(day: Day) -> str:
    """A calendar title such as ``Gluteus: Full body, glute focus + cardio``."""
    strength = [s.title for s in day.sessions if s.kind is SessionKind.STRENGTH]
    cardio = [s for s in day.sessions if s.kind is SessionKind.CARDIO]
    if strength:
        title = " + ".join(strength) + (" + cardio" if cardio else "")
    elif cardio:
        names = sorted({e.name for s in cardio for e in s.exercises}) or ["cardio"]
        title = f"Cardio ({', '.join(names)}, {sum(s.minutes for s in cardio):.0f} min)"
    else:
        title = "Training"
    return f"Gluteus: {title}"


def _session_lines(session: Session) -> list[str]:
    lines = [f"{session.title} ({session.minutes:.0f} min)"]
    lines += [f"- {e.name}: {dose_text(e)}" for e in session.exercises]
    lines += [f"  {note}" for note in session.notes if is_person_facing(note)]
    return lines


def day_description(day: Day) -> str:
    """Every session of the day with its exercises and doses, one per line."""
    blocks = ["\n".join(_session_lines(session)) for session in day.sessions]
    return "\n\n".join(blocks)


def is_person_facing(text: str) -> bool:
    """Whether a planner text may be shown to the person (no sources, rule ids or debugging)."""
    return _INTERNAL.search(text) is None


def day_date(program: Program, week_number: int, day: Day) -> dt.date | None:
    """The calendar date of ``day`` in week ``week_number``, None without a start date."""
    if program.start_date is None:
        return None
    offset = (day.weekday.ordinal - program.start_date.weekday()) % 7
    return program.start_date + dt.timedelta(days=7 * (week_number - 1) + offset)
