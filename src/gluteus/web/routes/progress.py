"""Progress: adherence, streaks, bests, weight trend and circumferences.

A page with charts, and ``progress`` in the API.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gluteus.charts.body_map import progress_map
from gluteus.domain.catalog import default_catalog
from gluteus.services import progress
from gluteus.web.charts import progress_charts
from gluteus.web.deps import ApiUser, page_use_case, use_case
from gluteus.web.pages import render
from gluteus.web.schemas import ProgressView

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


@pages.get("/progress")
def progress_page(request: Request) -> Response:
    """Adherence, streaks, bests, weight trend and circumferences, with charts."""
    # Read only: the history is then grown from what this process kept (see journal.history).
    with page_use_case(request, read_only=True) as (session, actor):
        units = actor.units
        report, charts = progress.progress_page(
            session, actor, lambda found, projections: progress_charts(found, projections, units)
        )
    catalog = default_catalog()
    names = {e.id: e.name for e in catalog}
    context = {
        "title": "Progress",
        "report": report,
        "charts": charts,
        "units": actor.units,
        "names": names,
        "body_map": progress_map(report.weekly_sets),
    }
    return render(request, "progress.html", context)


# --- API -------------------------------------------------------------------------------------


@api.get("/progress", response_model=ProgressView, tags=["progress"])
def get_progress(request: Request, user_id: ApiUser) -> Any:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to today."""
    with use_case(request, user_id, read_only=True) as (session, actor):
        return progress.progress(session, actor)
