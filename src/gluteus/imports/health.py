"""Apple Health exports (``export.zip`` or its ``export.xml``), read as a stream.

An Apple Health export holds years of every sensor reading and can pass 300 MB; it is read
record by record (``iterparse``) and each element is dropped once read, so memory stays
bounded whatever the file's size. Kept: body mass (``HKQuantityTypeIdentifierBodyMass``, kg
or lb) as weigh-ins, and dietary energy (``HKQuantityTypeIdentifierDietaryEnergyConsumed``,
kcal, Cal or kJ) summed to daily totals. Steps and everything else are counted by kind and
left out: Gluteus keeps no step log.

The day of a record is the date its ``startDate`` is written in (the phone's local time).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from gluteus.domain.units import KG_PER_LB
from gluteus.imports.fitbit import Member, is_fitbit_name, looks_like_fitbit_json, parse_fitbit
from gluteus.imports.records import IntakeRecord, ParsedFile, WeightRecord
from gluteus.imports.table import (
    ImportFileError,
    KeyMaker,
    RowProblem,
    describe_unsupported,
)

BODY_MASS = "HKQuantityTypeIdentifierBodyMass"
DIETARY_ENERGY = "HKQuantityTypeIdentifierDietaryEnergyConsumed"
STEPS = "HKQuantityTypeIdentifierStepCount"
MASS_UNITS = {"kg": 1.0, "lb": KG_PER_LB, "g": 0.001}
"""Kilograms per body-mass unit Apple Health writes."""
ENERGY_UNITS = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / 4.184}
"""Kilocalories per energy unit Apple Health writes (1 kcal = 4.184 kJ)."""
EXPORT_XML = "export.xml"
_SKIPPED = {STEPS: "steps", "HKQuantityTypeIdentifierActiveEnergyBurned": "active_energy"}


def open_health_export(stream: IO[bytes]) -> IO[bytes]:
    """The ``export.xml`` inside an ``export.zip``, or the stream itself when it is XML.

    Raises:
        ImportFileError: For a ZIP without ``export.xml`` (not an Apple Health export).
    """
    head = stream.read(512)
    stream.seek(0)
    if not head.startswith(b"PK\x03\x04"):
        if not head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
            text = stream.read(16384).decode("utf-8", "replace")
            stream.seek(0)
            what = describe_unsupported(text)
            if what:
                raise ImportFileError("file", f"this is {what}")
            raise ImportFileError(
                "file",
                "this is not XML, not an Apple Health export, Fitbit export or FIT file; as"
                f" a CSV export it comes in with {nearest_csv_route(text)}",
            )
        return stream
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ImportFileError("file", "this ZIP archive is damaged or cut short") from None
    for name in archive.namelist():
        if name.rsplit("/", 1)[-1] == EXPORT_XML:
            return archive.open(name)
    raise ImportFileError(
        "file",
        "this ZIP archive holds no export.xml, so it is not an Apple Health export",
        allowed="export.zip from Health → your picture → Export All Health Data",
    )


FIT_SIGNATURE = b".FIT"
"""Bytes 8-11 of every Garmin FIT file."""


def is_fit(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) starts a Garmin FIT file."""
    return len(head) >= 12 and head[8:12] == FIT_SIGNATURE and head[0] in (12, 14)


def parse_health_file(
    stream: IO[bytes], unit: str | None = None, tz: str | None = None
) -> ParsedFile:
    """Read any supported health export from one file, told apart by its content.

    Apple Health (``export.zip`` or ``export.xml``), Fitbit (its export ZIP or one of its
    ``weight-*.json`` / ``food_logs-*.json`` files) and Garmin FIT files (or a ZIP of
    them). ``unit`` is Fitbit's weight unit (``kg`` or ``lb``); ``tz`` the time zone that
    gives FIT readings (stamped in UTC) their day.

    Raises:
        ImportFileError: For anything else, naming what the file is and the route that
            reads it when there is one.
    """
    head = stream.read(512)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile:
            raise ImportFileError("file", "this ZIP archive is damaged or cut short") from None
        names = archive.namelist()
        if any(name.rsplit("/", 1)[-1] == EXPORT_XML for name in names):
            stream.seek(0)
            return parse_apple_health(stream)
        members = [(name, _opener(archive, name)) for name in names if not name.endswith("/")]
        return parse_health_members(members, unit, tz)
    if is_fit(head):
        from gluteus.imports.fit import parse_fit  # the FIT reader loads only when needed

        return parse_fit([("file.fit", lambda: stream)], tz)
    if looks_like_fitbit_json(head):
        return parse_fitbit([("weight-or-food.json", lambda: stream)], unit, by_content=True)
    return parse_apple_health(stream)


def parse_health_members(
    members: Sequence[Member], unit: str | None = None, tz: str | None = None
) -> ParsedFile:
    """Read an unpacked export (a folder's files, or a ZIP's members without export.xml).

    Raises:
        ImportFileError: When the files are neither a Fitbit export nor FIT files.
    """
    if any(is_fitbit_name(name) for name, _ in members):
        return parse_fitbit(members, unit)
    fit = [(name, opener) for name, opener in members if name.lower().endswith(".fit")]
    if fit:
        from gluteus.imports.fit import parse_fit  # the FIT reader loads only when needed

        return parse_fit(fit, tz)
    if any(name.rsplit("/", 1)[-1] == EXPORT_XML for name, _ in members):
        opener = next(o for name, o in members if name.rsplit("/", 1)[-1] == EXPORT_XML)
        with opener() as xml:
            return parse_apple_health(xml)
    samsung = any("com.samsung.health" in name for name, _ in members)
    raise ImportFileError(
        "file",
        "Samsung Health's export: its weights come in with `gluteus import weights"
        " com.samsung.health.weight.<date>.csv`"
        if samsung
        else "neither an Apple Health export (export.xml), a Fitbit export"
        " (weight-*.json, food_logs-*.json) nor Garmin FIT files",
        allowed="Apple Health's export.zip, Fitbit's data export, or .fit files",
    )


def _opener(archive: zipfile.ZipFile, name: str) -> Callable[[], IO[bytes]]:
    return lambda: archive.open(name)


CSV_IMPORTS = ("strong", "hevy", "weights", "intake")
"""The ``gluteus import`` commands for CSV exports, tried in this order for a hint."""


def nearest_csv_route(text: str) -> str:
    """The ``gluteus import`` command that reads a CSV file, found by trying each one.

    ``text`` is the file's start (whole lines); a parser that gets past the header (even
    if it then asks for a unit or a date order) is the one. All four when none is.
    """
    from gluteus.imports.intake import parse_intake
    from gluteus.imports.scales import parse_weights
    from gluteus.imports.workouts import parse_hevy, parse_strong

    parsers: dict[str, Callable[[str], object]] = {
        "strong": parse_strong,
        "hevy": parse_hevy,
        "weights": parse_weights,
        "intake": parse_intake,
    }
    lines = "\n".join(text.lstrip("\ufeff").splitlines()[:20])
    for command in CSV_IMPORTS:
        try:
            parsers[command](lines)
        except ImportFileError as exc:
            if exc.field == "file":
                continue
        except ValueError:
            continue
        return f"`gluteus import {command}`"
    return "`gluteus import strong|hevy|weights|intake`"


def parse_apple_health(stream: IO[bytes]) -> ParsedFile:
    """Read weigh-ins and daily food energy from an Apple Health export, streaming.

    Raises:
        ImportFileError: For a file that is not Apple Health XML (or a ZIP holding one).
    """
    source = open_health_export(stream)
    parsed = ParsedFile(format="apple-health")
    weight_keys = KeyMaker("apple-health")
    energy: dict[dt.date, float] = {}
    first_line: dict[dt.date, int] = {}
    meals: Counter[dt.date] = Counter()
    root: Element | None = None
    depth = 0
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                    if element.tag != "HealthData":
                        raise ImportFileError(
                            "file", f"the XML is <{element.tag}>, not Apple Health's <HealthData>"
                        )
                continue
            depth -= 1
            if depth != 1 or root is None:
                continue  # inside a record (its metadata), or the end of the file
            if element.tag == "Record":
                parsed.rows += 1
                _read_record(element.attrib, parsed, weight_keys, energy, first_line, meals)
            root.clear()  # read: let it go, so memory does not grow with the file
    except ParseError as exc:
        raise ImportFileError("file", f"the XML cannot be read ({exc})") from None
    keys = KeyMaker("apple-health-energy")
    for day in sorted(energy):
        parsed.intake.append(
            IntakeRecord(
                line=first_line[day],
                date=day,
                kcal=round(energy[day], 1),
                protein_g=None,
                meals=meals[day],
                key=keys.key(day.isoformat()),
            )
        )
    return parsed


def _read_record(
    attrib: dict[str, str],
    parsed: ParsedFile,
    weight_keys: KeyMaker,
    energy: dict[dt.date, float],
    first_line: dict[dt.date, int],
    meals: Counter[dt.date],
) -> None:
    kind = attrib.get("type", "")
    if kind not in (BODY_MASS, DIETARY_ENERGY):
        parsed.skipped[_SKIPPED.get(kind, "other_health_records")] += 1
        return
    when, value, unit = attrib.get("startDate", ""), attrib.get("value", ""), attrib.get("unit")
    row = parsed.rows  # records have no lines worth showing; their order in the file
    try:
        day = dt.date.fromisoformat(when.strip()[:10])
        amount = float(value)
    except ValueError:
        parsed.problems.append(RowProblem(row, f"record {row}: date or value cannot be read"))
        return
    if kind == BODY_MASS:
        factor = MASS_UNITS.get(unit or "")
        if factor is None:
            parsed.problems.append(RowProblem(row, f"record {row}: unknown mass unit {unit}"))
            return
        kg = round(amount * factor, 2)
        parsed.weights.append(WeightRecord(row, day, kg, weight_keys.key(when, value, unit or "")))
        return
    factor = ENERGY_UNITS.get(unit or "")
    if factor is None:
        parsed.problems.append(RowProblem(row, f"record {row}: unknown energy unit {unit}"))
        return
    energy[day] = energy.get(day, 0.0) + amount * factor
    first_line.setdefault(day, row)
    meals[day] += 1
