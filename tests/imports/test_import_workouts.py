from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gluteus.imports.records import SetType
from gluteus.imports.table import ImportFileError
from gluteus.imports.workouts import detect_workout_format, parse_hevy, parse_strong

W, N, D, F = SetType.WARMUP, SetType.NORMAL, SetType.DROP, SetType.FAILURE
LB = 0.45359237
MI = 1.609344

Text = Callable[[str], str]


def _rows(parsed: object) -> list[tuple[object, ...]]:
    return [
        (
            r.line,
            r.date,
            r.exercise,
            r.set_type,
            r.reps,
            r.weight_kg,
            r.distance_km,
            r.seconds,
            r.rpe,
        )
        for r in parsed.workouts  # type: ignore[attr-defined]
    ]


def test_strong_classic_file_in_pounds_row_by_row(fixture_text: Text) -> None:
    parsed = parse_strong(fixture_text("strong_classic_lb.csv"), unit="lb")
    day1, day2 = dt.date(2024, 3, 5), dt.date(2024, 3, 7)
    thrust = "Hip Thrust (Barbell)"
    rdl = "Romanian Deadlift (Barbell)"
    assert parsed.format == "strong"
    assert parsed.rows == 10
    assert parsed.skipped == {"rest_timer": 1}
    assert parsed.problems == []
    assert _rows(parsed) == [
        (2, day1, thrust, W, 10, round(95 * LB, 3), None, None, None),
        (3, day1, thrust, N, 10, round(135 * LB, 3), None, None, None),
        (4, day1, thrust, N, 9, round(135 * LB, 3), None, None, 8.0),
        (6, day1, "Bulgarian Split Squat", N, 12, round(20 * LB, 3), None, None, None),
        (7, day1, "Plank", N, None, None, None, 60.0, None),
        (8, day1, "Running", N, None, None, round(2 * MI, 3), 1500.0, None),
        (9, day2, rdl, N, 8, round(115 * LB, 3), None, None, None),
        (10, day2, rdl, F, 6, round(115 * LB, 3), None, None, None),
        (11, day2, "Walking", N, None, None, None, 1800.0, None),
    ]


def test_strong_android_file_with_semicolons_bom_and_unit_columns(fixture_text: Text) -> None:
    text = fixture_text("strong_android_kg.csv")
    assert text.startswith("\ufeff")
    parsed = parse_strong(text)
    day = dt.date(2024, 3, 10)
    squat = "Squat (Barbell)"
    assert parsed.rows == 7
    assert _rows(parsed) == [
        (2, day, squat, W, 10, 20.0, None, None, None),
        (3, day, squat, N, 8, 62.5, None, None, 7.5),
        (4, day, squat, N, 8, 62.5, None, None, 8.5),
        (5, day, squat, D, 12, 40.0, None, None, None),
        (6, day, "Bench Press (Barbell)", N, 10, 40.0, None, None, None),
        (7, day, "Cable Kickback", N, 15, 10.0, None, None, None),
        (8, day, "Cycling", N, None, None, 10.5, 1800.0, None),
    ]


def test_strong_unit_column_wins_over_the_unit_given(fixture_text: Text) -> None:
    parsed = parse_strong(fixture_text("strong_android_kg.csv"), unit="lb")
    assert parsed.workouts[1].weight_kg == 62.5


def test_strong_file_without_unit_column_needs_a_unit(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_strong(fixture_text("strong_classic_lb.csv"))
    assert caught.value.field == "unit"
    assert caught.value.allowed == "kg or lb"


def test_hevy_metric_file_with_warmups_row_by_row(fixture_text: Text) -> None:
    parsed = parse_hevy(fixture_text("hevy_kg.csv"))
    day1, day2 = dt.date(2024, 3, 5), dt.date(2024, 3, 8)
    thrust, lunge, pull = "Hip Thrust (Barbell)", "Lunge (Dumbbell)", "Lat Pulldown (Cable)"
    assert parsed.format == "hevy"
    assert parsed.rows == 10
    assert _rows(parsed) == [
        (2, day1, thrust, W, 12, 40.0, None, None, None),
        (3, day1, thrust, N, 10, 80.0, None, None, 8.0),
        (4, day1, thrust, F, 8, 80.0, None, None, None),
        (5, day1, lunge, W, 10, 4.0, None, None, None),
        (6, day1, lunge, N, 10, 12.5, None, None, None),
        (7, day1, "Hip Abduction (Machine)", D, 15, 35.0, None, None, None),
        (8, day1, "Stair Climber", N, None, None, 1.2, 900.0, None),
        (9, day2, "Seated Row (Cable)", N, 12, 30.0, None, None, None),
        (10, day2, pull, N, 10, 35.0, None, None, None),
        (11, day2, pull, N, 9, 35.0, None, None, None),
    ]


def test_hevy_imperial_file_converts_pounds_and_miles(fixture_text: Text) -> None:
    parsed = parse_hevy(fixture_text("hevy_lbs.csv"))
    day = dt.date(2024, 3, 12)
    rdl = "Romanian Deadlift (Dumbbell)"
    assert _rows(parsed) == [
        (2, day, rdl, W, 10, round(20 * LB, 3), None, None, None),
        (3, day, rdl, N, 10, round(50 * LB, 3), None, None, 9.0),
        (4, day, "Step-up", N, 12, round(25 * LB, 3), None, None, None),
        (5, day, "Running", N, None, None, round(1.5 * MI, 3), 900.0, None),
    ]


def test_formats_are_told_apart_by_their_headers(fixture_text: Text) -> None:
    assert detect_workout_format(fixture_text("strong_classic_lb.csv")) == "strong"
    assert detect_workout_format(fixture_text("strong_android_kg.csv")) == "strong"
    assert detect_workout_format(fixture_text("hevy_lbs.csv")) == "hevy"
    assert detect_workout_format(fixture_text("withings.csv")) is None


def test_a_hevy_file_given_as_strong_says_what_it_is(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_strong(fixture_text("hevy_kg.csv"), unit="kg")
    assert caught.value.field == "file"
    assert "not that of a Strong export" in caught.value.reason
    assert "gluteus import hevy" in caught.value.reason


def test_a_weights_file_is_not_a_workout_log(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError, match="not that of a Hevy export"):
        parse_hevy(fixture_text("withings.csv"))


def test_a_truncated_file_is_refused_naming_the_line(fixture_text: Text) -> None:
    text = fixture_text("strong_classic_lb.csv")
    cut = text[: text.rindex("Walking") + len("Walking,1,0")]
    with pytest.raises(ImportFileError) as caught:
        parse_strong(cut, unit="lb")
    assert "line 11" in caught.value.reason
    assert "cut short" in caught.value.reason


def test_an_unclosed_quote_is_refused(fixture_text: Text) -> None:
    text = fixture_text("hevy_kg.csv")
    with pytest.raises(ImportFileError, match="cut short"):
        parse_hevy(text[: text.rindex('"Lat Pulldown')] + '"Lat Pulld')


def test_binary_data_is_refused() -> None:
    with pytest.raises(ImportFileError, match="binary"):
        parse_strong("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", unit="kg")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (an Apple Health"),
        ("\x0e\x10\xd9\x07\x00\x00\x00\x00.FIT\x00\x00", "a Garmin FIT file"),
        ('<?xml version="1.0"?>\n<HealthData locale="en_US">', "an XML file (Apple Health"),
        ('{"format": "gluteus"}', "a JSON file; a Gluteus export loads with `gluteus import data`"),
        ("%PDF-1.7\n", "a PDF document"),
    ],
)
def test_an_unsupported_file_is_named_with_the_nearest_route(text: str, named: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_hevy(text)
    assert caught.value.field == "file"
    assert caught.value.reason.startswith(f"this is {named}")
    assert caught.value.reason.endswith("expected a Hevy export")


@pytest.mark.parametrize("text", ["", "\n\n", "just some words\n"])
def test_empty_or_headerless_files_are_refused(text: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_hevy(text)
    assert caught.value.field == "file"


def test_unreadable_values_are_row_problems_not_crashes(fixture_text: Text) -> None:
    text = fixture_text("strong_classic_lb.csv").replace(
        "Bulgarian Split Squat,1,20,12", "Bulgarian Split Squat,1,twenty,12"
    )
    text = text.replace("2024-03-07 07:30:00,Glutes B,45m,Walking", "07/03/24,Glutes B,45m,Walking")
    parsed = parse_strong(text, unit="lb")
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (6, "weight: 'twenty' is not a number"),
        (11, "date '07/03/24' is not a date like 2024-12-09 07:16:55 or 2024-12-09 7:16:55 AM"),
    ]
    assert len(parsed.workouts) == 7


def test_keys_are_stable_and_repeated_rows_get_their_own(fixture_text: Text) -> None:
    text = fixture_text("hevy_kg.csv")
    first = [r.key for r in parse_hevy(text).workouts]
    assert first == [r.key for r in parse_hevy(text).workouts]
    assert len(set(first)) == len(first)
    assert all(key.startswith("hevy:") and len(key) <= 80 for key in first)
    header, *rows = text.splitlines()
    doubled = parse_hevy("\n".join([header, rows[0], rows[0]]))
    assert len({r.key for r in doubled.workouts}) == 2
    longer = parse_hevy("\n".join([header, *rows, rows[-1].replace("8 Mar", "9 Mar")]))
    assert [r.key for r in longer.workouts][: len(first)] == first


def test_strong_set_order_letters_and_unknown_values(fixture_text: Text) -> None:
    text = fixture_text("strong_classic_lb.csv").replace(
        "Hip Thrust (Barbell),W,", "Hip Thrust (Barbell),X,"
    )
    parsed = parse_strong(text, unit="lb")
    assert parsed.problems[0].line == 2
    assert "set order 'X'" in parsed.problems[0].reason


def test_a_weight_without_a_unit_in_its_row_is_a_row_problem(fixture_text: Text) -> None:
    text = fixture_text("strong_android_kg.csv").replace(
        "Cable Kickback;1;10;kg;", "Cable Kickback;1;10;;"
    )
    parsed = parse_strong(text)
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (7, "weight '10' has no unit (kg or lb) in its row")
    ]
    assert parse_strong(text, unit="kg").workouts[5].weight_kg == 10.0


DEC9, DEC11 = dt.datetime(2024, 12, 9, 7, 16), dt.datetime(2024, 12, 11, 18, 30)
SAME_HISTORY = [
    # started (to the minute), exercise, set type, reps, kg (1 decimal), km, seconds, position
    (DEC9, "Hip Thrust (Barbell)", W, 12, 40.0, None, None, 1),
    (DEC9, "Hip Thrust (Barbell)", N, 10, 60.0, None, None, 2),
    (DEC9, "Hip Thrust (Barbell)", N, 9, 60.0, None, None, 3),
    (DEC9, "Squat (Goblet)", N, 12, 16.0, None, None, 1),
    (DEC9, "Hip Abductor (Machine)", N, 15, 35.0, None, None, 1),
    (DEC9, "Plank", N, None, None, None, 60.0, 1),
    (DEC11, "Romanian Deadlift (Dumbbell)", N, 10, 20.0, None, None, 1),
    (DEC11, "Romanian Deadlift (Dumbbell)", N, 10, 20.0, None, None, 2),
    (DEC11, "Running", N, None, None, 3.0, 1200.0, 1),
]
"""One history, written by hand in four layouts: Strong current (kg; lbs with a 12-hour
clock and a narrow no-break space before AM) and Hevy (German months in kg; US dates in lb)."""


def _canonical(parsed: object) -> list[tuple[object, ...]]:
    return [
        (
            r.started.replace(second=0) if r.started else None,
            r.exercise,
            r.set_type,
            r.reps,
            round(r.weight_kg, 1) if r.weight_kg else None,
            round(r.distance_km, 1) if r.distance_km else None,
            r.seconds,
            r.position,
        )
        for r in parsed.workouts  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("strong_current_kg.csv", parse_strong),
        ("strong_current_lbs_12h.csv", parse_strong),
        ("hevy_de_kg.csv", parse_hevy),
        ("hevy_us_lbs.csv", parse_hevy),
    ],
)
def test_current_layouts_read_the_same_history_row_by_row(
    fixture_text: Text, name: str, parse: Callable[[str], object]
) -> None:
    parsed = parse(fixture_text(name))
    assert parsed.problems == []  # type: ignore[attr-defined]
    assert _canonical(parsed) == SAME_HISTORY


def test_strong_current_layout_needs_no_unit_and_reads_meters(fixture_text: Text) -> None:
    parsed = parse_strong(fixture_text("strong_current_kg.csv"))
    assert parsed.rows == 10
    assert parsed.skipped == {"rest_timer": 1}
    running = parsed.workouts[-1]
    assert (running.distance_km, running.seconds) == (3.0, 1200.0)
    assert parsed.workouts[0].started == dt.datetime(2024, 12, 9, 7, 16, 55)
    pounds = parse_strong(fixture_text("strong_current_lbs_12h.csv"), unit="kg")
    assert pounds.workouts[1].weight_kg == round(132.28 * LB, 3)  # the header's unit wins
    assert pounds.workouts[-1].started == dt.datetime(2024, 12, 11, 18, 30)


@pytest.mark.parametrize(
    "start",
    [
        "9 Dec 2024, 07:16",
        "9 December 2024, 07:16",
        "9 Dez. 2024, 07:16",
        "9. Dezember 2024, 07:16",
        "9 déc. 2024, 07:16",
        "9 décembre 2024 à 07:16",
        "9 dic 2024, 7:16",
        "9 de dic. de 2024, 7:16",
        "9 dic 2024, 07:16",
        "9 de dez. de 2024, 07:16",
        "9 dec 2024, 07:16",
        "Dec 9, 2024, 7:16 AM",
        "Dec 9, 2024, 7:16\u202fAM",
        "2024-12-09 07:16:00",
    ],
)
def test_hevy_dates_in_every_language_and_clock(fixture_text: Text, start: str) -> None:
    text = fixture_text("hevy_de_kg.csv").replace("9 Dez. 2024, 07:16", start)
    parsed = parse_hevy(text)
    assert parsed.problems == []
    assert parsed.workouts[0].started == dt.datetime(2024, 12, 9, 7, 16)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2024-12-09 7:16:55\u202fAM", dt.datetime(2024, 12, 9, 7, 16, 55)),
        ("2024-12-09 7:16:55 AM", dt.datetime(2024, 12, 9, 7, 16, 55)),
        ("2024-12-09 12:05:00\u00a0AM", dt.datetime(2024, 12, 9, 0, 5)),
        ("2024-12-09 12:05:00 PM", dt.datetime(2024, 12, 9, 12, 5)),
        ("2024-12-09 7:16:55 p.m.", dt.datetime(2024, 12, 9, 19, 16, 55)),
    ],
)
def test_strong_twelve_hour_clocks(fixture_text: Text, when: str, expected: dt.datetime) -> None:
    text = fixture_text("strong_current_kg.csv").replace("2024-12-09 07:16:55", when)
    assert parse_strong(text).workouts[0].started == expected


def test_a_bad_date_is_shown_without_escapes(fixture_text: Text) -> None:
    text = fixture_text("strong_current_kg.csv").replace(
        "2024-12-09 07:16:55", "2024-12-09 13:16:55\u202fPM"
    )
    problems = parse_strong(text).problems
    assert len(problems) == 6
    reason = problems[0].reason
    assert reason.startswith("date '2024-12-09 13:16:55 PM' is not a date like")
    assert "\\u" not in reason and "\u202f" not in reason


def test_meaning_keys_ignore_layout_unit_and_app(fixture_text: Text) -> None:
    from gluteus.domain.history import LoggedSet
    from gluteus.imports.identity import set_key

    def keys(parsed: object) -> list[str]:
        found = []
        for r in parsed.workouts:  # type: ignore[attr-defined]
            if r.reps is None:
                continue
            entry = LoggedSet(
                date=r.date,
                exercise_id="hip-thrust",
                set_number=1,
                reps=r.reps,
                load_kg=r.weight_kg,
                last_two_hard=False,
            )
            found.append(set_key(r.started, r.position, entry))
        return found

    strong = keys(parse_strong(fixture_text("strong_current_kg.csv")))
    assert len(set(strong)) == len(strong)
    assert keys(parse_strong(fixture_text("strong_current_lbs_12h.csv"))) == strong
    assert keys(parse_hevy(fixture_text("hevy_us_lbs.csv"))) == strong
    assert keys(parse_hevy(fixture_text("hevy_de_kg.csv"))) == strong
