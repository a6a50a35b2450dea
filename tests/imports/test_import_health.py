from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from gluteus.imports.health import parse_apple_health
from gluteus.imports.table import ImportFileError

LB = 0.45359237
DATA = Path(__file__).resolve().parent / "data"


def _xml() -> bytes:
    return (DATA / "apple_health_export.xml").read_bytes()


def _zipped(payload: bytes, name: str = "apple_health_export/export.xml") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    buffer.seek(0)
    return buffer


def test_weigh_ins_and_daily_food_energy_record_by_record() -> None:
    parsed = parse_apple_health(io.BytesIO(_xml()))
    assert parsed.format == "apple-health"
    assert parsed.rows == 8
    assert [(w.date, w.weight_kg) for w in parsed.weights] == [
        (dt.date(2024, 12, 9), 72.4),
        (dt.date(2024, 12, 11), round(158.29 * LB, 2)),
    ]
    # 450 kcal + 700 kcal + 2928.8 kJ (700 kcal); Cronometer writes Cal
    assert [(i.date, i.kcal, i.meals) for i in parsed.intake] == [
        (dt.date(2024, 12, 9), 1850.0, 3),
        (dt.date(2024, 12, 11), 1720.5, 1),
    ]
    assert parsed.skipped == {"steps": 1, "active_energy": 1}
    assert parsed.problems == []


def test_the_zip_reads_like_the_xml() -> None:
    plain = parse_apple_health(io.BytesIO(_xml()))
    zipped = parse_apple_health(_zipped(_xml()))
    assert zipped.weights == plain.weights
    assert zipped.intake == plain.intake


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (_zipped(b"x", "other.txt").getvalue(), "holds no export.xml"),
        (b"PK\x03\x04 cut", "damaged or cut short"),
        (b"Date,Weight (kg)\n2024-12-09,72.4\n", "not XML, not an Apple Health export"),
        (b"<?xml version='1.0'?><Workouts></Workouts>", "not Apple Health's <HealthData>"),
        (b"<HealthData><Record type='x'", "the XML cannot be read"),
    ],
)
def test_files_that_are_not_apple_health_exports(payload: bytes, reason: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_apple_health(io.BytesIO(payload))
    assert caught.value.field == "file"
    assert reason in caught.value.reason


def test_unreadable_records_are_problems_not_crashes() -> None:
    text = _xml().replace(b'value="72.4"', b'value="heavy"').replace(b'unit="lb"', b'unit="st"')
    parsed = parse_apple_health(io.BytesIO(text))
    assert [p.reason for p in parsed.problems] == [
        "record 1: date or value cannot be read",
        "record 6: unknown mass unit st",
    ]
