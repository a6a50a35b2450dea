"""Garmin FIT files: weigh-ins and cardio sessions, from FIT bytes written by hand."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile

import pytest
from fitfiles import activity_file, crc16, weight_file

from gluteus.imports.fit import SPORTS, activity_for, parse_fit
from gluteus.imports.health import is_fit, parse_health_file, parse_health_members
from gluteus.imports.table import ImportFileError

MORNING = dt.datetime(2024, 12, 9, 6, 30, tzinfo=dt.UTC)


def test_the_test_writer_makes_valid_fit_crcs() -> None:
    # the CRC-16 check value of the ASCII digits 1-9 for FIT's (ARC) polynomial
    assert crc16(b"123456789") == 0xBB3D
    data = weight_file([(MORNING, 72.4)])
    assert is_fit(data[:14]) and crc16(data) == 0  # a file with its CRC checks to zero


def test_weigh_ins_row_by_row_on_the_local_day() -> None:
    late = dt.datetime(2024, 12, 10, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 11th in Berlin
    data = weight_file([(MORNING, 72.4), (late, 72.15)])
    parsed = parse_health_file(io.BytesIO(data), tz="Europe/Berlin")
    assert parsed.format == "garmin-fit"
    assert [(w.line, w.date, w.weight_kg) for w in parsed.weights] == [
        (1, dt.date(2024, 12, 9), 72.4),
        (2, dt.date(2024, 12, 11), 72.15),
    ]
    utc = parse_health_file(io.BytesIO(data))
    assert [w.date for w in utc.weights] == [dt.date(2024, 12, 9), dt.date(2024, 12, 10)]
    assert parsed.workouts == [] and parsed.problems == []


def test_sessions_become_cardio_of_the_catalog_activity() -> None:
    data = activity_file(
        [
            (MORNING, "running", "treadmill", 1800.0, 5000.0),
            (MORNING + dt.timedelta(hours=3), "walking", "generic", 2700.0, None),
            (MORNING + dt.timedelta(hours=5), "fitness_equipment", "elliptical", 1200.0, None),
            (MORNING + dt.timedelta(hours=8), "swimming", "generic", 900.0, 1000.0),
        ]
    )
    parsed = parse_health_file(io.BytesIO(data), tz="UTC")
    assert [
        (w.line, w.date, w.exercise, w.seconds, w.distance_km, w.started) for w in parsed.workouts
    ] == [
        (1, dt.date(2024, 12, 9), "jog", 1800.0, 5.0, dt.datetime(2024, 12, 9, 6, 30)),
        (2, dt.date(2024, 12, 9), "brisk-walk", 2700.0, None, dt.datetime(2024, 12, 9, 9, 30)),
        (3, dt.date(2024, 12, 9), "elliptical", 1200.0, None, dt.datetime(2024, 12, 9, 11, 30)),
    ]
    assert parsed.skipped == {"sport_not_in_catalog": 1}  # swimming has no catalog activity


def test_every_mapped_sport_names_a_catalog_cardio_activity() -> None:
    from gluteus.domain.catalog import Kind, default_catalog

    catalog = default_catalog()
    assert all(catalog.get(a).kind is Kind.CARDIO for a in SPORTS.values())
    assert activity_for("cycling", "road") is None  # outdoor cycling is not guessed
    assert activity_for("running", "trail") == "jog"


def test_a_zip_or_folder_of_fit_files_is_read_whole() -> None:
    files = {
        "Garmin/weight.fit": weight_file([(MORNING, 72.4)]),
        "Garmin/run.fit": activity_file([(MORNING, "running", "generic", 1500.0, 4000.0)]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    parsed = parse_health_file(buffer)
    assert (len(parsed.weights), len(parsed.workouts)) == (1, 1)
    members = [(n, lambda d=d: io.BytesIO(d)) for n, d in files.items()]
    assert parse_health_members(members).weights == parsed.weights  # type: ignore[misc]


def test_a_damaged_fit_file_is_refused_by_name() -> None:
    data = bytearray(weight_file([(MORNING, 72.4)]))
    data[-5] ^= 0xFF  # a flipped byte in the last message
    with pytest.raises(ImportFileError, match="damaged"):
        parse_fit([("Garmin/weight.fit", lambda: io.BytesIO(bytes(data)))])


def test_the_fit_decoder_loads_only_when_a_fit_file_comes_in() -> None:
    code = (
        "import sys, gluteus.cli, gluteus.services.imports, gluteus.imports.health;"
        "print('garmin_fit_sdk' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
