"""Whole-database backup and restore, for whoever runs the installation (not for users)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.services.backup import validate_export
from gluteus.services.errors import InputError


def export_database(session: Session) -> dict[str, Any]:
    """Every user and everything they stored, with a format version."""
    return repo.export_all(session)


def database_is_empty(session: Session) -> bool:
    """True when no user exists yet."""
    return repo.is_empty(session)


def import_database(session: Session, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into an empty database (or replace everything with ``replace``).

    Returns:
        Rows written per kind (``users``, ``sets``, ``cardio`` …).

    Raises:
        InputError: When the file is not a valid backup, or the database holds data and
            ``replace`` is false.
    """
    users = validate_export(data)
    if not repo.is_empty(session):
        if not replace:
            raise InputError(
                "replace", "the database already holds data; restore into an empty one"
            )
        repo.delete_everything(session)
    try:
        return repo.import_all(session, users)
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
        raise InputError("users", f"cannot import ({str(exc).splitlines()[0]})") from None
