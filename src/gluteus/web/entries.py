"""Logged entries in plain words, as the pages name them to the person (never by their id).

Only wording: what an entry is comes from :mod:`gluteus.services.journal`.
"""

from __future__ import annotations

import datetime as dt

from gluteus.domain.units import UnitSystem, format_circumference
from gluteus.services.journal import EntryView
from gluteus.web.pages import distance, mass_input


def day_words(day: dt.date, today: dt.date) -> str:
    """A day as people say it, e.g. ``Mon 7 Dec`` (with the year when it is not this one)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def _mass_words(mass_kg: float, units: UnitSystem) -> str:
    unit = "lb" if units is UnitSystem.IMPERIAL else "kg"
    return f"{mass_input(mass_kg, units)} {unit}"


def _what(entry: EntryView, units: UnitSystem) -> str:
    if entry.kind == "set":
        name = entry.exercise_name or "an exercise"
        text = f"Set {entry.set_number} of {name}, {entry.reps} reps"
        if entry.load_kg:
            text += f" × {_mass_words(entry.load_kg, units)}"
        if entry.band is not None:
            text += f", {entry.band.value.replace('_', ' ')} band"
        return text
    if entry.kind == "cardio":
        text = f"{entry.activity_name or 'Cardio'}, {entry.minutes:.0f} min"
        if entry.distance_km:
            text += f", {distance(entry.distance_km, units)}"
        return text
    if entry.kind == "weight":
        return f"Body weight {_mass_words(entry.weight_kg, units)}"
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
        return "Measurements: " + ", ".join(sites) if sites else "Measurements"
    if entry.kind == "pain":
        return f"Pain {entry.severity}/10 on {entry.exercise_name or 'an exercise'}"
    if entry.kind == "period":
        return "Period started"
    protein = f", {entry.protein_g:.0f} g protein" if entry.protein_g is not None else ""
    return f"Ate {entry.kcal:.0f} kcal{protein}"


def entry_words(entry: EntryView, units: UnitSystem, today: dt.date) -> str:
    """One entry in plain words, e.g. ``Set 2 of Hip thrust, 10 reps × 40 kg, Mon 7 Dec``."""
    return f"{_what(entry, units)}, {day_words(entry.date, today)}"
