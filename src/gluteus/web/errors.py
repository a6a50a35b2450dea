"""How failures reach people: JSON with field and reason on the API, a page otherwise.

Bad input is never a 5xx: :class:`InputError` and request validation give 422 naming each
field, a missing or foreign row 404, a value the database refuses 422, a lost race 409.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException

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


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler above on ``app``."""
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(IntegrityError, _refused_value)
    app.add_exception_handler(DataError, _refused_value)
