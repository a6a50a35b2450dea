"""Today: the session with progressed targets, each set logged in place.

The API side: ``today`` and ``today/log`` (the session logged as planned).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gluteus.domain.history import BandLevel
from gluteus.services import checkin, journal, today
from gluteus.services.errors import InputError
from gluteus.services.quantities import mass_kg
from gluteus.web.deps import ApiUser, PageForm, PageUser, page_use_case, use_case
from gluteus.web.pages import form_text, number, optional, redirect, render
from gluteus.web.schemas import TodayLogForm

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


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


@pages.get("/today")
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


@pages.post("/today/sets")
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


@pages.post("/today/cardio")
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


@pages.post("/today/as-planned")
def today_as_planned(request: Request, form: PageForm, user_id: PageUser) -> Response:
    """Log the rest of today's session exactly as planned."""
    try:
        with use_case(request, user_id) as (session, actor):
            today.log_as_planned(session, actor, actor.today, form_text(form, "hard") == "yes")
    except InputError as exc:
        return _today_error(request, exc)
    return redirect("/today?logged=1")


# --- API -------------------------------------------------------------------------------------


@api.get("/today", response_model=today.TodayView, tags=["plan"])
def get_today(request: Request, user_id: ApiUser, date: dt.date | None = None) -> Any:
    """Today's (or ``date``'s) session with targets progressed from the logs."""
    with use_case(request, user_id) as (session, actor):
        return today.today_view(session, actor, date)


@api.post("/today/log", status_code=201, response_model=journal.SessionLogged, tags=["plan"])
def post_today_log(request: Request, user_id: ApiUser, form: TodayLogForm) -> Any:
    """Log today's planned session as done; what was already logged today stays."""
    with use_case(request, user_id) as (session, actor):
        return today.log_as_planned(session, actor, actor.today, form.hard)
