"""Quantities people type, with or without units: bare numbers are read in their units.

Shared by every edge (CLI flags, web forms); errors name the service field.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from gluteus.domain.units import (
    KM_PER_MI,
    MASS_DECIMALS,
    UnitParseError,
    UnitSystem,
    cm_to_in,
    format_number,
    kg_to_lb,
    parse_length_cm,
    parse_mass_kg,
)
from gluteus.services.errors import FieldProblem, InputError

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


_STORED_UNITS = {"_kg": ("kg", "lb"), "_cm": ("cm", "in")}
"""Field-name endings of stored masses and lengths: their metric and imperial units."""


def _in(system: UnitSystem, suffix: str, value: float) -> float:
    if system is UnitSystem.METRIC:
        return value
    return kg_to_lb(value) if suffix == "_kg" else cm_to_in(value)


def in_units(problem: FieldProblem, system: UnitSystem) -> FieldProblem:
    """``problem`` with its allowed range and value in ``system``'s units, unit named.

    A person on a page types pounds or inches into a form whose field is stored in kg or cm;
    a range said in the stored unit (``allowed range 0–500`` beside a field labelled lb)
    misleads them, so the range and the value given are said in their units instead.
    Problems of other fields come back as they are.
    """
    name = problem.field.rsplit(".", 1)[-1].split("[")[0]
    suffix = next((end for end in _STORED_UNITS if name.endswith(end)), None)
    if suffix is None or problem.bounds is None:
        return problem
    unit = _STORED_UNITS[suffix][system is UnitSystem.IMPERIAL]
    digits = MASS_DECIMALS[system] if suffix == "_kg" else 1

    def said(bound: float | None) -> str:
        return "…" if bound is None else format_number(_in(system, suffix, bound), digits)

    low, high = problem.bounds
    value: Any = problem.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = round(_in(system, suffix, value), digits)
    return replace(problem, allowed=f"allowed range {said(low)}–{said(high)} {unit}", value=value)
