"""The JSON API under /api/v1: accounts, profile, screening, plan, today and the logs.

Every route but sign-up and token requires a bearer token and acts only on its owner's
rows; another user's entry ids answer 404 exactly like ids that do not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from gluteus.domain.catalog import Exercise, Kind, Muscle, default_catalog
from gluteus.domain.energy.bodyweight import GOAL_DAYS_RANGE
from gluteus.domain.profile import WEIGHT_RANGE_KG, Equipment, Level, ParqAnswers, Profile
from gluteus.domain.program import Program
from gluteus.domain.progress import ProgressReport
from gluteus.services import accounts, backup, checkin, journal, plans, progress, today, users
from gluteus.services.context import Actor
from gluteus.services.energy_overview import EnergyOverview, EnergyQuery, energy_overview
from gluteus.services.errors import FieldProblem, InputError, NotFoundError
from gluteus.web.deps import ApiUser, anonymous_work, limit, now_utc, use_case
from gluteus.web.errors import ERROR_RESPONSES
from gluteus.web.schemas import (
    CardioForm,
    CardioLogView,
    ErrorView,
    IntakeForm,
    IntakeLogView,
    LogPatchForm,
    MeasurementForm,
    MeasurementLogView,
    MeView,
    PainForm,
    PainLogView,
    PlanForm,
    SetForm,
    SetLogView,
    SettingsForm,
    SignupForm,
    TodayLogForm,
    TokenForm,
    TokenView,
    WeightForm,
    WeightLogView,
)

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_PUBLIC: dict[int | str, dict[str, Any]] = {
    400: ERROR_RESPONSES[400],
    422: ERROR_RESPONSES[422],
    429: {"model": ErrorView, "description": "slow down"},
}


# --- accounts --------------------------------------------------------------------------------


@router.post(
    "/auth/signup",
    status_code=201,
    response_model=accounts.AccountView,
    responses={**_PUBLIC, 401: {"description": "unused"}},
    tags=["auth"],
)
def signup(request: Request, form: SignupForm) -> accounts.AccountView:
    """Create an account that signs in with email and password."""
    limit(request, "signup")
    given = accounts.new_account(
        accounts.Credentials(email=form.email, password=form.password),
        timezone=form.timezone,
        units=form.units,
    )
    with anonymous_work(request) as session:
        return accounts.sign_up(session, given)


@router.post("/auth/token", response_model=TokenView, responses=_PUBLIC, tags=["auth"])
def token(request: Request, form: TokenForm) -> TokenView:
    """Exchange email and password for a bearer token; 401 when either is wrong."""
    limit(request, "signin")
    with anonymous_work(request, read_only=True) as session:
        signed = accounts.authenticate(
            session, accounts.Credentials(email=form.email, password=form.password)
        )
    if signed is not None:
        with anonymous_work(request) as session:
            accounts.keep_rehash(session, signed)
            return TokenView(access_token=accounts.issue_token(session, signed.user_id))
    raise HTTPException(
        status_code=401, detail="wrong email or password", headers={"WWW-Authenticate": "Bearer"}
    )


@router.get("/me", response_model=MeView, tags=["auth"])
def me(request: Request, user_id: ApiUser) -> MeView:
    """Who the token belongs to, with their units, time zone and today."""
    with use_case(request, user_id) as (session, actor):
        return _me(session, actor)


def _me(session: Session, actor: Actor) -> MeView:
    return MeView(
        id=actor.user_id,
        email=accounts.email_of(session, actor),
        units=actor.units,
        timezone=actor.tz,
        today=actor.today,
    )


@router.put("/settings", response_model=MeView, tags=["auth"])
def put_settings(request: Request, user_id: ApiUser, form: SettingsForm) -> MeView:
    """Change units and/or time zone."""
    with use_case(request, user_id) as (session, actor):
        if form.timezone is not None:
            users.set_timezone(session, actor, form.timezone)
        if form.units is not None:
            users.set_units(session, actor, form.units)
        fresh = users.actor_for(session, actor.user_id, now_utc(), actor.units)
        return _me(session, fresh)


# --- profile, screening, plan, today ---------------------------------------------------------


@router.get("/profile", response_model=Profile, tags=["plan"])
def get_profile(request: Request, user_id: ApiUser) -> Profile:
    """The saved profile; 404 before one is saved."""
    with use_case(request, user_id) as (session, actor):
        profile = plans.current_profile(session, actor)
    if profile is None:
        raise NotFoundError("profile", None, "no profile saved yet; PUT one first")
    return profile


@router.put("/profile", response_model=Profile, tags=["plan"])
def put_profile(request: Request, user_id: ApiUser, body: dict[str, Any]) -> Profile:
    """Save the profile (the keys of a profile file; ``165cm``/``160lb`` text accepted)."""
    profile = plans.parse_profile_data(body)
    with use_case(request, user_id) as (session, actor):
        return plans.save_profile(session, actor, profile)


@router.put("/screening", response_model=plans.ScreeningView, tags=["plan"])
def put_screening(request: Request, user_id: ApiUser, answers: ParqAnswers) -> Any:
    """Answer the seven readiness questions (true = yes); saved into the profile."""
    with use_case(request, user_id) as (session, actor):
        return plans.save_screening(session, actor, answers)


@router.post("/plan", status_code=201, response_model=Program, tags=["plan"])
def post_plan(request: Request, user_id: ApiUser, form: PlanForm | None = None) -> Program:
    """Build the plan from the saved profile and make it the active one."""
    start = form.start_date if form else None
    with use_case(request, user_id) as (session, actor):
        return plans.make_plan(session, actor, plans.PlanRequest(start_date=start))


@router.get("/plan", response_model=Program, tags=["plan"])
def get_plan(request: Request, user_id: ApiUser) -> Program:
    """The active plan; 404 before one is built."""
    with use_case(request, user_id) as (session, actor):
        program = plans.active_program(session, actor)
    if program is None:
        raise NotFoundError("plan", None, "no plan yet; POST /api/v1/plan builds one")
    return program


@router.get("/today", response_model=today.TodayView, tags=["plan"])
def get_today(request: Request, user_id: ApiUser, date: dt.date | None = None) -> Any:
    """Today's (or ``date``'s) session with targets progressed from the logs."""
    with use_case(request, user_id) as (session, actor):
        return today.today_view(session, actor, date)


@router.post("/today/log", status_code=201, response_model=journal.SessionLogged, tags=["plan"])
def post_today_log(request: Request, user_id: ApiUser, form: TodayLogForm) -> Any:
    """Log today's planned session as done; what was already logged today stays."""
    with use_case(request, user_id) as (session, actor):
        return today.log_as_planned(session, actor, actor.today, form.hard)


# --- progress, your data, the catalog -------------------------------------------------------


@router.get("/progress", response_model=ProgressReport, tags=["progress"])
def get_progress(request: Request, user_id: ApiUser) -> Any:
    """Adherence, streaks, bests, weekly volume, weight trend and circumferences to today."""
    with use_case(request, user_id) as (session, actor):
        return progress.progress(session, actor)


# --- energy: the overview and the weekly check-in -------------------------------------------


@router.get("/energy", response_model=EnergyOverview, tags=["energy"])
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


@router.post("/checkin", status_code=201, response_model=checkin.CheckinView, tags=["energy"])
def post_checkin(
    request: Request, user_id: ApiUser, form: checkin.CheckinInput | None = None
) -> Any:
    """This week's check-in: measured expenditure, the trend and a new intake target."""
    with use_case(request, user_id) as (session, actor):
        return checkin.checkin(session, actor, form or checkin.CheckinInput())


@router.get("/checkins", response_model=list[checkin.CheckinSummary], tags=["energy"])
def get_checkins(request: Request, user_id: ApiUser) -> Any:
    """Saved check-ins, newest first: the history of your targets."""
    with use_case(request, user_id) as (session, actor):
        return checkin.checkin_history(session, actor)


@router.get("/export", tags=["data"])
def export_data(request: Request, user_id: ApiUser) -> dict[str, Any]:
    """Everything you stored, in the format POST /api/v1/import takes back losslessly."""
    with use_case(request, user_id) as (session, actor):
        return backup.export_user(session, actor)


@router.post("/import", response_model=backup.ImportResult, tags=["data"])
def import_data(
    request: Request, user_id: ApiUser, body: dict[str, Any], replace: bool = False
) -> Any:
    """Load an export of one person into your account (all or nothing)."""
    with use_case(request, user_id) as (session, actor):
        return backup.import_user(session, actor, body, replace=replace)


@router.get("/exercises", response_model=list[Exercise], tags=["catalog"])
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


@router.get("/exercises/{exercise_id}", response_model=Exercise, tags=["catalog"])
def get_exercise(user_id: ApiUser, exercise_id: str) -> Any:
    """One exercise: steps, cues, muscles, kit, regressions and progressions."""
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotFoundError("exercise_id", exercise_id, "not in the exercise catalog")
    return catalog.get(exercise_id)


# --- the logs --------------------------------------------------------------------------------


def _renamed(exc: InputError, names: dict[str, str]) -> InputError:
    return InputError.of(
        FieldProblem(names.get(p.field, p.field), p.reason, p.allowed, p.value)
        for p in exc.problems
    )


def _log_set(session: Session, actor: Actor, form: SetForm) -> journal.EntryView:
    given = journal.SetsInput(
        exercise_id=form.exercise_id,
        reps=[form.reps],
        last_two_hard=form.hard,
        date=form.date or actor.today,
        load_kg=form.load_kg,
        band=form.band,
        good_form=form.good_form,
    )
    try:
        return journal.log_sets(session, actor, given)[0]
    except InputError as exc:
        raise _renamed(exc, {"last_two_hard": "hard"}) from None


def _log_cardio(session: Session, actor: Actor, form: CardioForm) -> journal.EntryView:
    given = journal.CardioInput(
        activity_id=form.exercise_id,
        minutes=form.minutes,
        date=form.date or actor.today,
        distance_km=form.distance_km,
        speed_kmh=form.speed_kmh,
    )
    try:
        return journal.log_cardio(session, actor, given)
    except InputError as exc:
        raise _renamed(exc, {"activity_id": "exercise_id"}) from None


def _log_weight(session: Session, actor: Actor, form: WeightForm) -> journal.EntryView:
    given = journal.WeightInput(weight_kg=form.weight_kg, date=form.date or actor.today)
    return journal.log_weight(session, actor, given)


def _log_measurement(session: Session, actor: Actor, form: MeasurementForm) -> journal.EntryView:
    data = form.model_dump(exclude={"date"})
    return journal.log_measurement(
        session, actor, journal.MeasureInput(date=form.date or actor.today, **data)
    )


def _log_pain(session: Session, actor: Actor, form: PainForm) -> journal.EntryView:
    given = journal.PainInput(
        exercise_id=form.exercise_id,
        severity=form.severity,
        note=form.note,
        date=form.date or actor.today,
    )
    return journal.log_pain(session, actor, given)


def _log_intake(session: Session, actor: Actor, form: IntakeForm) -> journal.EntryView:
    given = journal.IntakeInput(kcal=form.kcal, date=form.date or actor.today)
    return journal.log_intake(session, actor, given)


_API_NAMES = {"last_two_hard": "hard", "activity_id": "exercise_id"}


def entry_edit(kind: str, form: LogPatchForm) -> journal.EntryEdit:
    """The journal's corrections for a PATCH body (API field names mapped to the journal's).

    Raises:
        InputError: On ``body`` when no field is given.
    """
    given = form.model_dump(include=form.model_fields_set)
    if "hard" in given:
        given["last_two_hard"] = given.pop("hard")
    if kind == "cardio" and "exercise_id" in given:
        given["activity_id"] = given.pop("exercise_id")
    if not given:
        raise InputError("body", "give at least one field to change")
    return journal.EntryEdit.model_validate(given)


def entry_ref(kind: str, text: str) -> str:
    """The journal id for ``text`` (``weight-3`` or ``3``) on a route for ``kind``.

    Raises:
        NotFoundError: When the text is not an id of that kind.
    """
    clean = text.strip().lower()
    if clean.isdigit():
        return journal.entry_id(kind, int(clean))
    try:
        found_kind, number = journal.parse_entry_id(clean)
    except InputError:
        raise NotFoundError("id", text) from None
    if found_kind != kind:
        raise NotFoundError("id", text)
    return journal.entry_id(kind, number)


def _add_log_routes(
    path: str,
    kind: str,
    form_type: type[BaseModel],
    view_type: type[BaseModel],
    log: Callable[[Session, Actor, Any], journal.EntryView],
) -> None:
    tag = "logs"

    def create(request: Request, user_id: ApiUser, form: Any) -> Any:
        with use_case(request, user_id) as (session, actor):
            return log(session, actor, form)

    create.__annotations__["form"] = form_type

    def listing(
        request: Request,
        user_id: ApiUser,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Any:
        query = journal.HistoryQuery.model_validate({"kind": kind, "since": since, "until": until})
        with use_case(request, user_id) as (session, actor):
            return journal.list_entries(session, actor, query)

    def remove(request: Request, user_id: ApiUser, entry_id: str) -> Response:
        with use_case(request, user_id) as (session, actor):
            journal.delete_entries(session, actor, [entry_ref(kind, entry_id)])
        return Response(status_code=204)

    def read(request: Request, user_id: ApiUser, entry_id: str) -> Any:
        with use_case(request, user_id) as (session, actor):
            return journal.get_entry(session, actor, entry_ref(kind, entry_id))

    def correct(request: Request, user_id: ApiUser, entry_id: str, form: LogPatchForm) -> Any:
        changes = entry_edit(kind, form)
        with use_case(request, user_id) as (session, actor):
            try:
                return journal.edit_entry(session, actor, entry_ref(kind, entry_id), changes)
            except InputError as exc:
                raise _renamed(exc, _API_NAMES) from None

    name = path.replace("-", "_")
    router.add_api_route(
        f"/logs/{path}",
        create,
        methods=["POST"],
        status_code=201,
        response_model=view_type,
        name=f"log_{name}",
        summary=f"Log {form_type.__doc__ or path}",
        tags=[tag],
    )
    router.add_api_route(
        f"/logs/{path}",
        listing,
        methods=["GET"],
        response_model=list[view_type],  # type: ignore[valid-type]
        name=f"list_{name}",
        summary=f"Your {path} entries, oldest first",
        tags=[tag],
    )
    router.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        remove,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        name=f"delete_{name}",
        summary=f"Delete one of your {path} entries (id like {kind}-3, or 3)",
        tags=[tag],
    )
    router.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        read,
        methods=["GET"],
        response_model=view_type,
        name=f"get_{name}",
        summary=f"One of your {path} entries",
        tags=[tag],
    )
    router.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        correct,
        methods=["PATCH"],
        response_model=view_type,
        name=f"edit_{name}",
        summary=f"Correct one of your {path} entries; only the fields given change",
        tags=[tag],
    )


_add_log_routes("sets", "set", SetForm, SetLogView, _log_set)
_add_log_routes("cardio", "cardio", CardioForm, CardioLogView, _log_cardio)
_add_log_routes("weight", "weight", WeightForm, WeightLogView, _log_weight)
_add_log_routes("measurements", "measure", MeasurementForm, MeasurementLogView, _log_measurement)
_add_log_routes("pain", "pain", PainForm, PainLogView, _log_pain)
_add_log_routes("intake", "intake", IntakeForm, IntakeLogView, _log_intake)
