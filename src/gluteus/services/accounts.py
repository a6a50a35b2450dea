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
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.tables import ApiTokenRow, User
from gluteus.domain.memo import RESOURCE, memo, register
from gluteus.domain.units import UnitSystem
from gluteus.services import users
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

EMAIL_LENGTH = (3, 80)
PASSWORD_LENGTH = (8, 256)
"""Shortest and longest password accepted.

NIST SP 800-63B section 5.1.1.2: at least 8 characters, at least 64 allowed, no composition
rules (any mix of characters, spaces included). The upper bound only keeps one request from
feeding the hash megabytes.
"""
TIMEZONE_LENGTH = 64
"""Longest zone name stored; longer text is refused before the zone database is asked."""
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
_HASHER = PasswordHasher()
_dummy: tuple[PasswordHasher, str] | None = None
COMMON_PASSWORDS_FILE = "common_passwords.txt"
"""Packaged list (in ``gluteus.data``) of common and pattern passwords that are refused."""
CONTEXT_WORDS = ("gluteus", "glutes", "password")
"""Words a password may not be made of, with only digits or punctuation around them.

NIST SP 800-63B section 5.1.1.2 asks to refuse "context-specific words, such as the name of
the service, the username, and derivatives thereof"; the email's local part is added per
account (see :func:`check_password`).
"""


def _dummy_hash() -> str:
    """A hash of nothing anybody types, made with the current hasher on first use.

    Verifying against it keeps a sign-in for an unknown email as slow as a wrong password.
    It is made when first needed rather than on import, so importing this module (for the
    CLI, a test, a worker starting) costs no hashing.
    """
    global _dummy
    if _dummy is None or _dummy[0] is not _HASHER:
        _dummy = (_HASHER, _HASHER.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


def _forget_dummy_hash() -> None:
    global _dummy
    _dummy = None


register(f"{__name__}._dummy", RESOURCE, "one hash per hasher", _forget_dummy_hash)


@memo(maxsize=None)
def common_passwords() -> frozenset[str]:
    """The refused common passwords, case-folded (read once from the packaged list)."""
    text = resources.files("gluteus.data").joinpath(COMMON_PASSWORDS_FILE).read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
"""A NUL or a lone surrogate: one scan in C (a Python loop over each character took most of
a big import's CPU at the door, which checks every text of the body: 0.7 s for 10 MB)."""


def unusable_text(text: str) -> bool:
    """Whether ``text`` holds a NUL or a lone surrogate (not storable or hashable as text)."""
    return _UNUSABLE.search(text) is not None


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (slow on purpose: run it in the hashing pool)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; checks a dummy hash when there is none.

    As slow for an unknown account as for a known one, so timing tells nothing.
    """
    if unusable_text(password):
        password = ""
    try:
        return bool(_HASHER.verify(stored or _dummy_hash(), password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


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


_EDGES = "0123456789!?.,;:-_*#@$%&+=~ "


def check_password(password: str, field: str = "password", *, email: str = "") -> str:
    """``password`` when it is allowed as a new password.

    NIST SP 800-63B section 5.1.1.2: at least :data:`PASSWORD_LENGTH` characters, and not
    a commonly used or expected value: not in the packaged list of common passwords
    (:func:`common_passwords`), and not a context word (:data:`CONTEXT_WORDS`, the email
    or its local part) with only digits or punctuation around it. No composition rules.

    Raises:
        InputError: On ``field`` otherwise (the password itself is never echoed).
    """
    low, high = PASSWORD_LENGTH
    allowed = f"{low}–{high} characters; any characters, spaces too"
    if not low <= len(password) <= high:
        raise InputError(field, "wrong length", allowed=allowed)
    if unusable_text(password):
        raise InputError(field, "contains a character that cannot be used", allowed=allowed)
    folded = password.casefold()
    context = {*CONTEXT_WORDS}
    if email:
        local = email.casefold().partition("@")[0]
        context |= {email.casefold(), local} if len(local) >= 3 else {email.casefold()}
    core = folded.strip(_EDGES)
    if folded in common_passwords() or core in context or len(set(folded)) <= 2:
        raise InputError(
            field,
            "is too common or too easy to guess; choose a longer phrase of your own",
            allowed=allowed,
        )
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
    check_password(given.password, email=email)
    if len(timezone) > TIMEZONE_LENGTH:
        raise InputError("timezone", "not a known IANA time zone", allowed="e.g. Europe/Berlin")
    zone = users.check_timezone(timezone)
    return NewAccount(
        email=email, password_hash=hash_password(given.password), timezone=zone, units=units
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


SIGNED_UP = (
    "If that address was new, your account is ready: sign in with it. If it already had an "
    "account, sign in with that account's password (or reset it)."
)
"""What every sign-up hears, whether or not the email was registered already.

OWASP ASVS 4.0 2.2 / the Authentication cheat sheet: the reply (and its timing: the
password is hashed either way, before the email is looked up) must not tell a stranger
whether an address has an account.
"""


def sign_up_quietly(session: Session, account: NewAccount) -> int | None:
    """Store the account unless its email is registered already; its user id, else None.

    Callers answer :data:`SIGNED_UP` either way (see there).
    """
    if users.find_user(session, account.email) is not None:
        return None
    return sign_up(session, account).id


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


@dataclass(frozen=True)
class Candidate:
    """Whose account an email names, before the password is checked.

    Attributes:
        user_id: The account's user, None when no account has the email.
        stored_hash: Its password hash, None when there is none to check.
    """

    user_id: int | None
    stored_hash: str | None


def find_candidate(session: Session, email: str) -> Candidate:
    """The account ``email`` names (one indexed read; the slow check is :func:`check_candidate`)."""
    name = email.strip().lower()
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        return Candidate(None, None)
    return Candidate(user.id, user.password_hash)


def check_candidate(candidate: Candidate, password: str) -> SignIn | None:
    """The sign-in when ``password`` matches the candidate's hash, None otherwise.

    No database: slow on purpose, so the web runs it in its own small pool. An unknown
    account costs the same as a wrong password. A hash made with weaker settings is hashed
    again here and stored by :func:`keep_rehash`.
    """
    stored = candidate.stored_hash
    if not verify_password(stored, password) or candidate.user_id is None or stored is None:
        return None
    current = hash_password(password) if _HASHER.check_needs_rehash(stored) else stored
    return SignIn(user_id=candidate.user_id, verified_hash=stored, password_hash=current)


def authenticate(session: Session, given: Credentials) -> SignIn | None:
    """Who these credentials belong to; None on any mismatch.

    Only reads, so run it in a read-only transaction: the check is slow on purpose and
    must not hold a write lock. Callers tell the person only that the email or password
    was wrong, never which.
    """
    return check_candidate(find_candidate(session, given.email), given.password)


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
    check_password(new, "new_password", email=user.name)
    store_password(session, actor, signed.verified_hash, hash_password(new))


@dataclass(frozen=True)
class PasswordChange:
    """A checked password change, hashed and ready to store (see :func:`store_password`)."""

    verified_hash: str
    new_hash: str


def prepare_password_change(
    candidate: Candidate, email: str, current: str, new: str
) -> PasswordChange:
    """Check the current password and the new one and hash it: the slow part, no database.

    Raises:
        InputError: On ``current_password`` when it is wrong, ``new_password`` when invalid.
    """
    signed = check_candidate(candidate, current)
    if signed is None:
        raise InputError("current_password", "is not your current password")
    check_password(new, "new_password", email=email)
    return PasswordChange(signed.verified_hash, hash_password(new))


def store_password(session: Session, actor: Actor, verified_hash: str, new_hash: str) -> None:
    """Replace the actor's password hash, if it is still the one checked; revokes API tokens.

    Raises:
        InputError: On ``current_password`` when the password changed in the meantime.
    """
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError("user", actor.user_id)
    if user.password_hash != verified_hash:
        raise InputError("current_password", "changed meanwhile; try again")
    user.password_hash = new_hash
    session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user.id))
    session.flush()


def new_password_hash(new: str, email: str) -> str:
    """Check ``new`` as the password of ``email``'s account and hash it (slow, no database).

    Raises:
        InputError: On ``new_password`` when the password is invalid.
    """
    return hash_password(check_password(new, "new_password", email=email))


def reset_password(session: Session, email: str, new: str, *, new_hash: str | None = None) -> int:
    """Set a web account's password without the old one (an operator's reset).

    Every browser session and API token of the account stops working, as after a change.
    ``new_hash``, when given, is ``new`` hashed already by :func:`new_password_hash` (so
    the slow part ran outside the transaction).

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
    check_password(new, "new_password", email=user.name)
    user.password_hash = new_hash or hash_password(new)
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


def check_reset_token(session: Session, token: str, *, secret_key: str, now: dt.datetime) -> str:
    """Check a reset token before asking for the new password; the account's email.

    Raises:
        InputError: On ``link`` when it expired, was altered, or was used already.
    """
    return _reset_user(session, token, secret_key, now).name


def reset_with_token(
    session: Session,
    token: str,
    new: str,
    *,
    secret_key: str,
    now: dt.datetime,
    new_hash: str | None = None,
) -> int:
    """Set a new password with a reset token; every session and API token is signed out.

    Returns:
        The account's user id.

    Raises:
        InputError: On ``link`` when it expired, was altered or was used already (the
            password changed since it was made), on ``new_password`` when invalid.
    """
    user = _reset_user(session, token, secret_key, now)
    return reset_password(session, user.name, new, new_hash=new_hash)


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


TOKEN_LIFETIME = dt.timedelta(days=90)
"""How long an API token works after it is issued (OWASP ASVS 4.0 3.5: tokens that expire).

Long enough for a phone or a script not to ask for a password every week, short enough
that a forgotten token does not work for ever; tokens are listed and revoked in settings.
"""
LAST_USED_STEP = dt.timedelta(hours=1)
"""How stale a token's or session's "last used" time may get before it is written again
(so a busy client writes it once an hour, not on every request)."""


def _naive(moment: dt.datetime | None) -> dt.datetime:
    """``moment`` (default: now) as naive UTC, the way the tables store instants."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def issue_token(session: Session, user_id: int, now: dt.datetime | None = None) -> str:
    """A new bearer token for ``user_id``; shown once, stored only as a hash.

    It works for :data:`TOKEN_LIFETIME` from ``now`` (default: the current instant).
    """
    token = secrets.token_urlsafe(32)
    moment = _naive(now)
    session.add(
        ApiTokenRow(
            user_id=user_id,
            token_hash=_token_hash(token),
            created_at=moment,
            expires_at=moment + TOKEN_LIFETIME,
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class TokenCheck:
    """A token that was accepted: whose, and whether its last use should be written."""

    user_id: int
    token_id: int
    stale: bool


def check_token(session: Session, token: str, now: dt.datetime | None = None) -> TokenCheck | None:
    """The accepted token's owner, None for an unknown, revoked or expired token."""
    if not token or len(token) > 256 or unusable_text(token):
        return None
    row = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token))
    ).one_or_none()
    moment = _naive(now)
    if row is None or row.expires_at is None or row.expires_at <= moment:
        return None
    stale = row.last_used_at is None or moment - row.last_used_at >= LAST_USED_STEP
    return TokenCheck(row.user_id, row.id, stale)


def user_for_token(session: Session, token: str, now: dt.datetime | None = None) -> int | None:
    """The id of the user owning ``token``, None for an unknown, revoked or expired token."""
    found = check_token(session, token, now)
    return found.user_id if found else None


def mark_token_used(session: Session, token_id: int, now: dt.datetime | None = None) -> None:
    """Remember that the token was accepted at ``now`` (shown in the list of tokens)."""
    row = session.get(ApiTokenRow, token_id)
    if row is not None:
        row.last_used_at = _naive(now)
        session.flush()


class TokenView(BaseModel):
    """One of the actor's API tokens (never the token itself: only its hash is stored)."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    expired: bool


def list_tokens(session: Session, actor: Actor, now: dt.datetime | None = None) -> list[TokenView]:
    """The actor's API tokens, newest first; expired ones are deleted on the way."""
    moment = _naive(now)
    session.execute(
        delete(ApiTokenRow).where(
            ApiTokenRow.user_id == actor.user_id, ApiTokenRow.expires_at <= moment
        )
    )
    rows = session.scalars(
        select(ApiTokenRow)
        .where(ApiTokenRow.user_id == actor.user_id)
        .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc())
    )
    return [
        TokenView(
            id=row.id,
            created_at=row.created_at.replace(tzinfo=dt.UTC),
            expires_at=row.expires_at.replace(tzinfo=dt.UTC) if row.expires_at else None,
            last_used_at=row.last_used_at.replace(tzinfo=dt.UTC) if row.last_used_at else None,
            expired=row.expires_at is None or row.expires_at <= moment,
        )
        for row in rows
    ]


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    """Revoke one of the actor's API tokens.

    Raises:
        NotFoundError: On ``token`` when the actor has no token with that id.
    """
    result = session.execute(
        delete(ApiTokenRow).where(ApiTokenRow.user_id == actor.user_id, ApiTokenRow.id == token_id)
    )
    if not getattr(result, "rowcount", 0):
        raise NotFoundError("token", token_id, "no such token of yours")
    session.flush()


def revoke_tokens(session: Session, actor: Actor) -> int:
    """Revoke every API token of the actor; returns how many there were."""
    result = session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == actor.user_id))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


# --- browser sessions, kept on the server ---------------------------------------------------

SESSION_IDLE = dt.timedelta(days=14)
"""A browser session unused this long ends (OWASP ASVS 4.0 3.3.2; NIST SP 800-63B 7.2 allows
up to 30 days between sign-ins at AAL1). Two weeks covers a training break or a holiday."""
SESSION_ABSOLUTE = dt.timedelta(days=30)
"""A browser session ends this long after its sign-in, however much it is used (NIST SP
800-63B 4.1.3: reauthentication at least once every 30 days at AAL1)."""


def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_web_session(session: Session, user_id: int, now: dt.datetime) -> str:
    """A new browser session for ``user_id``: the random id for its cookie (stored hashed)."""
    sid = secrets.token_urlsafe(32)
    moment = _naive(now)
    repo.end_stale_web_sessions(
        session, seen_before=moment - SESSION_IDLE, created_before=moment - SESSION_ABSOLUTE
    )
    repo.add_web_session(session, user_id, _sid_hash(sid), moment)
    return sid


@dataclass(frozen=True)
class SessionCheck:
    """A live browser session: its user, and whether its last use should be written."""

    user_id: int
    stale: bool


def web_session_alive(
    session: Session, sid: object, user_id: int, now: dt.datetime
) -> SessionCheck | None:
    """The session when ``sid`` names a live session of ``user_id`` at ``now``, else None.

    Ended sessions (signed out, or past :data:`SESSION_IDLE` unused or
    :data:`SESSION_ABSOLUTE` after sign-in) are None.
    """
    if not isinstance(sid, str) or not sid or len(sid) > 100:
        return None
    row = repo.web_session(session, _sid_hash(sid))
    if row is None:
        return None
    return _live((row.user_id, row.created_at, row.seen_at), user_id, now)


def hold_signed_in(
    session: Session, user_id: int, sid: object, now: dt.datetime
) -> tuple[User | None, SessionCheck | None]:
    """The user's row, kept in ``session``, and :func:`web_session_alive`, in one query.

    A page checks the sign-in and then builds the actor and reads the data stamp from the
    same row: one read of both rows instead of one each.
    """
    sid_hash = _sid_hash(sid) if isinstance(sid, str) and 0 < len(sid) <= 100 else None
    user, found = repo.user_and_web_session(session, user_id, sid_hash)
    return user, (None if found is None else _live(found, user_id, now))


def _live(
    found: tuple[int, dt.datetime, dt.datetime], user_id: int, now: dt.datetime
) -> SessionCheck | None:
    owner, created_at, seen_at = found
    moment = _naive(now)
    if (
        owner != user_id
        or moment - seen_at > SESSION_IDLE
        or moment - created_at > SESSION_ABSOLUTE
    ):
        return None
    return SessionCheck(owner, moment - seen_at >= LAST_USED_STEP)


def touch_web_session(session: Session, sid: str, now: dt.datetime) -> None:
    """Remember the session was used at ``now`` (callers do it once per :data:`LAST_USED_STEP`)."""
    repo.touch_web_session(session, _sid_hash(sid), _naive(now))


def end_web_session(session: Session, user_id: int, sid: object) -> None:
    """End one browser session (sign-out): its cookie no longer signs anybody in."""
    if isinstance(sid, str) and sid:
        repo.end_web_sessions(session, user_id, only=_sid_hash(sid))


def end_other_web_sessions(session: Session, user_id: int, keep: object = None) -> int:
    """End every browser session of ``user_id`` except ``keep``; how many ended."""
    kept = _sid_hash(keep) if isinstance(keep, str) and keep else None
    return repo.end_web_sessions(session, user_id, keep=kept)


# --- failed sign-ins: growing delays per account and per address ----------------------------

FREE_FAILURES = 5
"""Failed sign-ins on one key (an account or an address) before any delay."""
FIRST_DELAY = dt.timedelta(seconds=1)
"""The wait after the first failure beyond :data:`FREE_FAILURES`; it doubles with each."""
MAX_DELAY = dt.timedelta(minutes=30)
"""The longest wait between attempts on one key."""
FAILURE_MEMORY = dt.timedelta(hours=24)
"""How long a failure counts. With the delays above, one account takes fewer than 100
wrong passwords a day (NIST SP 800-63B 5.2.2: at most 100 consecutive failures)."""


def failure_delay(failures: int) -> dt.timedelta:
    """How long after the last failure the next attempt on a key must wait.

    NIST SP 800-63B 5.2.2 and OWASP ASVS 4.0 2.2.1: limit failed attempts by growing
    delays rather than a hard lockout (which would let anyone lock someone else out).
    Nothing for the first :data:`FREE_FAILURES`, then :data:`FIRST_DELAY` doubling with
    each further failure, at most :data:`MAX_DELAY`.
    """
    extra = failures - FREE_FAILURES
    if extra <= 0:
        return dt.timedelta(0)
    if extra > 20:
        return MAX_DELAY
    return min(FIRST_DELAY * (1 << (extra - 1)), MAX_DELAY)


def failure_keys(email: str, address: str) -> list[str]:
    """The keys a sign-in's failures count under: its account (by email) and its address.

    Unknown emails count the same as known ones, so the delays say nothing about who is
    registered; the email is stored only as a hash.
    """
    name = email.strip().lower()[: EMAIL_LENGTH[1] + 20]
    digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()
    return [f"account:{digest}", f"address:{address[:100]}"]


def sign_in_wait(session: Session, keys: list[str], now: dt.datetime) -> dt.timedelta:
    """How much longer an attempt on ``keys`` must wait at ``now`` (zero: go ahead)."""
    moment = _naive(now)
    wait = dt.timedelta(0)
    for key in keys:
        failures, last = repo.failures_since(session, key, moment - FAILURE_MEMORY)
        if last is not None:
            remaining: dt.timedelta = last + failure_delay(failures) - moment
            wait = max(wait, remaining)
    return wait


def record_sign_in_failure(session: Session, keys: list[str], now: dt.datetime) -> None:
    """Count a failed sign-in under each of ``keys``."""
    repo.record_failure(session, keys, _naive(now), keep=FAILURE_MEMORY)


def forget_sign_in_failures(session: Session, keys: list[str]) -> None:
    """Forget the account's failures after it signed in (the address's stay counted)."""
    for key in keys:
        if key.startswith("account:"):
            repo.forget_failures(session, key)


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
