"""The journal: the logging forms and the history with edit and delete.

The API side: ``logs/*``, where each kind of entry is logged, listed, read, corrected and
deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from gluteus.domain.catalog import Kind, default_catalog
from gluteus.domain.history import PainRegion
from gluteus.domain.units import UnitSystem
from gluteus.services import idempotency, journal
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError, from_validation
from gluteus.services.quantities import distance_km, length_cm, mass_kg
from gluteus.web.deps import ApiUser, PageForm, page_use_case, use_case
from gluteus.web.entries import entry_words
from gluteus.web.pages import (
    date_field,
    form_text,
    length_input,
    mass_input,
    number,
    optional,
    redirect,
    render,
)
from gluteus.web.schemas import (
    CardioForm,
    CardioLogView,
    IntakeForm,
    IntakeLogView,
    LogPatchForm,
    MeasurementForm,
    MeasurementLogView,
    PainForm,
    PainLogView,
    PeriodForm,
    PeriodLogView,
    SetForm,
    SetLogView,
    WeightForm,
    WeightLogView,
)

pages = APIRouter()
api = APIRouter()
SITES = ("hips", "waist", "thigh")
DELETED_NOTICE = "deleted"
"""The session key holding what the last delete removed, in words, until history shows it."""


PAIN_REGION_CHOICES = [(r.value, r.value.replace("_", " ").capitalize()) for r in PainRegion]
"""The pain log's "where" choices: (value, words) for the log and edit forms."""


# --- pages: the logging forms ----------------------------------------------------------------


def _exercise_choices() -> dict[str, Any]:
    catalog = default_catalog()
    return {
        "cardio_choices": catalog.filter(kind=Kind.CARDIO),
        "strength_choices": [e for e in catalog if e.kind is not Kind.CARDIO],
        "pain_regions": PAIN_REGION_CHOICES,
    }


def _log_context(actor: Actor, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Log",
        "units": actor.units,
        "today_date": actor.today,
        **_exercise_choices(),
        **extra,
    }


@pages.get("/log")
def log_page(request: Request, saved: str = "") -> Response:
    """Forms for weight, cardio, circumferences, pain, intake and single sets."""
    with page_use_case(request) as (_session, actor):
        context = _log_context(actor, saved=saved)
    return render(request, "log.html", context)


def _mass(form: Any, name: str, units: UnitSystem, field: str) -> float | None:
    text = optional(form, name)
    return mass_kg(text, units, field) if text else None


def _length(form: Any, name: str, units: UnitSystem, field: str) -> float | None:
    text = optional(form, name)
    return length_cm(text, units, field) if text else None


def _float(form: Any, name: str) -> float:
    value = number(form, name)
    if value is None:
        raise InputError(name, "required")
    return float(value)


def log_from_form(kind: str, form: Any, session: Any, actor: Actor) -> list[journal.EntryView]:
    """Log one entry of ``kind`` from a submitted form (numbers in the actor's units)."""
    units = actor.units
    date = date_field(form, "date", actor.today)
    if kind == "weight":
        weight = _mass(form, "weight", units, "weight_kg")
        if weight is None:
            raise InputError("weight_kg", "required")
        confirm = form_text(form, "confirm") == "yes"
        given_weight = journal.WeightInput(weight_kg=weight, date=date, confirm=confirm)
        return [journal.log_weight(session, actor, given_weight)]
    if kind == "cardio":
        distance = optional(form, "distance")
        given = journal.CardioInput(
            exercise_id=form_text(form, "exercise_id"),
            minutes=_float(form, "minutes"),
            date=date,
            distance_km=distance_km(distance, units) if distance else None,
        )
        return [journal.log_cardio(session, actor, given)]
    if kind == "measure":
        sites = {f"{s}_cm": _length(form, s, units, f"{s}_cm") for s in SITES}
        return [journal.log_measurement(session, actor, journal.MeasureInput(date=date, **sites))]
    if kind == "pain":
        severity = number(form, "severity", integer=True)
        given_pain = journal.PainInput(
            exercise_id=form_text(form, "exercise_id"),
            severity=int(severity) if severity is not None else 0,
            note=form_text(form, "note")[:500],
            region=form_text(form, "region") or PainRegion.OTHER.value,
            date=date,
        )
        return [journal.log_pain(session, actor, given_pain)]
    if kind == "intake":
        meal = form_text(form, "meal")[:40] or None
        protein = number(form, "protein_g")
        given_intake = journal.IntakeInput(
            kcal=_float(form, "kcal"), date=date, meal=meal, protein_g=protein
        )
        return [journal.log_intake(session, actor, given_intake)]
    if kind == "period":
        return [journal.log_period(session, actor, journal.PeriodInput(date=date))]
    reps = number(form, "reps", integer=True)
    given_sets = journal.SetsInput(
        exercise_id=form_text(form, "exercise_id"),
        reps=[int(reps)] if reps is not None else [],
        last_two_hard=form_text(form, "last_two_hard") == "yes",
        date=date,
        load_kg=_mass(form, "load", units, "load_kg"),
        band=optional(form, "band"),
    )
    return journal.log_sets(session, actor, given_sets)


def _typed(kind: str, form: Any, exc: InputError) -> dict[str, Any]:
    """What the person typed into the failed weight form, and the question to confirm."""
    if kind != "weight":
        return {}
    question = next((p.allowed for p in exc.problems if p.reason == journal.IMPLAUSIBLE), None)
    return {
        "weight": form_text(form, "weight"),
        "date": form_text(form, "date"),
        "question": question,
    }


@pages.post("/log/{kind}")
def log_entry(request: Request, form: PageForm, kind: str) -> Response:
    """Save one logging form; back to the log page with a confirmation."""
    if kind not in journal.KINDS:
        raise NotFoundError("kind", kind, "not a kind of log")
    try:
        with page_use_case(request) as (session, actor):
            views = log_from_form(kind, form, session, actor)
    except InputError as exc:
        with page_use_case(request) as (_session, actor):
            context = _log_context(actor, saved="", failed=kind, typed=_typed(kind, form, exc))
        return render(request, "log.html", context, status=422, problems=exc.problems)
    return redirect(f"/log?saved={views[0].id}")


# --- pages: history --------------------------------------------------------------------------


NEXT_PAGE_HEADER = "X-Next-Before"
"""Response header of a log listing naming the entry the next (older) page starts before."""


def filter_date(text: str | None, field: str, today: dt.date) -> dt.date | None:
    """A ``since``/``until`` filter written ``YYYY-MM-DD`` within the days entries can have.

    Entries are dated from :data:`journal.HISTORY_YEARS` years back up to today
    (:func:`journal.check_date`), so a bound outside that span (``until=0``, year 9999) can
    only be a mistake; so is anything but a calendar date (a bare number is not a date,
    though a lax parser would read it as seconds since 1970).

    Raises:
        InputError: Naming ``field`` and the allowed span.
    """
    if not text:
        return None
    earliest = today - dt.timedelta(days=365 * journal.HISTORY_YEARS)
    allowed = f"a date YYYY-MM-DD from {earliest} to {today}"
    try:
        date = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        date = None
    if date is None:
        raise InputError(field, "not a date", allowed=allowed, value=text[:40])
    if not earliest <= date <= today:
        raise InputError(field, "outside the days entries can have", allowed=allowed, value=text)
    return date


FilterDate = Annotated[
    str | None,
    Query(
        description=f"YYYY-MM-DD, within the last {journal.HISTORY_YEARS} years up to today",
        json_schema_extra={"format": "date"},
    ),
]


@pages.get("/history")
def history_page(
    request: Request,
    kind: str = "",
    since: str = "",
    until: str = "",
    before: str = "",
    after: str = "",
) -> Response:
    """Everything logged, newest first, a page at a time (Older / Newer), with edit and delete."""
    values = {"kind": kind, "since": since, "until": until}
    with page_use_case(request) as (session, actor):
        bounds = {f: filter_date(values[f], f, actor.today) for f in ("since", "until")}
        try:
            query = journal.HistoryQuery.model_validate({"kind": kind or None, **bounds})
        except ValidationError as exc:
            raise from_validation(exc, journal.HistoryQuery) from None
        page = journal.list_page(session, actor, query, before=before or None, after=after or None)
    filters = {k: v for k, v in values.items() if v}
    context = {
        "title": "History",
        "entries": list(reversed(page.entries)),
        "older": None if page.older is None else urlencode({**filters, "before": page.older}),
        "newer": None if page.newer is None else urlencode({**filters, "after": page.newer}),
        "filters": values,
        "kinds": [(name, kind.label) for name, kind in journal.KINDS.items()],
        "units": actor.units,
        "deleted": request.session.pop(DELETED_NOTICE, ""),
    }
    return render(request, "history.html", context)


@pages.get("/history/{entry_id}/delete")
def confirm_delete_page(request: Request, entry_id: str) -> Response:
    """Ask before deleting: the entry in plain words, with "Delete" and "Keep it"."""
    with page_use_case(request, read_only=True) as (session, actor):
        entry = journal.get_entry(session, actor, entry_id)
    context = {
        "title": "Delete entry",
        "entry": entry,
        "words": entry_words(entry, actor.units, actor.today),
    }
    return render(request, "delete.html", context)


@pages.post("/history/{entry_id}/delete")
def delete_entry(request: Request, entry_id: str) -> Response:
    """Delete one of your entries; the history then says what was deleted."""
    with page_use_case(request) as (session, actor):
        gone = journal.delete_entries(session, actor, [entry_id])
        words = [entry_words(entry, actor.units, actor.today) for entry in gone]
    # Carried in the signed session rather than the URL, so nobody can link to a page that
    # claims something was deleted.
    request.session[DELETED_NOTICE] = "; ".join(words)
    return redirect("/history")


def _edit_values(entry: Any, units: UnitSystem) -> dict[str, Any]:
    data = entry.model_dump()
    values: dict[str, Any] = {"date": str(entry.date)}
    if "weight_kg" in data:
        values["weight"] = mass_input(entry.weight_kg, units)
    if "load_kg" in data:
        values["load"] = mass_input(entry.load_kg, units)
    for site in SITES:
        if f"{site}_cm" in data:
            values[site] = length_input(data[f"{site}_cm"], units)
    for key in (
        "reps",
        "minutes",
        "severity",
        "region",
        "note",
        "kcal",
        "meal",
        "protein_g",
        "band",
        "last_two_hard",
    ):
        if key in data:
            values[key] = data[key] if data[key] is not None else ""
    return values


@pages.get("/history/{entry_id}/edit")
def edit_page(request: Request, entry_id: str) -> Response:
    """A form to correct one entry."""
    with page_use_case(request) as (session, actor):
        entry = journal.get_entry(session, actor, entry_id)
        words = entry_words(entry, actor.units, actor.today)
    context = {
        "title": "Edit entry",
        "entry": entry,
        "words": words,
        "values": _edit_values(entry, actor.units),
        "pain_regions": PAIN_REGION_CHOICES,
    }
    return render(request, "edit.html", {**context, "units": actor.units})


def _set_changes(form: Any, units: UnitSystem) -> dict[str, Any]:
    """A set's corrections; an empty load or band keeps the stored one."""
    changes: dict[str, Any] = {
        "reps": number(form, "reps", integer=True),
        "last_two_hard": form_text(form, "last_two_hard") == "yes",
    }
    load = _mass(form, "load", units, "load_kg")
    if load is not None:
        changes["load_kg"] = load
    band = optional(form, "band")
    if band is not None:
        changes["band"] = band
    return changes


def edit_from_form(kind: str, form: Any, units: UnitSystem) -> journal.EntryEdit:
    """The changes a submitted edit form asks for (empty optional fields clear them)."""
    changes: dict[str, Any] = {}
    if form_text(form, "date"):
        changes["date"] = form_text(form, "date")
    if kind == "weight":
        changes["weight_kg"] = _mass(form, "weight", units, "weight_kg")
    elif kind == "set":
        changes |= _set_changes(form, units)
    elif kind == "cardio":
        changes["minutes"] = number(form, "minutes")
    elif kind == "measure":
        for site in SITES:
            changes[f"{site}_cm"] = _length(form, site, units, f"{site}_cm")
    elif kind == "pain":
        changes["severity"] = number(form, "severity", integer=True)
        if form_text(form, "region"):  # kept as it was when the form does not send it
            changes["region"] = form_text(form, "region")
        changes["note"] = form_text(form, "note")[:500]
    elif kind == "intake":
        changes["kcal"] = number(form, "kcal")
        changes["meal"] = form_text(form, "meal")[:40] or None
        changes["protein_g"] = number(form, "protein_g")
    try:
        return journal.EntryEdit.model_validate(changes)
    except ValidationError as exc:
        raise from_validation(exc, journal.EntryEdit) from None


@pages.post("/history/{entry_id}/edit")
def edit_entry(request: Request, form: PageForm, entry_id: str) -> Response:
    """Save the corrections to one entry."""
    try:
        with page_use_case(request) as (session, actor):
            entry = journal.get_entry(session, actor, entry_id)
            journal.edit_entry(
                session, actor, entry_id, edit_from_form(entry.kind, form, actor.units)
            )
    except InputError as exc:
        with page_use_case(request) as (session, actor):
            entry = journal.get_entry(session, actor, entry_id)
            words = entry_words(entry, actor.units, actor.today)
        context = {
            "title": "Edit entry",
            "entry": entry,
            "words": words,
            "values": dict(form),
            "units": actor.units,
            "pain_regions": PAIN_REGION_CHOICES,
        }
        return render(request, "edit.html", context, status=422, problems=exc.problems)
    return redirect("/history")


# --- API: the logs ---------------------------------------------------------------------------


def _log_set(session: Session, actor: Actor, form: SetForm) -> journal.EntryView:
    data = form.model_dump(exclude={"reps", "date"})
    given = journal.SetsInput(**data, reps=[form.reps], date=form.date or actor.today)
    return journal.log_sets(session, actor, given)[0]


def _log_cardio(session: Session, actor: Actor, form: CardioForm) -> journal.EntryView:
    data = {**form.model_dump(), "date": form.date or actor.today}
    return journal.log_cardio(session, actor, journal.CardioInput.model_validate(data))


def _log_weight(session: Session, actor: Actor, form: WeightForm) -> journal.EntryView:
    given = journal.WeightInput(
        weight_kg=form.weight_kg, date=form.date or actor.today, confirm=form.confirm
    )
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
        region=form.region,
        note=form.note,
        date=form.date or actor.today,
    )
    return journal.log_pain(session, actor, given)


def _log_intake(session: Session, actor: Actor, form: IntakeForm) -> journal.EntryView:
    given = journal.IntakeInput(
        kcal=form.kcal,
        date=form.date or actor.today,
        meal=form.meal,
        incomplete=form.incomplete,
        protein_g=form.protein_g,
    )
    return journal.log_intake(session, actor, given)


def _log_period(session: Session, actor: Actor, form: PeriodForm) -> journal.EntryView:
    return journal.log_period(session, actor, journal.PeriodInput(date=form.date or actor.today))


API_LOGS: dict[str, tuple[type[BaseModel], type[BaseModel], Callable[..., journal.EntryView]]] = {
    "set": (SetForm, SetLogView, _log_set),
    "cardio": (CardioForm, CardioLogView, _log_cardio),
    "weight": (WeightForm, WeightLogView, _log_weight),
    "measure": (MeasurementForm, MeasurementLogView, _log_measurement),
    "pain": (PainForm, PainLogView, _log_pain),
    "intake": (IntakeForm, IntakeLogView, _log_intake),
    "period": (PeriodForm, PeriodLogView, _log_period),
}
"""Each kind's request body, reply and use case; its routes come from :data:`journal.KINDS`."""


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


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="a key of your choosing per entry; a retry with it stores nothing twice",
    ),
]


def _add_log_routes(
    path: str,
    kind: str,
    form_type: type[BaseModel],
    view_type: type[BaseModel],
    log: Callable[[Session, Actor, Any], journal.EntryView],
) -> None:
    tag = "logs"

    def create(
        request: Request,
        response: Response,
        user_id: ApiUser,
        form: Any,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        # Without a key nothing is compared, so nothing is digested.
        asked = ""
        if idempotency_key is not None:
            asked = idempotency.fingerprint(kind, form.model_dump(mode="json"))
        with use_case(request, user_id) as (session, actor):
            entry, created = idempotency.log_once(
                session, actor, idempotency_key, asked, lambda: log(session, actor, form)
            )
        if not created:
            response.status_code = 200
        return entry

    create.__annotations__["form"] = form_type

    def listing(
        request: Request,
        response: Response,
        user_id: ApiUser,
        since: FilterDate = None,
        until: FilterDate = None,
        limit: int | None = None,
        before: str | None = None,
    ) -> Any:
        with use_case(request, user_id) as (session, actor):
            bounds = {"since": filter_date(since, "since", actor.today)}
            bounds["until"] = filter_date(until, "until", actor.today)
            query = journal.HistoryQuery.model_validate({"kind": kind, **bounds})
            page = journal.list_page(session, actor, query, limit, before=before)
        if page.older is not None:
            response.headers[NEXT_PAGE_HEADER] = page.older
        return page.entries

    def remove(request: Request, user_id: ApiUser, entry_id: str) -> Response:
        with use_case(request, user_id) as (session, actor):
            journal.delete_entries(session, actor, [entry_ref(kind, entry_id)])
        return Response(status_code=204)

    def read(request: Request, user_id: ApiUser, entry_id: str) -> Any:
        with use_case(request, user_id) as (session, actor):
            return journal.get_entry(session, actor, entry_ref(kind, entry_id))

    def correct(request: Request, user_id: ApiUser, entry_id: str, form: LogPatchForm) -> Any:
        if not form.model_fields_set:
            raise InputError("body", "give at least one field to change")
        with use_case(request, user_id) as (session, actor):
            return journal.edit_entry(session, actor, entry_ref(kind, entry_id), form)

    name = path.replace("-", "_")
    api.add_api_route(
        f"/logs/{path}",
        create,
        methods=["POST"],
        status_code=201,
        response_model=view_type,
        name=f"log_{name}",
        summary=f"Log {form_type.__doc__ or path}",
        description="Send an `Idempotency-Key` header (8–100 characters, e.g. a UUID) to "
        "log at most once: the same key with the same body returns the first entry (200).",
        responses={200: {"model": view_type, "description": "Already logged with this key"}},
        tags=[tag],
    )
    api.add_api_route(
        f"/logs/{path}",
        listing,
        methods=["GET"],
        response_model=list[view_type],  # type: ignore[valid-type]
        name=f"list_{name}",
        summary=f"Your {path} entries, oldest first, a page at a time",
        description=f"The newest `limit` entries (default {journal.PAGE_SIZE}, at most "
        f"{journal.PAGE_SIZE_MAX}) before the entry `before`, oldest first. When older ones "
        f"exist, the `{NEXT_PAGE_HEADER}` header names the entry to pass as `before` for the "
        "next page. GET /api/v1/export gives everything at once.",
        tags=[tag],
    )
    api.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        remove,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        name=f"delete_{name}",
        summary=f"Delete one of your {path} entries (id like {kind}-3, or 3)",
        tags=[tag],
    )
    api.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        read,
        methods=["GET"],
        response_model=view_type,
        name=f"get_{name}",
        summary=f"One of your {path} entries",
        tags=[tag],
    )
    api.add_api_route(
        f"/logs/{path}/{{entry_id}}",
        correct,
        methods=["PATCH"],
        response_model=view_type,
        name=f"edit_{name}",
        summary=f"Correct one of your {path} entries; only the fields given change",
        tags=[tag],
    )


for _kind in journal.KINDS.values():
    _add_log_routes(_kind.api_path, _kind.name, *API_LOGS[_kind.name])
