"""Fitbit's data export: weigh-ins and food logs read row by row from hand-written files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from gluteus.imports.fitbit import Member, looks_like_fitbit_json, parse_fitbit
from gluteus.imports.health import parse_health_file, parse_health_members
from gluteus.imports.table import ImportFileError

LB = 0.45359237
FOLDER = Path(__file__).resolve().parent / "data" / "fitbit"


def _members(prefix: str = "Takeout/Fitbit/Global Export Data/") -> list[Member]:
    return [
        (prefix + path.name, lambda path=path: path.open("rb"))  # type: ignore[misc]
        for path in sorted(FOLDER.iterdir())
    ]


def _zipped() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(FOLDER.iterdir()):
            archive.write(path, f"MyFitbitData/Jane/Personal & Account/{path.name}")
    buffer.seek(0)
    return buffer


def test_weigh_ins_in_pounds_row_by_row() -> None:
    parsed = parse_fitbit(_members())
    assert parsed.format == "fitbit"
    assert [(w.line, w.date, w.weight_kg) for w in parsed.weights] == [
        (7, dt.date(2024, 12, 9), round(159.6 * LB, 2)),
        (8, dt.date(2024, 12, 10), round(159.2 * LB, 2)),
        (9, dt.date(2024, 12, 11), round(158.9 * LB, 2)),
    ]
    assert len({w.key for w in parsed.weights}) == 3


def test_food_logs_are_summed_a_day_with_protein() -> None:
    parsed = parse_fitbit(_members())
    assert [(i.date, i.kcal, i.protein_g, i.meals) for i in parsed.intake] == [
        (dt.date(2024, 12, 9), 1850.0, 120.0, 3),
        (dt.date(2024, 12, 10), 2100.0, 135.0, 2),
        (dt.date(2024, 12, 11), 1720.5, 110.0, 1),
    ]
    assert parsed.rows == 9  # six foods, three weigh-ins
    assert parsed.skipped == {"other_fitbit_files": 1}  # the steps file is not read
    assert parsed.problems == []


def test_kilograms_when_the_account_used_them() -> None:
    parsed = parse_fitbit(_members(), "kg")
    assert [w.weight_kg for w in parsed.weights] == [159.6, 159.2, 158.9]
    with pytest.raises(ImportFileError) as caught:
        parse_fitbit(_members(), "stone")
    assert caught.value.field == "unit"


def test_the_export_zip_a_folder_and_one_json_file_are_told_by_content() -> None:
    from_zip = parse_health_file(_zipped())
    from_folder = parse_health_members(_members())
    assert from_zip.weights == from_folder.weights and from_zip.intake == from_folder.intake
    weights = (FOLDER / "weight-2024-12-01.json").read_bytes()
    assert looks_like_fitbit_json(weights)
    one = parse_health_file(io.BytesIO(weights))
    assert [w.weight_kg for w in one.weights] == [w.weight_kg for w in from_zip.weights]
    food = parse_health_file(io.BytesIO((FOLDER / "food_logs-2024-12-01.json").read_bytes()))
    assert [i.kcal for i in food.intake] == [1850.0, 2100.0, 1720.5]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'[{"logId": 1, "weight": "heavy", "date": "12/09/24"}]', "weight"),
        (b'[{"logId": 1, "weight": 150, "date": "2024.12.09"}]', "date"),
        (b'[{"logId": 1, "logDate": "2024-12-09", "nutritionalValues": {}}]', "calories"),
    ],
)
def test_unreadable_rows_are_named(payload: bytes, reason: str) -> None:
    parsed = parse_health_file(io.BytesIO(payload))
    assert len(parsed.problems) == 1 and reason in parsed.problems[0].reason


def test_a_broken_file_and_an_archive_without_fitbit_files_are_refused() -> None:
    broken: list[Member] = [("x/weight-2024-12-01.json", lambda: io.BytesIO(b"[{"))]
    with pytest.raises(ImportFileError, match="not valid JSON"):
        parse_fitbit(broken)
    with pytest.raises(ImportFileError, match="not a Fitbit export"):
        parse_fitbit([("x/sleep-2024-12-01.json", lambda: io.BytesIO(b"[]"))])
