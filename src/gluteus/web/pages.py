"""Rendering pages: one helper that adds what every page needs, and the template filters.

Numbers are stored metric and shown in the signed-in person's units.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from gluteus.charts.figure import exercise_svg_tag, first_steps
from gluteus.domain.catalog import Exercise, default_catalog
from gluteus.domain.quantities import render_text
from gluteus.domain.units import (
    UnitSystem,
    cm_to_in,
    format_circumference,
    format_count,
    format_distance,
    format_length,
    format_mass,
    format_number,
    kg_to_lb,
)
from gluteus.exports import WEEKDAY_NAMES, dose_text
from gluteus.services.errors import FieldProblem, InputError
from gluteus.services.quantities import in_units
from gluteus.web.deps import csrf_token, web_state


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    return format_number(value, digits)


def mass_input(mass_kg: float | None, units: UnitSystem) -> str:
    """A mass as a bare number in ``units``, for a form field."""
    if mass_kg is None:
        return ""
    return _number(kg_to_lb(mass_kg) if units is UnitSystem.IMPERIAL else mass_kg)


def length_input(length_cm: float | None, units: UnitSystem) -> str:
    """A length as a bare number (cm or in), for a form field."""
    if length_cm is None:
        return ""
    return _number(cm_to_in(length_cm) if units is UnitSystem.IMPERIAL else length_cm)


def distance(km: float | None, units: UnitSystem) -> str:
    """A distance in the person's units."""
    return "" if km is None else format_distance(km, units)


def install_template_globals(templates: Jinja2Templates) -> None:
    """Filters and globals every template may use."""
    env = templates.env
    env.filters["mass"] = lambda kg, units: format_mass(kg, units) if kg is not None else "—"
    env.filters["stature"] = lambda cm, units: format_length(cm, units)
    env.filters["girth"] = lambda cm, units: format_circumference(cm, units) if cm else "—"
    env.filters["distance"] = distance
    env.filters["dose"] = dose_text
    env.filters["num"] = _number
    env.filters["count"] = lambda n, noun: format_count(int(n), str(noun))
    env.filters["label"] = lambda text: str(text).replace("_", " ")
    env.filters["problem_label"] = problem_label
    env.filters["localize"] = render_text
    env.filters["weekday"] = lambda day: WEEKDAY_NAMES.get(str(day), str(day))
    env.globals["UnitSystem"] = UnitSystem
    env.globals["figure_url"] = figure_url
    env.globals["figure_alt"] = figure_alt


def figure_alt(exercise: Exercise | str) -> str:
    """The text alternative of a figure: the exercise's first steps."""
    if isinstance(exercise, str):
        exercise = default_catalog().get(exercise)
    return first_steps(exercise)


def figure_url(exercise: Exercise | str, mode: str = "animated") -> str:
    """Where an exercise's figure is served, versioned by its content hash (cache-safe).

    Accepts the exercise or its id (planned exercises carry the id).
    """
    if isinstance(exercise, str):
        exercise = default_catalog().get(exercise)
    tag = exercise_svg_tag(exercise, "pair" if mode == "pair" else "animated")
    extra = "&mode=pair" if mode == "pair" else ""
    return f"/exercises/{exercise.id}/figure.svg?v={tag[:10]}{extra}"


_UNITS_SAID = (" kg", " lb", " cm", " in")


def problem_label(problem: FieldProblem) -> str:
    """A problem's field as a page says it: ``load_kg`` → ``load`` beside a range with a unit.

    The range beside it names the unit (the person's, which may be pounds), so the field's
    stored unit is left out; without a unit beside it the field keeps it (``load kg``).
    """
    field = problem.field
    if problem.allowed and problem.allowed.endswith(_UNITS_SAID):
        for unit in ("_kg", "_cm"):
            field = field.replace(unit + ".", ".").removesuffix(unit)
    return field.replace("_", " ")


def _unit_system(units: Any) -> UnitSystem | None:
    if isinstance(units, UnitSystem):
        return units
    return UnitSystem(units) if units in {u.value for u in UnitSystem} else None


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    problems: list[FieldProblem] | tuple[FieldProblem, ...] = (),
) -> HTMLResponse:
    """Render ``template`` with the CSRF token, sign-in state and any problems.

    Problems are said in the page's ``units`` (the context's) when it has them.
    """
    system = _unit_system((context or {}).get("units"))
    if system is not None:
        problems = [in_units(p, system) for p in problems]
    data: dict[str, Any] = {
        "csrf_token": csrf_token(request),
        "signed_in": "uid" in request.session,
        "problems": list(problems),
        "problem_fields": {p.field for p in problems},
    }
    data.update(context or {})
    response: HTMLResponse = web_state(request).templates.TemplateResponse(
        request, template, data, status_code=status
    )
    return response


def redirect(path: str) -> RedirectResponse:
    """303 See Other to ``path`` (after a successful form post)."""
    return RedirectResponse(path, status_code=303)


def safe_next(path: str | None, default: str = "/") -> str:
    """``path`` when it is a local path on this site, else ``default``."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default


FORM_ALIASES: dict[str, tuple[str, ...]] = {
    "last_two_hard": ("hard",),
    "exercise_id": ("activity_id",),
}
"""Earlier names of page form fields, read when a form sends the field under one of them.

Forms carry the names the API and storage use; a page opened before the rename (or a
script written against it) still sends the old name for a while.
"""


def form_text(form: Any, name: str) -> str:
    """A form field as stripped text ("" when missing or a file).

    A field missing under ``name`` is read under its earlier names (:data:`FORM_ALIASES`).

    Raises:
        InputError: Naming ``name`` when it holds a NUL character (nothing can store it).
    """
    value = form.get(name)
    if value is None:
        value = next((form[old] for old in FORM_ALIASES.get(name, ()) if old in form), None)
    if isinstance(value, str) and "\x00" in value:
        raise InputError(name, "contains a NUL character", allowed="ordinary text")
    return value.strip() if isinstance(value, str) else ""


def optional(form: Any, name: str) -> str | None:
    """A form field as stripped text, None when empty."""
    return form_text(form, name) or None


def number(form: Any, name: str, *, integer: bool = False) -> float | int | None:
    """A numeric form field, None when empty.

    Raises:
        InputError: Naming ``name`` when it is not a number.
    """
    text = form_text(form, name).replace(",", ".")
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise InputError(name, f"must be {kind}", value=text) from None


def date_field(form: Any, name: str, default: dt.date) -> dt.date:
    """A ``YYYY-MM-DD`` form field, ``default`` when empty.

    Raises:
        InputError: Naming ``name`` when it is not a date.
    """
    text = form_text(form, name)
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(name, "not a date", allowed="YYYY-MM-DD", value=text) from None


def secret(form: Any, name: str) -> str:
    """A password field exactly as typed ("" when missing)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""
