"""Today: the session with progressed targets, each set logged in place.

The API side: ``today`` and ``today/log`` (the session logged as planned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import BandLevel
from gluteus.domain.units import UnitSystem
from gluteus.services import checkin, idempotency, journal, today
from gluteus.services.cache import MB, StampedCache
from gluteus.services.context import Actor
from gluteus.services.errors import FieldProblem, InputError
from gluteus.services.quantities import in_units, mass_kg
from gluteus.web.deps import ApiUser, PageForm, csrf_token, page_use_case, use_case
from gluteus.web.pages import form_text, mass_input, optional, redirect, render
from gluteus.web.pages import number as number_field
from gluteus.web.schemas import TodayLogForm

pages = APIRouter()
api = APIRouter()


# --- pages -----------------------------------------------------------------------------------


ROW_FIELDS = {"reps": "reps", "load_kg": "load", "load": "load", "band": "band"}
"""Problem fields of a logged set, by the input of a set row that shows them."""


def _row_key(date: dt.date, exercise_id: str, number: int) -> str:
    """The idempotency key of one set row: a second tap or a replay stores nothing twice."""
    return f"today:{date.isoformat()}:{exercise_id}:{number}"


def _set_rows(
    date: dt.date,
    exercise: Any,
    target: Any,
    done: list[Any],
    units: Any,
    submitted: dict[str, Any] | None,
    problems: list[FieldProblem],
) -> list[dict[str, Any]]:
    planned = target.dose.sets if target is not None else exercise.sets
    reps = target.target_reps if target is not None else exercise.reps_max
    load = target.load_kg if target is not None else None
    band = target.band.value if target is not None and target.band is not None else ""
    rows: list[dict[str, Any]] = []
    for number in range(1, max(planned, len(done)) + 2):
        row: dict[str, Any] = {
            "number": number,
            "extra": number > planned,
            "key": _row_key(date, exercise.id, number),
        }
        if number <= len(done):
            logged = done[number - 1]
            row["done"] = logged
            # The next set starts from what was just done, not from the target.
            reps, load = logged.reps, logged.load_kg
            band = logged.band.value if logged.band is not None else ""
        else:
            row |= {"reps": str(reps), "load": mass_input(load, units), "band": band}
            mine = submitted is not None and submitted.get("number") == number
            if mine:
                assert submitted is not None
                row |= {k: submitted.get(k, "") for k in ("reps", "load", "band")}
                row["problems"] = {
                    ROW_FIELDS.get(p.field.split("[")[0], "reps"): p for p in problems
                }
        rows.append(row)
        if number > planned and "done" not in row:
            break
    return rows


def _today_context(
    request: Request, submitted: dict[str, Any] | None = None, problems: Sequence[Any] = ()
) -> dict[str, Any]:
    with page_use_case(request, read_only=True) as (session, actor):
        return _page_context(session, actor, submitted, problems)


def _page_context(
    session: Session,
    actor: Actor,
    submitted: dict[str, Any] | None = None,
    problems: Sequence[Any] = (),
) -> dict[str, Any]:
    problems = [in_units(p, actor.units) for p in problems]
    page = today.today_page(session, actor)
    checkin_due = page is not None and checkin.checkin_status(session, actor).due
    if page is None:
        return {}
    view, done = page.view, page.done
    catalog = default_catalog()
    items = []
    if view.day is not None:
        targets = {rec.exercise_id: rec for rec in view.targets}
        cardio = {c.activity_id: c for c in view.cardio}
        titles = [
            (session.title, exercise.id)
            for session in view.day.sessions
            for exercise in session.exercises
        ]
        seen: dict[str, int] = {}
        for kind, exercise in today.planned_items(view.day):
            seen[exercise.id] = seen.get(exercise.id, 0) + 1
            repeat = seen[exercise.id] > 1 or sum(i == exercise.id for _, i in titles) > 1
            # A move planned twice (a cardio bout before and after strength) gets its
            # session's name, so each card has its own heading and anchor.
            session_title = [t for t, i in titles if i == exercise.id][seen[exercise.id] - 1]
            target = targets.get(exercise.id)
            logged = done.get(exercise.id, [])
            entry = catalog.get(exercise.id) if exercise.id in catalog else None
            mine = submitted is not None and submitted.get("exercise_id") == exercise.id
            items.append(
                {
                    "exercise": exercise,
                    "anchor": f"ex-{exercise.id}"
                    + (f"-{seen[exercise.id]}" if seen[exercise.id] > 1 else ""),
                    "heading": f"{exercise.name} · {session_title.lower()}"
                    if repeat
                    else exercise.name,
                    "cardio": today.is_cardio(kind, exercise),
                    "target": target,
                    "cardio_target": cardio.get(exercise.id),
                    "done": logged,
                    "last": page.last_time.get(exercise.id, []),
                    "planned_sets": target.dose.sets if target is not None else exercise.sets,
                    "takes_load": bool(
                        (entry is not None and entry.takes_load)
                        or (target is not None and target.load_kg)
                    ),
                    "uses_band": bool(
                        exercise.band_placement is not None
                        or (target is not None and target.band is not None)
                    ),
                    "rows": []
                    if today.is_cardio(kind, exercise)
                    else _set_rows(
                        view.date,
                        exercise,
                        target,
                        logged,
                        actor.units,
                        submitted if mine else None,
                        list(problems) if mine else [],
                    ),
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
    with page_use_case(request, read_only=True) as (session, actor):
        version = today.page_version(session, actor)
        kept = None if version is None else (*version, actor.units, csrf_token(request))
        html = RENDERED.get(actor.user_id, kept) if kept is not None else None
        if html is None:
            context = _page_context(session, actor)
    if html is not None:
        return HTMLResponse(html)
    if not context:
        return redirect("/onboarding")
    response = render(request, "today.html", context)
    if kept is not None:
        body = bytes(response.body)
        RENDERED.put(actor.user_id, kept, body, len(body))
    return response


RENDERED: StampedCache[int, tuple[str, dt.date, UnitSystem, str], bytes] = StampedCache(
    max_items=100_000, max_size=16 * MB, name=f"{__name__}.RENDERED"
)
"""Each user's today page as sent, by what it follows from: the data stamp, the day, the
units and the browser's CSRF token (the forms carry it).

The page is opened again and again in a session (after a rest, on coming back to the
tab); unchanged, it is sent as it was without building or rendering it again. A logged
set, a new day or another browser gives a new key. Bounded by memory.
"""


def _today_error(
    request: Request, exc: InputError, submitted: dict[str, Any] | None = None
) -> Response:
    context = _today_context(request, submitted, exc.problems)
    if not context:
        raise exc
    return render(request, "today.html", context, status=422, problems=exc.problems)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@pages.post("/today/sets")
def today_set(request: Request, form: PageForm) -> Response:
    """Log one set of a planned exercise (once per set row, however often it is sent)."""
    # Sent once per set, many times a session: like the page, the sign-in check runs in the
    # write's own transaction, which also keeps the user's row for the actor and the new
    # data stamp (one transaction and one read of the row instead of two of each).
    exercise_id = form_text(form, "exercise_id")
    fields = ("reps", "load", "band", "last_two_hard", "key")
    raw = {name: form_text(form, name) for name in fields}
    number = form_text(form, "set_number")
    submitted = {"exercise_id": exercise_id, "number": int(number) if number.isdigit() else 0}
    submitted |= raw
    units = UnitSystem.METRIC
    try:
        with page_use_case(request) as (session, actor):
            units = actor.units
            reps = number_field(form, "reps", integer=True)
            load = optional(form, "load")
            given = journal.SetsInput(
                exercise_id=exercise_id,
                reps=[int(reps)] if reps is not None else [],
                last_two_hard=raw["last_two_hard"] == "yes",
                date=actor.today,
                load_kg=mass_kg(load, actor.units, "load_kg") if load else None,
                band=optional(form, "band"),
            )
            key = raw["key"] or None
            # Without a key nothing is compared, so nothing is digested.
            asked = idempotency.fingerprint("set", given.model_dump(mode="json")) if key else ""
            entry, created = idempotency.log_once(
                session, actor, key, asked, lambda: journal.log_sets(session, actor, given)[0]
            )
    except InputError as exc:
        if _wants_json(request):
            said = [in_units(p, units).as_dict() for p in exc.problems]
            return JSONResponse({"problems": said}, status_code=422)
        return _today_error(request, exc, submitted)
    if _wants_json(request):
        return JSONResponse(
            {"entry": entry.model_dump(mode="json"), "created": created},
            status_code=201 if created else 200,
        )
    return redirect(f"/today#ex-{exercise_id}")


@pages.post("/today/cardio")
def today_cardio(request: Request, form: PageForm) -> Response:
    """Log a planned cardio bout."""
    activity = form_text(form, "exercise_id")
    try:
        with page_use_case(request) as (session, actor):
            minutes = number_field(form, "minutes")
            journal.log_cardio(
                session,
                actor,
                journal.CardioInput(
                    exercise_id=activity,
                    minutes=float(minutes) if minutes is not None else 0.0,
                    date=actor.today,
                ),
            )
    except InputError as exc:
        return _today_error(request, exc)
    return redirect(f"/today#ex-{activity}")


@pages.post("/today/as-planned")
def today_as_planned(request: Request, form: PageForm) -> Response:
    """Log the rest of today's session exactly as planned."""
    try:
        with page_use_case(request) as (session, actor):
            hard = form_text(form, "last_two_hard") == "yes"
            today.log_as_planned(session, actor, actor.today, hard)
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
        return today.log_as_planned(session, actor, actor.today, form.last_two_hard)
