"""The exercise catalog: the filtered list and one exercise, as pages and in the API.

The pages need no sign-in; the API, like all of it, a token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from gluteus.charts.body_map import exercise_map
from gluteus.domain.catalog import Exercise, Kind, Muscle, default_catalog
from gluteus.domain.profile import EQUIPMENT_LABELS, Equipment, Level
from gluteus.services.errors import FieldProblem, NotFoundError
from gluteus.web.deps import ApiUser
from gluteus.web.pages import render

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


@pages.get("/exercises")
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


@pages.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str) -> Response:
    """One exercise: steps, cues, muscles, kit, regressions and progressions."""
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotFoundError("exercise", exercise_id, "not in the exercise catalog")
    exercise = catalog.get(exercise_id)
    names = {e.id: e.name for e in catalog}
    context = {
        "title": exercise.name,
        "ex": exercise,
        "names": names,
        "labels": EQUIPMENT_LABELS,
        "body_map": exercise_map(exercise),
    }
    return render(request, "exercise.html", context)


# --- API -------------------------------------------------------------------------------------


@api.get("/exercises", response_model=list[Exercise], tags=["catalog"])
def list_exercises(
    user_id: ApiUser,
    muscle: Muscle | None = None,
    equipment: Equipment | None = None,
    kind: Kind | None = None,
    level: Level | None = None,
    knee_friendly: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    """The exercise catalog, filtered."""
    return default_catalog().filter(
        kind=kind,
        muscle=muscle,
        equipment=[equipment] if equipment else None,
        level=level,
        knee_friendly=knee_friendly,
        text=q,
    )


@api.get("/exercises/{exercise_id}", response_model=Exercise, tags=["catalog"])
def get_exercise(user_id: ApiUser, exercise_id: str) -> Any:
    """One exercise: steps, cues, muscles, kit, regressions and progressions."""
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotFoundError("exercise_id", exercise_id, "not in the exercise catalog")
    return catalog.get(exercise_id)
