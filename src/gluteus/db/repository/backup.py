"""Export and import of whole users and databases, and wiping what they stored.

Rows are written out as JSON-able data, table by table (:data:`USER_TABLES`), and read back
in the same order, so an import then an export reproduces the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Date, DateTime, delete, func, insert, select, update
from sqlalchemy.orm import Session

from gluteus.db.repository.entries import ENTRY_KINDS, Entry, _row_values, kind_of
from gluteus.db.repository.import_keys import IMPORT_KEY_COLUMNS
from gluteus.db.repository.stamps import _data_changed
from gluteus.db.tables import (
    Base,
    CardioRow,
    CheckinRow,
    ExerciseNameMapRow,
    ImportedEntryRow,
    IntakeRow,
    MeasurementRow,
    PainRow,
    PeriodRow,
    PlanRow,
    ProfileRow,
    ScreeningRow,
    SetRow,
    User,
    WeightRow,
    utcnow,
)

EXPORT_FORMAT = "gluteus-export"
EXPORT_VERSION = 1

USER_TABLES: dict[str, type[Base]] = {
    "profiles": ProfileRow,
    "screenings": ScreeningRow,
    "plans": PlanRow,
    "sets": SetRow,
    "cardio": CardioRow,
    "weights": WeightRow,
    "measurements": MeasurementRow,
    "pain": PainRow,
    "intake": IntakeRow,
    "periods": PeriodRow,
    "checkins": CheckinRow,
}
"""Export keys of the per-user tables, in export order."""
TABLE_KEYS: dict[str, str] = {
    "set": "sets",
    "cardio": "cardio",
    "weight": "weights",
    "measure": "measurements",
    "pain": "pain",
    "intake": "intake",
    "period": "periods",
}
"""Export key of each kind of log."""
IMPORT_KEYS = "import_keys"
"""Export key of the import keys: which logged rows came from which app import.

Each item names its row by kind and place in that kind's list (``{"kind": "set",
"index": 3, "source": "strong", "import_key": …}``), so a restored account still knows
what it imported and a re-import of the same file adds nothing, edited rows included."""
EXERCISE_NAMES = "exercise_names"
"""Export key of the exercise names a person mapped during imports (remembered for next time)."""


def _real_users() -> Any:
    """Users other than the hidden ones of imports under way (see :data:`STAGING_PREFIX`)."""
    return ~User.name.startswith(STAGING_PREFIX, autoescape=True)


def is_empty(session: Session) -> bool:
    """True when the database holds no users (and therefore nothing else)."""
    return not session.scalar(select(func.count()).select_from(User).where(_real_users()))


def delete_everything(session: Session) -> None:
    """Remove every user and, by cascade, everything they stored."""
    session.execute(delete(ImportedEntryRow))
    session.execute(delete(ExerciseNameMapRow))
    for table in reversed(list(USER_TABLES.values())):
        session.execute(delete(table))
    session.execute(delete(User))
    session.flush()


def _columns(table: type[Base]) -> list[Any]:
    skip = {"id", "user_id"}
    return [c for c in table.__table__.columns if c.name not in skip]


def stamp_json(value: dt.datetime) -> str:
    """A stored time as ISO 8601 with its UTC offset (``2026-03-05T18:00:07+00:00``).

    Columns hold naive UTC (:func:`~gluteus.db.tables.utcnow`); an export says so, so a
    reader never has to guess the zone.
    """
    utc = value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value
    return utc.astimezone(dt.UTC).isoformat()


def stamp_from_json(text: str) -> dt.datetime:
    """A time of an export as stored (naive UTC).

    Takes any offset (converted to UTC) and, from exports made before offsets were
    written, a time without one (then already UTC).
    """
    value = dt.datetime.fromisoformat(text)
    if value.utcoffset() is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _to_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return stamp_json(value)
    if isinstance(column.type, Date):
        return value.isoformat()
    return value


def _from_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return stamp_from_json(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def export_user(session: Session, user: User, *, with_password: bool = False) -> dict[str, Any]:
    """One user's settings and every stored row, JSON-able, in insertion order.

    Database ids are left out; rows keep their order and timestamps, so
    :func:`import_user_rows` then :func:`export_user` reproduces the same data.
    """
    entry: dict[str, Any] = {
        "name": user.name,
        "units": user.units,
        "timezone": user.timezone,
        "created_at": stamp_json(user.created_at),
    }
    if with_password and user.password_hash:
        # Whole-database backups only: a restored web account must still sign in.
        entry["password_hash"] = user.password_hash
    places: dict[str, dict[int, int]] = {}
    for key, table in USER_TABLES.items():
        columns = _columns(table)
        owner = table.__table__.c.user_id
        query = select(table).where(owner == user.id).order_by(table.__table__.c.id)
        rows = list(session.scalars(query))
        entry[key] = [{c.name: _to_json(getattr(row, c.name), c) for c in columns} for row in rows]
        places[key] = {int(row.id): index for index, row in enumerate(rows)}  # type: ignore[attr-defined]
    entry[IMPORT_KEYS] = _export_import_keys(session, user.id, places)
    names = select(ExerciseNameMapRow).where(ExerciseNameMapRow.user_id == user.id)
    entry[EXERCISE_NAMES] = [
        {"app_name": row.app_name, "exercise_id": row.exercise_id, "created_at": _stamp(row)}
        for row in session.scalars(names.order_by(ExerciseNameMapRow.id))
    ]
    return entry


def _stamp(row: ImportedEntryRow | ExerciseNameMapRow) -> str:
    return row.created_at.isoformat()


def _export_import_keys(
    session: Session, user_id: int, places: dict[str, dict[int, int]]
) -> list[dict[str, Any]]:
    """The user's import keys, each naming its row by kind and place in the export."""
    query = (
        select(ImportedEntryRow)
        .where(ImportedEntryRow.user_id == user_id)
        .order_by(ImportedEntryRow.id)
    )
    found: list[dict[str, Any]] = []
    for row in session.scalars(query):
        for kind, column in IMPORT_KEY_COLUMNS.items():
            row_id = getattr(row, column)
            if row_id is None:
                continue
            index = places[TABLE_KEYS[kind]].get(int(row_id))
            if index is not None:
                found.append(
                    {
                        "kind": kind,
                        "index": index,
                        "source": row.source,
                        "import_key": row.import_key,
                        "created_at": _stamp(row),
                    }
                )
    return found


def export_all(session: Session) -> dict[str, Any]:
    """Every user and every stored row as JSON-able data, in a stable order."""
    users = [
        export_user(session, user, with_password=True)
        for user in session.scalars(select(User).where(_real_users()).order_by(User.id))
    ]
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "users": users}


def user_has_data(session: Session, user_id: int) -> bool:
    """Whether the user stored anything (a profile, a plan or any log)."""
    for table in USER_TABLES.values():
        owner = table.__table__.c.user_id
        if session.scalar(select(func.count()).select_from(table).where(owner == user_id)):
            return True
    return False


def delete_user_data(session: Session, user_id: int) -> None:
    """Remove everything the user stored (the user and their settings stay)."""
    session.execute(delete(ImportedEntryRow).where(ImportedEntryRow.user_id == user_id))
    session.execute(delete(ExerciseNameMapRow).where(ExerciseNameMapRow.user_id == user_id))
    for table in reversed(list(USER_TABLES.values())):
        session.execute(delete(table).where(table.__table__.c.user_id == user_id))
    _data_changed(session, user_id)
    session.flush()


def delete_user(session: Session, user_id: int) -> None:
    """Remove the user and every row anywhere that belongs to them.

    Every table with a ``user_id`` column is emptied of the user's rows, children first,
    so nothing is left behind even where the database does not cascade foreign keys.
    """
    for table in reversed(Base.metadata.sorted_tables):
        if "user_id" in table.c and table.name != User.__tablename__:
            session.execute(delete(table).where(table.c.user_id == user_id))
    session.execute(delete(User).where(User.id == user_id))
    session.flush()


KEYED_TABLES = frozenset(TABLE_KEYS[kind] for kind in IMPORT_KEY_COLUMNS)
"""Export keys of the tables import keys point into (their new row ids are read back)."""


def insert_rows(
    session: Session,
    user_id: int,
    key: str,
    items: Sequence[dict[str, Any]],
    ids: list[int] | None = None,
) -> int:
    """Insert exported rows of one table (``sets`` …) for ``user_id`` in one bulk statement.

    One executemany instead of one ORM object per row: 250,000 rows take seconds, not a
    minute. Rows are inserted in list order, so ids (and a later export's order) follow
    the file. The data must already be validated.

    Args:
        session: The caller's transaction.
        user_id: Whose rows they become.
        key: The table's export key.
        items: Exported rows of that table.
        ids: When given, the new rows' ids are appended to it, in list order.

    Returns:
        How many rows were written.
    """
    if not items:
        return 0
    table = USER_TABLES[key]
    columns = _columns(table)
    rows = [
        {
            "user_id": user_id,
            **{c.name: _from_json(item.get(c.name), c) for c in columns if c.name in item},
        }
        for item in items
    ]
    if ids is None:
        session.execute(insert(table), rows)
    else:
        statement = insert(table).returning(table.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        ids.extend(int(i) for i in session.scalars(statement, rows).all())
    return len(rows)


def _stamp_from(item: dict[str, Any], table: type[Base]) -> dt.datetime:
    stamp = _from_json(item.get("created_at"), table.__table__.c.created_at)
    return stamp if isinstance(stamp, dt.datetime) else utcnow()


def insert_import_keys(
    session: Session, user_id: int, entry: dict[str, Any], ids: dict[str, list[int]]
) -> int:
    """Insert an exported user's import keys and remembered exercise names for ``user_id``.

    Args:
        session: The caller's transaction.
        user_id: Whose keys they become.
        entry: The exported user (already validated).
        ids: The new row ids of each keyed table (:data:`KEYED_TABLES`), in export order.

    Returns:
        How many import keys were written.
    """
    keys = [
        {
            "user_id": user_id,
            "source": item["source"],
            "import_key": item["import_key"],
            "created_at": _stamp_from(item, ImportedEntryRow),
            **dict.fromkeys(IMPORT_KEY_COLUMNS.values()),
            IMPORT_KEY_COLUMNS[item["kind"]]: ids[TABLE_KEYS[item["kind"]]][item["index"]],
        }
        for item in entry.get(IMPORT_KEYS) or []
    ]
    if keys:
        session.execute(insert(ImportedEntryRow), keys)
    names = [
        {
            "user_id": user_id,
            "app_name": item["app_name"],
            "exercise_id": item["exercise_id"],
            "created_at": _stamp_from(item, ExerciseNameMapRow),
        }
        for item in entry.get(EXERCISE_NAMES) or []
    ]
    if names:
        session.execute(insert(ExerciseNameMapRow), names)
    return len(keys)


ROWS_PER_INSERT = 2_000
"""Rows one bulk insert of an import writes when someone is told the progress."""


def import_user_rows(
    session: Session,
    user_id: int,
    entry: dict[str, Any],
    wrote: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert one exported user's rows for ``user_id`` (the data must already be validated).

    With ``wrote``, rows go :data:`ROWS_PER_INSERT` at a time and ``wrote`` is told how
    many each insert wrote.

    Returns:
        How many rows of each kind were written, keyed like the export.
    """
    counts = dict.fromkeys(USER_TABLES, 0)
    ids: dict[str, list[int]] = {key: [] for key in KEYED_TABLES}
    keyed = bool(entry.get(IMPORT_KEYS))
    for key in USER_TABLES:
        into = ids.get(key) if keyed else None
        items = entry.get(key) or []
        size = ROWS_PER_INSERT if wrote is not None else max(len(items), 1)
        for start in range(0, len(items), size):
            written = insert_rows(session, user_id, key, items[start : start + size], into)
            counts[key] += written
            if wrote is not None:
                wrote(written)
    insert_import_keys(session, user_id, entry, ids)
    _data_changed(session, user_id)
    session.flush()
    return counts


# --- staging: a large import written in short transactions, then shown at once ---------------

STAGING_PREFIX = "import staging "
"""Name prefix of the hidden users that hold an import's rows until it is complete.

A space never occurs in an email address, so no one can sign up or sign in as one; they
have no password; backups and "is the database empty" leave them out.
"""
STALE_STAGING = dt.timedelta(hours=1)
"""Age after which a staging user is an import that died half-way (its rows are deleted)."""


def is_staging_name(name: str) -> bool:
    """Whether ``name`` is that of a staging user (see :data:`STAGING_PREFIX`)."""
    return name.startswith(STAGING_PREFIX)


def create_staging_user(session: Session, label: str) -> int:
    """A hidden user to hold an import's rows while they are written; returns its id."""
    user = User(name=f"{STAGING_PREFIX}{label}"[:80], created_at=utcnow())
    session.add(user)
    session.flush()
    return user.id


def move_rows(session: Session, from_user: int, to_user: int) -> None:
    """Give every stored row of ``from_user`` to ``to_user``, then delete ``from_user``.

    One UPDATE a table (logs, plans, import keys …), all in the caller's transaction: the
    rows appear together or not.
    """
    for table in Base.metadata.sorted_tables:
        if "user_id" in table.c and table.name != User.__tablename__:
            owner = table.c.user_id
            session.execute(update(table).where(owner == from_user).values(user_id=to_user))
    session.execute(delete(User).where(User.id == from_user))
    _data_changed(session, to_user)
    session.flush()


def delete_stale_staging(session: Session) -> int:
    """Delete staging users (and their rows) older than :data:`STALE_STAGING`.

    Returns:
        How many were deleted.
    """
    stale = session.scalars(
        select(User.id).where(
            User.name.startswith(STAGING_PREFIX, autoescape=True),
            User.password_hash.is_(None),
            User.created_at < utcnow() - STALE_STAGING,
        )
    ).all()
    for user_id in stale:
        delete_user(session, user_id)
    return len(stale)


def import_all(
    session: Session,
    users: Iterable[dict[str, Any]],
    wrote: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert exported users and their rows (the data must already be validated).

    ``wrote`` is told the rows each bulk insert wrote (:func:`import_user_rows`).

    Returns:
        How many rows of each kind were written, keyed like the export.
    """
    counts = {"users": 0, **dict.fromkeys(USER_TABLES, 0)}
    for entry in users:
        user = User(
            name=entry["name"],
            units=entry.get("units"),
            timezone=entry.get("timezone"),
            password_hash=entry.get("password_hash"),
            created_at=_from_json(entry["created_at"], User.__table__.c.created_at),
        )
        session.add(user)
        session.flush()
        counts["users"] += 1
        for key, n in import_user_rows(session, user.id, entry, wrote).items():
            counts[key] += n
    return counts


def bulk_add_imported(
    session: Session, user_id: int, source: str, items: Sequence[tuple[Entry, str]]
) -> None:
    """Insert imported logs with their import keys, a bulk statement per table.

    For staging an app import (:func:`gluteus.services.imports.import_file` with an
    engine): each ``(entry, key)`` becomes a row of its kind, stamped now, and an
    :class:`ImportedEntryRow` pointing at it. Entries are sets, cardio or body weights.
    """
    now = utcnow()
    by_kind: dict[str, list[tuple[Entry, str]]] = {}
    for entry, key in items:
        by_kind.setdefault(kind_of(entry).name, []).append((entry, key))
    keys: list[dict[str, Any]] = []
    for kind, group in by_kind.items():
        table = ENTRY_KINDS[kind].table
        values = [{"user_id": user_id, **_row_values(entry, now)} for entry, _ in group]
        statement = insert(table).returning(table.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        ids = session.scalars(statement, values).all()
        column = IMPORT_KEY_COLUMNS.get(kind)
        if column is None:  # no key column for this kind (intake): found by meaning instead
            continue
        keys.extend(
            {
                "user_id": user_id,
                "source": source,
                "import_key": key,
                "created_at": now,
                column: row_id,
            }
            for (_, key), row_id in zip(group, ids, strict=True)
        )
    if keys:
        session.execute(insert(ImportedEntryRow), keys)
