"""Accounts for the web: sign-up, sign-in by email and password, password changes, API tokens.

A web user's ``users.name`` is their email address, lower-cased. Passwords are kept only as
argon2id hashes; API tokens are random strings of which only a SHA-256 hash is stored (a
token has 256 bits of entropy, so a fast hash is enough and lookups stay one indexed query).
"""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gluteus.db.tables import ApiTokenRow, User
from gluteus.domain.units import UnitSystem
from gluteus.services import users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

EMAIL_LENGTH = (3, 80)
PASSWORD_LENGTH = (8, 256)
TIMEZONE_LENGTH = 64
"""Longest zone name stored; longer text is refused before the zone database is asked."""
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
_HASHER = PasswordHasher()
# Verifying against this keeps a sign-in for an unknown email as slow as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a real password")


class Credentials(BaseModel):
    """An email address and a password, as typed."""

    email: str
    password: str


class AccountView(BaseModel):
    """A signed-up user."""

    id: int
    email: str


def normalise_email(text: str) -> str:
    """``text`` stripped and lower-cased when it looks like an email address.

    Raises:
        InputError: On ``email`` when it does not.
    """
    email = text.strip().lower()
    low, high = EMAIL_LENGTH
    if not low <= len(email) <= high:
        raise InputError("email", "wrong length", allowed=f"{low}–{high} characters", value=text)
    if not _EMAIL.fullmatch(email):
        raise InputError("email", "not an email address", allowed="e.g. you@example.com")
    return email


def check_password(password: str, field: str = "password") -> str:
    """``password`` when it is long enough and not absurdly long.

    Raises:
        InputError: On ``field`` otherwise (the password itself is never echoed).
    """
    low, high = PASSWORD_LENGTH
    if not low <= len(password) <= high:
        raise InputError(field, "wrong length", allowed=f"{low}–{high} characters")
    return password


def sign_up(
    session: Session,
    given: Credentials,
    *,
    timezone: str = users.DEFAULT_TIMEZONE,
    units: UnitSystem | None = None,
) -> AccountView:
    """Create a user who signs in with ``given``.

    Raises:
        InputError: On ``email`` (invalid or already registered), ``password`` (too short or
            long) or ``timezone`` (unknown).
    """
    email = normalise_email(given.email)
    check_password(given.password)
    if len(timezone) > TIMEZONE_LENGTH:
        raise InputError("timezone", "not a known IANA time zone", allowed="e.g. Europe/Berlin")
    if users.find_user(session, email) is not None:
        raise InputError("email", "already registered; sign in instead")
    try:
        user_id = users.create_user(session, email, timezone=timezone, units=units)
    except InputError as exc:
        if exc.field == "name":
            raise InputError("email", exc.problems[0].reason, value=email) from None
        raise
    user = session.get(User, user_id)
    assert user is not None
    user.password_hash = _HASHER.hash(given.password)
    session.flush()
    return AccountView(id=user_id, email=email)


def authenticate(session: Session, given: Credentials) -> int | None:
    """The id of the user these credentials belong to; None on any mismatch.

    Callers tell the person only that the email or password was wrong, never which.
    """
    email = given.email.strip().lower()
    user = session.scalars(select(User).where(User.name == email)).one_or_none()
    stored = user.password_hash if user is not None else None
    try:
        _HASHER.verify(stored or _DUMMY_HASH, given.password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or stored is None:
        return None
    if _HASHER.check_needs_rehash(stored):
        user.password_hash = _HASHER.hash(given.password)
        session.flush()
    return user.id


def change_password(session: Session, actor: Actor, current: str, new: str) -> None:
    """Replace the actor's password after checking the current one; revokes API tokens.

    Raises:
        InputError: On ``current_password`` when it is wrong, ``new_password`` when invalid.
    """
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError("user", actor.user_id)
    if authenticate(session, Credentials(email=user.name, password=current)) != user.id:
        raise InputError("current_password", "is not your current password")
    check_password(new, "new_password")
    user.password_hash = _HASHER.hash(new)
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user.id))
    session.flush()


def reset_password(session: Session, email: str, new: str) -> int:
    """Set a web account's password without the old one (an operator's reset).

    Every browser session and API token of the account stops working, as after a change.

    Returns:
        The account's user id.

    Raises:
        NotFoundError: On ``email`` when no web account has it.
        InputError: On ``new_password`` when the password is invalid.
    """
    name = normalise_email(email)
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None or user.password_hash is None:
        raise NotFoundError("email", name, "no web account with that email")
    check_password(new, "new_password")
    user.password_hash = _HASHER.hash(new)
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user.id))
    session.flush()
    return user.id


def session_version(session: Session, user_id: int) -> str | None:
    """A short fingerprint of the user's password hash; it changes with the password.

    Web sessions carry it, so changing the password signs out every other browser.
    None when the user does not exist or cannot sign in.
    """
    user = session.get(User, user_id)
    if user is None or user.password_hash is None:
        return None
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user_id: int) -> str:
    """A new bearer token for ``user_id``; shown once, stored only as a hash."""
    token = secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user_id, token_hash=_token_hash(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> int | None:
    """The id of the user owning ``token``, None for an unknown or revoked token."""
    if not token or len(token) > 256:
        return None
    row = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token))
    ).one_or_none()
    return row.user_id if row else None


def revoke_tokens(session: Session, actor: Actor) -> int:
    """Revoke every API token of the actor; returns how many there were."""
    result = session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == actor.user_id))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def email_of(session: Session, actor: Actor) -> str:
    """The actor's email address (their user name)."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError("user", actor.user_id)
    return user.name
