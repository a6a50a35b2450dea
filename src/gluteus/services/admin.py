"""Whole-database backup and restore, for whoever runs the installation (not for users)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.services.backup import progress_steps, user_rows, validate_export
from gluteus.services.errors import InputError
from gluteus.services.imports import Progress


def export_database(session: Session) -> dict[str, Any]:
    """Every user and everything they stored, with a format version."""
    return repo.export_all(session)


def database_is_empty(session: Session) -> bool:
    """True when no user exists yet."""
    return repo.is_empty(session)


def import_database(
    session: Session, data: Any, *, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Load a backup into an empty database (or replace everything with ``replace``).

    ``progress`` is told the rows written, a bulk insert at a time.

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
        wrote = progress_steps(progress, sum(user_rows(entry) for entry in users))
        return repo.import_all(session, users, wrote)
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
        raise InputError("users", f"cannot import ({str(exc).splitlines()[0]})") from None
