"""Parsing of lengths and masses typed by people, and metric/imperial conversion.

Everything inside Gluteus is metric (kg, cm); this module is where imperial input becomes
metric and where metric output becomes imperial for display. It does no I/O. Quantities inside
sentences are typed by :mod:`gluteus.domain.quantities` and rendered with these formats.
"""

from __future__ import annotations

import re
from enum import StrEnum

KG_PER_LB = 0.45359237
CM_PER_IN = 2.54
KM_PER_MI = 1.609344
IN_PER_FT = 12
KCAL_PER_LB_FAT = 3500.0
"""The seeds' rule (002): one pound of fat stores about 3,500 kcal (Wishnofsky 1958)."""
KCAL_PER_KG_FAT_RULE = KCAL_PER_LB_FAT / KG_PER_LB


class UnitSystem(StrEnum):
    """How numbers are shown to a person."""

    METRIC = "metric"
    IMPERIAL = "imperial"


class UnitParseError(ValueError):
    """A length or mass could not be read; the message says what is accepted."""


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_LENGTH_UNITS = {
    "cm": 1.0,
    "centimeter": 1.0,
    "centimeters": 1.0,
    "centimetre": 1.0,
    "centimetres": 1.0,
    "m": 100.0,
    "meter": 100.0,
    "meters": 100.0,
    "metre": 100.0,
    "metres": 100.0,
    "mm": 0.1,
    "in": CM_PER_IN,
    "inch": CM_PER_IN,
    "inches": CM_PER_IN,
    '"': CM_PER_IN,
    "ft": CM_PER_IN * IN_PER_FT,
    "foot": CM_PER_IN * IN_PER_FT,
    "feet": CM_PER_IN * IN_PER_FT,
    "'": CM_PER_IN * IN_PER_FT,
}
_MASS_UNITS = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilo": 1.0,
    "kilos": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "g": 0.001,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "pound": KG_PER_LB,
    "pounds": KG_PER_LB,
    "st": 14 * KG_PER_LB,
    "stone": 14 * KG_PER_LB,
}
_TERM = re.compile(r"\s*" + _NUMBER + r"\s*([a-zA-Z]+|['\"])?\s*")


def _terms(text: str) -> list[tuple[float, str]]:
    pos = 0
    out: list[tuple[float, str]] = []
    cleaned = text.strip().lower()
    while pos < len(cleaned):
        match = _TERM.match(cleaned, pos)
        if match is None or match.end() == pos:
            raise UnitParseError(f"cannot read {text!r}")
        out.append((float(match.group(1).replace(",", ".")), match.group(2) or ""))
        pos = match.end()
    if not out:
        raise UnitParseError(f"cannot read {text!r}")
    return out


def _parse(text: str | float, units: dict[str, float], default: str, examples: str) -> float:
    if isinstance(text, int | float):
        return float(text)
    try:
        terms = _terms(text)
    except UnitParseError:
        raise UnitParseError(f"cannot read {text!r}; write it like {examples}") from None
    total = 0.0
    for i, (value, unit) in enumerate(terms):
        unit = unit or (default if len(terms) == 1 else "")
        if not unit and i > 0 and terms[0][1] in ("ft", "foot", "feet", "'"):
            unit = "in"
        if not unit and i > 0 and terms[0][1] in ("st", "stone"):
            unit = "lb"
        if unit not in units:
            raise UnitParseError(f"unknown unit {unit!r} in {text!r}; write it like {examples}")
        total += value * units[unit]
    return total


def parse_length_cm(text: str | float) -> float:
    """Read a height such as ``165``, ``165cm``, ``1.65 m``, ``5ft 5in`` or ``5'5"``.

    A bare number is taken as centimetres.

    Args:
        text: What the person typed, or a number already in centimetres.

    Returns:
        Length. [cm]
    """
    return _parse(text, _LENGTH_UNITS, "cm", "165cm, 1.65m or 5ft 5in")


def parse_mass_kg(text: str | float) -> float:
    """Read a body mass such as ``72``, ``72kg``, ``160lb`` or ``11st 6lb``.

    A bare number is taken as kilograms.

    Args:
        text: What the person typed, or a number already in kilograms.

    Returns:
        Mass. [kg]
    """
    return _parse(text, _MASS_UNITS, "kg", "72kg or 160lb")


def kg_to_lb(mass_kg: float) -> float:
    """Convert a mass from kilograms to pounds."""
    return mass_kg / KG_PER_LB


def lb_to_kg(mass_lb: float) -> float:
    """Convert a mass from pounds to kilograms."""
    return mass_lb * KG_PER_LB


def cm_to_in(length_cm: float) -> float:
    """Convert a length from centimetres to inches."""
    return length_cm / CM_PER_IN


MASS_DECIMALS: dict[UnitSystem, int] = {UnitSystem.METRIC: 2, UnitSystem.IMPERIAL: 1}
"""Most decimals a mass is shown with, trailing zeros dropped (the one rule for every edge).

0.01 kg keeps a pair of 1.25 kg plates and a 25 lb dumbbell (11.34 kg) exact; 0.1 lb is finer
than any scale or dumbbell step. A whole number shows no decimals: ``72 kg``, ``160 lb``.
"""


def format_number(value: float, digits: int = 1) -> str:
    """``value`` rounded to ``digits`` decimals, without float noise or trailing zeros."""
    text = f"{value:.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def format_mass(mass_kg: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """Show a mass in the person's units, e.g. ``72 kg``, ``11.34 kg`` or ``158.7 lb``.

    Rounded to :data:`MASS_DECIMALS` for the unit system, trailing zeros dropped.
    """
    if system is UnitSystem.IMPERIAL:
        return f"{format_number(kg_to_lb(mass_kg), MASS_DECIMALS[system])} lb"
    return f"{format_number(mass_kg, MASS_DECIMALS[system])} kg"


def format_distance(distance_km: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """A distance in the person's units: ``3.2 km`` or ``2 mi`` (to 0.01, no trailing zeros)."""
    if system is UnitSystem.IMPERIAL:
        return f"{format_number(distance_km / KM_PER_MI, 2)} mi"
    return f"{format_number(distance_km, 2)} km"


def format_speed(speed_kmh: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """A speed in the person's units: ``6 km/h`` or ``3.7 mph`` (to 0.1, no trailing zeros)."""
    if system is UnitSystem.IMPERIAL:
        return f"{format_number(speed_kmh / KM_PER_MI)} mph"
    return f"{format_number(speed_kmh)} km/h"


def format_length(length_cm: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """Show a length in the person's units, e.g. ``165 cm`` or ``5 ft 5 in``."""
    if system is UnitSystem.IMPERIAL:
        inches = cm_to_in(length_cm)
        feet, rest = divmod(round(inches), IN_PER_FT)
        return f"{feet} ft {rest} in"
    return f"{length_cm:.0f} cm"


def format_circumference(length_cm: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """Show a body circumference, e.g. ``98.5 cm`` or ``38.8 in``."""
    if system is UnitSystem.IMPERIAL:
        return f"{cm_to_in(length_cm):.1f} in"
    return f"{length_cm:.1f} cm"


def format_count(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and its noun in the right number: "1 set", "2 sets", "3 bouts of cardio"."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
