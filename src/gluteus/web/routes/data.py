"""Your data: the export, importing it back and importing from other apps.

Pages download the export, load it back and bring history from Strong, Hevy or a smart
scale; the API side is ``export`` and ``import``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from gluteus.db.engine import snapshot_work
from gluteus.exports import data_json
from gluteus.services import backup, imports, users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError
from gluteus.web.deps import (
    ApiUser,
    PageForm,
    PageUser,
    now_utc,
    page_use_case,
    use_case,
    web_state,
)
from gluteus.web.pages import form_text, redirect, render
from gluteus.web.routes.account import settings_with_problems
from gluteus.web.schemas import ErrorView

pages = APIRouter()
api = APIRouter()
MAX_IMPORT_BYTES = imports.IMPORT_MAX_BYTES
"""Largest upload or API body an import takes (see :data:`gluteus.services.imports`)."""


def _read_upload(upload: UploadFile) -> bytes:
    """The uploaded file, refused with the limit named when it is over :data:`MAX_IMPORT_BYTES`."""
    raw = upload.file.read(MAX_IMPORT_BYTES + 1)
    imports.check_import_size(
        len(raw) if len(raw) <= MAX_IMPORT_BYTES else (upload.size or len(raw))
    )
    return raw


def _staged_import(request: Request, actor: Actor, data: Any, *, replace: bool) -> Any:
    """A personal import that holds the write lock only a moment at a time (staged chunks)."""
    return backup.import_user_staged(web_state(request).engine, actor, data, replace=replace)


# --- pages -----------------------------------------------------------------------------------


@contextmanager
def _snapshot(request: Request, user_id: int) -> Iterator[tuple[Session, Actor]]:
    """A read-only snapshot as ``user_id``: an export is consistent and blocks no writer."""
    state = web_state(request)
    with snapshot_work(state.engine) as session:
        yield session, users.actor_for(session, user_id, now_utc(), state.settings.units)


@pages.get("/export/data.json", name="export_data")
def download_data(request: Request) -> Response:
    """Everything you stored, as a JSON file that imports back losslessly."""
    with page_use_case(request, snapshot=True) as (session, actor):
        data = backup.export_user(session, actor)
    return Response(
        data_json(data),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="gluteus-data.json"'},
    )


@pages.post("/import", name="import_data")
def upload_data(request: Request, form: PageForm) -> Response:
    """Load a Gluteus export into your account (all or nothing)."""
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise InputError("file", "choose a Gluteus export file")
        data = backup.parse_export(_read_upload(upload))
        with page_use_case(request, read_only=True) as (_session, actor):
            pass
        _staged_import(request, actor, data, replace=form_text(form, "replace") == "yes")
    except InputError as exc:
        return settings_with_problems(request, exc)
    return redirect("/settings?saved=import")


@pages.get("/import/apps")
def import_apps_page(request: Request, user_id: PageUser) -> Response:
    """Bring history from Strong, Hevy or a smart scale: choose a file."""
    return render(request, "import_apps.html", {"title": "Import", "view": None})


def _import_request(form: Any) -> imports.ImportInput:
    source = form_text(form, "source")
    if source not in ("strong", "hevy", "weights", "intake"):
        raise InputError(
            "source", "unknown app", allowed="strong, hevy, weights or intake", value=source
        )
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        raw = _read_upload(upload)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # not text: the importer says what kind of file it is
    else:
        text = form.get("text") if isinstance(form.get("text"), str) else ""
        if not text:
            raise InputError("file", "choose a CSV file")
    unit = form_text(form, "unit") or None
    if unit not in (None, "kg", "lb"):
        raise InputError("unit", "unknown unit", allowed="kg or lb", value=unit)
    mapping = {
        form_text(form, f"name_{i}"): form_text(form, f"map_{i}")
        for i in range(200)
        if form_text(form, f"name_{i}") and form_text(form, f"map_{i}")
    }
    return imports.ImportInput(
        source=source,
        text=text,
        unit=unit,
        date_format=form_text(form, "date_format") or None,
        mapping={name: target for name, target in mapping.items() if target},
        dry_run=form_text(form, "action") != "import",
        skip_bad=form_text(form, "skip_bad") == "yes",
        warmups=form_text(form, "warmups") == "yes",
    )


@pages.post("/import/apps")
def import_apps(request: Request, form: PageForm) -> Response:
    """Preview a file (nothing saved), then import it with the names matched (one transaction)."""
    try:
        given = _import_request(form)
        # Reads in the page's read-only transaction; the rows are written in short staged
        # chunks (imports.import_file with staged_on), so others keep writing meanwhile.
        engine = web_state(request).engine
        with page_use_case(request, read_only=True) as (session, actor):
            view = imports.import_file(session, actor, given, staged_on=engine)
    except InputError as exc:
        context: dict[str, Any] = {"title": "Import", "view": None}
        return render(request, "import_apps.html", context, status=422, problems=exc.problems)
    unmatched = [m for m in view.matches if m.exercise_id is None]
    shown: dict[str, Any] = {
        "title": "Import",
        "view": view,
        "given": given,
        "unmatched": unmatched,
    }
    return render(request, "import_apps.html", shown)


# --- API -------------------------------------------------------------------------------------


@api.get("/export", tags=["data"])
def export_data(request: Request, user_id: ApiUser) -> dict[str, Any]:
    """Everything you stored, in the format POST /api/v1/import takes back losslessly."""
    with _snapshot(request, user_id) as (session, actor):
        return backup.export_user(session, actor)


_IMPORT_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": True, "title": "Body"}
        }
    },
}
"""The body ``POST /api/v1/import`` documents: a JSON object (a Gluteus export)."""


@api.post(
    "/import",
    response_model=backup.ImportResult,
    tags=["data"],
    responses={413: {"model": ErrorView, "description": "the export is over 10 MB"}},
    openapi_extra={"requestBody": _IMPORT_BODY},
)
async def import_data(request: Request, user_id: ApiUser, replace: bool = False) -> Any:
    """Load an export of one person into your account (all or nothing).

    At most 10 MB and 50,000 rows; your units and time zone come with it.
    """
    # The body is read here and parsed in a worker thread (backup.parse_export), not by
    # the framework on the event loop: megabytes of JSON would stop every other request
    # of this process while they parse.
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_IMPORT_BYTES:
        limit_mb = MAX_IMPORT_BYTES // (1024 * 1024)
        raise HTTPException(
            status_code=413,
            detail=f"the export is over {limit_mb} MB; nothing was imported (split it by date)",
        )
    if "json" not in request.headers.get("content-type", "").lower():
        # Only JSON bodies pass the door's checks (web.limits.check_json) on their way in.
        raise InputError("body", "expected a JSON object", allowed="Content-Type: application/json")
    raw = await request.body()
    body = await run_in_threadpool(backup.parse_export, raw, "body")
    if not isinstance(body, dict):
        raise InputError("body", "expected a JSON object", allowed="a Gluteus export")
    return await run_in_threadpool(_import_as, request, user_id, body, replace)


def _import_as(request: Request, user_id: int, data: dict[str, Any], replace: bool) -> Any:
    """Find the signed-in person, then run their staged import.

    Runs in a worker thread: both touch the database, which must not stall the event loop.
    """
    with use_case(request, user_id, read_only=True) as (_session, actor):
        pass
    return _staged_import(request, actor, data, replace=replace)
