"""Body-weight readings from smart-scale and health-app exports, to :class:`WeightRecord` s.

Withings, Renpho, Garmin Connect, Google Fit daily summaries, Samsung Health's weight table
(``com.samsung.health.weight.*.csv``: a line naming the table, then a header whose names
may carry the table's prefix; kilograms, UTC times with the phone's offset beside) and a
plain ``date,weight`` CSV are told apart by their headers. Day/month order is taken from the
file when some date settles it (``25/09/2026``) or from the caller's ``date_format``;
otherwise the file is refused, naming the first ambiguous row.
"""

from __future__ import annotations

import datetime as dt
import re

from gluteus.imports.dates import shown
from gluteus.imports.records import ParsedFile, WeightRecord
from gluteus.imports.table import (
    ImportFileError,
    KeyMaker,
    RowProblem,
    Table,
    cells_of,
    number,
    read_table,
    unit_factor,
)

WHAT = "a body-weight export (Withings, Renpho, Garmin, Google Fit, Samsung Health or date,weight)"
DATE_ORDERS = ("dmy", "mdy", "ymd")
_WEIGHT_HEADER = re.compile(r"^(?:average )?weight ?(?:\((kg|lb|lbs)\)|(kg|lb|lbs))?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_GARMIN_DAY = re.compile(r"^[A-Za-z]{3,9} \d{1,2}, \d{4}$")


def parse_date_order(text: str | None) -> str | None:
    """``dmy``, ``mdy`` or ``ymd`` from ``dmy``, ``DD/MM/YYYY``, ``mm-dd-yyyy`` …

    Raises:
        ImportFileError: When the text names no day, month and year order.
    """
    if text is None:
        return None
    order = "".join(dict.fromkeys(c for c in text.lower() if c in "dmy"))
    if order not in DATE_ORDERS:
        raise ImportFileError(
            "date_format", f"cannot tell the order from {shown(text)}", allowed="dmy, mdy or ymd"
        )
    return order


SAMSUNG_TABLE = "com.samsung.health.weight"
"""The first line (and the column prefix) of Samsung Health's weight export."""


def detect_weight_format(header: tuple[str, ...]) -> str | None:
    """The format whose header this is, None when it is none of them."""
    if "start time" in header and "weight" in header and "deviceuuid" in header:
        return "samsung-health"
    if "time of measurement" in header:
        return "renpho"
    if header[:2] == ("time", "weight"):
        return "garmin"
    if header and header[0] == "date" and "average weight(kg)" in header:
        return "google-fit"
    if header and header[0] == "date" and ("weight(kg)" in header or "weight(lb)" in header):
        return "withings"
    if header and header[0] == "date" and any(_WEIGHT_HEADER.match(h) for h in header[1:]):
        return "csv"
    return None


def parse_weights(text: str, unit: str | None = None, date_format: str | None = None) -> ParsedFile:
    """Read body weights from any supported export.

    Args:
        text: The file's text.
        unit: ``kg`` or ``lb`` for a file whose header and values name no unit.
        date_format: Day/month order (``dmy``, ``mdy``, ``ymd``) for numeric dates.

    Raises:
        ImportFileError: For an unknown header, a missing unit or ambiguous dates.
    """
    table = _without_samsung_prefix(read_table(_without_samsung_line(text), WHAT))
    found = detect_weight_format(table.header)
    if found is None:
        raise ImportFileError(
            "file",
            f"the header is not that of {WHAT}",
            allowed="Date,Weight (kg) … | Time of Measurement,Weight(kg) … | Time,Weight … "
            "| Date,Average weight (kg) … | date,weight",
        )
    order = parse_date_order(date_format)
    if found == "garmin":
        return _garmin(table, unit)
    if found == "samsung-health":
        return _samsung(table)
    column = _weight_column(table, found)
    factor = unit_factor(_header_unit(table.header[column])) or unit_factor(unit)

    if factor is None and not _values_carry_units(table, column):
        raise ImportFileError(
            "unit",
            "this file names no weight unit; say which unit its weights are in",
            allowed="kg or lb",
        )
    date_column = 0 if found != "renpho" else table.header.index("time of measurement")
    order = order or _settle_order(table, date_column)
    parsed = ParsedFile(format=found)
    keys = KeyMaker(found)
    for line, row in cells_of(table):
        parsed.rows += 1
        _add_reading(parsed, keys, line, row[date_column], row[column], factor, order)
    return parsed


def _samsung(table: Table) -> ParsedFile:
    # start_time is UTC; time_offset (UTC+0100) gives the phone's local day of the reading.
    parsed = ParsedFile(format="samsung-health")
    keys = KeyMaker("samsung-health")
    when, weight = table.header.index("start time"), table.header.index("weight")
    offset = table.column("time offset")
    for line, row in cells_of(table):
        parsed.rows += 1
        try:
            moment = dt.datetime.fromisoformat(row[when].strip())
        except ValueError:
            parsed.problems.append(RowProblem(line, f"start_time {shown(row[when])} is not a time"))
            continue
        shift = _utc_offset(row[offset]) if offset is not None else dt.timedelta()
        day = (moment + shift).date()
        _add_reading(parsed, keys, line, row[when], row[weight], 1.0, None, day)
    return parsed


def _utc_offset(text: str) -> dt.timedelta:
    match = re.fullmatch(r"UTC([+-])(\d{2}):?(\d{2})", text.strip())
    if match is None:
        return dt.timedelta()
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    return dt.timedelta(minutes=minutes if match.group(1) == "+" else -minutes)


def _without_samsung_line(text: str) -> str:
    # Samsung Health starts with "com.samsung.health.weight,<version>,<n>" above the header.
    start = text.lstrip("\ufeff")
    if start.startswith(SAMSUNG_TABLE + ","):
        return "\n" + start.split("\n", 1)[1] if "\n" in start else ""  # lines keep numbers
    return text


def _without_samsung_prefix(table: Table) -> Table:
    prefix = SAMSUNG_TABLE + "."
    if not any(name.startswith(prefix) for name in table.header):
        return table
    header = tuple(name.removeprefix(prefix) for name in table.header)
    return Table(header=header, rows=table.rows, separator=table.separator)


def _weight_column(table: Table, found: str) -> int:
    if found == "google-fit":
        return table.header.index("average weight(kg)")

    return next(i for i, h in enumerate(table.header) if i and _WEIGHT_HEADER.match(h))


def _header_unit(name: str) -> str | None:
    match = _WEIGHT_HEADER.match(name)
    return (match.group(1) or match.group(2)) if match else None


def _values_carry_units(table: Table, column: int) -> bool:
    values = [row[column] for _, row in table.rows if column < len(row) and row[column]]
    return bool(values) and all(_value_unit(v) for v in values)


def _value_unit(text: str) -> str | None:
    match = re.search(r"(kg|kgs|lb|lbs)\s*$", text.strip().lower())
    return match.group(1) if match else None


def _add_reading(
    parsed: ParsedFile,
    keys: KeyMaker,
    line: int,
    when: str,
    value: str,
    factor: float | None,
    order: str | None,
    day: dt.date | None = None,
) -> None:
    try:
        weight = number(value)
        date = day or _date(when, order)
    except ValueError as exc:
        parsed.problems.append(RowProblem(line, str(exc)))
        return
    if weight is None:
        parsed.skipped["empty"] += 1
        return
    per_unit = unit_factor(_value_unit(value)) or factor
    if per_unit is None:
        parsed.problems.append(RowProblem(line, f"weight {shown(value)} names no unit"))
        return
    key = keys.key(date.isoformat(), when.strip(), value.strip())
    parsed.weights.append(WeightRecord(line, date, round(weight * per_unit, 2), key))


def _garmin(table: Table, unit: str | None) -> ParsedFile:
    # Garmin writes a date row (" Dec 31, 2017") and then one row per reading that day.
    parsed = ParsedFile(format="garmin")
    keys = KeyMaker("garmin")
    factor = unit_factor(unit)
    day: dt.date | None = None
    for line, row in table.rows:
        first = row[0].strip()
        if _GARMIN_DAY.match(first) and not any(cell.strip() for cell in row[1:]):
            try:
                day = dt.datetime.strptime(first, "%b %d, %Y").date()
            except ValueError:
                problem = f"date {shown(first)} is not like Dec 31, 2017"
                parsed.problems.append(RowProblem(line, problem))
                day = None
            continue
        if len(row) < 2:
            raise ImportFileError("file", f"line {line} has no weight (is the file cut short?)")
        parsed.rows += 1
        if day is None:
            parsed.problems.append(RowProblem(line, "a reading before any date row"))
            continue
        _add_reading(parsed, keys, line, f"{day} {first}", row[1], factor, None, day)
    return parsed


def _settle_order(table: Table, column: int) -> str | None:
    # One phone writes one locale, so a single unambiguous date settles the whole file.
    first_ambiguous: int | None = None
    orders: set[str] = set()
    for line, row in table.rows:
        if column >= len(row):
            continue
        match = _NUMERIC_DATE.match(row[column].strip())
        if match is None or len(match.group(1)) == 4:
            continue
        a, b = int(match.group(1)), int(match.group(2))
        if a > 12 >= b:
            orders.add("dmy")
        elif b > 12 >= a:
            orders.add("mdy")
        elif a != b and first_ambiguous is None:
            first_ambiguous = line
    if len(orders) > 1:
        raise ImportFileError(
            "date_format",
            "the file mixes day-first and month-first dates",
            allowed="dmy or mdy, to read every date one way",
        )
    if orders:
        return orders.pop()
    if first_ambiguous is not None:
        raise ImportFileError(
            "date_format",
            f"line {first_ambiguous}: cannot tell day from month in its date, and no date in"
            " the file settles it",
            allowed="dmy (25/09/2026) or mdy (09/25/2026)",
        )
    return None


def _date(text: str, order: str | None) -> dt.date:
    value = text.strip()
    match = _NUMERIC_DATE.match(value)
    if match is None or (len(match.group(1)) == 4 and order in (None, "ymd")):
        try:
            return dt.datetime.fromisoformat(value.replace("/", "-")[:10]).date()
        except ValueError:
            raise ValueError(f"date {shown(text)} is not a date") from None
    parts = [int(match.group(i)) for i in (1, 2, 3)]
    effective = order or "dmy"
    year, month, day = (
        (parts[2], parts[1], parts[0])
        if effective == "dmy"
        else (parts[2], parts[0], parts[1])
        if effective == "mdy"
        else (parts[0], parts[1], parts[2])
    )
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"date {shown(text)} is not a date read as {effective}") from None


settle_order = _settle_order
"""The day/month order one file's dates settle, shared with the other day-by-day formats."""
read_day = _date
"""A calendar day from a cell, in ``order`` when its numbers are ambiguous."""
