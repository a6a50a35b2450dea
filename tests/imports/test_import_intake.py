from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gluteus.imports.intake import detect_intake_format, parse_intake
from gluteus.imports.table import ImportFileError, read_table

Text = Callable[[str], str]
DAYS = [
    # day, kcal, protein (g)
    (dt.date(2024, 12, 9), 1850.0, 120.0),
    (dt.date(2024, 12, 10), 2100.0, 135.0),
    (dt.date(2024, 12, 11), 1720.5, 110.0),
]
"""One food history written by hand in each app's layout."""
FILES = {
    "myfitnesspal.csv": ("myfitnesspal", [3, 4, 2]),
    "cronometer_daily.csv": ("cronometer", [1, 1, 1]),
    "cronometer_servings.csv": ("cronometer", [3, 4, 2]),
    "loseit.csv": ("loseit", [3, 4, 2]),
    "macrofactor.csv": ("macrofactor", [1, 1, 1]),
    "intake_plain.csv": ("csv", [1, 1, 1]),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_food_log_sums_to_the_same_days(fixture_text: Text, name: str) -> None:
    text = fixture_text(name)
    found, meals = FILES[name]
    assert detect_intake_format(read_table(text, "x").header) == found
    parsed = parse_intake(text)
    assert parsed.format == found
    assert parsed.problems == []
    assert [(r.date, r.kcal, r.protein_g) for r in parsed.intake] == DAYS
    assert [r.meals for r in parsed.intake] == meals
    assert parsed.rows == sum(meals)


def test_a_plain_file_without_protein_and_with_semicolons() -> None:
    parsed = parse_intake("date;calories\n2024-12-09;1850\n2024-12-09;150,5\n")
    assert [(r.date, r.kcal, r.protein_g) for r in parsed.intake] == [
        (dt.date(2024, 12, 9), 2000.5, None)
    ]


def test_ambiguous_dates_need_the_order_and_bad_cells_are_row_problems() -> None:
    text = "date,kcal\n05/06/2024,1800\n06/06/2024,lots\n"
    with pytest.raises(ImportFileError) as caught:
        parse_intake(text)
    assert caught.value.field == "date_format"
    parsed = parse_intake(text, date_format="dmy")
    assert [r.date for r in parsed.intake] == [dt.date(2024, 6, 5)]
    assert [(p.line, p.reason) for p in parsed.problems] == [(3, "energy: 'lots' is not a number")]


def test_a_workout_file_is_not_a_food_log(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_intake(fixture_text("hevy_kg.csv"))
    assert caught.value.field == "file"
    assert "food log" in caught.value.reason
    with pytest.raises(ImportFileError) as forced:
        parse_intake(fixture_text("hevy_kg.csv"), format="cronometer")
    assert forced.value.field == "format"


def test_an_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_intake("date,kcal\n2024-12-09,1800\n", format="fitbit")
    assert caught.value.field == "format"
    assert caught.value.allowed == "myfitnesspal, cronometer, loseit, macrofactor, csv"
