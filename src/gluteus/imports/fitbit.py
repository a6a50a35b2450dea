"""Fitbit's data export (the account archive, or Google Takeout's Fitbit folder): weight and food.

Layouts, as the export writes them and public parsers of it read them (converters of the
archive to Withings, Garmin and FIT files, and clients of the Web API whose JSON the export
repeats):

* ``weight-YYYY-MM-DD.json`` (one file a month, under ``Personal & Account/`` or
  ``Global Export Data/``): a JSON array of weigh-ins, each an object with ``logId`` (a
  number, unique per weigh-in), ``weight`` (a number, in pounds unless the person chose
  otherwise), ``bmi``, ``fat`` (optional), ``date`` (``MM/DD/YY``), ``time`` (``HH:MM:SS``)
  and ``source`` (``Aria``, ``API``, ``Web`` …).
* ``food_logs-YYYY-MM-DD.json``: a JSON array of logged foods, each with ``logId``,
  ``logDate`` (``YYYY-MM-DD``; ``MM/DD/YY`` is read too), ``loggedFood`` (name, amount,
  ``mealTypeId`` …) and ``nutritionalValues`` with ``calories`` [kcal] and ``protein`` [g]
  among others. Foods are summed to one total a day, protein kept where present.

Everything else in the archive (steps, heart rate, sleep …) is left alone. The weight unit
is not written in the files; public converters take pounds, so that is the default and
``unit="kg"`` reads kilograms (implausible weights are refused by row, so a wrong unit
shows rather than imports).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import IO, Any

from gluteus.domain.units import KG_PER_LB
from gluteus.imports.records import IntakeRecord, ParsedFile, WeightRecord
from gluteus.imports.table import ImportFileError, KeyMaker, RowProblem

WEIGHT_FILE = re.compile(r"(^|/)weight-\d{4}-\d{2}-\d{2}\.json$", re.IGNORECASE)
"""A monthly weigh-in file of the export."""
FOOD_FILE = re.compile(r"(^|/)food_logs-\d{4}-\d{2}-\d{2}\.json$", re.IGNORECASE)
"""A monthly food-log file of the export."""
FITBIT_UNITS = {"kg": 1.0, "lb": KG_PER_LB}
"""Kilograms per unit a Fitbit weight may be written in (the files do not say which)."""
DEFAULT_UNIT = "lb"
MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""Largest single JSON file read (a month of weigh-ins or foods is a few hundred kB)."""

Member = tuple[str, Callable[[], IO[bytes]]]
"""A file of the export: its name (path inside the archive or folder) and how to open it."""


def is_fitbit_name(name: str) -> bool:
    """Whether ``name`` is a weigh-in or food-log file of a Fitbit export."""
    return bool(WEIGHT_FILE.search(name) or FOOD_FILE.search(name))


def parse_fitbit(
    members: Iterable[Member], unit: str | None = None, *, by_content: bool = False
) -> ParsedFile:
    """Read weigh-ins and daily food totals from a Fitbit export's JSON files.

    Args:
        members: The export's files; only ``weight-*.json`` and ``food_logs-*.json`` are
            read, the rest counted as ``other_fitbit_files``.
        unit: ``kg`` or ``lb`` for the weights (pounds when None).
        by_content: Read every member, telling weigh-ins from foods by their fields (for
            one JSON file given without its export name).

    Raises:
        ImportFileError: When no weigh-in or food-log file is among ``members``, or one of
            them is not the JSON array the export writes.
    """
    factor = FITBIT_UNITS.get(unit or DEFAULT_UNIT)
    if factor is None:
        raise ImportFileError("unit", "not a weight unit", allowed="kg or lb")
    parsed = ParsedFile(format="fitbit")
    weight_keys = KeyMaker("fitbit")
    food: dict[dt.date, list[float]] = {}
    has_protein: dict[dt.date, bool] = {}
    first_row: dict[dt.date, int] = {}
    meals: Counter[dt.date] = Counter()
    read_any = False
    for name, opener in sorted(members, key=lambda member: member[0]):
        weights = bool(WEIGHT_FILE.search(name))
        if not (weights or FOOD_FILE.search(name) or by_content):
            parsed.skipped["other_fitbit_files"] += 1
            continue
        items = _array(name, opener)
        if by_content and not FOOD_FILE.search(name):
            weights = any(isinstance(i, dict) and "weight" in i for i in items[:1])
        read_any = True
        for item in items:
            parsed.rows += 1
            if weights:
                _read_weight(item, parsed, factor, weight_keys)
            else:
                _read_food(item, parsed, food, has_protein, first_row, meals)
    if not read_any:
        raise ImportFileError(
            "file",
            "no weight-*.json or food_logs-*.json in it, so it is not a Fitbit export",
            allowed="Fitbit's data export (a ZIP, its folder, or one of those JSON files)",
        )
    keys = KeyMaker("fitbit-food")
    for day in sorted(food):
        kcal, protein = food[day]
        parsed.intake.append(
            IntakeRecord(
                line=first_row[day],
                date=day,
                kcal=round(kcal, 1),
                protein_g=round(protein, 1) if has_protein[day] else None,
                meals=meals[day],
                key=keys.key(day.isoformat()),
            )
        )
    return parsed


def looks_like_fitbit_json(head: bytes) -> bool:
    """Whether the start of a JSON file is a Fitbit weigh-in or food-log array."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \r\n\t")
    if not text.startswith("["):
        return False
    return ('"logId"' in text and '"weight"' in text) or '"nutritionalValues"' in text


def _array(name: str, opener: Callable[[], IO[bytes]]) -> list[Any]:
    with opener() as stream:
        data = stream.read(MAX_MEMBER_BYTES + 1)
    short = name.rsplit("/", 1)[-1]
    if len(data) > MAX_MEMBER_BYTES:
        raise ImportFileError("file", f"{short} is larger than a Fitbit export file can be")
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFileError("file", f"{short} is not valid JSON") from None
    if not isinstance(items, list):
        raise ImportFileError("file", f"{short} is not a JSON array of logs, as Fitbit writes")
    return items


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _day(text: object) -> dt.date:
    """A day written ``MM/DD/YY`` (weigh-ins), ``MM/DD/YYYY`` or ``YYYY-MM-DD`` (foods).

    Two-digit years are 2000-2099: Fitbit started logging in 2008. Parsed with a pattern,
    not ``strptime``, which is several times slower on a long history.
    """
    if not isinstance(text, str):
        raise ValueError("no date")
    value = text.strip()
    try:
        if found := _US_DATE.fullmatch(value):
            month, day, year = (int(part) for part in found.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if found := _ISO_DATE.fullmatch(value):
            return dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        pass
    raise ValueError(f"date {value!r} is not MM/DD/YY or YYYY-MM-DD")


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{what} is not a number")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None


def _read_weight(item: object, parsed: ParsedFile, factor: float, keys: KeyMaker) -> None:
    row = parsed.rows
    try:
        if not isinstance(item, dict):
            raise ValueError("not a weigh-in object")
        day = _day(item.get("date"))
        kg = round(_number(item.get("weight"), "weight") * factor, 2)
    except ValueError as exc:
        parsed.problems.append(RowProblem(row, f"weigh-in {row}: {exc}"))
        return
    when = f"{day.isoformat()} {item.get('time') or ''}"
    parsed.weights.append(WeightRecord(row, day, kg, keys.key(str(item.get("logId", "")), when)))


def _read_food(
    item: object,
    parsed: ParsedFile,
    food: dict[dt.date, list[float]],
    has_protein: dict[dt.date, bool],
    first_row: dict[dt.date, int],
    meals: Counter[dt.date],
) -> None:
    row = parsed.rows
    try:
        if not isinstance(item, dict):
            raise ValueError("not a food-log object")
        day = _day(item.get("logDate"))
        values = item.get("nutritionalValues")
        if not isinstance(values, dict) or values.get("calories") is None:
            raise ValueError("no nutritionalValues.calories")
        kcal = _number(values["calories"], "calories")
        protein = values.get("protein")
        grams = None if protein is None else _number(protein, "protein")
    except ValueError as exc:
        parsed.problems.append(RowProblem(row, f"food {row}: {exc}"))
        return
    total = food.setdefault(day, [0.0, 0.0])
    total[0] += kcal
    total[1] += grams or 0.0
    has_protein[day] = has_protein.get(day, False) or grams is not None
    first_row.setdefault(day, row)
    meals[day] += 1
