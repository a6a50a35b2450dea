"""What every route needs: the app's state, the signed-in user, the actor, one transaction.

Routes open one unit of work per use case; it commits when the block ends and rolls back on
any error. A page runs its sign-in check in that same transaction (``with
page_use_case(request) as (session, actor)``: one transaction per form post, see
tests/web/test_page_transactions.py); the API checks its bearer token, then ``with
use_case(request, user_id)``. The actor's today is the current UTC instant in the user's time
zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import math
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, ParamSpec, TypeVar

import anyio.to_thread
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.templating import Jinja2Templates

from gluteus.config import Settings
from gluteus.db.engine import snapshot_work, unit_of_work
from gluteus.services import accounts, users
from gluteus.services.context import Actor
from gluteus.web.hashing import HashingPool
from gluteus.web.ratelimit import RateLimiter

P = ParamSpec("P")
T = TypeVar("T")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"


@dataclass
class WebState:
    """Everything one app instance shares between requests (no per-user state)."""

    settings: Settings
    engine: Engine
    limiter: RateLimiter
    templates: Jinja2Templates
    hashing: HashingPool


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


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` (database work) in the serving thread pool, from an async route."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def hashing(request: Request, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` (password work) in the app's hashing pool; 503 when it is full."""
    return await web_state(request).hashing.run(fn, *args, **kwargs)


def _wait_before_sign_in(request: Request, keys: list[str], email: str) -> accounts.Candidate:
    """The account to check, after the attempt limits; 429 while its keys must wait."""
    limit(request, "signin")
    with anonymous_work(request, read_only=True) as session:
        wait = accounts.sign_in_wait(session, keys, now_utc())
        candidate = accounts.find_candidate(session, email)
    if wait > dt.timedelta(0):
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise HTTPException(
            status_code=429,
            detail=f"too many failed sign-ins; wait {seconds} s and try again",
            headers={"Retry-After": str(seconds)},
        )
    return candidate


def _note_sign_in(request: Request, keys: list[str], *, succeeded: bool) -> None:
    with anonymous_work(request) as session:
        if succeeded:
            accounts.forget_sign_in_failures(session, keys)
        else:
            accounts.record_sign_in_failure(session, keys, now_utc())


async def check_credentials(request: Request, email: str, password: str) -> accounts.SignIn | None:
    """Whose ``email`` and ``password`` these are, None when they do not match.

    The per-address limit and the growing delays after failures on the account and on
    the address come first (429 with ``Retry-After``); the password is checked in the
    hashing pool (503 when it is full, at once and before the limits' database work),
    never in a serving thread. A failure counts
    against the account and the address whether or not the email is registered.
    """
    pool = web_state(request).hashing
    if pool.full:
        # Refused before any database work: a flood of sign-ins costs the serving threads
        # nothing once the hashing queue is full (sign-ins are told to retry, pages go on),
        # and the answer waits a moment so that a client retrying at once cannot spin.
        await pool.refuse()
    keys = accounts.failure_keys(email, client_ip(request))
    candidate = await in_thread(_wait_before_sign_in, request, keys, email)
    signed = await hashing(request, accounts.check_candidate, candidate, password)
    await in_thread(_note_sign_in, request, keys, succeeded=signed is not None)
    return signed


# --- the JSON API: bearer tokens -------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="a token from POST /api/v1/auth/token")


def api_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> int:
    """The id of the user whose bearer token came with the request; 401 otherwise."""
    if credentials is not None:
        with anonymous_work(request, read_only=True) as session:
            found = accounts.check_token(session, credentials.credentials, now_utc())
        if found is not None:
            if found.stale:
                with anonymous_work(request) as session:
                    accounts.mark_token_used(session, found.token_id, now_utc())
            return found.user_id
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


def start_session(session: Session, user_id: int) -> tuple[str | None, str]:
    """Store a new browser session for ``user_id`` in ``session``: (version, session id).

    Pass both to :func:`sign_in` once the transaction has committed.
    """
    sid = accounts.start_web_session(session, user_id, now_utc())
    return accounts.session_version(session, user_id), sid


def sign_in(request: Request, user_id: int, version: str | None, sid: str) -> None:
    """Start a fresh cookie for ``user_id`` (a new CSRF token; nothing carried over).

    ``sid`` names the server-side session made by :func:`start_session`.
    """
    request.session.clear()
    request.session.update(
        {"uid": user_id, "ver": version, "sid": sid, "csrf": secrets.token_urlsafe(32)}
    )


def sign_out(request: Request) -> None:
    """Forget the cookie's session (the browser is told to drop it)."""
    request.session.clear()


def end_session(request: Request) -> None:
    """Sign out for good: end the session on the server, then forget the cookie.

    A copy of the cookie taken before then signs nobody in.
    """
    user_id = request.session.get("uid")
    if isinstance(user_id, int):
        with anonymous_work(request) as session:
            accounts.end_web_session(session, user_id, request.session.get("sid"))
    sign_out(request)


def _still_signed_in(
    request: Request,
    session: Session,
    user_id: int,
    held: tuple[accounts.SessionCheck | None] | None = None,
) -> bool | None:
    """Whether the cookie's session is still live (signs out if not).

    Live: the server still holds the session (not signed out, not idle for
    :data:`~gluteus.services.accounts.SESSION_IDLE`, not older than
    :data:`~gluteus.services.accounts.SESSION_ABSOLUTE`) and the password fingerprint is
    still the user's. None (also live) when its last use should be written with
    :func:`_touch` after the transaction. ``held``: the session's check, when already read
    (see :func:`page_use_case`).
    """
    version = accounts.session_version(session, user_id)
    alive = (
        held[0]
        if held is not None
        else accounts.web_session_alive(session, request.session.get("sid"), user_id, now_utc())
    )
    if (
        alive is None
        or version is None
        or not hmac.compare_digest(version, str(request.session.get("ver")))
    ):
        sign_out(request)
        return False
    return None if alive.stale else True


def _touch(request: Request) -> None:
    """Write that the cookie's session was used now (about once an hour per session)."""
    with anonymous_work(request) as session:
        accounts.touch_web_session(session, str(request.session.get("sid")), now_utc())


def session_user(request: Request) -> int | None:
    """The signed-in user's id, None when nobody is (signed out, expired, password changed)."""
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    with anonymous_work(request, read_only=True) as session:
        signed_in = _still_signed_in(request, session, user_id)
    if signed_in is None:
        _touch(request)
    return None if signed_in is False else user_id


@contextmanager
def page_use_case(
    request: Request, *, read_only: bool = False, snapshot: bool = False
) -> Iterator[tuple[Session, Actor]]:
    """One transaction acting as the signed-in user, checking the sign-in in it too.

    The same check as :data:`PageUser` (a page without a signed-in user, or after a password
    change, redirects to the sign-in page), in the use case's own transaction: a page
    opened many times a minute (today's) then reads the user row once instead of twice.
    ``snapshot``: the transaction reads one consistent snapshot without blocking writers
    (:func:`~gluteus.db.engine.snapshot_work`, for a download of everything).
    """
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        raise SignInRequired(request.url.path)
    state = web_state(request)
    work = (
        snapshot_work(state.engine) if snapshot else unit_of_work(state.engine, read_only=read_only)
    )
    with work as session:
        # The check, the actor and then the data stamp (see journal.history) all read the
        # user's row; holding it keeps it in the session (which forgets rows nobody
        # references), so it is queried once.
        row, alive = accounts.hold_signed_in(
            session, user_id, request.session.get("sid"), now_utc()
        )
        signed_in = _still_signed_in(request, session, user_id, (alive,))
        if signed_in is False:
            raise SignInRequired(request.url.path)
        actor = users.actor_for(session, user_id, now_utc(), state.settings.units)
        yield session, actor
        del row
    if signed_in is None:
        _touch(request)


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
    # request.url is built only without a Host header: building it cost more than the rest.
    scheme = str(request.scope.get("scheme", "http")).lower()
    host = request.headers.get("host")
    expected = f"{scheme}://{host if host is not None else request.url.netloc}"
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
