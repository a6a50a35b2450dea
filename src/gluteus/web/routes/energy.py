"""Energy: the calorie target and how it was made, projections, goal and check-ins.

The API side: ``energy``, ``checkin`` and ``checkins``.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from gluteus.domain.energy.bodyweight import GOAL_DAYS_RANGE
from gluteus.domain.profile import WEIGHT_RANGE_KG
from gluteus.domain.units import UnitSystem
from gluteus.services import checkin
from gluteus.services.energy import REPORT_WEEKS, ProjectionView
from gluteus.services.energy_overview import EnergyOverview, EnergyQuery, energy_overview
from gluteus.services.errors import InputError, from_validation
from gluteus.services.quantities import mass_kg
from gluteus.web import charts
from gluteus.web.deps import ApiUser, PageForm, page_use_case, use_case
from gluteus.web.pages import form_text, redirect, render

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


def projection_chart(view: ProjectionView, start: dt.date, units: UnitSystem) -> str:
    """The projection chart (dynamic model with its band, the 3,500 kcal rule) as a data URI."""
    svg = charts.projection_chart(view, start, units)
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode('ascii')}"


def projection_rows(view: ProjectionView) -> list[dict[str, Any]]:
    """Weeks 4, 12, 26 and 52: weight by each projection."""
    rows = []
    for week in REPORT_WEEKS:
        day = week * 7
        if day > view.days:
            break
        rows.append(
            {
                "week": week,
                "dynamic": view.dynamic.weight_kg[day],
                "low": (view.dynamic.weight_low_kg or view.dynamic.weight_kg)[day],
                "high": (view.dynamic.weight_high_kg or view.dynamic.weight_kg)[day],
                "rule": view.rule_3500.weight_kg[day],
            }
        )
    return rows


@pages.get("/energy")
def energy_page(request: Request, goal_weight: str = "", goal_days: str = "") -> Response:
    """Calorie target, the measured expenditure, both projections and the goal solver."""
    with page_use_case(request) as (session, actor):
        values = {"goal_weight": goal_weight, "goal_days": goal_days}
        try:
            goal_kg = mass_kg(goal_weight, actor.units, "goal_weight_kg") if goal_weight else None
            try:
                query = EnergyQuery(goal_weight_kg=goal_kg, goal_days=goal_days or None)
            except ValidationError as exc:
                raise from_validation(exc, EnergyQuery) from None
            overview = energy_overview(session, actor, query)
        except InputError as exc:
            if exc.problems[0].field == "profile":
                return redirect("/onboarding")
            failed = {"title": "Energy", "units": actor.units, "values": values}
            return render(request, "energy.html", failed, status=422, problems=exc.problems)
    context: dict[str, Any] = {
        "title": "Energy",
        "units": actor.units,
        "values": values,
        "o": overview,
        "chart": projection_chart(overview.projection, actor.today, actor.units),
        "rows": projection_rows(overview.projection),
    }
    return render(request, "energy.html", context)


@pages.post("/energy/checkin")
def checkin_now(request: Request, form: PageForm) -> Response:
    """Run and save this week's check-in (``keep=yes`` keeps the current target)."""
    accept = form_text(form, "keep") != "yes"
    with page_use_case(request) as (session, actor):
        try:
            checkin.checkin(session, actor, checkin.CheckinInput(save=True, accept=accept))
        except InputError as exc:
            if exc.problems[0].field == "profile":
                return redirect("/onboarding")
            raise
    return redirect("/energy?checked=1#checkin")


# --- API -------------------------------------------------------------------------------------


@api.get("/energy", response_model=EnergyOverview, tags=["energy"])
def get_energy(
    request: Request,
    user_id: ApiUser,
    goal_weight_kg: Annotated[
        float | None, Query(ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1])
    ] = None,
    goal_days: Annotated[int | None, Query(ge=GOAL_DAYS_RANGE[0], le=GOAL_DAYS_RANGE[1])] = None,
) -> Any:
    """The calorie target in force, how it was made, both projections and the check-ins."""
    query = EnergyQuery(goal_weight_kg=goal_weight_kg, goal_days=goal_days)
    with use_case(request, user_id) as (session, actor):
        return energy_overview(session, actor, query)


@api.post("/checkin", status_code=201, response_model=checkin.CheckinView, tags=["energy"])
def post_checkin(
    request: Request, user_id: ApiUser, form: checkin.CheckinInput | None = None
) -> Any:
    """This week's check-in: measured expenditure, the trend and a new intake target."""
    with use_case(request, user_id) as (session, actor):
        return checkin.checkin(session, actor, form or checkin.CheckinInput())


@pages.post("/energy/checkin/accept")
def accept_now(request: Request) -> Response:
    """Put the latest check-in's proposed target in force."""
    with page_use_case(request) as (session, actor):
        checkin.accept_proposal(session, actor)
    return redirect("/energy?checked=1#checkin")


@api.post("/checkin/accept", status_code=200, response_model=checkin.CheckinView, tags=["energy"])
def post_checkin_accept(request: Request, user_id: ApiUser) -> Any:
    """Put the latest check-in's kept proposal in force; the history shows both targets."""
    with use_case(request, user_id) as (session, actor):
        return checkin.accept_proposal(session, actor)


@api.get("/checkins", response_model=list[checkin.CheckinSummary], tags=["energy"])
def get_checkins(request: Request, user_id: ApiUser) -> Any:
    """Saved check-ins, newest first: the history of your targets."""
    with use_case(request, user_id) as (session, actor):
        return checkin.checkin_history(session, actor)
