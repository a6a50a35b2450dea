"""Remembered session cookies are refused exactly as checked ones: expired, forged, changed.

:class:`~gluteus.web.cookies.SessionMiddleware` remembers each cookie whose signature
checked out; what it remembers must never let through a cookie the signature check would
refuse, nor carry one request's changes to the session into the next.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from itsdangerous import URLSafeTimedSerializer
from starlette.types import Message, Receive, Scope, Send

from gluteus.web import cookies
from gluteus.web.cookies import COOKIE_NAME, MAX_AGE_S, REMEMBERED_COOKIES, SessionMiddleware

SECRET = "a secret key long enough for the tests of the session cookie"
SIGNED = {"uid": 7, "ver": "v1", "sid": "s" * 43, "csrf": "c" * 43}


class Seen:
    """The app behind the middleware: keeps each request's session and may change it."""

    def __init__(self, change: dict[str, Any] | None = None) -> None:
        self.sessions: list[dict[str, Any]] = []
        self.change = change or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.sessions.append(dict(scope["session"]))
        scope["session"].update(self.change)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _cookie(data: dict[str, Any], secret: str = SECRET) -> str:
    value = URLSafeTimedSerializer(secret, salt="gluteus.session").dumps(data)
    return value if isinstance(value, str) else value.decode()


def _request(middleware: SessionMiddleware, cookie: str) -> list[Message]:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/today",
        "headers": [(b"cookie", f"other=1; {COOKIE_NAME}={cookie}".encode())],
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(middleware(scope, receive, send))
    return sent


def test_a_remembered_cookie_gives_the_same_session_every_time() -> None:
    seen = Seen()
    middleware = SessionMiddleware(seen, SECRET)
    cookie = _cookie(SIGNED)
    for _ in range(3):
        _request(middleware, cookie)
    assert seen.sessions == [SIGNED] * 3


def test_a_change_to_the_session_is_not_carried_into_the_next_request() -> None:
    seen = Seen(change={"uid": 99, "csrf": "changed"})
    middleware = SessionMiddleware(seen, SECRET)
    cookie = _cookie(SIGNED)
    first = _request(middleware, cookie)
    _request(middleware, cookie)
    assert seen.sessions == [SIGNED, SIGNED]
    # The change itself still goes out as a new cookie.
    assert any(name == b"set-cookie" for name, _ in first[0]["headers"])


def test_a_remembered_cookie_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = Seen()
    middleware = SessionMiddleware(seen, SECRET)
    cookie = _cookie(SIGNED)
    _request(middleware, cookie)
    later = time.time() + MAX_AGE_S + 5
    monkeypatch.setattr(cookies.time, "time", lambda: later)
    _request(middleware, cookie)
    assert seen.sessions == [SIGNED, {}]


def test_a_cookie_from_the_future_is_refused_when_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = Seen()
    middleware = SessionMiddleware(seen, SECRET)
    cookie = _cookie(SIGNED)
    _request(middleware, cookie)
    earlier = time.time() - 60
    monkeypatch.setattr(cookies.time, "time", lambda: earlier)
    _request(middleware, cookie)
    assert seen.sessions == [SIGNED, {}]


def test_a_forged_cookie_is_refused_beside_a_remembered_one() -> None:
    seen = Seen()
    middleware = SessionMiddleware(seen, SECRET)
    genuine = _cookie(SIGNED)
    _request(middleware, genuine)
    forged = _cookie({**SIGNED, "uid": 8}, secret="another key of the same length, not ours!!")
    payload, _, signature = genuine.rpartition(".")
    _request(middleware, forged)
    _request(middleware, _cookie({**SIGNED, "uid": 8}).rpartition(".")[0] + "." + signature)
    _request(middleware, payload + ".x" + signature[2:])
    assert seen.sessions == [SIGNED, {}, {}, {}]


def test_what_is_remembered_is_bounded() -> None:
    middleware = SessionMiddleware(Seen(), SECRET)
    for number in range(REMEMBERED_COOKIES + 20):
        _request(middleware, _cookie({**SIGNED, "uid": number}))
    assert len(middleware._checked) <= REMEMBERED_COOKIES
    assert len(middleware._headers) <= REMEMBERED_COOKIES
