"""Files made from a plan or a history: iCalendar, printable HTML, JSON and CSV.

Pure formatting: each function takes domain objects (or the export dict) and returns text or
bytes; writing files is the caller's job. One module per concern: ``plan_text`` (doses, day
titles and dates shared by the others), ``calendar`` (``.ics``), ``plan_page`` (the printable
plan, rendered from ``templates/plan.html``) and ``tables`` (JSON and CSV).
"""

from gluteus.exports.calendar import DEFAULT_START, PRODID, TRAINING_SLOT, event_uid, program_ics
from gluteus.exports.plan_page import Paper, program_html
from gluteus.exports.plan_text import (
    WEEKDAY_NAMES,
    ExportError,
    day_date,
    day_description,
    day_summary,
    dose_text,
    is_person_facing,
)
from gluteus.exports.tables import (
    CSV_DECIMALS,
    CSV_KINDS,
    FORMULA_TRIGGERS,
    csv_text,
    csv_value,
    data_json,
    history_csv,
)

__all__ = [
    "CSV_DECIMALS",
    "CSV_KINDS",
    "DEFAULT_START",
    "FORMULA_TRIGGERS",
    "PRODID",
    "TRAINING_SLOT",
    "WEEKDAY_NAMES",
    "ExportError",
    "Paper",
    "csv_text",
    "csv_value",
    "data_json",
    "day_date",
    "day_description",
    "day_summary",
    "dose_text",
    "event_uid",
    "history_csv",
    "is_person_facing",
    "program_html",
    "program_ics",
]
