"""Onboarding: the profile and readiness form; in the API, the profile and the screening."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gluteus.domain.history import BandLevel
from gluteus.domain.profile import (
    ACTIVITY_MINUTES_RANGE,
    ACTIVITY_SESSIONS_RANGE,
    EQUIPMENT_LABELS,
    MAX_ACTIVITIES,
    OWNED_LOAD_RANGE_KG,
    ActivityKind,
    ActivityLevel,
    Equipment,
    Goal,
    Level,
    Limitation,
    ParqAnswers,
    PelvicScreen,
    Profile,
    Weekday,
    expand_load_range,
)
from gluteus.domain.screening import PARQ_QUESTIONS
from gluteus.domain.units import UnitSystem, kg_to_lb, lb_to_kg
from gluteus.services import plans, users
from gluteus.services.errors import FieldProblem, InputError, NotFoundError
from gluteus.services.quantities import length_cm, mass_kg
from gluteus.web.deps import ApiUser, PageForm, page_use_case, use_case
from gluteus.web.pages import form_text, length_input, mass_input, number, redirect, render

pages = APIRouter()
api = APIRouter()
OWNED_LOADS = {"dumbbells": "dumbbells_kg", "kettlebells": "kettlebells_kg"}
"""Form fields listing owned weights (comma-separated, in the person's units) → profile keys."""
PROFILE_NUMBERS = {
    "age": True,
    "minutes_per_session": True,
    "weeks": True,
    "body_fat_pct": False,
    "pregnancy_trimester": True,
    "postpartum_weeks": True,
}


PELVIC_SIGNS = {
    "leaking": "Any leaking when you cough, laugh, lift or jump?",
    "heaviness": "A heavy or dragging feeling low in the pelvis?",
    "separation": "A gap or doming along the middle of your tummy?",
}
"""The after-birth screen's questions, in the form's words (one per PelvicScreen field)."""
ACTIVITY_ROWS = 3
"""Rows the form offers for regular activities (more appear when more are saved)."""
ACTIVITY_FIELDS = ("kind", "sessions_per_week", "minutes")

# --- pages -----------------------------------------------------------------------------------


GOAL_LABELS = {
    Goal.LOSE_FAT.value: "Lose fat (a calorie deficit)",
    Goal.TONE.value: "Tone up at my current weight",
    Goal.BUILD_GLUTES.value: "Build my glutes (eat at maintenance or a little more)",
}
"""What each goal means, in the words the form shows."""


def _choices() -> dict[str, Any]:
    return {
        "equipment_labels": EQUIPMENT_LABELS,
        "equipment": [e for e in Equipment if e is not Equipment.NONE],
        "band_levels": list(BandLevel),
        "limitations": list(Limitation),
        "weekdays": list(Weekday),
        "levels": list(Level),
        "goals": list(Goal),
        "goal_labels": GOAL_LABELS,
        "activities": list(ActivityLevel),
        "activity_kinds": list(ActivityKind),
        "activity_sessions": ACTIVITY_SESSIONS_RANGE,
        "activity_minutes": ACTIVITY_MINUTES_RANGE,
        "questions": PARQ_QUESTIONS,
        "pelvic_signs": PELVIC_SIGNS,
    }


def kit_input(mass_kg: float | None, units: UnitSystem) -> str:
    """An owned weight as a bare number in ``units`` to two decimals (a 1.25 kg plate)."""
    if mass_kg is None:
        return ""
    value = kg_to_lb(mass_kg) if units is UnitSystem.IMPERIAL else mass_kg
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _activity_rows(saved: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The regular activities, trailing empty rows dropped, padded with empty rows."""
    while saved and not _filled(saved[-1]):
        saved = saved[:-1]
    empty = {"kind": "", "sessions_per_week": "", "minutes": "", "days": [], "hard": False}
    return saved + [dict(empty) for _ in range(max(ACTIVITY_ROWS, len(saved) + 1) - len(saved))]


def _profile_values(profile: Profile | None, units: UnitSystem) -> dict[str, Any]:
    if profile is None:
        return {
            "units": units.value,
            "equipment": [],
            "limitations": [],
            "bands": [],
            "parq": {},
            "regular_activity": _activity_rows([]),
        }
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
        "goal": profile.goal.value,
        "activity": profile.activity.value,
        "equipment": [e.value for e in profile.equipment],
        "dumbbells": ", ".join(kit_input(load, units) for load in profile.dumbbells_kg),
        "kettlebells": ", ".join(kit_input(load, units) for load in profile.kettlebells_kg),
        "plates": kit_input(profile.plates_kg, units),
        "bands": [b.value for b in profile.bands],
        "limitations": [x.value for x in profile.limitations],
        "available_days": [d.value for d in profile.available_days],
        "minutes_per_session": profile.minutes_per_session,
        "weeks": profile.weeks,
        "pace": mass_input(pace, units) if pace else "0",
        "cardio_sandwich": profile.cardio_sandwich,
        "band_finisher": profile.band_finisher,
        "parq": profile.parq.model_dump() if profile.parq else {},
        "pregnancy_trimester": profile.pregnancy_trimester or "",
        "postpartum_weeks": "" if profile.postpartum_weeks is None else profile.postpartum_weeks,
        "breastfeeding": profile.breastfeeding,
        "regular_activity": _activity_rows(
            [item.model_dump(mode="json") for item in profile.regular_activity]
        ),
        "pelvic_floor_screen": (
            profile.pelvic_floor_screen.model_dump() if profile.pelvic_floor_screen else {}
        ),
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
            "goal",
            "activity",
            "minutes_per_session",
            "weeks",
            "pace",
            "pregnancy_trimester",
            "postpartum_weeks",
            "dumbbells",
            "kettlebells",
            "plates",
        )
    }
    for key in ("equipment", "limitations", "available_days", "bands"):
        values[key] = [v for v in form.getlist(key) if isinstance(v, str)]
    values["cardio_sandwich"] = form_text(form, "cardio_sandwich") == "yes"
    values["band_finisher"] = form_text(form, "band_finisher") == "yes"
    values["breastfeeding"] = form_text(form, "breastfeeding") == "yes"
    values["parq"] = {
        q: {"yes": True, "no": False}.get(form_text(form, f"parq.{q}")) for q in PARQ_QUESTIONS
    }
    values["regular_activity"] = _activity_form(form)
    values["pelvic_floor_screen"] = {
        sign: {"yes": True, "no": False}.get(form_text(form, f"pelvic_floor_screen.{sign}"))
        for sign in PelvicScreen.model_fields
    }
    return values


def _activity_form(form: Any) -> list[dict[str, Any]]:
    """The regular-activity rows as typed: ``regular_activity.N.kind`` and so on."""
    present = [key.split(".")[1] for key in form if key.startswith("regular_activity.")]
    numbers = [int(n) for n in present if n.isdigit() and int(n) < MAX_ACTIVITIES * 2]
    rows = []
    for index in range(max(numbers, default=-1) + 1):
        prefix = f"regular_activity.{index}."
        row: dict[str, Any] = {f: form_text(form, prefix + f) for f in ACTIVITY_FIELDS}
        row["days"] = [v for v in form.getlist(prefix + "days") if isinstance(v, str)]
        row["hard"] = form_text(form, prefix + "hard") == "yes"
        rows.append(row)
    return _activity_rows(rows)


def _filled(row: dict[str, Any]) -> bool:
    return any(row[f] for f in ACTIVITY_FIELDS) or bool(row["days"]) or bool(row["hard"])


def activities_from_form(
    rows: list[dict[str, Any]], problems: list[FieldProblem]
) -> tuple[list[dict[str, Any]], list[int]]:
    """The filled rows as profile data, and each one's row number on the form."""
    data, where = [], []
    for index, row in enumerate(rows):
        if not _filled(row):
            continue
        if not row["kind"]:
            kinds = ", ".join(kind.value for kind in ActivityKind)
            problems.append(
                FieldProblem(f"regular_activity.{index}.kind", "choose what you do", kinds)
            )
            continue
        item: dict[str, Any] = {k: row[k] or None for k in ACTIVITY_FIELDS}
        item["days"], item["hard"] = row["days"], row["hard"]
        data.append({k: v for k, v in item.items() if v is not None})
        where.append(index)
    return data, where


def _form_row(problem: FieldProblem, where: list[int]) -> FieldProblem:
    """A problem on ``regular_activity.N…`` renamed to the form's row number."""
    parts = problem.field.split(".")
    if parts[0] != "regular_activity" or len(parts) < 2 or not parts[1].isdigit():
        return problem
    parts[1] = str(where[int(parts[1])]) if int(parts[1]) < len(where) else parts[1]
    return FieldProblem(".".join(parts), problem.reason, problem.allowed, problem.value)


def _collect(problems: list[FieldProblem], field: str, read: Any) -> Any:
    try:
        return read()
    except InputError as exc:
        problems.extend(FieldProblem(field, p.reason, p.allowed, p.value) for p in exc.problems)
        return None


def owned_loads_kg(text: str, units: UnitSystem, field: str) -> list[float]:
    """Owned weights typed as ``2, 4, 6`` or ``2-20 step 2`` (bare numbers in ``units``). [kg]

    Raises:
        InputError: On ``field`` when a part is not a weight.
    """
    low, high = OWNED_LOAD_RANGE_KG
    unit = "lb" if units is UnitSystem.IMPERIAL else "kg"
    allowed = f"weights of {low:g}–{high:g} kg (about 1–220 lb) in {unit}, e.g. 2, 4, 6.5"
    loads = []
    for piece in text.replace(";", ",").split(","):
        if not piece.strip():
            continue
        try:
            parts = expand_load_range(piece)
        except ValueError as exc:
            raise InputError(field, str(exc), allowed=allowed, value=piece.strip()) from None
        for part in parts:
            try:
                loads.append(mass_kg(part, units, field))
            except InputError as exc:
                reason = exc.problems[0].reason
                raise InputError(field, reason, allowed=allowed, value=part.strip()) from None
    return loads


def _pelvic_from_form(
    signs: dict[str, bool | None], problems: list[FieldProblem]
) -> dict[str, bool | None] | None:
    """The after-birth answers: None when all blank, all three when any is given."""
    if all(answer is None for answer in signs.values()):
        return None
    unanswered = [k for k, answer in signs.items() if answer is None]
    problems += [
        FieldProblem(f"pelvic_floor_screen.{k}", "answer yes or no", "yes, no") for k in unanswered
    ]
    return None if unanswered else signs


def profile_from_form(values: dict[str, Any]) -> tuple[UnitSystem, Profile, ParqAnswers]:
    """The units, profile and readiness answers of the onboarding form.

    Raises:
        InputError: Naming every field at fault at once.
    """
    problems: list[FieldProblem] = []
    units = UnitSystem.IMPERIAL if values["units"] == "imperial" else UnitSystem.METRIC
    data: dict[str, Any] = {}
    for key in ("sex", "level", "goal", "activity"):
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
    for key, field in OWNED_LOADS.items():
        data[field] = _collect(
            problems, field, lambda k=key, f=field: owned_loads_kg(values.get(k, ""), units, f)
        )
    if values.get("plates"):
        data["plates_kg"] = _collect(
            problems, "plates_kg", lambda: mass_kg(values["plates"], units, "plates_kg")
        )
    pace = _collect(problems, "pace_kg_per_week", lambda: number(values, "pace"))
    if pace is not None:
        data["pace_kg_per_week"] = (
            round(lb_to_kg(pace), 3) if units is UnitSystem.IMPERIAL else pace
        )
    data["equipment"] = values["equipment"] or ["none"]
    data["limitations"] = values["limitations"]
    data["available_days"] = values["available_days"]
    data["bands"] = values.get("bands", [])
    data["cardio_sandwich"] = values["cardio_sandwich"]
    data["band_finisher"] = values["band_finisher"]
    data["breastfeeding"] = values.get("breastfeeding", False)
    data["regular_activity"], where = activities_from_form(
        values.get("regular_activity", []), problems
    )
    signs = _pelvic_from_form(values.get("pelvic_floor_screen") or {}, problems)
    if signs is not None:
        data["pelvic_floor_screen"] = signs
    missing = [q for q, answer in values["parq"].items() if answer is None]
    problems += [FieldProblem(f"parq.{q}", "answer yes or no") for q in missing]
    data = {k: v for k, v in data.items() if v is not None}
    profile = None
    try:
        profile = plans.parse_profile_data(data)
    except InputError as exc:
        known = {p.field for p in problems}
        found = [_form_row(p, where) for p in exc.problems]
        problems += [p for p in found if p.field not in known]
    if problems or profile is None:
        raise InputError.of(problems)
    answers = ParqAnswers.model_validate(values["parq"])
    return units, profile.model_copy(update={"parq": answers}), answers


@pages.get("/onboarding")
def onboarding_page(request: Request) -> Response:
    """The profile and readiness form (also where the profile is edited later)."""
    with page_use_case(request) as (session, actor):
        profile = plans.current_profile(session, actor)
        values = _profile_values(profile, actor.units)
    context = {"title": "Your profile", "values": values, "has_profile": profile is not None}
    return render(request, "onboarding.html", {**context, **_choices()})


@pages.post("/onboarding")
def onboarding(request: Request, form: PageForm) -> Response:
    """Save units, profile and readiness answers, then build the plan."""
    values = _form_values(form)
    try:
        units, profile, answers = profile_from_form(values)
        with page_use_case(request) as (session, actor):
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


# --- API -------------------------------------------------------------------------------------


@api.get("/profile", response_model=Profile, tags=["plan"])
def get_profile(request: Request, user_id: ApiUser) -> Profile:
    """The saved profile; 404 before one is saved."""
    with use_case(request, user_id) as (session, actor):
        profile = plans.current_profile(session, actor)
    if profile is None:
        raise NotFoundError("profile", None, "no profile saved yet; PUT one first")
    return profile


@api.put("/profile", response_model=Profile, tags=["plan"])
def put_profile(request: Request, user_id: ApiUser, body: dict[str, Any]) -> Profile:
    """Save the profile (the keys of a profile file; ``165cm``/``160lb`` text accepted)."""
    profile = plans.parse_profile_data(body)
    with use_case(request, user_id) as (session, actor):
        return plans.save_profile(session, actor, profile)


@api.put("/screening", response_model=plans.ScreeningView, tags=["plan"])
def put_screening(request: Request, user_id: ApiUser, answers: ParqAnswers) -> Any:
    """Answer the seven readiness questions (true = yes); saved into the profile."""
    with use_case(request, user_id) as (session, actor):
        return plans.save_screening(session, actor, answers)
