"""Quantities people type, with or without units: bare numbers are read in their units.

Shared by every edge (CLI flags, web forms); errors name the service field.
"""

from __future__ import annotations

import re

from gluteus.domain.units import (
    KM_PER_MI,
    UnitParseError,
    UnitSystem,
    parse_length_cm,
    parse_mass_kg,
)
from gluteus.services.errors import InputError

_BARE = re.compile(r"\d+(?:[.,]\d+)?")
_DISTANCE = {"km": 1.0, "m": 0.001, "mi": KM_PER_MI, "mile": KM_PER_MI, "miles": KM_PER_MI}
_SPEED = {"kmh": 1.0, "km/h": 1.0, "kph": 1.0, "mph": KM_PER_MI}


def _with_unit(text: str, bare_unit: str) -> str:
    stripped = text.strip()
    return stripped + bare_unit if _BARE.fullmatch(stripped) else stripped


def mass_kg(text: str, units: UnitSystem, field: str) -> float:
    """A mass such as ``8kg``, ``18lb`` or a bare number in ``units``. [kg]"""
    bare = "lb" if units is UnitSystem.IMPERIAL else "kg"
    try:
        return parse_mass_kg(_with_unit(text, bare))
    except UnitParseError as exc:
        raise InputError(field, str(exc), value=text) from None


def length_cm(text: str, units: UnitSystem, field: str) -> float:
    """A length such as ``100cm``, ``39in``, ``5ft 5in`` or a bare number in ``units``. [cm]"""
    bare = "in" if units is UnitSystem.IMPERIAL else "cm"
    try:
        return parse_length_cm(_with_unit(text, bare))
    except UnitParseError as exc:
        raise InputError(field, str(exc), value=text) from None


def _scaled(text: str, table: dict[str, float], bare: str, field: str, examples: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([a-z/]*)\s*", text.lower())
    if match is None or (match.group(2) or bare) not in table:
        raise InputError(field, "cannot read it", allowed=f"e.g. {examples}", value=text)
    return float(match.group(1).replace(",", ".")) * table[match.group(2) or bare]


def distance_km(text: str, units: UnitSystem, field: str = "distance_km") -> float:
    """A distance such as ``3km``, ``800m``, ``2mi`` or a bare number in ``units``. [km]"""
    bare = "mi" if units is UnitSystem.IMPERIAL else "km"
    return _scaled(text, _DISTANCE, bare, field, "3km, 800m or 2mi")


def speed_kmh(text: str, units: UnitSystem, field: str = "speed_kmh") -> float:
    """A speed such as ``6kmh``, ``4mph`` or a bare number in ``units``. [km/h]"""
    bare = "mph" if units is UnitSystem.IMPERIAL else "kmh"
    return _scaled(text, _SPEED, bare, field, "6kmh or 4mph")
