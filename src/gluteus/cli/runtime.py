"""What every command shares: the database, the local user as the actor, errors as one line.

The CLI acts for one person on this machine, the user called ``local``; it is created here,
on purpose, the first time a command needs it, with the machine's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from gluteus.cli.app import fail
from gluteus.domain.memo import RESOURCE, register
from gluteus.domain.units import UnitSystem
from gluteus.services.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from gluteus.services.context import Actor

LOCAL_USER = "local"

FLAGS: dict[str, str] = {
    "date": "--date",
    "since": "--since",
    "until": "--until",
    "exercise_id": "EXERCISE",
    "activity_id": "ACTIVITY",
    "reps": "--reps",
    "load_kg": "--load",
    "band": "--band",
    "minutes": "--minutes",
    "distance_km": "--distance",
    "speed_kmh": "--speed",
    "weight_kg": "--weight",
    "hips_cm": "--hips",
    "waist_cm": "--waist",
    "thigh_cm": "--thigh",
    "severity": "--severity",
    "region": "--region",
    "note": "--note",
    "kcal": "--kcal",
    "profile_file": "--profile",
    "replace": "--replace",
    "id": "ID",
    "plan": "plan",
    "profile": "profile",
}
"""Service field names → the flag or argument a person typed."""


def machine_timezone() -> str:
    """The IANA name of this machine's time zone (``TZ``, then the system's), else UTC."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text("utf-8").strip())
    try:
        target = os.readlink("/etc/localtime")
        candidates.append(target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "")
    except OSError:
        pass
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            continue
        return name
    return "UTC"


def input_error_text(exc: InputError, flags: Mapping[str, str] | None = None) -> str:
    """One line naming each bad field by the flag the person typed."""
    names = {**FLAGS, **(flags or {})}
    return "; ".join(p.text(_flag(p.field, names)) for p in exc.problems)


def _flag(field: str, names: Mapping[str, str]) -> str:
    if field in names:
        return names[field]
    head, _, rest = field.partition(".")
    if head not in names or not rest:
        return field
    # One item of a list flag (``available_days.0``) is named by the flag alone.
    return names[head] if rest.isdigit() else f"{names[head]}.{rest}"


def fail_input(exc: InputError, flags: Mapping[str, str] | None = None) -> NoReturn:
    """Exit 2 with the error's one line."""
    fail(input_error_text(exc, flags))


@cache
def engine() -> Engine:
    """The configured database, created and migrated on first use (once per process)."""
    from sqlalchemy.exc import SQLAlchemyError

    from gluteus.db.engine import open_database

    try:
        return open_database()
    except (SQLAlchemyError, OSError) as exc:
        fail(f"database: cannot open it ({str(exc).splitlines()[0]})")


def _forget_engine() -> None:
    """Dispose of the process's engine, if one was made, and forget it."""
    if engine.cache_info().currsize:
        engine().dispose()
    engine.cache_clear()


register(f"{__name__}.engine", RESOURCE, "one engine per process", _forget_engine)


def describe_database(url: str) -> str:
    """The database URL as shown to a person: its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def default_units() -> UnitSystem:
    """Units from ``GLUTEUS_UNITS`` when the person has not chosen any."""
    from gluteus.config import get_settings

    return get_settings().units


def local_actor(session: Session, units: UnitSystem | None = None) -> Actor:
    """The local user as the actor (created with this machine's time zone on first use)."""
    from gluteus.services import users

    user_id = users.find_user(session, LOCAL_USER)
    if user_id is None:
        user_id = users.create_user(session, LOCAL_USER, timezone=machine_timezone())
    actor = users.actor_for(session, user_id, dt.datetime.now(dt.UTC), default_units())
    if units is not None:
        from gluteus.services.context import Actor

        actor = Actor(actor.user_id, actor.today, actor.tz, units)
    return actor


@contextmanager
def transaction(
    flags: Mapping[str, str] | None = None, *, snapshot: bool = False
) -> Iterator[Session]:
    """One transaction on the database; bad input or a failed write exits with one line.

    Args:
        flags: Extra field → flag names for this command's messages.
        snapshot: The block only reads, and reads one consistent snapshot without blocking
            writers (a backup; see :func:`gluteus.db.engine.snapshot_work`).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from gluteus.db.engine import DatabaseUnavailable, snapshot_work, unit_of_work

    try:
        work = snapshot_work(engine()) if snapshot else unit_of_work(engine())
        with work as session:
            yield session
    except InputError as exc:
        fail_input(exc, flags)
    except NotFoundError as exc:
        names = {**FLAGS, **(flags or {})}
        shown = "" if exc.value is None else f" ({exc.value})"
        fail(f"{names.get(exc.field, exc.field)}: {exc.reason}{shown}")
    except (SQLAlchemyError, DatabaseUnavailable) as exc:
        fail(f"database: the write failed and nothing was saved ({str(exc).splitlines()[0]})")


@contextmanager
def use_case(
    units: UnitSystem | None = None, flags: Mapping[str, str] | None = None
) -> Iterator[tuple[Session, Actor]]:
    """One transaction as the local user; bad input or a failed write exits with one line.

    Args:
        units: Units for this command only (``--units``), instead of the saved ones.
        flags: Extra field → flag names for this command's messages.
    """
    with transaction(flags) as session:
        actor = local_actor(session, units)
        try:
            yield session, actor
        except InputError as exc:  # ranges said in the units the person typed
            from gluteus.services.quantities import in_units

            raise InputError.of(in_units(p, actor.units) for p in exc.problems) from None


def is_terminal() -> bool:
    """Whether a person is at the keyboard (prompts are offered only then)."""
    return sys.stdin.isatty()


def parse_date(text: str | None, option: str = "--date") -> dt.date | None:
    """A date from ``YYYY-MM-DD`` (None stays None); exits with one line otherwise."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option}: expected a date as YYYY-MM-DD, got {text!r}")
