"""The plan: its week grid, rebuilding it, the calendar file and the printable plan.

The API side: ``plan`` (build it, read it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from gluteus.domain.profile import Weekday
from gluteus.domain.program import Program
from gluteus.domain.tips import SPOT_REDUCTION
from gluteus.exports import program_html, program_ics
from gluteus.services import plans
from gluteus.services.errors import NotFoundError
from gluteus.web.deps import ApiUser, PageUser, use_case
from gluteus.web.pages import redirect, render
from gluteus.web.schemas import PlanForm

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


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


@pages.get("/plan")
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


@pages.post("/plan")
def rebuild_plan(request: Request, user_id: PageUser) -> Response:
    """Build the plan again from the saved profile and the latest weight."""
    with use_case(request, user_id) as (session, actor):
        plans.make_plan(session, actor, plans.PlanRequest())
    return redirect("/plan?rebuilt=1")


def _program(request: Request, user_id: int) -> tuple[Any, Any]:
    with use_case(request, user_id) as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        raise NotFoundError("plan", None, "no plan yet; build one first")
    return program, actor


@pages.get("/plan.ics")
def plan_calendar(request: Request, user_id: PageUser) -> Response:
    """The plan's training days as an iCalendar file."""
    program, _actor = _program(request, user_id)
    return Response(
        program_ics(program),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gluteus-plan.ics"'},
    )


@pages.get("/plan/print")
def plan_print(request: Request, user_id: PageUser) -> HTMLResponse:
    """The printable plan (a standalone page)."""
    program, actor = _program(request, user_id)
    return HTMLResponse(program_html(program, actor.units))


# --- API -------------------------------------------------------------------------------------


@api.post("/plan", status_code=201, response_model=Program, tags=["plan"])
def post_plan(request: Request, user_id: ApiUser, form: PlanForm | None = None) -> Program:
    """Build the plan from the saved profile and make it the active one."""
    start = form.start_date if form else None
    with use_case(request, user_id) as (session, actor):
        return plans.make_plan(session, actor, plans.PlanRequest(start_date=start))


@api.get("/plan", response_model=Program, tags=["plan"])
def get_plan(request: Request, user_id: ApiUser) -> Program:
    """The active plan; 404 before one is built."""
    with use_case(request, user_id) as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        raise NotFoundError("plan", None, "no plan yet; POST /api/v1/plan builds one")
    return program
