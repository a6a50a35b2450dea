"""The exercise catalog: the filtered list and one exercise, as pages and in the API.

The pages need no sign-in; the API, like all of it, a token.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from gluteus.charts.body_map import exercise_map
from gluteus.charts.figure import exercise_figure, exercise_svg, exercise_svg_tag, first_steps
from gluteus.domain.catalog import Exercise, Kind, Muscle, corrected_search, default_catalog
from gluteus.domain.figures.model import View
from gluteus.domain.figures.poses import PropView, figure_view
from gluteus.domain.profile import EQUIPMENT_LABELS, Equipment, Level
from gluteus.services.errors import FieldProblem, NotFoundError
from gluteus.web.deps import ApiUser
from gluteus.web.pages import render

pages = APIRouter()
api = APIRouter()

FIGURE_CACHE = "public, max-age=2592000"
"""Figures change only with a release; pages link them with a content hash, so 30 days."""
SVG_TYPE = "image/svg+xml"


class ExerciseDetail(Exercise):
    """One exercise with its figure: the view, the keyframe joint positions and the props."""

    view: View
    poses: list[dict[str, tuple[float, float]]] = Field(min_length=2)
    props: list[PropView]


def exercise_detail(exercise: Exercise) -> ExerciseDetail:
    """The exercise and its figure's contract fields together."""
    figure = figure_view(exercise_figure(exercise))
    return ExerciseDetail(**exercise.model_dump(), **figure.model_dump())


def _exercise(exercise_id: str, field: str) -> Exercise:
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotFoundError(field, exercise_id, "not in the exercise catalog")
    return catalog.get(exercise_id)


def _svg_response(
    request: Request, exercise: Exercise, mode: Literal["animated", "pair"]
) -> Response:
    """The figure with a long cache lifetime and an ETag; 304 when the client has it."""
    etag = f'"{exercise_svg_tag(exercise, mode)}"'
    headers = {"Cache-Control": FIGURE_CACHE, "ETag": etag}
    wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(exercise_svg(exercise, mode), media_type=SVG_TYPE, headers=headers)


FigureMode = Annotated[
    Literal["animated", "pair"],
    Query(description="animated (moves between poses) or pair (start and end side by side)"),
]


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

    catalog = default_catalog()
    criteria: dict[str, Any] = {
        "kind": pick(Kind, kind, "kind"),
        "muscle": pick(Muscle, muscle, "muscle"),
        "equipment": [pick(Equipment, equipment, "equipment")] if equipment else None,
        "level": pick(Level, level, "level"),
        "knee_friendly": True if knee_friendly else None,
    }
    text = q.strip()[:100]
    found = catalog.filter(**criteria, text=text or None)
    corrected = corrected_search(catalog, text) if text and not found else None
    if corrected is not None:  # a typo: show what the closest words find
        found = catalog.filter(**criteria, text=corrected)
    context = {
        "title": "Exercises",
        "found": found,
        "corrected": corrected if found else None,
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


@pages.get("/exercises/figures")
def figures_page(request: Request) -> Response:
    """Every exercise figure on one page, for review (the contact sheet)."""
    catalog = list(default_catalog())
    context = {"title": "Exercise figures", "exercises": catalog}
    return render(request, "figures.html", context)


@pages.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str) -> Response:
    """One exercise: its figure, steps, cues, muscles, kit, regressions and progressions."""
    exercise = _exercise(exercise_id, "exercise")
    names = {e.id: e.name for e in default_catalog()}
    context = {
        "title": exercise.name,
        "ex": exercise,
        "names": names,
        "labels": EQUIPMENT_LABELS,
        "body_map": exercise_map(exercise),
        "figure_alt": first_steps(exercise),
    }
    return render(request, "exercise.html", context)


@pages.get("/exercises/{exercise_id}/figure.svg")
def figure_file(request: Request, exercise_id: str, mode: FigureMode = "animated") -> Response:
    """The exercise's drawn figure (no sign-in, like the catalog pages)."""
    return _svg_response(request, _exercise(exercise_id, "exercise"), mode)


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


@api.get("/exercises/{exercise_id}", response_model=ExerciseDetail, tags=["catalog"])
def get_exercise(user_id: ApiUser, exercise_id: str) -> Any:
    """One exercise: steps, cues, muscles, kit, variations, and its figure's view, poses, props."""
    return exercise_detail(_exercise(exercise_id, "exercise_id"))


@api.get(
    "/exercises/{exercise_id}/figure.svg",
    tags=["catalog"],
    response_class=Response,
    responses={200: {"content": {SVG_TYPE: {}}}, 304: {"description": "Not modified"}},
)
def get_exercise_figure(
    request: Request, user_id: ApiUser, exercise_id: str, mode: FigureMode = "animated"
) -> Response:
    """The exercise drawn as SVG: animated, or its start and end side by side."""
    return _svg_response(request, _exercise(exercise_id, "exercise_id"), mode)
