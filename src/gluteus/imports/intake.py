"""Food logs from MyFitnessPal, Cronometer, Lose It!, MacroFactor or a plain CSV, to daily totals.

Every format is summed to one total a day (energy, and protein when the file has it), which
is what the weekly check-in uses. The formats are told apart by their headers:

* MyFitnessPal's nutrition summary: ``Date,Meal,Calories,…,Protein (g),…`` — a row a meal;
* Cronometer's daily summary (``Date,Energy (kcal),…,Protein (g),…``, a row a day) or its
  servings export (``Day,Group,Food Name,Amount,Energy (kcal),…``, a row a food);
* Lose It!'s food log: ``Date,Name,Type,Quantity,Units,Calories,…,Protein (g),…`` with US
  dates (``12/09/2024``) — a row a food;
* MacroFactor's nutrition export: ``Date,Calories (kcal),Protein (g),Fat (g),Carbs (g)…``;
* a plain ``date,kcal[,protein_g]`` file (``calories`` is taken for ``kcal`` too).

Numeric dates that could be day- or month-first are settled by the file or by the caller's
``date_format``, as for body weights.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gluteus.imports.records import IntakeRecord, ParsedFile
from gluteus.imports.scales import parse_date_order, read_day, settle_order
from gluteus.imports.table import (
    ImportFileError,
    KeyMaker,
    RowProblem,
    cells_of,
    number,
    read_table,
)

WHAT = "a food log (MyFitnessPal, Cronometer, Lose It!, MacroFactor or date,kcal)"
INTAKE_FORMATS = ("myfitnesspal", "cronometer", "loseit", "macrofactor", "csv")
"""Names of the food-log formats, as ``--format`` takes them."""
_LAYOUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # format: (date column names, energy column names, columns the header must also have)
    "myfitnesspal": (("date",), ("calories",), ("meal",)),
    "cronometer": (("date", "day"), ("energy(kcal)",), ()),
    "loseit": (("date",), ("calories",), ("name", "type")),
    "macrofactor": (("date",), ("calories(kcal)",), ()),
    "csv": (("date", "day"), ("kcal", "calories", "energy"), ()),
}
_PROTEIN = ("protein(g)", "protein g", "protein")


def detect_intake_format(header: Sequence[str]) -> str | None:
    """The food-log format a normalised header belongs to, else None."""
    for name, (dates, energy, also) in _LAYOUTS.items():
        has_date = any(column in header for column in dates)
        if has_date and any(c in header for c in energy) and all(c in header for c in also):
            return name
    return None


def parse_intake(
    text: str, format: str | None = None, date_format: str | None = None
) -> ParsedFile:
    """Read a food log and sum it to one :class:`IntakeRecord` a day, in date order.

    Args:
        text: The file's text.
        format: One of :data:`INTAKE_FORMATS` to override what the header suggests.
        date_format: Day/month order (``dmy``, ``mdy``, ``ymd``) for numeric dates.

    Raises:
        ImportFileError: For a header of no food log, or ambiguous dates.
    """
    if format is not None and format not in _LAYOUTS:
        raise ImportFileError(
            "format", f"{format!r} is no food-log format", allowed=", ".join(INTAKE_FORMATS)
        )
    table = read_table(text, WHAT)
    found = format or detect_intake_format(table.header)
    if found not in _LAYOUTS:
        raise ImportFileError(
            "file" if format is None else "format",
            f"the header is not that of {WHAT}",
            allowed="Date,Meal,Calories … | Date,Energy (kcal) … | Date,Name,Type,…,Calories"
            " … | Date,Calories (kcal),Protein (g) … | date,kcal,protein_g",
        )
    dates, energy, _ = _LAYOUTS[found]
    date_column = table.column(*dates)
    kcal_column = table.column(*energy)
    if date_column is None or kcal_column is None:
        raise ImportFileError(
            "format" if format else "file",
            f"the header has no {dates[0]} or no {energy[0]} column, as a {found} file has",
        )
    protein_column = table.column(*_PROTEIN)
    order = parse_date_order(date_format) or ("mdy" if found == "loseit" else None)
    order = order or settle_order(table, date_column)
    parsed = ParsedFile(format=found)
    totals: dict[dt.date, list[float]] = {}
    first_line: dict[dt.date, int] = {}
    has_protein: dict[dt.date, bool] = {}
    for line, row in cells_of(table):
        parsed.rows += 1
        try:
            day = read_day(row[date_column], order)
            kcal = _amount(row[kcal_column], "energy")
            protein = None
            if protein_column is not None:
                protein = _amount(row[protein_column], "protein")
        except ValueError as exc:
            parsed.problems.append(RowProblem(line, str(exc)))
            continue
        if kcal is None and protein is None:
            parsed.skipped["empty"] += 1
            continue
        total = totals.setdefault(day, [0.0, 0.0, 0])
        total[0] += kcal or 0.0
        total[1] += protein or 0.0
        total[2] += 1
        first_line.setdefault(day, line)
        has_protein[day] = has_protein.get(day, False) or protein is not None
    keys = KeyMaker(found)
    for day in sorted(totals):
        kcal, protein, meals = totals[day]
        parsed.intake.append(
            IntakeRecord(
                line=first_line[day],
                date=day,
                kcal=round(kcal, 1),
                protein_g=round(protein, 1) if has_protein[day] else None,
                meals=int(meals),
                key=keys.key(day.isoformat(), f"{kcal:.0f}"),
            )
        )
    return parsed


def _amount(text: str, what: str) -> float | None:
    try:
        value = number(text)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    if value is not None and value < 0:
        raise ValueError(f"{what} {text.strip()} is negative")
    return value
