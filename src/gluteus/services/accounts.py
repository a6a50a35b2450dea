"""Accounts for the web: sign-up, sign-in by email and password, password changes, API tokens.

A web user's ``users.name`` is their email address, lower-cased. Passwords are kept only as
argon2id hashes; API tokens are random strings of which only a SHA-256 hash is stored (a
token has 256 bits of entropy, so a fast hash is enough and lookups stay one indexed query).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
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


class NewAccount(BaseModel):
    """A sign-up checked and its password hashed, ready to be stored."""

    email: str
    password_hash: str
    timezone: str
    units: UnitSystem | None = None


def new_account(
    given: Credentials,
    *,
    timezone: str = users.DEFAULT_TIMEZONE,
    units: UnitSystem | None = None,
) -> NewAccount:
    """Check a sign-up and hash its password, before any transaction is opened.

    Hashing takes a good fraction of a second on purpose; done inside a write transaction
    it would hold every other writer (on SQLite, the whole database) back that long.

    Raises:
        InputError: On ``email`` (not an address), ``password`` (too short or long) or
            ``timezone`` (unknown).
    """
    email = normalise_email(given.email)
    check_password(given.password)
    if len(timezone) > TIMEZONE_LENGTH:
        raise InputError("timezone", "not a known IANA time zone", allowed="e.g. Europe/Berlin")
    zone = users.check_timezone(timezone)
    return NewAccount(
        email=email, password_hash=_HASHER.hash(given.password), timezone=zone, units=units
    )


def sign_up(session: Session, account: NewAccount) -> AccountView:
    """Store a user who signs in with the account's email and password.

    Raises:
        InputError: On ``email`` when it is already registered.
    """
    if users.find_user(session, account.email) is not None:
        raise InputError("email", "already registered; sign in instead")
    try:
        user_id = users.create_user(
            session, account.email, timezone=account.timezone, units=account.units
        )
    except InputError as exc:
        if exc.field == "name":
            raise InputError("email", exc.problems[0].reason, value=account.email) from None
        raise
    user = session.get(User, user_id)
    assert user is not None
    user.password_hash = account.password_hash
    session.flush()
    return AccountView(id=user_id, email=account.email)


@dataclass(frozen=True)
class SignIn:
    """Credentials that matched: whose they are and the password hash to keep.

    Attributes:
        user_id: The user signing in.
        verified_hash: The stored hash the password was checked against.
        password_hash: The hash to keep: the verified one, or the password hashed again
            when the stored hash was made with weaker settings.
    """

    user_id: int
    verified_hash: str
    password_hash: str

    @property
    def rehashed(self) -> bool:
        """Whether the hash should be replaced (see :func:`keep_rehash`)."""
        return self.password_hash != self.verified_hash

    @property
    def session_version(self) -> str:
        """The fingerprint web sessions carry (see :func:`session_version`)."""
        return _fingerprint(self.password_hash)


def authenticate(session: Session, given: Credentials) -> SignIn | None:
    """Who these credentials belong to; None on any mismatch.

    Only reads, so run it in a read-only transaction: the check is slow on purpose and
    must not hold a write lock. A hash made with weaker settings is hashed again here and
    stored by :func:`keep_rehash`. Callers tell the person only that the email or password
    was wrong, never which.
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
    current = _HASHER.hash(given.password) if _HASHER.check_needs_rehash(stored) else stored
    return SignIn(user_id=user.id, verified_hash=stored, password_hash=current)


def keep_rehash(session: Session, signed: SignIn) -> None:
    """Store a sign-in's new hash, unless the password changed since it was checked."""
    if not signed.rehashed:
        return
    user = session.get(User, signed.user_id)
    if user is not None and user.password_hash == signed.verified_hash:
        user.password_hash = signed.password_hash
        session.flush()


def change_password(session: Session, actor: Actor, current: str, new: str) -> None:
    """Replace the actor's password after checking the current one; revokes API tokens.

    Raises:
        InputError: On ``current_password`` when it is wrong, ``new_password`` when invalid.
    """
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError("user", actor.user_id)
    signed = authenticate(session, Credentials(email=user.name, password=current))
    if signed is None or signed.user_id != user.id:
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


# --- forgotten passwords: a link by mail ------------------------------------------------------

RESET_LINK_MAX_AGE = dt.timedelta(hours=1)
"""How long a password-reset link works."""
_RESET_SALT = "gluteus.password-reset"


def _reset_serializer(secret_key: str, now: dt.datetime) -> URLSafeTimedSerializer:
    class _SignerAt(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(now.timestamp())

    return URLSafeTimedSerializer(secret_key, salt=_RESET_SALT, signer=_SignerAt)


@dataclass(frozen=True)
class ResetLink:
    """Whom to send a password-reset token to, and the token."""

    email: str
    token: str


def password_reset_token(
    session: Session, email: str, *, secret_key: str, now: dt.datetime
) -> ResetLink | None:
    """A signed token that lets the owner of ``email`` set a new password; None if no account.

    The token names the user and a fingerprint of their current password hash, and is signed
    with the installation's secret key at ``now``: it stops working after
    :data:`RESET_LINK_MAX_AGE`, and as soon as the password changes (so it works once).
    Nothing is stored. Callers answer the same whether or not an account was found.
    """
    try:
        name = normalise_email(email)
    except InputError:
        return None
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None or user.password_hash is None:
        return None
    payload = {"user": user.id, "version": _fingerprint(user.password_hash)}
    return ResetLink(email=user.name, token=_reset_serializer(secret_key, now).dumps(payload))


def _reset_user(session: Session, token: str, secret_key: str, now: dt.datetime) -> User:
    """The user a reset token is for, while it is valid (see :func:`password_reset_token`)."""
    serializer = _reset_serializer(secret_key, now)
    max_age = int(RESET_LINK_MAX_AGE.total_seconds())
    try:
        payload = serializer.loads(token[:1000], max_age=max_age)
    except SignatureExpired:
        raise InputError(
            "link", "has expired; ask for a new one", allowed="a link works for 1 hour"
        ) from None
    except BadData:
        raise InputError("link", "is not valid; ask for a new one") from None
    user_id = payload.get("user") if isinstance(payload, dict) else None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if (
        user is None
        or user.password_hash is None
        or payload.get("version") != _fingerprint(user.password_hash)
    ):
        raise InputError("link", "was used already, or the password changed since; ask again")
    return user


def check_reset_token(session: Session, token: str, *, secret_key: str, now: dt.datetime) -> None:
    """Check a reset token before asking for the new password.

    Raises:
        InputError: On ``link`` when it expired, was altered, or was used already.
    """
    _reset_user(session, token, secret_key, now)


def reset_with_token(
    session: Session, token: str, new: str, *, secret_key: str, now: dt.datetime
) -> int:
    """Set a new password with a reset token; every session and API token is signed out.

    Returns:
        The account's user id.

    Raises:
        InputError: On ``link`` when it expired, was altered or was used already (the
            password changed since it was made), on ``new_password`` when invalid.
    """
    user = _reset_user(session, token, secret_key, now)
    return reset_password(session, user.name, new)


def session_version(session: Session, user_id: int) -> str | None:
    """A short fingerprint of the user's password hash; it changes with the password.

    Web sessions carry it, so changing the password signs out every other browser.
    None when the user does not exist or cannot sign in.
    """
    user = session.get(User, user_id)
    if user is None or user.password_hash is None:
        return None
    return _fingerprint(user.password_hash)


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


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


def record_attempt(
    session: Session, key: str, moment: dt.datetime, *, attempts: int, window: dt.timedelta
) -> bool:
    """Count a sign-in or sign-up attempt under ``key``; False (and not counted) when over.

    Args:
        session: The caller's unit of work.
        key: What is limited, e.g. ``signin:203.0.113.9``.
        moment: When, naive UTC.
        attempts: How many attempts ``window`` allows.
        window: The sliding window.
    """
    return repo.record_attempt(session, key, moment, attempts=attempts, window=window)
