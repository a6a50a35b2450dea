"""Hostile input stopped at the door: request-size limits and JSON no use case could store.

:class:`RequestLimitMiddleware` refuses a body over its route's limit with 413 before the
app sees it: at once when ``Content-Length`` says so, else as soon as the bytes streamed
in pass the limit (nothing more is read or kept). A JSON body of the API that parses but
holds what no field can take (``NaN``, ``Infinity``, a number too large for a float or a
64-bit integer, a NUL character or a lone surrogate in any text) is answered 422 naming
where, and never copied into the reply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gluteus.services.accounts import unusable_text
from gluteus.services.imports import IMPORT_MAX_BYTES

MIB = 1024 * 1024
API_BODY_LIMIT = 1 * MIB
"""Largest JSON body of an API route (OWASP ASVS 4.0 12.1.1 / 13.1: limit request sizes)."""
FORM_BODY_LIMIT = 1 * MIB
"""Largest form post of a page without a file."""
UPLOAD_BODY_LIMIT = IMPORT_MAX_BYTES + 64 * 1024
"""Largest page upload: the largest file an import takes and the form around it."""
IMPORT_BODY_LIMIT = IMPORT_MAX_BYTES + 64 * 1024
"""Largest body of ``POST /api/v1/import``: the largest import and its JSON envelope."""
BODY_LIMITS: dict[str, int] = {"/api/v1/import": IMPORT_BODY_LIMIT}
"""Routes (exact paths) with a limit of their own; every other route gets its kind's."""
MAX_INTEGER = 2**63 - 1
"""Largest integer magnitude a JSON body may hold (a 64-bit database column)."""
INLINE_CHECK_BYTES = 64 * 1024
"""Largest JSON body checked on the event loop; a bigger one (an import of megabytes takes
seconds to parse and walk) is checked in a worker thread, so the loop keeps serving the
process's other requests meanwhile (issue 25: a bystander's page beside a big import)."""


def body_limit(path: str, content_type: str) -> int:
    """The most bytes a request to ``path`` with ``content_type`` may send."""
    if path in BODY_LIMITS:
        return BODY_LIMITS[path]
    if path.startswith("/api/"):
        return API_BODY_LIMIT
    if content_type.startswith("multipart/form-data"):
        return UPLOAD_BODY_LIMIT
    return FORM_BODY_LIMIT


def _size(limit: int) -> str:
    return f"{limit / MIB:g} MB" if limit >= MIB else f"{limit // 1024} KB"


def too_large(path: str, limit: int) -> Response:
    """The 413 answer: JSON on the API, a plain sentence elsewhere."""
    reason = f"the request is larger than this address accepts (at most {_size(limit)})"
    if path.startswith("/api/"):
        problem = {"field": "body", "reason": reason, "allowed": f"at most {_size(limit)}"}
        return JSONResponse({"detail": reason, "problems": [problem]}, status_code=413)
    return PlainTextResponse(f"Too large: {reason}.", status_code=413)


class _Unstorable(ValueError):
    def __init__(self, field: str, reason: str, allowed: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.allowed = allowed


_NUMBER = "an ordinary finite number"


def _no_constant(name: str) -> Any:
    raise _Unstorable("body", f"holds {name}, which is not a number any field takes", _NUMBER)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Unstorable("body", "holds a number too large to use", _NUMBER)
    return value


def _bounded_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > 19 or abs(int(text)) > MAX_INTEGER:
        raise _Unstorable("body", "holds a whole number too large to use", "at most 19 digits")
    return int(text)


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (path, text) in a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path or "body", key
            yield from _texts(item, f"{path}.{key}" if path else str(key))


def _holds_unusable(value: Any) -> bool:
    """Whether any text (key or value) in a parsed JSON value is unusable.

    The quick pass: every text gathered, then one scan of them joined (a NUL or a lone
    surrogate stays one whatever it is joined to). :func:`_texts` names where only once one
    is found; it builds a path per value, three times the work on a big import's body.
    """
    texts: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            texts.extend(item)
            pending.extend(item.values())
    return unusable_text("".join(texts))


def check_json(body: bytes) -> None:
    """Refuse a JSON body that parses but holds a value no field can take.

    Bodies that do not parse are left to the route (it answers 422 as for any bad JSON).

    Raises:
        ValueError: An ``_Unstorable`` naming the field, the reason and what is allowed.
    """
    try:
        parsed = json.loads(
            body, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
    except _Unstorable:
        raise
    except ValueError:  # not JSON (or not UTF-8): the route says so
        return
    if not _holds_unusable(parsed):
        return
    for path, text in _texts(parsed, ""):
        if unusable_text(text):
            field = path.encode("utf-8", "replace").decode("utf-8") if path else "body"
            if unusable_text(field):
                field = "body"
            raise _Unstorable(
                field,
                "contains a character that cannot be stored (a NUL or a lone surrogate)",
                "ordinary text",
            )


class RequestLimitMiddleware:
    """Apply :func:`body_limit` to every HTTP request and :func:`check_json` to the API's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body as it arrives; refuse it (413, 422) or hand it on unchanged."""
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        content_type = headers.get("content-type", "")
        limit = body_limit(path, content_type)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await too_large(path, limit)(scope, receive, send)
            return
        if path.startswith("/api/") and "json" in content_type.lower():
            await self._checked_json(scope, receive, send, path, limit)
            return
        await self.app(scope, _counting(receive, limit, path), send)

    async def _checked_json(
        self, scope: Scope, receive: Receive, send: Send, path: str, limit: int
    ) -> None:
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await too_large(path, limit)(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        try:
            if len(body) > INLINE_CHECK_BYTES:
                await anyio.to_thread.run_sync(check_json, body)
            else:
                check_json(body)
        except _Unstorable as exc:
            problem = {"field": exc.field, "reason": exc.reason, "allowed": exc.allowed}
            detail = f"{exc.field}: {exc.reason}"
            await JSONResponse({"detail": detail, "problems": [problem]}, status_code=422)(
                scope, receive, send
            )
            return
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


class BodyTooLarge(HTTPException):
    """A streamed body passed its limit while the app read it: 413, nothing more is read."""

    def __init__(self, path: str, limit: int) -> None:
        reason = f"the request is larger than this address accepts (at most {_size(limit)})"
        super().__init__(status_code=413, detail=reason)
        self.path = path
        self.limit = limit


def _counting(receive: Receive, limit: int, path: str) -> Receive:
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge(path, limit)
        return message

    return counted


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
