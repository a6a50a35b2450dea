"""Signed session cookies (HttpOnly, SameSite=Lax, Secure over HTTPS) and security headers.

The cookie holds a small signed (not encrypted) dict: the user id, a fingerprint of their
password hash, the random id of the session the server keeps (so signing out ends it for
every copy of the cookie) and the CSRF token. The session rows live in the shared
database, so any worker can serve any request.
"""

from __future__ import annotations

import json
import time
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_NAME = "gluteus_session"
MAX_AGE_S = 30 * 24 * 3600
"""The cookie's lifetime: the session's absolute lifetime (the server ends it sooner when
it is signed out or unused; see ``gluteus.services.accounts.SESSION_IDLE``)."""


REMEMBERED_COOKIES = 1024
"""Cookies each worker remembers having checked (the signature and what it holds), the
oldest forgotten first: a person sends the same cookie with every request, and checking
its signature again cost more than anything else the middleware does (a logged set)."""
REMEMBERED_HEADER_BYTES = 4096
"""Longest Cookie header whose reading is remembered (a longer one is read every time)."""
_SCALARS = (str, int, float, bool, type(None))


class SessionMiddleware:
    """Load ``scope["session"]`` from the signed cookie and write it back when it changed.

    A cookie whose signature checked out is remembered with its contents and when it was
    signed (:data:`REMEMBERED_COOKIES`): the same string always has the same signature
    under the worker's key, so only its age is checked again, as on the first time. The
    server-side session (signed out, idle, password changed) is checked on every request
    by the routes, as before.
    """

    def __init__(self, app: ASGIApp, secret_key: str, *, max_age_s: int = MAX_AGE_S) -> None:
        self.app = app
        self.max_age_s = max_age_s
        self.signer = URLSafeTimedSerializer(secret_key, salt="gluteus.session")
        self._headers: dict[bytes, str | None] = {}
        self._checked: dict[str, tuple[dict[str, Any], int]] = {}

    def _cookie_value(self, header: bytes) -> str | None:
        """Our cookie's value in one Cookie header, None when missing or malformed."""
        if header in self._headers:
            return self._headers[header]
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(header.decode("latin-1"))
        except Exception:  # a malformed Cookie header is simply ignored
            value = None
        else:
            value = cookie[COOKIE_NAME].value if COOKIE_NAME in cookie else None
        if len(header) <= REMEMBERED_HEADER_BYTES:
            _remember(self._headers, header, value)
        return value

    def _load(self, scope: Scope) -> dict[str, Any]:
        """The session the request's cookie holds ({} without a valid one); never mutate it."""
        raw = ""
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                found = self._cookie_value(value)
                if found is not None:
                    raw = found
        if not raw:
            return {}
        checked = self._checked.get(raw)
        if checked is not None:
            data, signed_at = checked
            # As itsdangerous checks the age: too old, or signed in the future, is refused.
            age = int(time.time()) - signed_at
            if 0 <= age <= self.max_age_s:
                return data
            del self._checked[raw]
            return {}
        try:
            data, stamp = self.signer.loads(raw, max_age=self.max_age_s, return_timestamp=True)
        except (BadSignature, ValueError, json.JSONDecodeError):
            return {}
        if not isinstance(data, dict):
            return {}
        if all(isinstance(v, _SCALARS) for v in data.values()):  # nothing a request changes
            _remember(self._checked, raw, (data, int(stamp.timestamp())))
        return data

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with the session loaded; set or clear the cookie on the way out."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        initial = self._load(scope)  # maybe remembered: compared, never changed
        scope["session"] = dict(initial)
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                if session != initial:
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", self._cookie(session, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: dict[str, Any], secure: bool) -> str:
        if session:
            value = self.signer.dumps(session)
            if isinstance(value, bytes):
                value = value.decode()
            parts = [f"{COOKIE_NAME}={value}", "Path=/", f"Max-Age={self.max_age_s}"]
        else:
            parts = [f"{COOKIE_NAME}=", "Path=/", "Max-Age=0"]
        parts += ["HttpOnly", "SameSite=Lax"]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


def _remember(memory: dict[Any, Any], key: Any, value: Any) -> None:
    """Keep ``value`` under ``key``, forgetting the oldest beyond :data:`REMEMBERED_COOKIES`."""
    if len(memory) >= REMEMBERED_COOKIES:
        del memory[next(iter(memory))]
    memory[key] = value


SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
)
"""Sent with every response: our own assets only, no framing, no sniffing."""
HSTS = "max-age=31536000; includeSubDomains"
"""Strict-Transport-Security over HTTPS: browsers use HTTPS only for a year (OWASP ASVS 4.0
9.1.1, 14.4.5); never sent over plain HTTP, where it would mean nothing."""
NO_STORE = "no-store"
"""Cache-Control of pages and API replies: they hold someone's data, so no cache (shared or
the browser's) keeps a copy (OWASP ASVS 4.0 8.2.1). Static assets set their own."""
CACHEABLE_PREFIXES = ("/static/",)
"""Paths whose responses keep their own caching (public files, the same for everyone)."""


NO_STORE_BYTES = NO_STORE.encode()
HSTS_BYTES = HSTS.encode()


def _set(headers: list[tuple[bytes, bytes]], name: bytes, value: bytes) -> None:
    """``name`` set to ``value`` once, where it first was (else at the end), as Starlette does."""
    found = [index for index, (key, _) in enumerate(headers) if key == name]
    for index in reversed(found[1:]):
        del headers[index]
    if found:
        headers[found[0]] = (name, value)
    else:
        headers.append((name, value))


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every HTTP response that does not set them itself.

    Also ``Cache-Control:`` :data:`NO_STORE` on everything but public files (unless the
    route chose its own), and :data:`HSTS` when the request came over HTTPS.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        secure = scope.get("scheme") == "https"
        private = not str(scope.get("path", "")).startswith(CACHEABLE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # On the raw (name, value) pairs, as MutableHeaders would add them: its
                # lookups decode and compare every header again for each name (~30 µs).
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
                present = {name for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                if private and b"cache-control" not in present:
                    headers.append((b"cache-control", NO_STORE_BYTES))
                if secure:
                    _set(headers, b"strict-transport-security", HSTS_BYTES)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
