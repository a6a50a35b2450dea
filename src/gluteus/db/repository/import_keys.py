"""Import keys: which logs came from which import, so a file imported twice adds nothing.

Also the exercise names a person mapped during an import, remembered for the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from gluteus.db.tables import ExerciseNameMapRow, ImportedEntryRow, utcnow

IMPORT_KEY_COLUMNS: dict[str, str] = {"set": "set_id", "cardio": "cardio_id", "weight": "weight_id"}
"""Kinds of log an import writes, with the column of :class:`ImportedEntryRow` naming one."""
_KEY_BATCH = 500


def known_import_keys(session: Session, user_id: int, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` the user already imported (entries deleted since do not count)."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), _KEY_BATCH):
        batch = wanted[start : start + _KEY_BATCH]
        found.update(
            session.scalars(
                select(ImportedEntryRow.import_key).where(
                    ImportedEntryRow.user_id == user_id, ImportedEntryRow.import_key.in_(batch)
                )
            )
        )
    return found


def add_import_keys(
    session: Session, user_id: int, source: str, items: Iterable[tuple[str, int, str]]
) -> None:
    """Remember where imported logs came from: ``(kind, row id, import key)`` each."""
    now = utcnow()
    rows = [
        {
            "user_id": user_id,
            "source": source,
            "import_key": key,
            "created_at": now,
            **dict.fromkeys(IMPORT_KEY_COLUMNS.values()),
            IMPORT_KEY_COLUMNS[kind]: row_id,
        }
        for kind, row_id, key in items
    ]
    if rows:  # one Core executemany (not the ORM's bulk path): imports write tens of thousands
        table: Any = ImportedEntryRow.__table__
        session.connection().execute(insert(table), rows)


def import_sources(session: Session, user_id: int) -> dict[tuple[str, int], str]:
    """The source app of each of the user's imported logs, by ``(kind, row id)``."""
    rows = session.execute(
        select(
            ImportedEntryRow.source,
            ImportedEntryRow.set_id,
            ImportedEntryRow.cardio_id,
            ImportedEntryRow.weight_id,
        ).where(ImportedEntryRow.user_id == user_id)
    )
    sources: dict[tuple[str, int], str] = {}
    for source, *ids in rows:
        for kind, row_id in zip(IMPORT_KEY_COLUMNS, ids, strict=True):
            if row_id is not None:
                sources[(kind, int(row_id))] = source
    return sources


def remembered_names(session: Session, user_id: int) -> dict[str, str]:
    """The user's remembered exercise names: folded app name → catalog id or ``skip``."""
    rows = session.execute(
        select(ExerciseNameMapRow.app_name, ExerciseNameMapRow.exercise_id).where(
            ExerciseNameMapRow.user_id == user_id
        )
    )
    return {str(name): str(target) for name, target in rows}


def remember_names(session: Session, user_id: int, names: dict[str, str]) -> None:
    """Remember (or change) what each folded app name in ``names`` maps to."""
    if not names:
        return
    session.execute(
        delete(ExerciseNameMapRow).where(
            ExerciseNameMapRow.user_id == user_id, ExerciseNameMapRow.app_name.in_(list(names))
        )
    )
    now = utcnow()
    session.add_all(
        ExerciseNameMapRow(user_id=user_id, app_name=name, exercise_id=target, created_at=now)
        for name, target in names.items()
    )
    session.flush()


def forget_names(session: Session, user_id: int, names: Iterable[str] | None = None) -> int:
    """Forget the given folded app names (all of them for None); how many were forgotten."""
    query = delete(ExerciseNameMapRow).where(ExerciseNameMapRow.user_id == user_id)
    if names is not None:
        query = query.where(ExerciseNameMapRow.app_name.in_(list(names)))
    result = session.execute(query)
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
