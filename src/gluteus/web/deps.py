"""What every route needs: the app's state, the signed-in user, the actor, one transaction.

Routes open one unit of work per use case (``with use_case(request, user_id) as (session,
actor)``); it commits when the block ends and rolls back on any error. The actor's today is
the current UTC instant in the user's time zone.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.templating import Jinja2Templates

from gluteus.config import Settings
from gluteus.db.engine import unit_of_work
from gluteus.services import accounts, users
from gluteus.services.context import Actor
from gluteus.web.ratelimit import RateLimiter

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"


@dataclass
class WebState:
    """Everything one app instance shares between requests (no per-user state)."""

    settings: Settings
    engine: Engine
    limiter: RateLimiter
    templates: Jinja2Templates


class SignInRequired(Exception):
    """A page needs a signed-in user; the handler redirects to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def web_state(request: Request) -> WebState:
    """The state of the app serving ``request``."""
    state: WebState = request.app.state.web
    return state


def now_utc() -> dt.datetime:
    """The current instant (the one place the web reads the clock)."""
    return dt.datetime.now(dt.UTC)


@contextmanager
def use_case(
    request: Request, user_id: int, *, read_only: bool = False
) -> Iterator[tuple[Session, Actor]]:
    """One transaction acting as ``user_id`` (``read_only`` when the block only reads)."""
    state = web_state(request)
    with unit_of_work(state.engine, read_only=read_only) as session:
        yield session, users.actor_for(session, user_id, now_utc(), state.settings.units)


@contextmanager
def anonymous_work(request: Request, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction for no one in particular (sign-up, sign-in)."""
    with unit_of_work(web_state(request).engine, read_only=read_only) as session:
        yield session


def client_ip(request: Request) -> str:
    """The peer address (the proxy's, unless uvicorn trusts its forwarded headers)."""
    return request.client.host if request.client else "unknown"


def limit(request: Request, action: str) -> None:
    """Count one ``action`` attempt from this client; 429 when over the limit."""
    if not web_state(request).limiter.allow(f"{action}:{client_ip(request)}", now_utc()):
        raise HTTPException(
            status_code=429,
            detail="too many attempts; wait a few minutes and try again",
            headers={"Retry-After": str(int(web_state(request).limiter.limit.window_s))},
        )


# --- the JSON API: bearer tokens -------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="a token from POST /api/v1/auth/token")


def api_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> int:
    """The id of the user whose bearer token came with the request; 401 otherwise."""
    if credentials is not None:
        with anonymous_work(request, read_only=True) as session:
            user_id = accounts.user_for_token(session, credentials.credentials)
        if user_id is not None:
            return user_id
    raise HTTPException(
        status_code=401,
        detail="sign in: send Authorization: Bearer <token from POST /api/v1/auth/token>",
        headers={"WWW-Authenticate": "Bearer"},
    )


ApiUser = Annotated[int, Depends(api_user)]


# --- pages: the signed session cookie --------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def sign_in(request: Request, user_id: int, version: str | None) -> None:
    """Start a fresh session for ``user_id`` (a new CSRF token; nothing carried over)."""
    request.session.clear()
    request.session.update({"uid": user_id, "ver": version, "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    """Forget the session (the browser is told to drop the cookie)."""
    request.session.clear()


def _still_signed_in(request: Request, session: Session, user_id: int) -> bool:
    """Whether the session's password fingerprint is still the user's (signs out if not)."""
    version = accounts.session_version(session, user_id)
    if version is None or not hmac.compare_digest(version, str(request.session.get("ver"))):
        sign_out(request)
        return False
    return True


def session_user(request: Request) -> int | None:
    """The signed-in user's id, None when nobody is (or the password changed since)."""
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    with anonymous_work(request, read_only=True) as session:
        signed_in = _still_signed_in(request, session, user_id)
    return user_id if signed_in else None


@contextmanager
def page_use_case(request: Request, *, read_only: bool = False) -> Iterator[tuple[Session, Actor]]:
    """One transaction acting as the signed-in user, checking the sign-in in it too.

    The same check as :data:`PageUser` (a page without a signed-in user, or after a password
    change, redirects to the sign-in page), in the use case's own transaction: a page
    opened many times a minute (today's) then reads the user row once instead of twice.
    """
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        raise SignInRequired(request.url.path)
    state = web_state(request)
    with unit_of_work(state.engine, read_only=read_only) as session:
        # The check, the actor and then the data stamp (see journal.history) all read the
        # user's row; holding it keeps it in the session (which forgets rows nobody
        # references), so it is queried once.
        row = users.hold_user(session, user_id)
        if not _still_signed_in(request, session, user_id):
            raise SignInRequired(request.url.path)
        actor = users.actor_for(session, user_id, now_utc(), state.settings.units)
        yield session, actor
        del row


def page_user(request: Request) -> int:
    """The signed-in user's id; pages without one redirect to the sign-in page."""
    user_id = session_user(request)
    if user_id is None:
        raise SignInRequired(request.url.path)
    return user_id


PageUser = Annotated[int, Depends(page_user)]


async def page_form(request: Request) -> FormData:
    """The posted form, parsed once per request (the CSRF check has read it already).

    Routes take it as a dependency so that they can be plain functions: FastAPI runs those
    in the thread pool, so a slow password hash or a database write never holds up the
    event loop and every other request of the worker behind it.
    """
    return await request.form()


PageForm = Annotated[FormData, Depends(page_form)]


def _same_origin(request: Request, value: str) -> bool:
    expected = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
    return value.rstrip("/") == expected or value.startswith(expected + "/")


async def check_csrf(request: Request) -> AsyncIterator[None]:
    """Refuse an unsafe page request from another origin or without the session's token.

    The Origin header (or, without it, the Referer) must name this site, and the form's
    hidden ``csrf_token`` must equal the session's. Uploaded files are closed afterwards.
    """
    if request.method not in UNSAFE_METHODS:
        yield
        return
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null" and not _same_origin(request, origin):
        raise HTTPException(status_code=403, detail="cross-site request refused")
    if origin == "null":
        raise HTTPException(status_code=403, detail="cross-site request refused")
    form = await request.form()
    try:
        sent = form.get(CSRF_FIELD)
        expected = request.session.get("csrf")
        if not (
            isinstance(sent, str)
            and isinstance(expected, str)
            and expected
            and hmac.compare_digest(sent, expected)
        ):
            raise HTTPException(
                status_code=403,
                detail="the form expired or came from elsewhere; reload the page and try again",
            )
        yield
    finally:
        await form.close()
