"""Pages for the journal: logging forms, the history with edit and delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from gluteus.domain.catalog import Kind, default_catalog
from gluteus.domain.units import UnitSystem
from gluteus.services import journal
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError, from_validation
from gluteus.services.quantities import distance_km, length_cm, mass_kg
from gluteus.web.deps import PageForm, PageUser, use_case
from gluteus.web.pages import (
    date_field,
    form_text,
    length_input,
    mass_input,
    number,
    optional,
    redirect,
    render,
)

router = APIRouter()
KINDS = ("weight", "cardio", "measure", "pain", "intake", "set")
SITES = ("hips", "waist", "thigh")


def _exercise_choices() -> dict[str, Any]:
    catalog = default_catalog()
    return {
        "cardio_choices": catalog.filter(kind=Kind.CARDIO),
        "strength_choices": [e for e in catalog if e.kind is not Kind.CARDIO],
    }


def _log_context(actor: Actor, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Log",
        "units": actor.units,
        "today_date": actor.today,
        **_exercise_choices(),
        **extra,
    }


@router.get("/log")
def log_page(request: Request, user_id: PageUser, saved: str = "") -> Response:
    """Forms for weight, cardio, circumferences, pain, intake and single sets."""
    with use_case(request, user_id) as (_session, actor):
        context = _log_context(actor, saved=saved)
    return render(request, "log.html", context)


def _mass(form: Any, name: str, units: UnitSystem, field: str) -> float | None:
    text = optional(form, name)
    return mass_kg(text, units, field) if text else None


def _length(form: Any, name: str, units: UnitSystem, field: str) -> float | None:
    text = optional(form, name)
    return length_cm(text, units, field) if text else None


def _float(form: Any, name: str) -> float:
    value = number(form, name)
    if value is None:
        raise InputError(name, "required")
    return float(value)


def log_from_form(kind: str, form: Any, session: Any, actor: Actor) -> list[journal.EntryView]:
    """Log one entry of ``kind`` from a submitted form (numbers in the actor's units)."""
    units = actor.units
    date = date_field(form, "date", actor.today)
    if kind == "weight":
        weight = _mass(form, "weight", units, "weight_kg")
        if weight is None:
            raise InputError("weight_kg", "required")
        return [
            journal.log_weight(session, actor, journal.WeightInput(weight_kg=weight, date=date))
        ]
    if kind == "cardio":
        distance = optional(form, "distance")
        given = journal.CardioInput(
            activity_id=form_text(form, "activity_id"),
            minutes=_float(form, "minutes"),
            date=date,
            distance_km=distance_km(distance, units) if distance else None,
        )
        return [journal.log_cardio(session, actor, given)]
    if kind == "measure":
        sites = {f"{s}_cm": _length(form, s, units, f"{s}_cm") for s in SITES}
        return [journal.log_measurement(session, actor, journal.MeasureInput(date=date, **sites))]
    if kind == "pain":
        severity = number(form, "severity", integer=True)
        given_pain = journal.PainInput(
            exercise_id=form_text(form, "exercise_id"),
            severity=int(severity) if severity is not None else 0,
            note=form_text(form, "note")[:500],
            date=date,
        )
        return [journal.log_pain(session, actor, given_pain)]
    if kind == "intake":
        given_intake = journal.IntakeInput(kcal=_float(form, "kcal"), date=date)
        return [journal.log_intake(session, actor, given_intake)]
    reps = number(form, "reps", integer=True)
    given_sets = journal.SetsInput(
        exercise_id=form_text(form, "exercise_id"),
        reps=[int(reps)] if reps is not None else [],
        last_two_hard=form_text(form, "hard") == "yes",
        date=date,
        load_kg=_mass(form, "load", units, "load_kg"),
        band=optional(form, "band"),
    )
    return journal.log_sets(session, actor, given_sets)


@router.post("/log/{kind}")
def log_entry(request: Request, form: PageForm, user_id: PageUser, kind: str) -> Response:
    """Save one logging form; back to the log page with a confirmation."""
    if kind not in KINDS:
        raise NotFoundError("kind", kind, "not a kind of log")
    try:
        with use_case(request, user_id) as (session, actor):
            views = log_from_form(kind, form, session, actor)
    except InputError as exc:
        with use_case(request, user_id) as (_session, actor):
            context = _log_context(actor, saved="", failed=kind)
        return render(request, "log.html", context, status=422, problems=exc.problems)
    return redirect(f"/log?saved={views[0].id}")


# --- history ---------------------------------------------------------------------------------


@router.get("/history")
def history_page(
    request: Request, user_id: PageUser, kind: str = "", since: str = "", until: str = ""
) -> Response:
    """Everything logged, newest first, with edit and delete."""
    values = {"kind": kind, "since": since, "until": until}
    try:
        query = journal.HistoryQuery.model_validate({k: v for k, v in values.items() if v})
    except ValidationError as exc:
        raise from_validation(exc, journal.HistoryQuery) from None
    with use_case(request, user_id) as (session, actor):
        entries = journal.list_entries(session, actor, query)
    context = {
        "title": "History",
        "entries": list(reversed(entries)),
        "filters": values,
        "kinds": journal.ENTRY_KIND_NAMES,
        "units": actor.units,
    }
    return render(request, "history.html", context)


@router.post("/history/{entry_id}/delete")
def delete_entry(request: Request, user_id: PageUser, entry_id: str) -> Response:
    """Delete one of your entries."""
    with use_case(request, user_id) as (session, actor):
        journal.delete_entries(session, actor, [entry_id])
    return redirect("/history")


def _edit_values(entry: Any, units: UnitSystem) -> dict[str, Any]:
    data = entry.model_dump()
    values: dict[str, Any] = {"date": str(entry.date)}
    if "weight_kg" in data:
        values["weight"] = mass_input(entry.weight_kg, units)
    if "load_kg" in data:
        values["load"] = mass_input(entry.load_kg, units)
    for site in SITES:
        if f"{site}_cm" in data:
            values[site] = length_input(data[f"{site}_cm"], units)
    for key in ("reps", "minutes", "severity", "note", "kcal", "band", "last_two_hard"):
        if key in data:
            values[key] = data[key] if data[key] is not None else ""
    return values


@router.get("/history/{entry_id}/edit")
def edit_page(request: Request, user_id: PageUser, entry_id: str) -> Response:
    """A form to correct one entry."""
    with use_case(request, user_id) as (session, actor):
        entry = journal.get_entry(session, actor, entry_id)
    context = {"title": "Edit entry", "entry": entry, "values": _edit_values(entry, actor.units)}
    return render(request, "edit.html", {**context, "units": actor.units})


def edit_from_form(kind: str, form: Any, units: UnitSystem) -> journal.EntryEdit:
    """The changes a submitted edit form asks for (empty optional fields clear them)."""
    changes: dict[str, Any] = {}
    if form_text(form, "date"):
        changes["date"] = form_text(form, "date")
    if kind == "weight":
        changes["weight_kg"] = _mass(form, "weight", units, "weight_kg")
    elif kind == "set":
        changes["reps"] = number(form, "reps", integer=True)
        changes["load_kg"] = _mass(form, "load", units, "load_kg")
        changes["band"] = optional(form, "band")
        changes["last_two_hard"] = form_text(form, "hard") == "yes"
    elif kind == "cardio":
        changes["minutes"] = number(form, "minutes")
    elif kind == "measure":
        for site in SITES:
            changes[f"{site}_cm"] = _length(form, site, units, f"{site}_cm")
    elif kind == "pain":
        changes["severity"] = number(form, "severity", integer=True)
        changes["note"] = form_text(form, "note")[:500]
    elif kind == "intake":
        changes["kcal"] = number(form, "kcal")
    if kind == "set" and changes["band"] is None:
        changes.pop("band")
    if kind == "set" and changes["load_kg"] is None:
        changes.pop("load_kg")
    try:
        return journal.EntryEdit.model_validate(changes)
    except ValueError as exc:
        raise InputError("date", "not a date", allowed="YYYY-MM-DD") from exc


@router.post("/history/{entry_id}/edit")
def edit_entry(request: Request, form: PageForm, user_id: PageUser, entry_id: str) -> Response:
    """Save the corrections to one entry."""
    try:
        with use_case(request, user_id) as (session, actor):
            entry = journal.get_entry(session, actor, entry_id)
            journal.edit_entry(
                session, actor, entry_id, edit_from_form(entry.kind, form, actor.units)
            )
    except InputError as exc:
        with use_case(request, user_id) as (session, actor):
            entry = journal.get_entry(session, actor, entry_id)
        context = {
            "title": "Edit entry",
            "entry": entry,
            "values": dict(form),
            "units": actor.units,
        }
        return render(request, "edit.html", context, status=422, problems=exc.problems)
    return redirect("/history")
