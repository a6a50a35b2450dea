"""Numbers and logged entries in words, in the person's units (no float noise).

Kept apart from :mod:`gluteus.cli.render` so that logging commands load no plan models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gluteus.domain.quantities import render_text
from gluteus.domain.units import (
    UnitSystem,
    format_circumference,
    format_distance,
    format_mass,
    format_number,
    format_speed,
)

if TYPE_CHECKING:
    from gluteus.domain.history import BandLevel
    from gluteus.services.journal import EntryView


number = format_number
"""A number rounded to ``digits`` without float noise or a trailing ``.0``."""


def format_load(load_kg: float | None, band: BandLevel | None, units: UnitSystem) -> str:
    """What was lifted: a mass, a band or bodyweight."""
    if load_kg is not None:
        return format_mass(load_kg, units)
    if band is not None:
        return f"{band.value.replace('_', ' ')} band"
    return "bodyweight"


def entry_text(entry: EntryView, units: UnitSystem) -> str:
    """One logged entry in words, in the person's units."""
    if entry.kind == "set":
        what = f"{entry.exercise_name or entry.exercise_id} set {entry.set_number}: "
        hard = "hard" if entry.last_two_hard else "easy"
        body = f"{entry.reps} × {format_load(entry.load_kg, entry.band, units)}, {hard}"
        return f"{entry.date} {what}{body}"
    if entry.kind == "cardio":
        name = entry.activity_name or entry.activity_id
        text = f"{entry.date} {name}: {number(entry.minutes)} min"
        if entry.distance_km is not None:
            text += f", {format_distance(entry.distance_km, units)}"
        if entry.speed_kmh is not None:
            text += f" at {format_speed(entry.speed_kmh, units)}"
        return text
    if entry.kind == "weight":
        return f"{entry.date} body weight {format_mass(entry.weight_kg, units)}"
    if entry.kind == "measure":
        sites = [
            f"{site} {format_circumference(value, units)}"
            for site, value in (
                ("hips", entry.hips_cm),
                ("waist", entry.waist_cm),
                ("thigh", entry.thigh_cm),
            )
            if value is not None
        ]
        return f"{entry.date} " + ", ".join(sites)
    if entry.kind == "pain":
        note = f" ({entry.note})" if entry.note else ""
        name = entry.exercise_name or entry.exercise_id
        where = "" if entry.region == "other" else f" in the {entry.region.replace('_', ' ')}"
        return f"{entry.date} pain {entry.severity}/10{where} on {name}{note}"
    if entry.kind == "period":
        return f"{entry.date} period started"
    meal = f" ({entry.meal})" if getattr(entry, "meal", None) else ""
    protein_g = getattr(entry, "protein_g", None)
    protein = f", {number(protein_g, 0)} g protein" if protein_g is not None else ""
    return f"{entry.date} intake {number(entry.kcal, 0)} kcal{protein}{meal}"


def localize(text: str, units: UnitSystem) -> str:
    """Domain text in the person's units (see :func:`gluteus.domain.quantities.render_text`)."""
    return render_text(text, units)
