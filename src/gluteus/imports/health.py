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
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from gluteus.domain.units import KG_PER_LB
from gluteus.imports.records import IntakeRecord, ParsedFile, WeightRecord
from gluteus.imports.table import ImportFileError, KeyMaker, RowProblem, describe_unsupported

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
            what = describe_unsupported(head.decode("latin-1")) or "not XML"
            raise ImportFileError(
                "file",
                f"this is {what}, not an Apple Health export; CSV exports come in with"
                " `gluteus import strong|hevy|weights|intake`",
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
