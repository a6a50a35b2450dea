"""The printable plan: one landscape page per week with a box per set, as standalone HTML.

Rendered from ``templates/plan.html`` beside this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gluteus.charts.figure import exercise_svg
from gluteus.domain.catalog import default_catalog
from gluteus.domain.profile import Weekday
from gluteus.domain.program import Day, PlannedExercise, Program, Role, Session, SessionKind
from gluteus.domain.quantities import render_text
from gluteus.domain.units import UnitSystem, format_mass
from gluteus.exports.plan_text import WEEKDAY_NAMES, dose_text, is_person_facing

Paper = Literal["a4", "letter"]
_BLOCK_CHARS = 12
_MIN_COLUMN_SHARE = 0.35


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
        loader=PackageLoader("gluteus.exports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dose"] = dose_text
    env.filters["date_range"] = _date_range
    env.filters["day_month"] = _day_month
    env.filters["localize"] = render_text
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
        units=units,
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
    return page
