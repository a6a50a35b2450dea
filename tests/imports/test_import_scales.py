from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gluteus.imports.scales import parse_date_order, parse_weights
from gluteus.imports.table import ImportFileError

LB = 0.45359237
Text = Callable[[str], str]


def _readings(name: str, text: Text, **options: str) -> list[tuple[int, dt.date, float]]:
    parsed = parse_weights(text(name), **options)
    assert parsed.problems == []
    return [(w.line, w.date, w.weight_kg) for w in parsed.weights]


def test_withings_row_by_row(fixture_text: Text) -> None:
    assert parse_weights(fixture_text("withings.csv")).format == "withings"
    assert _readings("withings.csv", fixture_text) == [
        (2, dt.date(2024, 3, 1), 72.4),
        (3, dt.date(2024, 3, 3), 72.1),
        (4, dt.date(2024, 3, 8), 71.8),
    ]


def test_renpho_day_first_dates_are_settled_by_the_file(fixture_text: Text) -> None:
    assert parse_weights(fixture_text("renpho_dmy.csv")).format == "renpho"
    assert _readings("renpho_dmy.csv", fixture_text) == [
        (2, dt.date(2024, 3, 2), 70.2),
        (3, dt.date(2024, 3, 25), 69.6),
    ]


def test_renpho_month_first_dates_in_pounds(fixture_text: Text) -> None:
    assert _readings("renpho_lb.csv", fixture_text) == [
        (2, dt.date(2024, 3, 13), round(160.4 * LB, 2)),
        (3, dt.date(2024, 3, 2), round(161.0 * LB, 2)),
    ]


def test_ambiguous_dates_are_refused_naming_the_row_and_the_option(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_weights(fixture_text("renpho_ambiguous.csv"))
    assert caught.value.field == "date_format"
    assert caught.value.reason.startswith("line 2:")
    assert "dmy" in (caught.value.allowed or "")


@pytest.mark.parametrize(
    ("order", "first"),
    [
        ("dmy", dt.date(2024, 3, 2)),
        ("DD/MM/YYYY", dt.date(2024, 3, 2)),
        ("mdy", dt.date(2024, 2, 3)),
    ],
)
def test_date_format_reads_ambiguous_dates(fixture_text: Text, order: str, first: dt.date) -> None:
    parsed = parse_weights(fixture_text("renpho_ambiguous.csv"), date_format=order)
    assert parsed.weights[0].date == first


def test_a_file_mixing_date_orders_is_refused(fixture_text: Text) -> None:
    text = fixture_text("renpho_lb.csv") + '"25/03/2024, 9:00 PM",160.0,25.0,30.0\n'
    with pytest.raises(ImportFileError, match="mixes day-first and month-first"):
        parse_weights(text)


def test_unknown_date_format_is_refused() -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_date_order("weekly")
    assert caught.value.field == "date_format"


def test_garmin_date_rows_then_time_rows(fixture_text: Text) -> None:
    assert parse_weights(fixture_text("garmin.csv")).format == "garmin"
    assert _readings("garmin.csv", fixture_text) == [
        (3, dt.date(2024, 3, 12), 80.4),
        (5, dt.date(2024, 3, 10), 80.2),
        (6, dt.date(2024, 3, 10), 81.0),
    ]


def test_garmin_pounds_in_values(fixture_text: Text) -> None:
    text = fixture_text("garmin.csv").replace("80.4 kg", "177.2 lbs")
    parsed = parse_weights(text)
    assert parsed.weights[0].weight_kg == round(177.2 * LB, 2)


def test_google_fit_days_without_weight_are_counted_not_imported(fixture_text: Text) -> None:
    parsed = parse_weights(fixture_text("googlefit.csv"))
    assert parsed.format == "google-fit"
    assert parsed.rows == 3
    assert parsed.skipped == {"empty": 1}
    assert [(w.line, w.date, w.weight_kg) for w in parsed.weights] == [
        (2, dt.date(2024, 3, 1), 68.25),
        (4, dt.date(2024, 3, 4), 67.9),
    ]


def test_plain_csv_needs_a_unit_and_takes_it(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_weights(fixture_text("plain.csv"))
    assert caught.value.field == "unit"
    assert _readings("plain.csv", fixture_text, unit="lb") == [
        (2, dt.date(2024, 3, 1), round(154.2 * LB, 2)),
        (3, dt.date(2024, 3, 15), round(152.8 * LB, 2)),
    ]


def test_plain_csv_with_the_unit_in_its_header() -> None:
    parsed = parse_weights("date;weight_kg\n2024-03-01;70,5\n")
    assert [(w.date, w.weight_kg) for w in parsed.weights] == [(dt.date(2024, 3, 1), 70.5)]


def test_an_unknown_header_is_refused_listing_the_formats(fixture_text: Text) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_weights(fixture_text("hevy_kg.csv"))
    assert caught.value.field == "file"
    assert "Time of Measurement" in (caught.value.allowed or "")


def test_weight_keys_differ_by_reading_and_repeat_on_reimport(fixture_text: Text) -> None:
    first = [w.key for w in parse_weights(fixture_text("garmin.csv")).weights]
    assert len(set(first)) == 3
    assert first == [w.key for w in parse_weights(fixture_text("garmin.csv")).weights]


def test_samsung_health_weights_on_the_phone_s_local_day(fixture_text: Text) -> None:
    text = fixture_text("samsung_health_weight.csv")
    parsed = parse_weights(text)
    assert parsed.format == "samsung-health"
    assert [(w.line, w.date, w.weight_kg) for w in parsed.weights] == [
        (3, dt.date(2024, 12, 9), 72.4),
        (4, dt.date(2024, 12, 11), 71.8),
    ]
    late = text.replace("2024-12-11 05:58:00.000", "2024-12-10 23:30:00.000")
    assert parse_weights(late).weights[1].date == dt.date(2024, 12, 11)  # 00:30 at UTC+1
    plain = text.replace("com.samsung.health.weight.", "").split("\n", 1)[1]
    assert [w.weight_kg for w in parse_weights(plain).weights] == [72.4, 71.8]
