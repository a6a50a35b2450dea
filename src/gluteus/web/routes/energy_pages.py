"""The energy page: the calorie target and how it was made, projections, goal, check-ins."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from gluteus.services import checkin
from gluteus.services.energy import REPORT_WEEKS, RULE_STOP_NOTES, ProjectionView
from gluteus.services.energy_overview import EnergyQuery, energy_overview
from gluteus.services.errors import InputError, from_validation
from gluteus.services.quantities import mass_kg
from gluteus.web.deps import PageUser, use_case
from gluteus.web.pages import redirect, render

router = APIRouter()


def projection_chart(view: ProjectionView) -> str:
    """The projection chart (dynamic model with its band, the 3,500 kcal rule) as a data URI."""
    from gluteus.charts.projection import write_projection_chart

    goal = view.goal
    with tempfile.TemporaryDirectory(prefix="gluteus-energy-") as directory:
        path = write_projection_chart(
            Path(directory) / "projection.svg",
            view.dynamic.day,
            view.dynamic.weight_kg,
            view.rule_3500.weight_kg,
            goal_weight_kg=goal.goal_weight_kg if goal else None,
            goal_day=goal.goal_days if goal else None,
            band_kg=(view.dynamic.weight_low_kg or [], view.dynamic.weight_high_kg or []),
            rule_stop_day=view.rule_3500.stop_day,
            rule_stop_note=RULE_STOP_NOTES.get(view.rule_3500.stop_cause or ""),
        )
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


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


@router.get("/energy")
def energy_page(
    request: Request, user_id: PageUser, goal_weight: str = "", goal_days: str = ""
) -> Response:
    """Calorie target, the measured expenditure, both projections and the goal solver."""
    with use_case(request, user_id) as (session, actor):
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
        "chart": projection_chart(overview.projection),
        "rows": projection_rows(overview.projection),
    }
    return render(request, "energy.html", context)


@router.post("/energy/checkin")
def checkin_now(request: Request, user_id: PageUser) -> Response:
    """Run and save this week's check-in."""
    with use_case(request, user_id) as (session, actor):
        try:
            checkin.checkin(session, actor, checkin.CheckinInput(save=True))
        except InputError as exc:
            if exc.problems[0].field == "profile":
                return redirect("/onboarding")
            raise
    return redirect("/energy?checked=1#checkin")
