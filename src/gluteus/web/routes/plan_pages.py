"""Pages for planning and training: onboarding, the plan, today's session, the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gluteus.domain.catalog import Kind, Muscle, default_catalog
from gluteus.domain.history import BandLevel
from gluteus.domain.profile import (
    EQUIPMENT_LABELS,
    ActivityLevel,
    Equipment,
    Level,
    Limitation,
    ParqAnswers,
    Profile,
    Weekday,
)
from gluteus.domain.program import Program
from gluteus.domain.screening import PARQ_QUESTIONS
from gluteus.domain.tips import SPOT_REDUCTION
from gluteus.domain.units import UnitSystem, lb_to_kg
from gluteus.services import checkin, journal, plans, today, users
from gluteus.services.errors import FieldProblem, InputError, NotFoundError
from gluteus.services.quantities import length_cm, mass_kg
from gluteus.web.deps import PageForm, PageUser, page_use_case, use_case
from gluteus.web.pages import (
    form_text,
    length_input,
    mass_input,
    number,
    optional,
    redirect,
    render,
)

router = APIRouter()
PROFILE_NUMBERS = {
    "age": True,
    "minutes_per_session": True,
    "weeks": True,
    "body_fat_pct": False,
    "pregnancy_trimester": True,
}


# --- onboarding: profile and readiness -------------------------------------------------------


def _choices() -> dict[str, Any]:
    return {
        "equipment_labels": EQUIPMENT_LABELS,
        "equipment": [e for e in Equipment if e is not Equipment.NONE],
        "limitations": list(Limitation),
        "weekdays": list(Weekday),
        "levels": list(Level),
        "activities": list(ActivityLevel),
        "questions": PARQ_QUESTIONS,
    }


def _profile_values(profile: Profile | None, units: UnitSystem) -> dict[str, Any]:
    if profile is None:
        return {"units": units.value, "equipment": [], "limitations": [], "parq": {}}
    pace = profile.pace_kg_per_week
    return {
        "units": units.value,
        "sex": profile.sex.value,
        "age": profile.age,
        "height": length_input(profile.height_cm, units),
        "weight": mass_input(profile.weight_kg, units),
        "goal_weight": mass_input(profile.goal_weight_kg, units),
        "body_fat_pct": profile.body_fat_pct or "",
        "level": profile.level.value,
        "activity": profile.activity.value,
        "equipment": [e.value for e in profile.equipment],
        "limitations": [x.value for x in profile.limitations],
        "available_days": [d.value for d in profile.available_days],
        "minutes_per_session": profile.minutes_per_session,
        "weeks": profile.weeks,
        "pace": mass_input(pace, units) if pace else "0",
        "cardio_sandwich": profile.cardio_sandwich,
        "band_finisher": profile.band_finisher,
        "parq": profile.parq.model_dump() if profile.parq else {},
        "pregnancy_trimester": profile.pregnancy_trimester or "",
    }


def _form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: form_text(form, k)
        for k in (
            "units",
            "sex",
            "age",
            "height",
            "weight",
            "goal_weight",
            "body_fat_pct",
            "level",
            "activity",
            "minutes_per_session",
            "weeks",
            "pace",
            "pregnancy_trimester",
        )
    }
    for key in ("equipment", "limitations", "available_days"):
        values[key] = [v for v in form.getlist(key) if isinstance(v, str)]
    values["cardio_sandwich"] = form_text(form, "cardio_sandwich") == "yes"
    values["band_finisher"] = form_text(form, "band_finisher") == "yes"
    values["parq"] = {
        q: {"yes": True, "no": False}.get(form_text(form, f"parq.{q}")) for q in PARQ_QUESTIONS
    }
    return values


def _collect(problems: list[FieldProblem], field: str, read: Any) -> Any:
    try:
        return read()
    except InputError as exc:
        problems.extend(FieldProblem(field, p.reason, p.allowed, p.value) for p in exc.problems)
        return None


def profile_from_form(values: dict[str, Any]) -> tuple[UnitSystem, Profile, ParqAnswers]:
    """The units, profile and readiness answers of the onboarding form.

    Raises:
        InputError: Naming every field at fault at once.
    """
    problems: list[FieldProblem] = []
    units = UnitSystem.IMPERIAL if values["units"] == "imperial" else UnitSystem.METRIC
    data: dict[str, Any] = {}
    for key in ("sex", "level", "activity"):
        if values[key]:
            data[key] = values[key]
    for key, integer in PROFILE_NUMBERS.items():
        data[key] = _collect(problems, key, lambda k=key, i=integer: number(values, k, integer=i))
    for field, key, read in (
        ("height_cm", "height", length_cm),
        ("weight_kg", "weight", mass_kg),
        ("goal_weight_kg", "goal_weight", mass_kg),
    ):
        if values[key]:
            data[field] = _collect(
                problems, field, lambda r=read, k=key, f=field: r(values[k], units, f)
            )
    pace = _collect(problems, "pace_kg_per_week", lambda: number(values, "pace"))
    if pace is not None:
        data["pace_kg_per_week"] = (
            round(lb_to_kg(pace), 3) if units is UnitSystem.IMPERIAL else pace
        )
    data["equipment"] = values["equipment"] or ["none"]
    data["limitations"] = values["limitations"]
    data["available_days"] = values["available_days"]
    data["cardio_sandwich"] = values["cardio_sandwich"]
    data["band_finisher"] = values["band_finisher"]
    missing = [q for q, answer in values["parq"].items() if answer is None]
    problems += [FieldProblem(f"parq.{q}", "answer yes or no") for q in missing]
    data = {k: v for k, v in data.items() if v is not None}
    profile = None
    try:
        profile = plans.parse_profile_data(data)
    except InputError as exc:
        known = {p.field for p in problems}
        problems += [p for p in exc.problems if p.field not in known]
    if problems or profile is None:
        raise InputError.of(problems)
    answers = ParqAnswers.model_validate(values["parq"])
    return units, profile.model_copy(update={"parq": answers}), answers


@router.get("/onboarding")
def onboarding_page(request: Request, user_id: PageUser) -> Response:
    """The profile and readiness form (also where the profile is edited later)."""
    with use_case(request, user_id) as (session, actor):
        profile = plans.current_profile(session, actor)
        values = _profile_values(profile, actor.units)
    context = {"title": "Your profile", "values": values, "has_profile": profile is not None}
    return render(request, "onboarding.html", {**context, **_choices()})


@router.post("/onboarding")
def onboarding(request: Request, form: PageForm, user_id: PageUser) -> Response:
    """Save units, profile and readiness answers, then build the plan."""
    values = _form_values(form)
    try:
        units, profile, answers = profile_from_form(values)
        with use_case(request, user_id) as (session, actor):
            first = plans.active_program(session, actor) is None
            users.set_units(session, actor, units)
            plans.save_profile(session, actor, profile)
            plans.save_screening(session, actor, answers)
            plans.make_plan(session, actor, plans.PlanRequest())
    except InputError as exc:
        context = {"title": "Your profile", "values": values, "has_profile": True}
        return render(
            request, "onboarding.html", {**context, **_choices()}, status=422, problems=exc.problems
        )
    return redirect("/plan?new=1" if first else "/plan?rebuilt=1")


# --- the plan --------------------------------------------------------------------------------


def week_days(program: Program, number: int) -> list[dict[str, Any]]:
    """The seven calendar days of week ``number``, each with its planned day or None."""
    week = program.weeks[number - 1]
    start = program.start_date or dt.date.min
    first = start + dt.timedelta(days=7 * (number - 1))
    days = []
    for offset in range(7):
        date = first + dt.timedelta(days=offset)
        weekday = Weekday.from_index(date.weekday())
        days.append({"date": date, "weekday": weekday, "day": week.day(weekday)})
    return days


@router.get("/plan")
def plan_page(
    request: Request, user_id: PageUser, week: int = 0, new: str = "", rebuilt: str = ""
) -> Response:
    """The plan: a week grid with expandable days, unmet rules, tips and the screening."""
    with use_case(request, user_id) as (session, actor):
        program = plans.active_program(session, actor)
        units = actor.units
        now = actor.today
    if program is None:
        return redirect("/onboarding")
    current = program.week_for(now)
    number = week or (current.number if current else 1)
    number = min(max(number, 1), len(program.weeks))
    context = {
        "title": "Your plan",
        "program": program,
        "week": program.weeks[number - 1],
        "days": week_days(program, number),
        "new": bool(new),
        "rebuilt": bool(rebuilt),
        "units": units,
        "today_date": now,
        "spot": SPOT_REDUCTION,
        "other_tips": [t for t in program.tips if t.id != SPOT_REDUCTION.id],
    }
    return render(request, "plan.html", context)


@router.post("/plan")
def rebuild_plan(request: Request, user_id: PageUser) -> Response:
    """Build the plan again from the saved profile and the latest weight."""
    with use_case(request, user_id) as (session, actor):
        plans.make_plan(session, actor, plans.PlanRequest())
    return redirect("/plan?rebuilt=1")


# --- today -----------------------------------------------------------------------------------


def _today_context(request: Request) -> dict[str, Any]:
    with page_use_case(request, read_only=True) as (session, actor):
        page = today.today_page(session, actor)
        checkin_due = page is not None and checkin.checkin_status(session, actor).due
    if page is None:
        return {}
    view, done = page.view, page.done
    items = []
    if view.day is not None:
        targets = {rec.exercise_id: rec for rec in view.targets}
        cardio = {c.activity_id: c for c in view.cardio}
        for kind, exercise in today.planned_items(view.day):
            items.append(
                {
                    "exercise": exercise,
                    "cardio": today.is_cardio(kind, exercise),
                    "target": targets.get(exercise.id),
                    "cardio_target": cardio.get(exercise.id),
                    "done": done.get(exercise.id, []),
                }
            )
    return {
        "title": "Today",
        "view": view,
        "items": items,
        "units": actor.units,
        "bands": list(BandLevel),
        "checkin_due": checkin_due,
    }


@router.get("/today")
def today_page(request: Request) -> Response:
    """Today's session with progressed targets; log each set in place."""
    # The sign-in check runs in the page's own transaction rather than as a dependency:
    # the page is opened after every set, and one hand-over to the thread pool and one
    # transaction per view cost less than two of each.
    context = _today_context(request)
    if not context:
        return redirect("/onboarding")
    return render(request, "today.html", context)


def _today_error(request: Request, exc: InputError) -> Response:
    context = _today_context(request)
    if not context:
        raise exc
    return render(request, "today.html", context, status=422, problems=exc.problems)


@router.post("/today/sets")
def today_set(request: Request, form: PageForm, user_id: PageUser) -> Response:
    """Log one set of a planned exercise."""
    exercise_id = form_text(form, "exercise_id")
    try:
        with use_case(request, user_id) as (session, actor):
            reps = number(form, "reps", integer=True)
            load = optional(form, "load")
            journal.log_sets(
                session,
                actor,
                journal.SetsInput(
                    exercise_id=exercise_id,
                    reps=[int(reps)] if reps is not None else [],
                    last_two_hard=form_text(form, "hard") == "yes",
                    date=actor.today,
                    load_kg=mass_kg(load, actor.units, "load_kg") if load else None,
                    band=optional(form, "band"),
                ),
            )
    except InputError as exc:
        return _today_error(request, exc)
    return redirect(f"/today#ex-{exercise_id}")


@router.post("/today/cardio")
def today_cardio(request: Request, form: PageForm, user_id: PageUser) -> Response:
    """Log a planned cardio bout."""
    activity = form_text(form, "exercise_id")
    try:
        with use_case(request, user_id) as (session, actor):
            minutes = number(form, "minutes")
            journal.log_cardio(
                session,
                actor,
                journal.CardioInput(
                    activity_id=activity,
                    minutes=float(minutes) if minutes is not None else 0.0,
                    date=actor.today,
                ),
            )
    except InputError as exc:
        return _today_error(request, exc)
    return redirect(f"/today#ex-{activity}")


@router.post("/today/as-planned")
def today_as_planned(request: Request, form: PageForm, user_id: PageUser) -> Response:
    """Log the rest of today's session exactly as planned."""
    try:
        with use_case(request, user_id) as (session, actor):
            today.log_as_planned(session, actor, actor.today, form_text(form, "hard") == "yes")
    except InputError as exc:
        return _today_error(request, exc)
    return redirect("/today?logged=1")


# --- the catalog -----------------------------------------------------------------------------


@router.get("/exercises")
def exercises_page(
    request: Request,
    q: str = "",
    muscle: str = "",
    equipment: str = "",
    kind: str = "",
    level: str = "",
    knee_friendly: str = "",
) -> Response:
    """The exercise catalog with filters (no sign-in needed)."""
    problems: list[FieldProblem] = []

    def pick(enum: Any, value: str, field: str) -> Any:
        if not value:
            return None
        try:
            return enum(value)
        except ValueError:
            problems.append(FieldProblem(field, "unknown value", value=value))
            return None

    found = default_catalog().filter(
        kind=pick(Kind, kind, "kind"),
        muscle=pick(Muscle, muscle, "muscle"),
        equipment=[pick(Equipment, equipment, "equipment")] if equipment else None,
        level=pick(Level, level, "level"),
        knee_friendly=True if knee_friendly else None,
        text=q.strip()[:100] or None,
    )
    context = {
        "title": "Exercises",
        "found": found,
        "filters": {
            "q": q,
            "muscle": muscle,
            "equipment": equipment,
            "kind": kind,
            "level": level,
            "knee_friendly": bool(knee_friendly),
        },
        "muscles": list(Muscle),
        "kinds": list(Kind),
        "levels": list(Level),
        "all_equipment": list(Equipment),
        "equipment_labels": EQUIPMENT_LABELS,
    }
    return render(request, "exercises.html", context, problems=problems)


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str) -> Response:
    """One exercise: steps, cues, muscles, kit, regressions and progressions."""
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotFoundError("exercise", exercise_id, "not in the exercise catalog")
    exercise = catalog.get(exercise_id)
    names = {e.id: e.name for e in catalog}
    context = {"title": exercise.name, "ex": exercise, "names": names, "labels": EQUIPMENT_LABELS}
    return render(request, "exercise.html", context)
