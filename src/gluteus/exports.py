"""Files made from a plan or a history: iCalendar, printable HTML, JSON and CSV.

Pure formatting: each function takes domain objects (or the export dict) and returns text or
bytes; writing files is the caller's job. CSV comes as one file per kind of log
(``sets.csv``, ``cardio.csv``, ``weights.csv``, ``measurements.csv``, ``pain.csv``,
``intake.csv``) because the kinds have different columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any, NamedTuple

from icalendar import Calendar, Event
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from gluteus.domain.catalog import RepUnit
from gluteus.domain.history import History
from gluteus.domain.profile import Weekday
from gluteus.domain.program import Day, PlannedExercise, Program, Session, SessionKind
from gluteus.domain.units import UnitSystem, format_mass

DEFAULT_START = dt.time(7, 0)
PRODID = "-//Gluteus//Gluteus training plan//EN"
CSV_KINDS: tuple[str, ...] = ("sets", "cardio", "weights", "measurements", "pain", "intake")
WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


class _DayView(NamedTuple):
    day: Day
    name: str
    date: dt.date | None


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
    lines += [f"  {note}" for note in session.notes]
    return lines


def day_description(day: Day) -> str:
    """Every session of the day with its exercises and doses, one per line."""
    blocks = ["\n".join(_session_lines(session)) for session in day.sessions]
    return "\n\n".join(blocks)


def _weekday_number(day: Day) -> int:
    # Weekday.index is shadowed by str.index on a StrEnum member, so count explicitly.
    return list(Weekday).index(day.weekday)


def day_date(program: Program, week_number: int, day: Day) -> dt.date | None:
    """The calendar date of ``day`` in week ``week_number``, None without a start date."""
    if program.start_date is None:
        return None
    offset = (_weekday_number(day) - program.start_date.weekday()) % 7
    return program.start_date + dt.timedelta(days=7 * (week_number - 1) + offset)


def _plan_key(program: Program) -> str:
    blob = json.dumps(program.model_dump(mode="json"), sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def program_ics(program: Program, start_time: dt.time = DEFAULT_START) -> bytes:
    """The plan's training days as iCalendar events, one per day with planned work.

    Events use floating local time (no time zone), so 07:00 stays 07:00 wherever the
    calendar is. UIDs derive from the plan's content and the day, so exporting the same plan
    twice gives the same events and calendar apps update rather than duplicate them.

    Args:
        program: A plan with a ``start_date``.
        start_time: Local time each session starts.

    Returns:
        The ``.ics`` file contents.

    Raises:
        ExportError: When the plan has no start date.
    """
    if program.start_date is None:
        raise ExportError("start_date: the plan needs a first day to place it on a calendar")
    key = _plan_key(program)
    stamp = dt.datetime.combine(program.start_date, dt.time(0), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Gluteus plan")
    for week in program.weeks:
        for day in week.days:
            if not day.sessions or day.minutes <= 0:
                continue
            date = day_date(program, week.number, day)
            assert date is not None
            event = Event()
            event.add("uid", f"{key}-{date.isoformat()}@gluteus")
            event.add("dtstamp", stamp)
            event.add("dtstart", dt.datetime.combine(date, start_time))
            event.add("duration", dt.timedelta(minutes=round(day.minutes)))
            event.add("summary", day_summary(day))
            event.add(
                "description", f"Week {week.number} ({week.phase})\n\n" + day_description(day)
            )
            event.add("categories", ["Gluteus", "Training"])
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gluteus", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dose"] = dose_text
    return env


def program_html(program: Program, units: UnitSystem = UnitSystem.METRIC) -> str:
    """A printable plan: an overview, then each week on its own page.

    Args:
        program: The plan.
        units: How body masses are shown.

    Returns:
        A standalone HTML document (own CSS, no external assets).
    """
    weeks = []
    for week in program.weeks:
        days = [
            _DayView(day, WEEKDAY_NAMES[day.weekday.value], day_date(program, week.number, day))
            for day in week.days
        ]
        days.sort(key=lambda view: view.date or dt.date.min)
        weeks.append({"week": week, "days": days})
    template = _environment().get_template("plan.html")
    return template.render(
        program=program,
        weeks=weeks,
        weight=format_mass(program.profile.weight_kg, units),
        goal=(
            format_mass(program.profile.goal_weight_kg, units)
            if program.profile.goal_weight_kg is not None
            else None
        ),
    )


def data_json(data: dict[str, Any]) -> str:
    """The full export as indented JSON text (key order kept, UTF-8 characters as is)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _csv(rows: list[BaseModel], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = row.model_dump(mode="json")
        writer.writerow(["" if values[c] is None else values[c] for c in columns])
    return buffer.getvalue()


def history_csv(history: History) -> dict[str, str]:
    """The logs as CSV texts keyed by file name (``sets.csv`` …), oldest row first.

    Every file has a header row; columns are the log's fields in metric units, dates as
    ``YYYY-MM-DD`` and ``logged_at`` as a UTC timestamp.
    """
    out: dict[str, str] = {}
    for kind in CSV_KINDS:
        items: tuple[BaseModel, ...] = getattr(history, kind)
        model = type(history).model_fields[kind].annotation
        columns = list(_item_model(model).model_fields)
        ordered = sorted(items, key=lambda i: getattr(i, "date", dt.date.min))
        out[f"{kind}.csv"] = _csv(list(ordered), columns)
    return out


def _item_model(annotation: Any) -> type[BaseModel]:
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise TypeError(f"not a tuple of models: {annotation!r}")
