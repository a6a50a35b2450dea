"""Messages with typed quantities: metric text unchanged, imperial rendered, storage round trip."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from gluteus.domain.catalog import default_catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile, Weekday
from gluteus.domain.program import Program
from gluteus.domain.quantities import (
    STORAGE_CONTEXT,
    Duration,
    Energy,
    Length,
    Mass,
    MassRange,
    Message,
    Speed,
    Text,
    message,
    render_text,
)
from gluteus.domain.units import UnitSystem, lb_to_kg

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC
DOMAIN = Path(__file__).resolve().parents[2] / "src" / "gluteus" / "domain"


@pytest.mark.parametrize(
    ("quantity", "metric", "imperial"),
    [
        (Mass(0.5, ".2f"), "0.50 kg", "1.1 lb"),
        (Mass(-0.25, "+.2f"), "-0.25 kg", "-0.6 lb"),
        (Mass(0.25, "+.2f"), "+0.25 kg", "+0.6 lb"),
        (Mass(72.0), "72 kg", "158.7 lb"),
        (Mass(lb_to_kg(25)), "11.34 kg", "25 lb"),
        (Mass(12.5, "g"), "12.5 kg", "27.6 lb"),
        (MassRange(0.5, 1.5), "0.5-1.5 kg", "1.1-3.3 lb"),
        (Length(98.5, ".1f"), "98.5 cm", "38.8 in"),
        (Speed(6.4), "6.4 km/h", "4 mph"),
        (Energy(1850), "1,850 kcal", "1,850 kcal"),
        (Duration(45), "45 s", "45 s"),
        (Duration(1800), "30 min", "30 min"),
        (Duration(5400), "90 min", "90 min"),
        (Duration(3 * 3600), "3 h", "3 h"),
    ],
)
def test_each_quantity_renders_in_both_systems(
    quantity: Mass | MassRange | Length | Speed | Energy | Duration, metric: str, imperial: str
) -> None:
    assert quantity.render(METRIC) == metric
    assert quantity.render(IMPERIAL) == imperial


def test_a_message_is_its_metric_text_and_renders_imperial() -> None:
    text = message(
        "Losing {rate} a week {band}: {n:.0f} check-ins",
        rate=Mass(0.4, ".2f"),
        band=MassRange(0.2, 0.6, ".1f"),
        n=3.0,
    )
    assert isinstance(text, str)
    assert text == "Losing 0.40 kg a week 0.2-0.6 kg: 3 check-ins"
    assert render_text(text, METRIC) == text
    assert render_text(text, IMPERIAL) == "Losing 0.9 lb a week 0.4-1.3 lb: 3 check-ins"


def test_joining_and_adding_keep_the_quantities() -> None:
    first = message("aim at {pace} a week", pace=Mass(0.5, ".2f"))
    joined = Message(" ").join_parts(["You burn 2,000 kcal;", first, "ok."])
    assert joined == "You burn 2,000 kcal; aim at 0.50 kg a week ok."
    assert render_text(joined, IMPERIAL) == "You burn 2,000 kcal; aim at 1.1 lb a week ok."
    added = "Lead: " + first + "."
    assert isinstance(added, Message)
    assert render_text(added, IMPERIAL) == "Lead: aim at 1.1 lb a week."
    nested = message("({inner})", inner=first)
    assert render_text(nested, IMPERIAL) == "(aim at 1.1 lb a week)"


def test_plain_text_is_never_parsed_for_numbers() -> None:
    assert render_text("lift 20 kg", IMPERIAL) == "lift 20 kg"


class _Holder(BaseModel):
    model_config = ConfigDict(frozen=True)
    detail: Text
    notes: tuple[Text, ...] = ()


def test_text_fields_dump_plain_text_for_the_api_and_parts_for_storage() -> None:
    note = message("Pace capped at {safe}/week.", safe=Mass(0.75, ".2f"))
    held = _Holder(detail=note, notes=(note, "plain"))
    assert held.model_dump(mode="json") == {
        "detail": "Pace capped at 0.75 kg/week.",
        "notes": ["Pace capped at 0.75 kg/week.", "plain"],
    }
    assert _Holder.model_json_schema()["properties"]["detail"]["type"] == "string"
    stored = held.model_dump_json(context=STORAGE_CONTEXT)
    back = _Holder.model_validate_json(stored)
    assert back == held
    assert render_text(back.detail, IMPERIAL) == "Pace capped at 1.7 lb/week."
    assert render_text(back.notes[0], IMPERIAL) == "Pace capped at 1.7 lb/week."
    assert back.notes[1] == "plain"
    assert _Holder.model_validate({"detail": "old stored text"}).detail == "old stored text"


@pytest.mark.parametrize(
    "bad",
    [
        {"parts": [{"kind": "volume", "l": 1}]},
        {"parts": [{"kind": "mass"}]},
        {"parts": [{"kind": "mass", "kg": 1, "colour": "red"}]},
        {"parts": 5},
    ],
)
def test_a_malformed_stored_message_is_a_validation_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="a stored message needs 'parts'"):
        _Holder.model_validate({"detail": bad})


_NUMBER_THEN_UNIT = re.compile(r"^\s?(kg|lb|km/h)\b")


def _f_strings_writing_units(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for before, after in zip(node.values, node.values[1:], strict=False):
            if (
                isinstance(before, ast.FormattedValue)
                and isinstance(after, ast.Constant)
                and isinstance(after.value, str)
                and _NUMBER_THEN_UNIT.match(after.value)
            ):
                found.append(f"{path.relative_to(DOMAIN)}:{node.lineno}")
    return found


# Error messages about input (bad values, allowed ranges) name metric units on purpose: they
# describe the API's own fields, which are metric.
_INPUT_ERRORS = {"energy/estimate/expenditure.py", "profile.py"}
_RENDERERS = {"quantities.py", "units.py"}


def test_no_domain_sentence_writes_a_number_before_a_unit() -> None:
    """A mass or speed in domain text is a typed quantity, never "{x} kg" in an f-string."""
    offenders = [
        hit
        for path in sorted(DOMAIN.rglob("*.py"))
        if path.relative_to(DOMAIN).as_posix() not in _INPUT_ERRORS | _RENDERERS
        for hit in _f_strings_writing_units(path)
    ]
    assert not offenders, offenders


def test_a_stored_plan_reloads_with_its_quantities() -> None:
    """A plan saved with STORAGE_CONTEXT shows its capped pace in pounds after reloading."""
    profile = Profile(
        sex="female",
        age=35,
        height_cm=165,
        weight_kg=60,
        pace_kg_per_week=1.0,
        available_days=[Weekday.MON, Weekday.WED, Weekday.FRI],
    )
    program = build_program(profile, default_catalog())
    note = next(n for n in program.calories.notes if n.startswith("Pace capped"))
    assert note == (
        "Pace capped at 0.60 kg/week (about 1 % of body weight, at most 1 kg), planned "
        "workouts counted; 1.00 kg/week was asked."
    )
    api = program.model_dump(mode="json")
    assert note in api["calories"]["notes"]  # the API keeps plain metric text
    stored = program.model_dump_json(context=STORAGE_CONTEXT)
    reloaded = Program.model_validate_json(stored)
    back = next(n for n in reloaded.calories.notes if n.startswith("Pace capped"))
    assert render_text(back, IMPERIAL) == (
        "Pace capped at 1.3 lb/week (about 1 % of body weight, at most 2.2 lb), planned "
        "workouts counted; 2.2 lb/week was asked."
    )
    assert render_text(back, METRIC) == note


def _texts(program: Program) -> list[str]:
    texts: list[str] = [program.calories.method, *program.calories.notes]
    texts += [rule.detail for rule in program.rules]
    texts += [tip.text for tip in program.tips]
    for week in program.weeks:
        texts += week.notes
        for day in week.days:
            for session in day.sessions:
                texts += session.notes
                texts += [planned.why for planned in session.exercises]
    return texts


@pytest.mark.parametrize(
    "changes",
    [
        {"pace_kg_per_week": 1.0},
        {"goal_weight_kg": 40.0},
        {"breastfeeding": True, "postpartum_weeks": 30},
        {"weight_kg": 95.0, "pace_kg_per_week": 0.5},
    ],
    ids=["capped pace", "goal under BMI 18.5", "breastfeeding", "heavier"],
)
def test_no_plan_text_shows_kilograms_to_an_imperial_reader(changes: dict[str, object]) -> None:
    """Every mass in a plan's person-facing text is typed, so imperial shows no "N kg"."""
    base = {
        "sex": "female",
        "age": 35,
        "height_cm": 165,
        "weight_kg": 70,
        "available_days": [Weekday.MON, Weekday.WED, Weekday.FRI],
    }
    program = build_program(Profile.model_validate({**base, **changes}), default_catalog())
    leftovers = [
        shown
        for text in _texts(program)
        if re.search(r"\d ?kg\b", shown := render_text(text, IMPERIAL))
    ]
    assert not leftovers, leftovers
