"""How failures reach people: JSON with field and reason on the API, a page otherwise.

Bad input is never a 5xx: :class:`InputError` and request validation give 422 naming each
field, a missing or foreign row 404, a value the database refuses 422, a lost race 409, a
date too far out for the calendar 422, a database that is down or busy 503 with
``Retry-After``. A reply never copies a secret (a password or token field) or a value it could
not encode (a non-finite number, a lone surrogate, a NUL) back: ``value`` is left out then.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from gluteus.db.engine import DatabaseUnavailable
from gluteus.services.accounts import unusable_text
from gluteus.services.errors import FieldProblem, InputError, NotFoundError
from gluteus.web.deps import SignInRequired
from gluteus.web.limits import MAX_INTEGER
from gluteus.web.schemas import ErrorView, ProblemView

API_PREFIX = "/api/"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorView, "description": "the body is not readable JSON"},
    401: {"model": ErrorView, "description": "not signed in"},
    404: {"model": ErrorView, "description": "no such entry for you"},
    413: {"model": ErrorView, "description": "the body is larger than the route accepts"},
    422: {"model": ErrorView, "description": "invalid input, with field and reason"},
}
"""The error responses every authenticated API route documents."""


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith(API_PREFIX)


SECRET_FIELDS = ("password", "token", "secret", "authorization")
"""A field whose name contains one of these never has its value shown in a reply."""


def is_secret(field: str) -> bool:
    """Whether ``field`` names a secret (see :data:`SECRET_FIELDS`)."""
    name = field.lower()
    return any(word in name for word in SECRET_FIELDS)


def shown_value(field: str, value: object) -> str | int | float | bool | None:
    """``value`` as a reply may show it, None when it must not (secret or unencodable).

    Long text is cut to 200 characters.
    """
    if is_secret(field) or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value if abs(value) <= MAX_INTEGER else None
    if isinstance(value, str):
        return None if unusable_text(value) else value[:200]
    return None


def plain(text: str) -> str:
    """``text`` with anything that cannot be encoded (lone surrogates, NUL) replaced."""
    if not unusable_text(text):
        return text
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def problems_of(exc: InputError) -> list[ProblemView]:
    """The error's problems as JSON views."""
    return [ProblemView.model_validate(p.as_dict()) for p in exc.problems]


def _json(
    status: int,
    detail: str,
    problems: list[ProblemView],
    hidden: frozenset[int] = frozenset(),
    **headers: str,
) -> Response:
    safe = [
        ProblemView(
            field=plain(p.field),
            reason=plain(p.reason),
            allowed=plain(p.allowed) if p.allowed is not None else None,
            value=shown_value(p.field, p.value),
        )
        for p in problems
    ]
    body = ErrorView(detail=plain(detail), problems=safe).model_dump(mode="json")
    for index, (given, problem) in enumerate(zip(problems, body["problems"], strict=True)):
        if index in hidden or (given.value is not None and problem["value"] is None):
            del problem["value"]  # a secret or a value JSON cannot carry: left out
    return JSONResponse(body, status_code=status, headers=headers or None)


def _page(request: Request, status: int, title: str, problems: list[FieldProblem]) -> Response:
    from gluteus.web.pages import render

    return render(request, "error.html", {"title": title}, status=status, problems=problems)


def _validation_problems(exc: RequestValidationError) -> tuple[list[FieldProblem], frozenset[int]]:
    """The problems, values as they may be shown, and which had a value left out."""
    problems = []
    hidden = set()
    for index, error in enumerate(exc.errors()):
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header", "cookie"}:
            loc = loc[1:]
        field = plain(".".join(loc) or "body")
        reason = plain(str(error.get("msg", "invalid")).removeprefix("Value error, "))
        given = error.get("input")
        shown = shown_value(field, given)
        if shown is None and given is not None:
            hidden.add(index)
        problems.append(FieldProblem(field, reason, None, shown))
    return problems, frozenset(hidden)


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
    problems, hidden = _validation_problems(exc)
    if is_api(request):
        views = [ProblemView.model_validate(p.as_dict()) for p in problems]
        return _json(422, "; ".join(p.text() for p in problems), views, hidden)
    return _page(request, 422, "That did not work", problems)


async def _out_of_calendar(request: Request, exc: Exception) -> Response:
    """A date computed past year 9999 (or before year 1): a plan stored with a wild start."""
    reason = (
        "a date here falls outside the calendar (before year 1 or after 9999); "
        "check the dates you entered, or rebuild your plan with a start date near today"
    )
    if is_api(request):
        return _json(422, reason, [ProblemView(field="date", reason=reason)])
    return _page(request, 422, "That did not work", [FieldProblem("date", reason)])


def allowed_methods(request: Request) -> str:
    """Every method the API documents at the request's path (for ``Allow`` on a 405).

    Starlette names only the methods of the first route whose path matched; a path served
    by several routes (``GET`` and ``POST`` of a list) then advertised only one of them.
    Read from the OpenAPI document, so ``Allow`` and the document agree; "" off the API.
    """
    patterns: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(
        request.app.state, "allow_patterns", None
    )
    if patterns is None:
        patterns = []
        for path, operations in request.app.openapi().get("paths", {}).items():
            regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
            patterns.append((re.compile(regex), frozenset(m.upper() for m in operations)))
        request.app.state.allow_patterns = patterns
    methods: set[str] = set()
    for pattern, verbs in patterns:
        if pattern.fullmatch(request.url.path):
            methods |= verbs
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
    if is_api(request) or request.url.path == "/healthz":
        field = "authorization" if exc.status_code == 401 else "request"
        allowed = f"one of {headers['Allow']}" if headers.get("Allow") else None
        view = ProblemView(field=field, reason=str(exc.detail), allowed=allowed)
        return _json(exc.status_code, str(exc.detail), [view], frozenset(), **headers)
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
            503,
            reason,
            [ProblemView(field="database", reason=reason)],
            frozenset(),
            **{"Retry-After": retry},
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
    app.add_exception_handler(OverflowError, _out_of_calendar)
