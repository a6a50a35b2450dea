"""Files made from a plan or a history: iCalendar, printable HTML, JSON and CSV.

Pure formatting: each function takes domain objects (or the export dict) and returns text or
bytes; writing files is the caller's job. CSV comes as one file per kind of log
(``sets.csv``, ``cardio.csv``, ``weights.csv``, ``measurements.csv``, ``pain.csv``,
``intake.csv``, ``periods.csv``) because the kinds have different columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from icalendar import Calendar, Event
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel

from gluteus.charts.figure import exercise_svg
from gluteus.domain.catalog import Catalog, RepUnit, default_catalog
from gluteus.domain.history import LOG_KINDS, History
from gluteus.domain.profile import Weekday
from gluteus.domain.program import Day, PlannedExercise, Program, Role, Session, SessionKind
from gluteus.domain.units import UnitSystem, format_mass, localize_masses

DEFAULT_START = dt.time(7, 0)
PRODID = "-//Gluteus//Gluteus training plan//EN"
CSV_KINDS: tuple[str, ...] = tuple(kind.history_field for kind in LOG_KINDS)
CSV_DECIMALS = 3
"""Decimals kept for metric values in CSV: 1 g, 1 mm, 1 m; enough for a lb round trip."""
TRAINING_SLOT = "training"
"""The one calendar event a training day gets; part of its UID."""
Paper = Literal["a4", "letter"]
WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_NAME_COLUMNS = {"exercise_id": "exercise_name", "activity_id": "activity_name"}
_INTERNAL = re.compile(
    r"\bSPEC\b|§|facts\.md|\bseeds?\b|\barticles?\b|could not meet|`", re.IGNORECASE
)
"""Markers of planner-internal text (sources, rule ids, debugging) kept out of printouts."""
_BLOCK_CHARS = 12
_MIN_COLUMN_SHARE = 0.35


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


def _weekday_number(day: Day) -> int:
    # Weekday.index is shadowed by str.index on a StrEnum member, so count explicitly.
    return list(Weekday).index(day.weekday)


def day_date(program: Program, week_number: int, day: Day) -> dt.date | None:
    """The calendar date of ``day`` in week ``week_number``, None without a start date."""
    if program.start_date is None:
        return None
    offset = (_weekday_number(day) - program.start_date.weekday()) % 7
    return program.start_date + dt.timedelta(days=7 * (week_number - 1) + offset)


def event_uid(date: dt.date, slot: str = TRAINING_SLOT, uid_namespace: str = "") -> str:
    """The iCalendar UID of the event in ``slot`` on ``date``.

    It depends on nothing else (not the exercises, not when the plan was made), so a re-plan
    re-exports the same UIDs and calendar apps update events instead of duplicating them.
    ``uid_namespace`` (e.g. a user id) keeps two people's calendars apart; it enters only
    through a hash.
    """
    key = "\x1f".join((uid_namespace, date.isoformat(), slot)).encode("utf-8")
    digest = hashlib.sha256(key).hexdigest()[:20]
    return f"{date.isoformat()}-{slot}-{digest}@gluteus"


def program_ics(
    program: Program,
    start_time: dt.time = DEFAULT_START,
    *,
    uid_namespace: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The plan's training days as iCalendar events, one per day with planned work.

    Events use floating local time (no time zone), so 07:00 stays 07:00 wherever the
    calendar is. Each UID is :func:`event_uid` of the date, so importing a re-made plan over
    an old one updates the events of the same days rather than adding duplicates.

    Args:
        program: A plan with a ``start_date``.
        start_time: Local time each session starts.
        uid_namespace: Mixed into every UID (e.g. a user id) so calendars of different
            people never share UIDs.
        stamp: When the file is made (``DTSTAMP``); an aware time, converted to UTC. Pass
            the current time so calendar apps see a re-export as newer; without it the
            stamp is midnight UTC of the start date, which keeps the output reproducible.

    Returns:
        The ``.ics`` file contents.

    Raises:
        ExportError: When the plan has no start date, or ``stamp`` has no time zone.
    """
    if program.start_date is None:
        raise ExportError("start_date: the plan needs a first day to place it on a calendar")
    if stamp is not None and stamp.utcoffset() is None:
        raise ExportError("stamp: give an aware time (with a time zone)")
    stamp = (
        dt.datetime.combine(program.start_date, dt.time(0), tzinfo=dt.UTC)
        if stamp is None
        else stamp.astimezone(dt.UTC).replace(microsecond=0)
    )
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
            event.add("uid", event_uid(date, uid_namespace=uid_namespace))
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


# --------------------------------------------------------------------------- printable plan


@dataclass(frozen=True)
class _Tick:
    label: str
    mark: str


@dataclass(frozen=True)
class _Item:
    name: str
    dose: str
    note: str | None = None
    ticks: tuple[_Tick, ...] = ()

    @property
    def size(self) -> int:
        """Roughly how much room the item takes. [characters]"""
        return len(self.name) + len(self.dose) + len(self.note or "") + 4 * len(self.ticks)


@dataclass(frozen=True)
class _Block:
    kind: str
    title: str
    minutes: float
    items: tuple[_Item, ...]


@dataclass(frozen=True)
class _DayCell:
    weekday: str
    date: dt.date | None
    minutes: float
    blocks: tuple[_Block, ...]

    @property
    def rest(self) -> bool:
        return not self.blocks

    @property
    def size(self) -> int:
        """Roughly how much room the day's text takes. [characters]"""
        return sum(
            len(block.title) + _BLOCK_CHARS + sum(item.size for item in block.items)
            for block in self.blocks
        )


@dataclass
class _WeekPage:
    number: int
    phase: str
    first: dt.date | None
    last: dt.date | None
    days: list[_DayCell]
    notes: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)

    @property
    def columns(self) -> str:
        """Grid column widths in proportion to each day's text, so the columns end level."""
        sizes = [d.size for d in self.days]
        floor = max(max(sizes) * _MIN_COLUMN_SHARE, 1)
        return " ".join(f"{max(size, floor):.0f}fr" for size in sizes)


def _ticks(name: str, sets: int) -> tuple[_Tick, ...]:
    if sets <= 1:
        return (_Tick(f"Done: {name}", ""),)
    return tuple(_Tick(f"Done: {name}, set {n}", str(n)) for n in range(1, sets + 1))


def _routine_item(session: Session) -> _Item:
    """Warm-up or cool-down moves on one line, with one box for the whole routine."""
    doses = {dose_text(e) for e in session.exercises}
    if len(doses) == 1:
        dose = f"{doses.pop()} each"
        names = ", ".join(e.name for e in session.exercises)
    else:
        dose = ""
        names = ", ".join(f"{e.name} {dose_text(e)}" for e in session.exercises)
    return _Item(names, dose, ticks=_ticks(session.title, 1))


def _exercise_item(exercise: PlannedExercise, session: Session) -> _Item:
    dose = dose_text(exercise)
    sets = exercise.sets
    if session.kind is SessionKind.CARDIO:
        dose += f", {session.intensity} pace" if session.intensity else ""
        sets = 1
    return _Item(exercise.name, dose, exercise.equipment_note, _ticks(exercise.name, sets))


def _blocks(day: Day) -> tuple[_Block, ...]:
    blocks: list[_Block] = []
    for session in day.sessions:
        kind = session.kind.value
        if session.kind in (SessionKind.WARMUP, SessionKind.COOLDOWN):
            items: tuple[_Item, ...] = (_routine_item(session),) if session.exercises else ()
            blocks.append(_Block(kind, session.title, session.minutes, items))
            continue
        main = [e for e in session.exercises if e.role is not Role.FINISHER]
        finisher = [e for e in session.exercises if e.role is Role.FINISHER]
        finisher_minutes = sum(e.minutes for e in finisher)
        blocks.append(
            _Block(
                kind,
                session.title,
                session.minutes - finisher_minutes,
                tuple(_exercise_item(e, session) for e in main),
            )
        )
        if finisher:
            items = tuple(_exercise_item(e, session) for e in finisher)
            blocks.append(_Block("finisher", "Finisher", finisher_minutes, items))
    return tuple(blocks)


def _week_pages(program: Program) -> list[_WeekPage]:
    first_weekday = program.start_date.weekday() if program.start_date else 0
    weekdays = [Weekday.from_index(first_weekday + i) for i in range(7)]
    pages = []
    for week in program.weeks:
        start = (
            program.start_date + dt.timedelta(days=7 * (week.number - 1))
            if program.start_date
            else None
        )
        days = []
        for i, weekday in enumerate(weekdays):
            day = week.day(weekday)
            date = start + dt.timedelta(days=i) if start else None
            blocks = _blocks(day) if day else ()
            days.append(
                _DayCell(WEEKDAY_NAMES[weekday.value], date, day.minutes if day else 0, blocks)
            )
        notes = [n for n in week.notes if is_person_facing(n)]
        for day in week.days:
            for session in day.sessions:
                notes += [n for n in session.notes if is_person_facing(n) and n not in notes]
        last = start + dt.timedelta(days=6) if start else None
        pages.append(_WeekPage(week.number, week.phase, start, last, days, notes))
    tips = [tip.text for tip in program.tips if is_person_facing(tip.text)]
    for index, page in enumerate(pages):
        page.tips = tips[index :: len(pages)]
    return pages


def _day_month(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


def _date_range(first: dt.date, last: dt.date) -> str:
    """``2–8 Mar 2026``, ``30 Mar – 5 Apr 2026`` or ``29 Dec 2025 – 4 Jan 2026``."""
    if first.year != last.year:
        return f"{_day_month(first)} {first.year} – {_day_month(last)} {last.year}"
    if first.month != last.month:
        return f"{_day_month(first)} – {_day_month(last)} {last.year}"
    return f"{first.day}–{_day_month(last)} {last.year}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gluteus", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dose"] = dose_text
    env.filters["date_range"] = _date_range
    env.filters["day_month"] = _day_month
    return env


_SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class _FigureItem:
    name: str
    svg: Markup


def _figures(program: Program) -> list[_FigureItem]:
    """Each strength move of the plan drawn still, its start and end side by side."""
    catalog = default_catalog()
    seen: dict[str, _FigureItem] = {}
    for week in program.weeks:
        for day in week.days:
            for session in day.sessions:
                if session.kind is SessionKind.CARDIO:
                    continue
                for planned in session.exercises:
                    if planned.id in seen or planned.id not in catalog:
                        continue
                    svg = exercise_svg(catalog.get(planned.id), "pair")
                    svg = svg.replace(f' xmlns="{_SVG_NS}"', "", 1)  # inline in HTML: no link
                    seen[planned.id] = _FigureItem(planned.name, Markup(svg))  # our own SVG text
    return list(seen.values())


def program_html(
    program: Program,
    units: UnitSystem = UnitSystem.METRIC,
    *,
    paper: Paper | None = None,
    figures: bool = False,
) -> str:
    """A printable plan: one week per printed page, the overview on the first week's page.

    Each week is a seven-day grid in landscape with a box per set to tick. Only text meant
    for the person is shown (no rule ids or sources).

    Args:
        program: The plan.
        units: How body masses and the weekly loss are shown.
        paper: Fix the paper size (``a4`` or ``letter``); None leaves it to the print
            dialog. Either way the page is landscape and one week fills one sheet.
        figures: Add pages after the weeks with each move drawn still, its start and end
            side by side.

    Returns:
        A standalone HTML document (own CSS, no external assets).
    """
    calories = program.calories
    pace = (
        format_mass(calories.pace_kg_per_week, units)
        if calories.mode == "fat_loss" and calories.pace_kg_per_week > 0
        else None
    )
    template = _environment().get_template("plan.html")
    page = template.render(
        program=program,
        figures=_figures(program) if figures else [],
        weeks=_week_pages(program),
        page_size={"a4": "A4 landscape", "letter": "letter landscape", None: "landscape"}[paper],
        weight=format_mass(program.profile.weight_kg, units),
        goal=(
            format_mass(program.profile.goal_weight_kg, units)
            if program.profile.goal_weight_kg is not None
            else None
        ),
        pace=pace,
        steps=(
            f"{calories.steps_per_day:,}-{calories.steps_per_day_upper:,}"
            if calories.steps_per_day and calories.steps_per_day_upper
            else None
        ),
        reasons=[r for r in program.screening.reasons if is_person_facing(r)],
    )
    # Notes and load guidance are written in kg by the domain: convert them all at once.
    return localize_masses(page, units)


# --------------------------------------------------------------------------- JSON and CSV


def data_json(data: dict[str, Any]) -> str:
    """The full export as indented JSON text (key order kept, UTF-8 characters as is)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (CSV injection).

Source: OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): a text cell
starting with one of these is prefixed with a single quote, which spreadsheets show as text.
"""


def csv_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``; other text is unchanged but for line
    breaks, written as line feeds (the CSV writer quotes a cell holding one; a bare carriage
    return would be left unquoted and split the row). Numbers are written by
    :func:`csv_value` and never prefixed (``-2.5`` stays a number).
    """
    safe = text.replace("\r\n", "\n").replace("\r", "\n")
    return f"'{safe}" if text.startswith(FORMULA_TRIGGERS) else safe


def csv_value(value: object) -> str:
    """One CSV cell: numbers without binary noise, times as ``2026-03-05T18:00:07Z``.

    Floats keep :data:`CSV_DECIMALS` decimals with trailing zeros dropped (``9.072``,
    ``72.4``, ``1850``); a naive time is taken as UTC; None is an empty cell; text is made
    safe from formula injection (:func:`csv_text`).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = f"{round(value, CSV_DECIMALS):.{CSV_DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    if isinstance(value, dt.datetime):
        utc = value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value
        return utc.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return csv_text(str(value.value))
    if isinstance(value, int):
        return str(value)
    return csv_text(str(value))


def _csv(rows: list[BaseModel], columns: list[str], names: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header: list[str] = []
    for column in columns:
        header.append(column)
        if column in _NAME_COLUMNS:
            header.append(_NAME_COLUMNS[column])
    writer.writerow(header)
    for row in rows:
        cells: list[str] = []
        for column in columns:
            value = getattr(row, column)
            cells.append(csv_value(value))
            if column in _NAME_COLUMNS:
                cells.append(csv_text(names.get(str(value), "")))
        writer.writerow(cells)
    return buffer.getvalue()


def history_csv(history: History, catalog: Catalog | None = None) -> dict[str, str]:
    """The logs as CSV texts keyed by file name (``sets.csv`` …), oldest row first.

    Every file has a header row; columns are the log's fields in metric units, dates as
    ``YYYY-MM-DD`` and ``logged_at`` as UTC ``YYYY-MM-DDTHH:MM:SSZ``. Sets and pain carry
    ``exercise_name`` after ``exercise_id``, cardio ``activity_name`` after ``activity_id``
    (empty for an id the catalog does not know).

    Args:
        history: The logs.
        catalog: Where names come from; the packaged catalog when None.
    """
    names = {exercise.id: exercise.name for exercise in (catalog or default_catalog())}
    out: dict[str, str] = {}
    for kind in CSV_KINDS:
        items: tuple[BaseModel, ...] = getattr(history, kind)
        model = type(history).model_fields[kind].annotation
        columns = list(_item_model(model).model_fields)
        ordered = sorted(items, key=lambda i: getattr(i, "date", dt.date.min))
        out[f"{kind}.csv"] = _csv(list(ordered), columns, names)
    return out


def _item_model(annotation: Any) -> type[BaseModel]:
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise TypeError(f"not a tuple of models: {annotation!r}")
