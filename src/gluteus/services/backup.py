"""A person's own data in and out: a lossless JSON export of everything they stored.

The file has the same shape as a whole-database backup (:mod:`gluteus.services.admin`)
holding one user; importing it loads the rows into the signed-in user, whatever the name
in the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.units import UnitSystem
from gluteus.services.checkin import CheckinView
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError, from_validation

EXPORT_FORMAT = repo.EXPORT_FORMAT
EXPORT_VERSION = repo.EXPORT_VERSION


class ImportResult(BaseModel):
    """Rows written per kind (``profiles``, ``plans``, ``sets``, ``cardio`` …)."""

    counts: dict[str, int]
    replaced: bool


def export_user(session: Session, actor: Actor) -> dict[str, Any]:
    """Everything the actor stored, as JSON-able data with a format version."""
    user = repo.user_by_id(session, actor.user_id)
    if user is None:
        raise NotFoundError("user", actor.user_id)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "users": [repo.export_user(session, user)],
    }


def validate_export(data: Any) -> list[dict[str, Any]]:
    """The users of an export file, each checked in full before anything is written.

    Raises:
        InputError: Naming the path of the first invalid value (``users[0].sets[3].reps``).
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError("format", "not a Gluteus export", allowed=repr(EXPORT_FORMAT))
    version = data.get("version")
    if version != EXPORT_VERSION:
        raise InputError(
            "version", "unsupported export version", allowed=str(EXPORT_VERSION), value=version
        )
    users = data.get("users")
    if not isinstance(users, list):
        raise InputError("users", "expected a list of users")
    names: set[str] = set()
    for u, entry in enumerate(users):
        where = f"users[{u}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(f"{where}.name", "expected a user with a name")
        if entry["name"] in names:
            raise InputError(f"{where}.name", "appears twice", value=entry["name"])
        names.add(entry["name"])
        _validate_user(entry, where)
    return users


def _validate_user(entry: dict[str, Any], where: str) -> None:
    try:
        if entry.get("units") is not None:
            UnitSystem(entry["units"])
        dt.datetime.fromisoformat(entry["created_at"])
    except (KeyError, TypeError, ValueError):
        raise InputError(
            where, "units must be metric/imperial and created_at a timestamp"
        ) from None
    for key in repo.USER_TABLES:
        items = entry.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise InputError(f"{where}.{key}", "expected a list of objects")
    for i, item in enumerate(entry.get("profiles", [])):
        _validated(Profile, item.get("data"), f"{where}.profiles[{i}].data.")
    for i, item in enumerate(entry.get("plans", [])):
        _validated(Program, item.get("program"), f"{where}.plans[{i}].program.")
        if item.get("start_date") is None:
            raise InputError(f"{where}.plans[{i}].start_date", "required", allowed="YYYY-MM-DD")
    for i, item in enumerate(entry.get("checkins", [])):
        _validated(CheckinView, item.get("data"), f"{where}.checkins[{i}].data.")
    if sum(1 for item in entry.get("plans", []) if item.get("active")) > 1:
        raise InputError(f"{where}.plans", "at most one plan can be active")
    for name, kind in repo.ENTRY_KINDS.items():
        key = repo.TABLE_KEYS[name]
        for i, item in enumerate(entry.get(key, [])):
            fields = {("logged_at" if k == "created_at" else k): v for k, v in item.items()}
            _validated(kind.model, fields, f"{where}.{key}[{i}].")


def _validated(model: type[BaseModel], data: Any, prefix: str) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, model, prefix) from None


def import_user(
    session: Session, actor: Actor, data: Any, *, replace: bool = False
) -> ImportResult:
    """Load an export of one person into the actor's account.

    The file is checked in full first; the caller's transaction makes the write all or none.

    Raises:
        InputError: When the file is not a valid one-person export, or the actor already has
            data and ``replace`` is false.
    """
    users = validate_export(data)
    if len(users) != 1:
        raise InputError(
            "users",
            "a personal import takes an export of one person",
            allowed="exactly 1 user (restore a whole-database backup as an administrator)",
            value=len(users),
        )
    if repo.user_has_data(session, actor.user_id):
        if not replace:
            raise InputError(
                "replace",
                "you already have data; import into an empty account or replace it",
            )
        repo.delete_user_data(session, actor.user_id)
    try:
        counts = repo.import_user_rows(session, actor.user_id, users[0])
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
        raise InputError("users", f"cannot import ({str(exc).splitlines()[0]})") from None
    return ImportResult(counts=counts, replaced=replace)
