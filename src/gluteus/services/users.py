"""Users and their settings: who acts, in which time zone and units.

The edges create users on purpose (sign-up on the web, the local user on first CLI use);
no other use case creates one implicitly.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.tables import User
from gluteus.domain.units import UnitSystem
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

DEFAULT_TIMEZONE = "UTC"
NAME_LENGTH = (1, 80)


class SettingsView(BaseModel):
    """A user's saved settings."""

    name: str
    units: UnitSystem
    timezone: str
    units_saved: bool


def check_timezone(name: str, field: str = "timezone") -> str:
    """``name`` when it is a known IANA time zone.

    Raises:
        InputError: Naming ``field`` when the zone is unknown.
    """
    text = name.strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            field, "not a known IANA time zone", allowed="e.g. Europe/Berlin, UTC", value=name
        ) from None
    return text


def timezone_names() -> list[str]:
    """Every IANA time-zone name this machine knows, sorted."""
    return sorted(available_timezones())


def create_user(
    session: Session, name: str, *, timezone: str, units: UnitSystem | None = None
) -> int:
    """Add a user and return their id.

    Raises:
        InputError: When the name is empty, too long or taken, or the zone unknown.
    """
    clean = name.strip()
    low, high = NAME_LENGTH
    if not low <= len(clean) <= high:
        raise InputError("name", "wrong length", allowed=f"{low}–{high} characters", value=name)
    if repo.get_user(session, clean) is not None:
        raise InputError("name", "already taken", value=clean)
    user = repo.create_user(
        session, clean, units=units.value if units else None, timezone=check_timezone(timezone)
    )
    return user.id


def find_user(session: Session, name: str) -> int | None:
    """The id of the user called ``name``, None when there is none."""
    user = repo.get_user(session, name)
    return user.id if user else None


def _user(session: Session, user_id: int) -> User:
    user = repo.user_by_id(session, user_id)
    if user is None:
        raise NotFoundError("user", user_id)
    return user


def hold_user(session: Session, user_id: int) -> User | None:
    """Read the user's row into ``session`` for the caller to keep while it works.

    The session forgets rows nobody references; a page that checks the sign-in, builds the
    actor and reads the data stamp (all from this row) then queries it once.
    """
    return repo.user_by_id(session, user_id)


def actor_for(session: Session, user_id: int, now: dt.datetime, default_units: UnitSystem) -> Actor:
    """The actor for ``user_id`` at the instant ``now`` (timezone-aware, from the edge).

    Today is ``now`` in the user's time zone; units are theirs, else ``default_units``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    user = _user(session, user_id)
    tz = user.timezone or DEFAULT_TIMEZONE
    units = UnitSystem(user.units) if user.units else default_units
    return Actor(user_id=user.id, today=now.astimezone(ZoneInfo(tz)).date(), tz=tz, units=units)


def settings(session: Session, actor: Actor) -> SettingsView:
    """The actor's saved settings."""
    user = _user(session, actor.user_id)
    return SettingsView(
        name=user.name,
        units=actor.units,
        timezone=actor.tz,
        units_saved=user.units is not None,
    )


def set_units(session: Session, actor: Actor, units: UnitSystem) -> SettingsView:
    """Remember how the actor wants numbers read and shown."""
    repo.set_units(session, _user(session, actor.user_id), units.value)
    return settings(session, Actor(actor.user_id, actor.today, actor.tz, units))


def set_timezone(session: Session, actor: Actor, timezone: str) -> SettingsView:
    """Remember the actor's time zone (an IANA name)."""
    zone = check_timezone(timezone)
    repo.set_timezone(session, _user(session, actor.user_id), zone)
    return settings(session, Actor(actor.user_id, actor.today, zone, actor.units))


def delete_account(session: Session, actor: Actor, password: str) -> None:
    """Delete the actor's account and everything they stored, after checking their password.

    People own their data (OWASP ASVS 4.0, V8.3.2: users can remove their data): the user
    row, every log, profile, plan, check-in, import key and API token go, in the caller's
    transaction, so a failure deletes nothing.

    Raises:
        InputError: On ``password`` when it is not the account's password (or the account
            has none, like the command line's local user).
    """
    from gluteus.services import accounts

    user = _user(session, actor.user_id)
    signed = accounts.authenticate(
        session, accounts.Credentials(email=user.name, password=password)
    )
    if signed is None or signed.user_id != user.id:
        raise InputError(
            "password", "is not your password; nothing was deleted", allowed="your password"
        )
    repo.delete_user(session, user.id)
