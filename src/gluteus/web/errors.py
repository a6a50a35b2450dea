"""How failures reach people: JSON with field and reason on the API, a page otherwise.

Bad input is never a 5xx: :class:`InputError` and request validation give 422 naming each
field, a missing or foreign row 404, a value the database refuses 422, a lost race 409, a
database that is down or busy 503 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from gluteus.db.engine import DatabaseUnavailable
from gluteus.services.errors import FieldProblem, InputError, NotFoundError
from gluteus.web.deps import SignInRequired
from gluteus.web.schemas import ErrorView, ProblemView

API_PREFIX = "/api/"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorView, "description": "the body is not readable JSON"},
    401: {"model": ErrorView, "description": "not signed in"},
    404: {"model": ErrorView, "description": "no such entry for you"},
    422: {"model": ErrorView, "description": "invalid input, with field and reason"},
}
"""The error responses every authenticated API route documents."""


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith(API_PREFIX)


def problems_of(exc: InputError) -> list[ProblemView]:
    """The error's problems as JSON views."""
    return [ProblemView.model_validate(p.as_dict()) for p in exc.problems]


def _json(status: int, detail: str, problems: list[ProblemView], **headers: str) -> Response:
    body = ErrorView(detail=detail, problems=problems).model_dump(mode="json")
    return JSONResponse(body, status_code=status, headers=headers or None)


def _page(request: Request, status: int, title: str, problems: list[FieldProblem]) -> Response:
    from gluteus.web.pages import render

    return render(request, "error.html", {"title": title}, status=status, problems=problems)


def _validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header", "cookie"}:
            loc = loc[1:]
        field = ".".join(loc) or "body"
        reason = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        value = error.get("input")
        shown = value if isinstance(value, str | int | float | bool) else None
        if isinstance(shown, str) and len(shown) > 200:
            shown = shown[:200]
        problems.append(FieldProblem(field, reason, None, shown))
    return problems


async def _input_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    if is_api(request):
        return _json(422, str(exc), problems_of(exc))
    return _page(request, 422, "That did not work", list(exc.problems))


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFoundError)
    value = exc.value if isinstance(exc.value, str | int | float | bool) else None
    problem = FieldProblem(exc.field, exc.reason, None, value)
    if is_api(request):
        return _json(404, str(exc), [ProblemView.model_validate(problem.as_dict())])
    return _page(request, 404, "Not found", [problem])


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = _validation_problems(exc)
    if is_api(request):
        views = [ProblemView.model_validate(p.as_dict()) for p in problems]
        return _json(422, "; ".join(p.text() for p in problems), views)
    return _page(request, 422, "That did not work", problems)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if is_api(request) or request.url.path == "/healthz":
        field = "authorization" if exc.status_code == 401 else "request"
        view = ProblemView(field=field, reason=str(exc.detail))
        return _json(exc.status_code, str(exc.detail), [view], **headers)
    problem = FieldProblem("request", str(exc.detail))
    response = _page(request, exc.status_code, "That did not work", [problem])
    response.headers.update(headers)
    return response


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)


async def _refused_value(request: Request, exc: Exception) -> Response:
    reason = "the database refused a value (out of range or not allowed)"
    if isinstance(exc, IntegrityError):
        status, reason = 409, "conflicts with data written at the same time; try again"
    else:
        status = 422
    if is_api(request):
        return _json(status, reason, [ProblemView(field="body", reason=reason)])
    return _page(request, status, "That did not work", [FieldProblem("request", reason)])


# --- outages and a busy database (503) -------------------------------------------------------

BUSY_RETRY_AFTER_S = 2
"""Seconds a client is asked to wait after a write that could not get the SQLite lock."""
UNAVAILABLE_RETRY_AFTER_S = 30
"""Seconds a client is asked to wait while the database is down, deleted or replaced."""
BUSY_REASON = "the database is busy with other writes; nothing was saved, try again shortly"
UNAVAILABLE_REASON = (
    "the database is temporarily unavailable; nothing was saved, try again in a minute"
)


def is_busy(exc: BaseException) -> bool:
    """Whether a database error is SQLite's lock timeout (not an outage)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def unavailable_response(request: Request, exc: BaseException) -> Response:
    """503 with ``Retry-After``: a short page, or the API's JSON error.

    A busy lock asks for a short wait; anything else (the server refused the connection,
    the SQLite file was deleted or replaced, the pool timed out) a longer one.
    """
    busy = is_busy(exc)
    reason = BUSY_REASON if busy else UNAVAILABLE_REASON
    retry = str(BUSY_RETRY_AFTER_S if busy else UNAVAILABLE_RETRY_AFTER_S)
    if is_api(request):
        return _json(
            503, reason, [ProblemView(field="database", reason=reason)], **{"Retry-After": retry}
        )
    title = "Busy, try again" if busy else "Temporarily unavailable"
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} · Gluteus</title></head><body><main><h1>{title}</h1>"
        f'<p>{reason[0].upper()}{reason[1:]}.</p><p><a href="/">Back to the start page</a></p>'
        f"</main></body></html>"
    )
    # A plain page: rendering the usual layout must not depend on anything that may be down.
    return HTMLResponse(body, status_code=503, headers={"Retry-After": retry})


async def _unavailable(request: Request, exc: Exception) -> Response:
    return unavailable_response(request, exc)


def install_unavailable_handlers(app: FastAPI) -> None:
    """Answer database outages and lock timeouts with 503, never 500."""
    for kind in (OperationalError, InterfaceError, PoolTimeout, DatabaseUnavailable):
        app.add_exception_handler(kind, _unavailable)


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler above on ``app``."""
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(IntegrityError, _refused_value)
    app.add_exception_handler(DataError, _refused_value)
    install_unavailable_handlers(app)
