"""The CSV layer every format shares: separator sniffing, headers, numbers, import keys.

A structural problem (binary data, no header, a row cut short) is an :class:`ImportFileError`
that refuses the whole file; a bad value in one row is a :class:`RowProblem` the caller
reports by line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from gluteus.domain.units import KG_PER_LB, KM_PER_MI
from gluteus.imports.dates import shown

SEPARATORS = (",", ";", "\t")
MISSING = frozenset({"", "-", "--", "–", "—", "n/a", "na", "null", "none"})


class ImportFileError(ValueError):
    """The file cannot be read as this format; nothing in it is imported.

    Attributes:
        field: What to fix, as the import input calls it (``file``, ``unit``,
            ``date_format``, ``map``).
        reason: What is wrong, naming the line when one line is at fault.
        allowed: What would be accepted, when that helps.
    """

    def __init__(self, field: str, reason: str, allowed: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.allowed = allowed
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class RowProblem:
    """A value in one row that cannot be read or is implausible."""

    line: int
    reason: str


@dataclass(frozen=True)
class Table:
    """A CSV file split into a normalised header and its data rows (with line numbers)."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    separator: str

    def column(self, *names: str) -> int | None:
        """Index of the first of ``names`` (normalised header names) present, else None."""
        for name in names:
            if name in self.header:
                return self.header.index(name)
        return None


@dataclass
class KeyMaker:
    """Stable import keys: a digest of a row's identifying values, numbered when repeated.

    Two identical rows in one file (the same set logged twice) get different keys, and the
    same rows in a later, longer export get the same keys again.
    """

    source: str
    seen: Counter[str] = field(default_factory=Counter)

    def key(self, *parts: str) -> str:
        """The key of the next row made of ``parts``."""
        base = "\x1f".join(part.strip() for part in parts)
        self.seen[base] += 1
        digest = hashlib.sha256(f"{base}\x1e{self.seen[base]}".encode()).hexdigest()
        return f"{self.source}:{digest[:40]}"


HEALTH_ROUTE = "`gluteus import health`"
"""Where health exports (Apple Health, Fitbit, Garmin FIT) come in."""
DATA_ROUTE = "`gluteus import data`"
"""Where a Gluteus export (``gluteus export data``) comes back in."""
UNSUPPORTED: tuple[tuple[str, str], ...] = (
    (
        "PK\x03\x04",
        "a ZIP archive (an Apple Health, Fitbit or Garmin export, or a spreadsheet), not a CSV"
        f" file; health exports come in with {HEALTH_ROUTE}, a spreadsheet once saved as CSV",
    ),
    (".FIT", f"a Garmin FIT file, not a CSV file; FIT files come in with {HEALTH_ROUTE}"),
    (
        "<?xml",
        "an XML file (Apple Health's export.xml?), not a CSV file; Apple Health exports come in"
        f" with {HEALTH_ROUTE}",
    ),
    (
        "<HealthData",
        f"Apple Health's export.xml, not a CSV file; it comes in with {HEALTH_ROUTE}",
    ),
    ("%PDF", "a PDF document, not a data export; export the app's data as CSV"),
    (
        "{",
        f"a JSON file; a Gluteus export loads with {DATA_ROUTE}, Fitbit's JSON files with"
        f" {HEALTH_ROUTE}",
    ),
    (
        "[",
        f"a JSON file; a Gluteus export loads with {DATA_ROUTE}, Fitbit's JSON files with"
        f" {HEALTH_ROUTE}",
    ),
)
"""How files that are not CSV begin, and what to tell a person who chose one."""


def describe_unsupported(text: str) -> str | None:
    """What kind of non-CSV file ``text`` is, in plain words, when it can be told."""
    head = text.lstrip("\ufeff \r\n\t")[:64]
    for start, what in UNSUPPORTED:
        found = head.startswith(start) or (start == ".FIT" and start in head[:12])
        if found:
            return what
    return None


def normalise_header(name: str) -> str:
    """A header cell compared case- and spacing-insensitively: ``Weight (kg)`` → ``weight(kg)``."""
    text = re.sub(r"[\s_]+", " ", name.strip().strip('"').lower())
    return text.replace(" (", "(").strip()


def read_table(text: str, what: str) -> Table:
    """Split CSV ``text`` into header and rows, sniffing the separator from the header.

    Args:
        text: The whole file (a leading byte-order mark is dropped).
        what: The format's name for messages, e.g. ``a Strong export``.

    Raises:
        ImportFileError: For binary data, an empty file, a missing header or a broken quote.
    """
    unsupported = describe_unsupported(text)
    if unsupported:
        raise ImportFileError("file", f"this is {unsupported}; expected {what}")
    if "\x00" in text:
        raise ImportFileError("file", f"this looks like a binary file, not {what} (CSV text)")
    text = text.lstrip("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise ImportFileError("file", f"the file is empty; expected {what}")
    separator = max(SEPARATORS, key=first.count)
    if first.count(separator) == 0:
        raise ImportFileError("file", f"line 1 is not a CSV header; expected {what}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] | None = None
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = tuple(normalise_header(cell) for cell in cells)
                continue
            rows.append((reader.line_num, tuple(cell.strip() for cell in cells)))
    except csv.Error as exc:
        raise ImportFileError(
            "file", f"line {reader.line_num}: {exc} (is the file cut short?)"
        ) from None
    assert header is not None
    return Table(header=header, rows=tuple(rows), separator=separator)


def require_columns(table: Table, what: str, columns: Iterable[Sequence[str]]) -> list[int]:
    """The index of each required column (each given as its accepted names).

    Raises:
        ImportFileError: Naming every missing column.
    """
    found: list[int] = []
    missing: list[str] = []
    for names in columns:
        index = table.column(*names)
        if index is None:
            missing.append(names[0])
        else:
            found.append(index)
    if missing:
        raise ImportFileError(
            "file",
            f"the header is not that of {what}: no {', '.join(missing)} column",
            allowed="a file exported by the app, with its first line unchanged",
        )
    return found


def check_width(table: Table, line: int, cells: Sequence[str]) -> None:
    """Refuse a row with fewer cells than the header (a file cut short or mangled)."""
    if len(cells) < len(table.header):
        raise ImportFileError(
            "file",
            f"line {line} has {len(cells)} fields but the header has {len(table.header)}"
            " (is the file cut short?)",
        )


def cells_of(table: Table) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The data rows, each checked to be as wide as the header."""
    for line, cells in table.rows:
        check_width(table, line, cells)
        yield line, cells


def number(text: str) -> float | None:
    """A number from a cell (``80.4``, ``80,4``, ``80.4 kg``); None when the cell is empty.

    Raises:
        ValueError: When the cell holds something other than a number.
    """
    try:
        return float(text)  # the common case: a plain number
    except ValueError:
        pass
    value = text.strip().lower()
    if value in MISSING:
        return None
    value = re.sub(r"\s*(kg|kgs|lb|lbs|km|mi|%)$", "", value)
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{shown(text)} is not a number") from None


def unit_factor(unit: str | None, kind: str = "mass") -> float | None:
    """Kilograms per ``kg``/``lb``, or kilometres per ``km``/``mi``/``m``; None if unknown."""
    if unit is None:
        return None
    name = unit.strip().lower().rstrip(".")
    if kind == "mass":
        table = {"kg": 1.0, "kgs": 1.0, "lb": KG_PER_LB, "lbs": KG_PER_LB}
    else:
        table = {"km": 1.0, "mi": KM_PER_MI, "mile": KM_PER_MI, "miles": KM_PER_MI}
        table["m"] = 0.001
    return table.get(name)
