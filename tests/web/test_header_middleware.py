"""The security headers go on raw header pairs exactly as Starlette's MutableHeaders put them."""

from __future__ import annotations

import asyncio

from starlette.types import Message, Receive, Scope, Send

from gluteus.web.cookies import HSTS, NO_STORE, SECURITY_HEADERS, SecurityHeadersMiddleware


def _headers(path: str, scheme: str, own: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": own})
        await send({"type": "http.response.body", "body": b""})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "path": path, "scheme": scheme, "method": "GET", "headers": []}
    asyncio.run(SecurityHeadersMiddleware(app)(scope, receive, send))
    return list(sent[0]["headers"])


def test_every_header_is_added_once_after_the_routes_own() -> None:
    own = [(b"content-type", b"text/html")]
    assert _headers("/today", "http", own) == [
        *own,
        *SECURITY_HEADERS,
        (b"cache-control", NO_STORE.encode()),
    ]


def test_a_header_the_route_set_is_kept() -> None:
    own = [(b"cache-control", b"no-cache"), (b"x-frame-options", b"SAMEORIGIN")]
    headers = _headers("/sw.js", "http", own)
    assert headers[:2] == own
    assert [name for name, _ in headers].count(b"x-frame-options") == 1
    assert [name for name, _ in headers].count(b"cache-control") == 1


def test_public_files_keep_their_caching() -> None:
    assert b"cache-control" not in dict(_headers("/static/style.css", "http", []))


def test_hsts_over_https_only_once_where_the_route_had_it() -> None:
    own = [(b"strict-transport-security", b"max-age=1"), (b"strict-transport-security", b"x")]
    headers = _headers("/today", "https", [*own, (b"content-type", b"text/html")])
    assert headers[0] == (b"strict-transport-security", HSTS.encode())
    assert [name for name, _ in headers].count(b"strict-transport-security") == 1
    assert b"strict-transport-security" not in dict(_headers("/today", "http", []))
