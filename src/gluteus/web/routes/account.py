"""Accounts: the start page, sign-up, sign-in, a forgotten password, settings and API tokens.

The API side: ``auth/signup``, ``auth/token``, ``me`` and ``settings``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from gluteus.domain.units import UnitSystem
from gluteus.mail import Mail, mailer_for
from gluteus.services import accounts, plans, today, users
from gluteus.services.context import Actor
from gluteus.services.errors import FieldProblem, InputError
from gluteus.web.deps import (
    ApiUser,
    PageForm,
    PageUser,
    SignInRequired,
    anonymous_work,
    check_credentials,
    end_session,
    hashing,
    in_thread,
    limit,
    now_utc,
    page_use_case,
    sign_in,
    sign_out,
    start_session,
    use_case,
    web_state,
)
from gluteus.web.errors import ERROR_RESPONSES
from gluteus.web.pages import form_text, redirect, render, safe_next, secret
from gluteus.web.schemas import (
    ErrorView,
    MeView,
    SettingsForm,
    SignupForm,
    SignupView,
    TokenForm,
    TokenView,
)

pages = APIRouter()
api = APIRouter()
SIGN_IN_FAILED = FieldProblem("sign_in", "wrong email or password")
_PUBLIC: dict[int | str, dict[str, Any]] = {
    400: ERROR_RESPONSES[400],
    422: ERROR_RESPONSES[422],
    429: {"model": ErrorView, "description": "slow down (see Retry-After)"},
    503: {"model": ErrorView, "description": "too many sign-ins at once (see Retry-After)"},
}


# --- pages -----------------------------------------------------------------------------------


@pages.get("/")
def home(request: Request) -> Response:
    """The landing page, or the signed-in person's dashboard."""
    try:
        # The sign-in check in the page's own transaction (one, not two).
        with page_use_case(request, read_only=True) as (session, actor):
            profile = plans.current_profile(session, actor)
            program = plans.active_program(session, actor)
            view = today.today_view(session, actor) if program else None
            email = accounts.email_of(session, actor)
    except SignInRequired:  # nobody, or a session that has ended: the public landing page
        return render(request, "landing.html", {"title": "Welcome"})
    context = {"title": "Home", "profile": profile, "program": program, "view": view}
    return render(request, "home.html", {**context, "email": email, "actor": actor})


@pages.get("/signup")
def signup_page(request: Request) -> Response:
    """The sign-up form."""
    return render(request, "signup.html", {"title": "Sign up", "form": {}, "zones": _zones()})


def _zones() -> list[str]:
    return users.timezone_names()


@pages.post("/signup", name="signup")
async def submit_signup(request: Request, form: PageForm) -> Response:
    """Create the account, then ask to sign in; the same answer when the email was taken.

    The password is hashed in the hashing pool (see :mod:`gluteus.web.hashing`), and
    the answer does not tell whether the address had an account (see
    :data:`~gluteus.services.accounts.SIGNED_UP`).
    """
    await in_thread(limit, request, "signup")
    values = {k: form_text(form, k) for k in ("email", "timezone", "units")}
    try:
        units = UnitSystem(values["units"]) if values["units"] else None
    except ValueError:
        units = None
    try:
        given = await hashing(
            request,
            accounts.new_account,
            accounts.Credentials(email=values["email"], password=secret(form, "password")),
            timezone=values["timezone"] or users.DEFAULT_TIMEZONE,
            units=units,
        )
        await in_thread(_store_signup, request, given)
    except InputError as exc:
        context = {"title": "Sign up", "form": values, "zones": _zones()}
        return render(request, "signup.html", context, status=422, problems=exc.problems)
    return render(request, "login.html", signed_up_form(values["email"]))


def signed_up_form(email: str) -> dict[str, Any]:
    """The sign-in form answering a sign-up: the notice, and the e-mail as it was typed.

    The e-mail comes back only in the answer to the form that sent it, never through a link
    or a cookie, so a new person types just the password again. It is the same answer for
    an address that already had an account (:data:`~gluteus.services.accounts.SIGNED_UP`):
    the person typed it, so showing it tells them nothing new.
    """
    return {
        "title": "Sign in",
        "email": email,
        "next": "/onboarding",
        "reset": False,
        "signed_up": accounts.SIGNED_UP,
    }


def _store_signup(request: Request, given: accounts.NewAccount) -> int | None:
    with anonymous_work(request) as session:
        return accounts.sign_up_quietly(session, given)


@pages.get("/login")
def login_page(request: Request, next: str = "/", reset: str = "", signed_up: str = "") -> Response:
    """The sign-in form (after a password reset or a sign-up, with a word about it)."""
    context = {
        "title": "Sign in",
        "email": "",
        "next": safe_next(next),
        "reset": bool(reset),
        "signed_up": accounts.SIGNED_UP if signed_up else "",
    }
    return render(request, "login.html", context)


def _begin(request: Request, signed: accounts.SignIn) -> tuple[str | None, str]:
    """Store a rehashed password and a new server-side session for a sign-in."""
    with anonymous_work(request) as session:
        accounts.keep_rehash(session, signed)
        return start_session(session, signed.user_id)


@pages.post("/login")
async def login(request: Request, form: PageForm) -> Response:
    """Sign in; one message for every failure, so it says nothing about which part was wrong.

    The password is checked in the hashing pool: a queue of sign-ins never holds up pages.
    """
    email = form_text(form, "email")
    target = safe_next(form_text(form, "next"))
    signed = await check_credentials(request, email, secret(form, "password"))
    if signed is None:
        context = {"title": "Sign in", "email": email, "next": target}
        return render(request, "login.html", context, status=401, problems=[SIGN_IN_FAILED])
    version, sid = await in_thread(_begin, request, signed)
    sign_in(request, signed.user_id, version, sid)
    return redirect(target)


RESET_SUBJECT = "Reset your Gluteus password"
RESET_BODY = """Someone, hopefully you, asked to reset the password of your Gluteus account.

Open this link within an hour to choose a new one:

{link}

The link works once. If you did not ask, ignore this mail: your password stays as it is.
"""


@pages.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    """Ask for a reset link by mail, or, without mail, say who can reset the password."""
    return render(request, "forgot.html", _forgot_context(request, sent=False))


def _forgot_context(request: Request, *, sent: bool) -> dict[str, Any]:
    mail = web_state(request).settings.mail_configured
    return {"title": "Forgot your password?", "mail": mail, "sent": sent}


@pages.post("/password/forgot")
def forgot(request: Request, form: PageForm, background: BackgroundTasks) -> Response:
    """Mail a reset link when the address has an account; the answer is the same either way.

    The mail goes out after the answer (in the thread pool), so how long the answer takes
    does not tell either.
    """
    limit(request, "reset")
    settings = web_state(request).settings
    mailer = mailer_for(settings)
    if mailer is None:
        return render(request, "forgot.html", _forgot_context(request, sent=False))
    with anonymous_work(request, read_only=True) as session:
        found = accounts.password_reset_token(
            session,
            form_text(form, "email"),
            secret_key=settings.resolved_secret_key(),
            now=now_utc(),
        )
    if found is not None:
        link = f"{settings.public_url.rstrip('/')}/password/reset?token={found.token}"
        mail = Mail(to=found.email, subject=RESET_SUBJECT, body=RESET_BODY.format(link=link))
        background.add_task(mailer.send, mail)
    return render(request, "forgot.html", _forgot_context(request, sent=True))


def _reset_failed(request: Request, token: str, exc: InputError) -> Response:
    """The reset page again: a bad link (400, no form) or a bad new password (422)."""
    bad_link = any(p.field == "link" for p in exc.problems)
    context = {"title": "Choose a new password", "token": "" if bad_link else token}
    return render(
        request, "reset.html", context, status=400 if bad_link else 422, problems=exc.problems
    )


@pages.get("/password/reset")
def reset_page(request: Request, token: str = "") -> Response:
    """The new-password form, for a reset link that still works."""
    settings = web_state(request).settings
    try:
        with anonymous_work(request, read_only=True) as session:
            accounts.check_reset_token(
                session, token, secret_key=settings.resolved_secret_key(), now=now_utc()
            )
    except InputError as exc:
        return _reset_failed(request, token, exc)
    return render(request, "reset.html", {"title": "Choose a new password", "token": token})


@pages.post("/password/reset")
async def reset(request: Request, form: PageForm) -> Response:
    """Set the new password; every browser and API token is signed out, then sign in."""
    await in_thread(limit, request, "reset")
    settings = web_state(request).settings
    token = form_text(form, "token")
    key = settings.resolved_secret_key()
    try:
        email = await in_thread(_reset_email, request, token, key)
        new_hash = await hashing(
            request, accounts.new_password_hash, secret(form, "new_password"), email
        )
        await in_thread(_reset, request, token, secret(form, "new_password"), new_hash, key)
    except InputError as exc:
        return _reset_failed(request, token, exc)
    sign_out(request)
    return redirect("/login?reset=1")


SIGN_OUT_CLEARS = '"cache", "storage"'
"""What the browser drops on sign-out (the Clear-Site-Data header, W3C Clear Site Data): its
cached pages, the service worker's copies of today and the plan, and the offline queue and rest
timer in local storage, so the next person on a shared device sees none of them offline."""


def _reset_email(request: Request, token: str, key: str) -> str:
    with anonymous_work(request, read_only=True) as session:
        return accounts.check_reset_token(session, token, secret_key=key, now=now_utc())


def _reset(request: Request, token: str, new: str, new_hash: str, key: str) -> None:
    with anonymous_work(request) as session:
        user_id = accounts.reset_with_token(
            session, token, new, secret_key=key, now=now_utc(), new_hash=new_hash
        )
        accounts.end_other_web_sessions(session, user_id)


@pages.post("/logout")
def logout(request: Request) -> Response:
    """Sign out: the session ends on the server, the browser drops its copies (Clear-Site-Data)."""
    end_session(request)
    response = redirect("/")
    response.headers["Clear-Site-Data"] = SIGN_OUT_CLEARS
    return response


@pages.get("/settings")
def settings_page(request: Request, saved: str = "") -> Response:
    """Units, time zone, password, API tokens and your data."""
    return render(request, "settings.html", _settings_context(request, saved=saved))


def _settings_context(request: Request, **extra: Any) -> dict[str, Any]:
    """What the settings page shows: the saved settings and the API tokens."""
    with page_use_case(request) as (session, actor):
        return _settings_values(session, actor, **extra)


def _settings_values(session: Session, actor: Actor, **extra: Any) -> dict[str, Any]:
    view = users.settings(session, actor)
    tokens = accounts.list_tokens(session, actor, now_utc())
    return {
        "title": "Settings",
        "view": view,
        "zones": _zones(),
        "saved": "",
        "tokens": tokens,
        **extra,
    }


@pages.post("/settings")
def save_settings(request: Request, form: PageForm) -> Response:
    """Save units and time zone."""
    try:
        with page_use_case(request) as (session, actor):
            zone = form_text(form, "timezone")
            if len(zone) > accounts.TIMEZONE_LENGTH:
                raise InputError("timezone", "not a known IANA time zone", value=zone[:64])
            if zone:
                users.set_timezone(session, actor, zone)
            units = form_text(form, "units")
            if units:
                try:
                    users.set_units(session, actor, UnitSystem(units))
                except ValueError:
                    raise InputError("units", "unknown", allowed="metric or imperial") from None
    except InputError as exc:
        return settings_with_problems(request, exc)
    return redirect("/settings?saved=settings")


def settings_with_problems(request: Request, exc: InputError) -> Response:
    """The settings page again, with the problems of a failed form (422)."""
    context = _settings_context(request)
    return render(request, "settings.html", context, status=422, problems=exc.problems)


@pages.post("/settings/password")
async def change_password(request: Request, form: PageForm) -> Response:
    """Change the password; this browser stays signed in, every other one is signed out."""
    await in_thread(limit, request, "password")
    try:
        user_id, email, candidate = await in_thread(_own_candidate, request)
        change = await hashing(
            request,
            accounts.prepare_password_change,
            candidate,
            email,
            secret(form, "current_password"),
            secret(form, "new_password"),
        )
        version = await in_thread(_store_change, request, change)
    except InputError as exc:
        return await in_thread(settings_with_problems, request, exc)
    sign_in(request, user_id, version, str(request.session.get("sid")))
    return redirect("/settings?saved=password")


def _own_candidate(request: Request) -> tuple[int, str, accounts.Candidate]:
    with page_use_case(request, read_only=True) as (session, actor):
        email = accounts.email_of(session, actor)
        return actor.user_id, email, accounts.find_candidate(session, email)


def _store_change(request: Request, change: accounts.PasswordChange) -> str | None:
    with page_use_case(request) as (session, actor):
        accounts.store_password(session, actor, change.verified_hash, change.new_hash)
        accounts.end_other_web_sessions(session, actor.user_id, keep=request.session.get("sid"))
        return accounts.session_version(session, actor.user_id)


@pages.post("/settings/token")
def create_token(request: Request) -> Response:
    """Create an API token and show it once."""
    with page_use_case(request) as (session, actor):
        token = accounts.issue_token(session, actor.user_id, now_utc())
        context = _settings_values(session, actor, token=token)
    return render(request, "settings.html", context)


@pages.post("/settings/revoke")
def revoke_tokens(request: Request) -> Response:
    """Revoke every API token."""
    with page_use_case(request) as (session, actor):
        accounts.revoke_tokens(session, actor)
    return redirect("/settings?saved=tokens")


@pages.post("/settings/tokens/{token_id}/revoke")
def revoke_one_token(request: Request, token_id: int) -> Response:
    """Revoke one API token (404 when it is not one of yours)."""
    with page_use_case(request) as (session, actor):
        accounts.revoke_token(session, actor, token_id)
    return redirect("/settings?saved=tokens")


# --- API -------------------------------------------------------------------------------------


@api.post(
    "/auth/signup",
    status_code=201,
    response_model=SignupView,
    responses={**_PUBLIC, 401: {"description": "unused"}},
    tags=["auth"],
)
async def signup(request: Request, form: SignupForm) -> SignupView:
    """Create an account that signs in with email and password.

    The answer is the same whether or not the email had an account already (nothing is
    changed then): exchange the credentials at ``POST /auth/token`` to go on.
    """
    await in_thread(limit, request, "signup")
    given = await hashing(
        request,
        accounts.new_account,
        accounts.Credentials(email=form.email, password=form.password),
        timezone=form.timezone,
        units=form.units,
    )
    await in_thread(_store_signup, request, given)
    return SignupView(email=given.email, detail=accounts.SIGNED_UP)


@api.post("/auth/token", response_model=TokenView, responses=_PUBLIC, tags=["auth"])
async def token(request: Request, form: TokenForm) -> TokenView:
    """Exchange email and password for a bearer token; 401 when either is wrong.

    The token works for 90 days (see ``GET /auth/tokens``); failures slow down further
    attempts on the account and from the address (429 with ``Retry-After``).
    """
    signed = await check_credentials(request, form.email, form.password)
    if signed is not None:
        return TokenView(access_token=await in_thread(_issue, request, signed))
    raise HTTPException(
        status_code=401, detail="wrong email or password", headers={"WWW-Authenticate": "Bearer"}
    )


def _issue(request: Request, signed: accounts.SignIn) -> str:
    with anonymous_work(request) as session:
        accounts.keep_rehash(session, signed)
        return accounts.issue_token(session, signed.user_id, now_utc())


@api.get("/auth/tokens", response_model=list[accounts.TokenView], tags=["auth"])
def list_tokens(request: Request, user_id: ApiUser) -> list[accounts.TokenView]:
    """Your API tokens (never the tokens themselves), newest first."""
    with use_case(request, user_id) as (session, actor):
        return accounts.list_tokens(session, actor, now_utc())


@api.delete("/auth/tokens/{token_id}", status_code=204, tags=["auth"])
def delete_token(request: Request, token_id: int, user_id: ApiUser) -> Response:
    """Revoke one of your API tokens (the one sent with this request too)."""
    with use_case(request, user_id) as (session, actor):
        accounts.revoke_token(session, actor, token_id)
    return Response(status_code=204)


@api.get("/me", response_model=MeView, tags=["auth"])
def me(request: Request, user_id: ApiUser) -> MeView:
    """Who the token belongs to, with their units, time zone and today."""
    with use_case(request, user_id) as (session, actor):
        return _me(session, actor)


def _me(session: Session, actor: Actor) -> MeView:
    return MeView(
        id=actor.user_id,
        email=accounts.email_of(session, actor),
        units=actor.units,
        timezone=actor.tz,
        today=actor.today,
    )


@api.put("/settings", response_model=MeView, tags=["auth"])
def put_settings(request: Request, user_id: ApiUser, form: SettingsForm) -> MeView:
    """Change units and/or time zone."""
    with use_case(request, user_id) as (session, actor):
        if form.timezone is not None:
            users.set_timezone(session, actor, form.timezone)
        if form.units is not None:
            users.set_units(session, actor, form.units)
        fresh = users.actor_for(session, actor.user_id, now_utc(), actor.units)
        return _me(session, fresh)


# --- deleting an account (people own their data; issue 25) -----------------------------------


class DeleteAccountForm(BaseModel):
    """The account's password, typed again to confirm the deletion."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=1024, description="your current password")


@pages.get("/settings/delete")
def delete_account_page(request: Request, user_id: PageUser) -> Response:
    """Ask for the password once more before deleting everything."""
    return render(request, "delete_account.html", {"title": "Delete your account"})


@pages.post("/settings/delete")
def delete_account_submit(request: Request, form: PageForm) -> Response:
    """Delete the account and all its data, sign out and go to the start page."""
    limit(request, "password")
    try:
        with page_use_case(request) as (session, actor):
            users.delete_account(session, actor, secret(form, "password"))
    except InputError as exc:
        context = {"title": "Delete your account"}
        return render(request, "delete_account.html", context, status=422, problems=exc.problems)
    sign_out(request)
    return redirect("/")


@api.delete("/me", status_code=204, response_class=Response, tags=["auth"])
def delete_me(request: Request, user_id: ApiUser, form: DeleteAccountForm) -> Response:
    """Delete your account and everything you stored; the token stops working. 204 when done."""
    limit(request, "password")
    with use_case(request, user_id) as (session, actor):
        users.delete_account(session, actor, form.password)
    return Response(status_code=204)
