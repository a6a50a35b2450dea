"""Workout logs from Strong and Hevy: one CSV row per set, to :class:`WorkoutRecord` s.

Both Strong header generations are read: the classic one (``Date,Workout Name,Duration,
Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE``, with ``Weight
Unit`` and ``Distance Unit`` columns on Android) and the current one (``Workout #,Date,Workout
Name,Duration (sec),Exercise Name,Set Order,Weight (kg),Reps,RPE,Distance (meters),Seconds,
Notes,Workout Notes``, or ``Weight (lbs)``). Units come from the header (Strong's unit columns
or ``Weight (kg)``, Hevy's ``weight_kg`` or ``weight_lbs``) or, for a classic Strong file
without them, from the caller. Dates come in any form :mod:`gluteus.imports.dates` reads
(12-hour clocks, month names in seven languages). ``0`` and empty cells mean "not
recorded". Rest-timer rows are counted and dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from gluteus.imports.dates import shown, workout_time
from gluteus.imports.records import ParsedFile, SetType, WorkoutRecord
from gluteus.imports.table import (
    ImportFileError,
    KeyMaker,
    RowProblem,
    Table,
    cells_of,
    number,
    read_table,
    require_columns,
    unit_factor,
)

STRONG = "a Strong export"
HEVY = "a Hevy export"
STRONG_SET_ORDER = {"w": SetType.WARMUP, "d": SetType.DROP, "f": SetType.FAILURE}
HEVY_SET_TYPES = {
    "normal": SetType.NORMAL,
    "warmup": SetType.WARMUP,
    "warm up": SetType.WARMUP,
    "dropset": SetType.DROP,
    "drop": SetType.DROP,
    "failure": SetType.FAILURE,
}
DATE_EXAMPLES = {
    "date": "2024-12-09 07:16:55 or 2024-12-09 7:16:55 AM",
    "start_time": "9 Dec 2024, 07:16 (month names in any of seven languages) or Dec 9, 2024,"
    " 7:16 AM",
}
"""How a bad workout date is corrected, by the column Strong (date) or Hevy (start_time) uses."""
STRONG_WEIGHT_COLUMNS = {"weight": None, "weight(kg)": "kg", "weight(kgs)": "kg"}
STRONG_WEIGHT_COLUMNS |= {"weight(lbs)": "lb", "weight(lb)": "lb"}
"""Strong's weight column, classic or current, with the unit its header names."""
STRONG_DISTANCE_COLUMNS = {"distance": None, "distance(meters)": "m", "distance(m)": "m"}
STRONG_DISTANCE_COLUMNS |= {"distance(km)": "km", "distance(miles)": "mi", "distance(mi)": "mi"}
"""Strong's distance column, classic or current, with the unit its header names."""


class _Cells(NamedTuple):
    """The cells of one row that make a set, still as text."""

    date: str
    exercise: str
    order: str
    weight: str
    reps: str
    distance: str
    seconds: str
    rpe: str


def detect_workout_format(text: str) -> str | None:
    """``strong`` or ``hevy`` when the header is one of theirs, else None."""
    try:
        header = read_table(text, "a workout export").header
    except ImportFileError:
        return None
    if "exercise name" in header and "set order" in header:
        return "strong"
    if "exercise title" in header and "set type" in header:
        return "hevy"
    return None


def _wrong_header(text: str, wanted: str) -> ImportFileError:
    found = detect_workout_format(text)
    hint = ""
    if found:
        hint = f"; it looks like a {found.title()} export: try `gluteus import {found}`"
    what = STRONG if wanted == "strong" else HEVY
    return ImportFileError(
        "file",
        f"the header is not that of {what}{hint}",
        allowed="a file exported by the app, with its first line unchanged",
    )


def parse_strong(text: str, unit: str | None = None) -> ParsedFile:
    """Read a Strong CSV export (``,`` or ``;`` separated, with or without unit columns).

    Args:
        text: The file's text.
        unit: ``kg`` or ``lb``, for a file without a ``Weight Unit`` column.

    Raises:
        ImportFileError: For a file that is not a Strong export, or has no unit anywhere.
    """
    table = read_table(text, STRONG)
    if detect_workout_format(text) != "strong":
        raise _wrong_header(text, "strong")
    date, exercise, order, weight, reps = require_columns(
        table,
        STRONG,
        [("date",), ("exercise name",), ("set order",), tuple(STRONG_WEIGHT_COLUMNS), ("reps",)],
    )
    rows = list(cells_of(table))  # a file cut short is refused before a unit is asked for
    weight_unit = table.column("weight unit")
    distance_unit = table.column("distance unit")
    header_mass = unit_factor(STRONG_WEIGHT_COLUMNS[table.header[weight]])
    default_mass = header_mass or unit_factor(unit)
    distance = table.column(*STRONG_DISTANCE_COLUMNS)
    header_length = (
        unit_factor(STRONG_DISTANCE_COLUMNS[table.header[distance]], "length")
        if distance is not None
        else None
    )
    if weight_unit is None and default_mass is None:
        raise ImportFileError(
            "unit",
            "this Strong file has no unit column; say which unit its weights are in",
            allowed="kg or lb",
        )
    parsed = ParsedFile(format="strong")
    keys = KeyMaker("strong")
    positions: Counter[tuple[str, str]] = Counter()
    for line, row in rows:
        parsed.rows += 1
        cells = _Cells(
            date=row[date],
            exercise=row[exercise],
            order=row[order],
            weight=row[weight],
            reps=row[reps],
            distance=row[distance] if distance is not None else "",
            seconds=_cell(table, row, "seconds"),
            rpe=_cell(table, row, "rpe"),
        )
        if cells.order.lower().replace(" ", "") == "resttimer":
            parsed.skipped["rest_timer"] += 1
            continue
        mass = unit_factor(row[weight_unit]) if weight_unit is not None else None
        length = unit_factor(row[distance_unit], "length") if distance_unit is not None else None
        imperial = (mass or default_mass) == unit_factor("lb")
        positions[(cells.date, cells.exercise)] += 1
        try:
            record = _record(
                line,
                cells,
                _started(cells.date, "date"),
                _strong_set_type(cells.order),
                mass or default_mass,
                length or header_length or unit_factor("mi" if imperial else "km", "length") or 1.0,
                keys.key(*cells),
                positions[(cells.date, cells.exercise)],
            )
        except ValueError as exc:
            parsed.problems.append(RowProblem(line, str(exc)))
            continue
        parsed.workouts.append(record)
    return parsed


def parse_hevy(text: str, unit: str | None = None) -> ParsedFile:
    """Read a Hevy CSV export (units from the ``weight_kg``/``weight_lbs`` header).

    Args:
        text: The file's text.
        unit: ``kg`` or ``lb``, only for a file whose weight column names no unit.

    Raises:
        ImportFileError: For a file that is not a Hevy export.
    """
    table = read_table(text, HEVY)
    if detect_workout_format(text) != "hevy":
        raise _wrong_header(text, "hevy")
    start, exercise, set_type, reps = require_columns(
        table, HEVY, [("start time",), ("exercise title",), ("set type",), ("reps",)]
    )
    weight = table.column("weight kg", "weight lbs", "weight lb", "weight")
    if weight is None:
        raise ImportFileError("file", "the header of this Hevy export has no weight_kg column")
    mass = unit_factor(table.header[weight].split()[-1]) or unit_factor(unit)
    if mass is None:
        raise ImportFileError(
            "unit", "this Hevy file names no weight unit; say which it is", allowed="kg or lb"
        )
    distance = table.column("distance km", "distance miles", "distance mi")
    length = 1.0
    if distance is not None and table.header[distance] != "distance km":
        length = unit_factor("mi", "length") or 1.0
    parsed = ParsedFile(format="hevy")
    keys = KeyMaker("hevy")
    positions: Counter[tuple[str, str]] = Counter()
    for line, row in cells_of(table):
        parsed.rows += 1
        cells = _Cells(
            date=row[start],
            exercise=row[exercise],
            order=row[set_type],
            weight=row[weight],
            reps=row[reps],
            distance=row[distance] if distance is not None else "",
            seconds=_cell(table, row, "duration seconds"),
            rpe=_cell(table, row, "rpe"),
        )
        index = _cell(table, row, "set index")
        positions[(cells.date, cells.exercise)] += 1
        try:
            record = _record(
                line,
                cells,
                _started(cells.date, "start_time"),
                _hevy_set_type(cells.order),
                mass,
                length,
                keys.key(*cells, index),
                positions[(cells.date, cells.exercise)],
            )
        except ValueError as exc:
            parsed.problems.append(RowProblem(line, str(exc)))
            continue
        parsed.workouts.append(record)
    return parsed


def _cell(table: Table, row: tuple[str, ...], name: str) -> str:
    index = table.column(name)
    return row[index] if index is not None else ""


def _record(
    line: int,
    cells: _Cells,
    started: dt.datetime,
    set_type: SetType,
    kg_per_unit: float | None,
    km_per_unit: float,
    key: str,
    position: int,
) -> WorkoutRecord:
    if not cells.exercise:
        raise ValueError("no exercise name")
    weight = _measure(cells.weight, "weight")
    reps = _measure(cells.reps, "reps")
    distance = _measure(cells.distance, "distance")
    if weight is not None and kg_per_unit is None:
        raise ValueError(f"weight {shown(cells.weight)} has no unit (kg or lb) in its row")
    if reps is not None and reps != int(reps):
        raise ValueError(f"reps {shown(cells.reps)} is not a whole number")
    return WorkoutRecord(
        line=line,
        date=started.date(),
        exercise=" ".join(cells.exercise.split()),
        set_type=set_type,
        reps=int(reps) if reps is not None else None,
        weight_kg=round(weight * kg_per_unit, 3) if weight and kg_per_unit else None,
        distance_km=round(distance * km_per_unit, 3) if distance is not None else None,
        seconds=_measure(cells.seconds, "seconds"),
        rpe=_measure(cells.rpe, "RPE"),
        key=key,
        started=started,
        position=position,
    )


def _measure(text: str, what: str) -> float | None:
    try:
        value = number(text)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    if value is not None and value < 0:
        raise ValueError(f"{what} {shown(text)} is negative")
    return value or None


def _started(text: str, column: str) -> dt.datetime:
    try:
        return workout_time(text)
    except ValueError:
        examples = DATE_EXAMPLES["date" if column == "date" else "start_time"]
        raise ValueError(f"{column} {shown(text)} is not a date like {examples}") from None


def _strong_set_type(text: str) -> SetType:
    order = text.strip().lower()
    if order.isdigit():
        return SetType.NORMAL
    if order in STRONG_SET_ORDER:
        return STRONG_SET_ORDER[order]
    raise ValueError(f"set order {shown(text)} is not a number, W, D, F or Rest Timer")


def _hevy_set_type(text: str) -> SetType:
    value = text.strip().lower().replace("_", " ")
    if not value:
        return SetType.NORMAL
    if value in HEVY_SET_TYPES:
        return HEVY_SET_TYPES[value]
    raise ValueError(f"set_type {shown(text)} is not normal, warmup, dropset or failure")
