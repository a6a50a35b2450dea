"""The full export as JSON, and the logs as CSV: one file per kind of log.

CSV comes as one file per kind of log (``sets.csv``, ``cardio.csv``, ``weights.csv``,
``measurements.csv``, ``pain.csv``, ``intake.csv``, ``periods.csv``) because the kinds have
different columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from enum import Enum
from typing import Any

from pydantic import BaseModel

from gluteus.domain.catalog import Catalog, default_catalog
from gluteus.domain.history import LOG_KINDS, History

CSV_KINDS: tuple[str, ...] = tuple(kind.history_field for kind in LOG_KINDS)
CSV_DECIMALS = 3
"""Decimals kept for metric values in CSV: 1 g, 1 mm, 1 m; enough for a lb round trip."""
_NAME_COLUMNS = {"exercise_id": "exercise_name", "activity_id": "activity_name"}


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
