"""Log entries of every kind (sets, cardio, weights, measurements, pain, intake, periods).

Each kind has its table and its domain model (:data:`ENTRY_KINDS`); entries are added,
listed, read, replaced, deleted and gathered into a domain :class:`History` here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from gluteus.db.repository.stamps import _data_changed, _logs_appended
from gluteus.db.tables import (
    Base,
    CardioRow,
    IntakeRow,
    MeasurementRow,
    PainRow,
    PeriodRow,
    SetRow,
    WeightRow,
    utcnow,
)
from gluteus.domain.history import (
    LOG_KINDS,
    History,
    LogEntry,
    LoggedSet,
    PainReport,
)
from gluteus.domain.memo import memo

Entry = LogEntry


@dataclass(frozen=True)
class EntryKind:
    """How one kind of log is stored: its table, its domain model and its History field."""

    name: str
    table: type[Base]
    model: type[Entry]
    history_field: str


_TABLES: dict[str, type[Base]] = {
    "set": SetRow,
    "cardio": CardioRow,
    "weight": WeightRow,
    "measure": MeasurementRow,
    "pain": PainRow,
    "intake": IntakeRow,
    "period": PeriodRow,
}
"""The table of each kind of log (the kinds themselves are :data:`LOG_KINDS`)."""

ENTRY_KINDS: dict[str, EntryKind] = {
    kind.name: EntryKind(kind.name, _TABLES[kind.name], kind.model, kind.history_field)
    for kind in LOG_KINDS
}
"""Kinds of log by the name people use for them (``gluteus history --kind``), with tables."""


def _entry(kind: EntryKind, row: Any) -> Entry:
    data = {
        name: getattr(row, "created_at" if name == "logged_at" else name)
        for name in kind.model.model_fields
    }
    return kind.model.model_validate(data)


def _row_values(entry: Entry, now: dt.datetime | None = None) -> dict[str, Any]:
    values = entry.model_dump(exclude={"logged_at"})
    if isinstance(entry, LoggedSet):
        values["band"] = entry.band.value if entry.band else None
    if isinstance(entry, PainReport):
        values["region"] = entry.region.value
    values["created_at"] = _stamp(entry.logged_at, now)
    return values


def add_entries(
    session: Session, user_id: int, entries: Sequence[Entry], *, now: dt.datetime | None = None
) -> list[int]:
    """Add logs of any kind in the caller's transaction; returns their row ids in order.

    Entries without ``logged_at`` share one timestamp (``now``, else the clock's), so the
    call is one logging action (what "undo" takes back); calls given the same ``now`` are
    one action too. Intake entries add up: several a day (meals) are kept.

    Written as plain inserts (one statement per run of one kind, ids returned in order), not
    through the ORM's unit of work: a logged set is the most frequent write, and the
    ORM's bookkeeping for rows nobody reads back in the transaction cost more than the
    insert itself.
    """
    if not entries:
        return []
    if session.new:
        session.flush()  # rows added through the ORM first (what a plain insert may refer to)
    # The user's row first (as the ORM's flush did): inserting first would take a weaker
    # lock on it (the foreign key's), and upgrading that later can deadlock on PostgreSQL
    # with a writer queued for the row in between.
    _logs_appended(session, user_id)
    now = now or utcnow()
    connection = session.connection()
    ids: list[int] = []
    for table, run in itertools.groupby(entries, key=lambda e: kind_of(e).table):
        values = [{"user_id": user_id, **_row_values(entry, now)} for entry in run]
        statement = _INSERTS.get(table)
        if statement is None:
            columns: Any = table.__table__
            statement = _INSERTS[table] = insert(columns).returning(
                columns.c.id, sort_by_parameter_order=True
            )
        dialect = connection.dialect
        if dialect.name == "sqlite" and dialect.use_insertmanyvalues and len(values) > 1:
            ids += _sqlite_bulk_insert(connection, table, values)
        elif len(values) == 1 or not (
            dialect.insert_executemany_returning
            and dialect.insert_executemany_returning_sort_by_parameter_order
        ):
            ids += [int(connection.execute(statement, row).scalar_one()) for row in values]
        else:
            ids += [int(row_id) for row_id in connection.execute(statement, values).scalars()]
    return ids


_INSERTS: dict[type[Base], Any] = {}
"""The insert statement of each kind's table, built once (see :func:`add_entries`)."""


def _sqlite_bulk_insert(
    connection: Any, table: type[Base], values: list[dict[str, Any]]
) -> list[int]:
    """Insert ``values`` on SQLite in one executemany; their new ids, in order.

    SQLite cannot keep RETURNING rows in parameter order for a batch, so SQLAlchemy would
    send one statement a row (most of a 100,000-row import's time). The transaction holds
    SQLite's only write lock, and each new rowid is one more than the largest so far, so
    the rows took the ``len(values)`` ids ending at the largest id after the insert.
    """
    columns: Any = table.__table__
    connection.execute(insert(columns), values)
    last = int(connection.execute(select(func.max(columns.c.id))).scalar_one())
    return list(range(last - len(values) + 1, last + 1))


def kind_of(entry: Entry) -> EntryKind:
    """The storage kind of a domain log entry."""
    return next(kind for kind in ENTRY_KINDS.values() if isinstance(entry, kind.model))


def last_set_number(session: Session, user_id: int, date: dt.date, exercise_id: str) -> int:
    """The highest set number of ``exercise_id`` logged on ``date`` (0 when none)."""
    params = {"user_id": user_id, "date": date, "exercise_id": exercise_id}
    return int(session.connection().execute(_LAST_SET_NUMBER, params).scalar() or 0)


_LAST_SET_NUMBER = select(func.max(SetRow.set_number)).where(
    SetRow.user_id == bindparam("user_id"),
    SetRow.date == bindparam("date"),
    SetRow.exercise_id == bindparam("exercise_id"),
)


def list_entries(
    session: Session,
    user_id: int,
    kinds: Iterable[str] = ENTRY_KINDS,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[tuple[str, int, Entry]]:
    """The user's logs as ``(kind, row id, entry)``, each kind by date then insertion."""
    names = tuple(kinds)
    if not names:
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    listing = _listing(names, since is not None, until is not None, sqlite)
    params = {"user_id": user_id, "since": since, "until": until}
    found: list[tuple[str, int, Entry]] = []
    for query in listing.queries:
        result: Any = session.execute(query, params)
        # Plain driver tuples: the models' validation converts the values itself (SQLite's
        # ISO dates and 0/1 flags too), faster than a Row with converters per value.
        rows = result.cursor.fetchall()
        result.close()
        for number, group in itertools.groupby(rows, key=lambda row: row[0]):
            name, entries, slots = listing.kinds[number]
            kept = list(group)
            data = [{field: row[slot] for field, slot in slots} for row in kept]
            valid = entries.validate_python(data)  # one call per kind, not one per row
            found += [(name, int(row[1]), entry) for row, entry in zip(kept, valid, strict=True)]
    return found


@dataclass(frozen=True)
class _Listing:
    """The statements listing several kinds of log, and how to read their rows back.

    Each row is (kind number, id, then the columns of the fields); a kind reads its
    model's fields from their slots.
    """

    queries: tuple[Any, ...]
    kinds: tuple[tuple[str, TypeAdapter[list[Any]], tuple[tuple[str, int], ...]], ...]


@memo(maxsize=None)
def _listing(names: tuple[str, ...], since: bool, until: bool, sqlite: bool) -> _Listing:
    """The statements listing the kinds ``names``, built once per shape.

    Pages list logs on every view. Over a network (PostgreSQL) that is one ``UNION ALL``
    of a select per kind, so one round trip reads them all, each field in its own slot
    (NULL for kinds without it). SQLite has no round trips to save and reads narrow rows
    faster than wide ones, so it gets one select per kind. Rows come ordered by kind (as
    given), then date, then insertion; bound parameters ``user_id``, ``since``, ``until``.
    """
    tables: list[Any] = [ENTRY_KINDS[name].table.__table__ for name in names]
    fields_of = [tuple(ENTRY_KINDS[name].model.model_fields) for name in names]
    slot_types: dict[str, Any] = {}
    for fields, table in zip(fields_of, tables, strict=True):
        for field in fields:
            slot_types.setdefault(field, table.c[_column_name(field)].type)
    layouts = [fields if sqlite else tuple(slot_types) for fields in fields_of]
    selects = []
    for number, (fields, layout, table) in enumerate(zip(fields_of, layouts, tables, strict=True)):
        columns = [literal_column(str(number), Integer).label("kind"), table.c.id.label("id")]
        columns += [
            (table.c[_column_name(f)] if f in fields else cast(null(), slot_types[f])).label(f)
            for f in layout
        ]
        query = select(*columns).where(table.c.user_id == bindparam("user_id"))
        if since:
            query = query.where(table.c.date >= bindparam("since"))
        if until:
            query = query.where(table.c.date <= bindparam("until"))
        selects.append(query)
    if sqlite or len(selects) == 1:
        queries = tuple(q.order_by(q.selected_columns.date, q.selected_columns.id) for q in selects)
    else:
        union: Any = union_all(*selects)
        order = (union.selected_columns[c] for c in ("kind", "date", "id"))
        queries = (union.order_by(*order),)
    return _Listing(
        queries=queries,
        kinds=tuple(
            (
                name,
                _entries_adapter(ENTRY_KINDS[name].model),
                tuple((field, layout.index(field) + 2) for field in fields),
            )
            for name, fields, layout in zip(names, fields_of, layouts, strict=True)
        ),
    )


@memo(maxsize=None)
def _entries_adapter(model: type[Entry]) -> TypeAdapter[list[Any]]:
    """Validates a whole list of one kind of log in one call."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _column_name(field: str) -> str:
    return "created_at" if field == "logged_at" else field


def get_entry(session: Session, user_id: int, kind: str, row_id: int) -> Entry | None:
    """One log of the user by kind and row id; None when absent or someone else's."""
    entry_kind = ENTRY_KINDS[kind]
    table: Any = entry_kind.table
    row = session.scalars(
        select(table).where(table.id == row_id, table.user_id == user_id)
    ).one_or_none()
    return _entry(entry_kind, row) if row is not None else None


def replace_entry(session: Session, user_id: int, kind: str, row_id: int, entry: Entry) -> bool:
    """Overwrite one log of the user with ``entry``; False when there is no such row."""
    table: Any = ENTRY_KINDS[kind].table
    row = session.scalars(
        select(table).where(table.id == row_id, table.user_id == user_id)
    ).one_or_none()
    if row is None:
        return False
    for name, value in _row_values(entry).items():
        if name != "created_at":
            setattr(row, name, value)
    _data_changed(session, user_id)
    session.flush()
    return True


def delete_entries(session: Session, user_id: int, keys: Iterable[tuple[str, int]]) -> int:
    """Delete the user's logs named by ``(kind, row id)``; returns how many went."""
    removed = 0
    for name, row_id in keys:
        table: Any = ENTRY_KINDS[name].table
        result: Any = session.execute(
            delete(table).where(table.id == row_id, table.user_id == user_id)
        )
        removed += int(result.rowcount or 0)
    if removed:
        _data_changed(session, user_id)
    session.flush()
    return removed


def newest_entries(session: Session, user_id: int) -> list[tuple[str, int, Entry]]:
    """The user's most recent logging action: every row stored at the newest timestamp."""
    newest: tuple[dt.datetime, str] | None = None
    for name, kind in ENTRY_KINDS.items():
        table: Any = kind.table
        stamp = session.scalar(select(func.max(table.created_at)).where(table.user_id == user_id))
        if stamp is not None and (newest is None or stamp > newest[0]):
            newest = (stamp, name)
    if newest is None:
        return []
    stamp, name = newest
    kind = ENTRY_KINDS[name]
    table = kind.table
    rows = session.scalars(
        select(table).where(table.user_id == user_id, table.created_at == stamp).order_by(table.id)
    )
    return [(name, int(row.id), _entry(kind, row)) for row in rows]


def load_history(session: Session, user_id: int) -> History:
    """Everything the user logged, as a domain :class:`History` (each kind oldest first)."""
    grouped: dict[str, list[Entry]] = {kind.history_field: [] for kind in ENTRY_KINDS.values()}
    for name, _, entry in list_entries(session, user_id):
        grouped[ENTRY_KINDS[name].history_field].append(entry)
    return History.model_validate({field: tuple(items) for field, items in grouped.items()})


def entries_after(
    session: Session, user_id: int, last_ids: dict[str, int]
) -> list[tuple[str, int, Entry]]:
    """The user's logs with a higher row id than ``last_ids`` names for their kind.

    ``(kind, row id, entry)``, each kind by row id; a kind missing from ``last_ids`` is read
    whole. What was logged since a history was read, when only logging happened since.
    """
    found: list[tuple[str, int, Entry]] = []
    for name, kind in ENTRY_KINDS.items():
        table: Any = kind.table
        rows = session.scalars(
            select(table)
            .where(table.user_id == user_id, table.id > last_ids.get(name, 0))
            .order_by(table.id)
        )
        found += [(name, int(row.id), _entry(kind, row)) for row in rows]
    return found


def _merged(found: Iterable[tuple[str, int, Entry]]) -> History:
    """A History of listed logs, without repeats, each kind by date then insertion (row id)."""
    seen: dict[tuple[str, int], Entry] = {}
    for name, row_id, entry in found:
        seen[name, row_id] = entry
    grouped: dict[str, list[tuple[dt.date, int, Entry]]] = {}
    for (name, row_id), entry in seen.items():
        field = ENTRY_KINDS[name].history_field
        grouped.setdefault(field, []).append((entry.date, row_id, entry))
    return History.model_validate(
        {
            field: tuple(entry for _, _, entry in sorted(items, key=lambda item: item[:2]))
            for field, items in grouped.items()
        }
    )


def logs_from(
    session: Session, user_id: int, since: dt.date, kinds: Iterable[str] = ENTRY_KINDS
) -> list[tuple[str, int, Entry]]:
    """The user's logs of ``kinds`` dated ``since`` or later (an indexed window of dates)."""
    return list_entries(session, user_id, kinds, since=since)


def logs_on(session: Session, user_id: int, date: dt.date) -> History:
    """The sets and cardio bouts dated ``date``: one day, however long the history."""
    return _merged(list_entries(session, user_id, ("set", "cardio"), since=date, until=date))


def last_sessions_before(
    session: Session,
    user_id: int,
    exercise_ids: Iterable[str],
    before: dt.date,
    count: int | None,
) -> list[tuple[str, int, Entry]]:
    """Every set of the last ``count`` session dates before ``before`` of each exercise.

    One statement whatever the number of exercises: per exercise, the ``count``-th latest
    date before ``before`` is found on the (user, exercise, date) index, then the sets from
    that date on. ``count`` None reads every earlier session of those exercises.
    """
    return _last_before(session, "set", user_id, exercise_ids, before, count)


def last_cardio_before(
    session: Session, user_id: int, activity_ids: Iterable[str], before: dt.date
) -> list[tuple[str, int, Entry]]:
    """The bouts of each activity on its last date with one before ``before``."""
    return _last_before(session, "cardio", user_id, activity_ids, before, 1)


def last_training_day_before(
    session: Session, user_id: int, before: dt.date
) -> list[tuple[str, int, Entry]]:
    """Every set of the last date with sets before ``before`` (found on the date index)."""
    return _rows_from(
        session, "set", _last_training_day_statement(), {"user_id": user_id, "before": before}
    )


@memo(maxsize=None)
def _last_training_day_statement() -> Any:
    """The statement of :func:`last_training_day_before`, built once.

    Bound parameters ``user_id`` and ``before``: building the statement and its cache key
    cost more than running it.
    """
    sets: Any = SetRow.__table__.c  # Core columns: rows come back as plain tuples
    user_id: Any = bindparam("user_id")
    latest = (
        select(func.max(sets.date))
        .where(sets.user_id == user_id, sets.date < bindparam("before"))
        .scalar_subquery()
    )
    pick = select(sets.id).where(sets.user_id == user_id, sets.date == latest)
    return _rows_statement(SetRow, pick)


@memo(maxsize=256)
def _last_before_statement(kind: str, ids: int, count: int | None) -> Any:
    """The statement of :func:`_last_before` for a kind, a number of ids and a session count."""
    entry_kind = ENTRY_KINDS[kind]
    table: Any = entry_kind.table.__table__.c  # Core columns: rows come back as plain tuples
    key = table.exercise_id if kind == "set" else table.activity_id
    picks = [
        _session_pick(
            table, key, bindparam("user_id"), bindparam(f"id{n}"), bindparam("before"), count
        )
        for n in range(ids)
    ]
    return _rows_statement(entry_kind.table, union_all(*picks))


def _last_before(
    session: Session,
    kind: str,
    user_id: int,
    ids: Iterable[str],
    before: dt.date,
    count: int | None,
) -> list[tuple[str, int, Entry]]:
    """Rows of ``kind`` ("set" or "cardio") in the last ``count`` dates of each id before.

    Today's page runs this after every logged set with some twenty ids. Building the
    statement (a select per id) and its cache key cost several times what the database
    does, so it is built once per kind, number of ids and count, with bound parameters
    ``user_id``, ``before`` and ``id0``, ``id1``… for the ids.
    """
    values = sorted(set(ids))
    if not values:
        return []
    statement = _last_before_statement(kind, len(values), count)
    params: dict[str, Any] = {"user_id": user_id, "before": before}
    params |= {f"id{n}": value for n, value in enumerate(values)}
    return _rows_from(session, kind, statement, params)


def _session_pick(
    table: Any, key: Any, user_id: Any, value: Any, before: Any, count: int | None
) -> Any:
    """Ids of ``table``'s rows for one exercise (activity) in its last ``count`` dates."""
    query = select(table.id).where(table.user_id == user_id, key == value, table.date < before)
    if count is None:
        return query
    dates = (
        select(table.date)
        .where(table.user_id == user_id, key == value, table.date < before)
        .distinct()
        .order_by(table.date.desc())
        .limit(count)
        .subquery()
    )
    return query.where(table.date >= select(func.min(dates.c.date)).scalar_subquery())


def _rows_statement(table: Any, ids: Any) -> Any:
    """The rows of ``table`` whose id ``ids`` (a select of ids) gives, by date then id.

    Each row is the id, then the columns of the kind's model fields in their order (see
    :func:`_fields_of`).
    """
    columns = table.__table__.c
    fields = _fields_of(table)
    return (
        select(columns.id, *(columns[_column_name(f)] for f in fields))
        .where(columns.id.in_(select(ids.subquery().c[0])))
        .order_by(columns.date, columns.id)
    )


def _fields_of(table: Any) -> tuple[str, ...]:
    """The model fields of the kind stored in ``table``."""
    kind = next(k for k in ENTRY_KINDS.values() if k.table is table)
    return tuple(kind.model.model_fields)


def _rows_from(
    session: Session, kind: str, statement: Any, params: dict[str, Any] | None = None
) -> list[tuple[str, int, Entry]]:
    """``(kind, row id, entry)`` of the rows of a :func:`_rows_statement`.

    Plain driver tuples validated in one call, as :func:`list_entries` reads them: loading
    ORM objects and validating a model per row cost several times the query on today's page.
    """
    entry_kind = ENTRY_KINDS[kind]
    result: Any = session.execute(statement, params)
    rows = result.cursor.fetchall()
    result.close()
    if not rows:
        return []
    fields = _fields_of(entry_kind.table)
    data = [{field: row[n] for n, field in enumerate(fields, 1)} for row in rows]
    valid = _entries_adapter(entry_kind.model).validate_python(data)
    return [(kind, int(row[0]), entry) for row, entry in zip(rows, valid, strict=True)]


Cursor = tuple[dt.date, dt.datetime, int, int]
"""Where a page of logs starts: (date, stored at, row id, kind number in ENTRY_KINDS)."""


def page_entries(
    session: Session,
    user_id: int,
    kinds: Iterable[str],
    since: dt.date | None,
    until: dt.date | None,
    cursor: Cursor | None,
    older: bool,
    count: int,
) -> list[tuple[str, int, Entry]]:
    """Up to ``count`` logs next to ``cursor``, ordered by (date, stored at, id, kind).

    ``older``: the newest ones before the cursor (the newest of all without one), else the
    oldest ones after it. Each kind reads at most ``count`` rows from its (user, date) index,
    so a page costs the same on the first day and after years. Returned oldest first.
    """
    order = list(ENTRY_KINDS)
    found: list[tuple[tuple[dt.date, dt.datetime, int, int], str, int, Entry]] = []
    for name in kinds:
        kind = ENTRY_KINDS[name]
        table: Any = kind.table
        number = order.index(name)
        query = select(table).where(table.user_id == user_id)
        if since is not None:
            query = query.where(table.date >= since)
        if until is not None:
            query = query.where(table.date <= until)
        if cursor is not None:
            query = query.where(_beyond(table, cursor, number, older))
        columns = (table.date, table.created_at, table.id)
        query = query.order_by(*(c.desc() if older else c for c in columns)).limit(count)
        for row in session.scalars(query):
            key = (row.date, row.created_at, int(row.id), number)
            found.append((key, name, int(row.id), _entry(kind, row)))
    found.sort(key=lambda item: item[0], reverse=older)
    kept = found[:count]
    kept.sort(key=lambda item: item[0])
    return [(name, row_id, entry) for _, name, row_id, entry in kept]


def entry_cursor(session: Session, user_id: int, kind: str, row_id: int) -> Cursor | None:
    """The place of one of the user's logs in the order pages follow; None when absent."""
    table: Any = ENTRY_KINDS[kind].table
    row = session.execute(
        select(table.date, table.created_at).where(table.id == row_id, table.user_id == user_id)
    ).one_or_none()
    return None if row is None else (row[0], row[1], row_id, list(ENTRY_KINDS).index(kind))


def _beyond(table: Any, cursor: Cursor, number: int, older: bool) -> Any:
    """Rows of ``table`` (kind ``number``) strictly before (``older``) or after ``cursor``."""
    date, stored, row_id, kind = cursor
    past = number < kind if older else number > kind

    def beyond(column: Any, value: Any) -> Any:
        return column < value if older else column > value

    # Same date and time: by row id, and for the same id (another kind's table) by kind.
    last = or_(beyond(table.id, row_id), table.id == row_id) if past else beyond(table.id, row_id)
    return or_(
        beyond(table.date, date),
        and_(
            table.date == date,
            or_(beyond(table.created_at, stored), and_(table.created_at == stored, last)),
        ),
    )


def weigh_in_span(
    session: Session, user_id: int, until: dt.date, *, most: int
) -> tuple[int, dt.date | None, dt.date | None]:
    """How many weigh-ins the user logged up to ``until`` (up to ``most``), first and last date.

    Each a seek on the (user, date) index, however many readings there are: the first and
    the last date are the index's ends, and the count stops after ``most`` (a count of all
    of them, or the three together in one aggregate, would visit every reading).
    """
    mine = (WeightRow.user_id == user_id, WeightRow.date <= until)
    counted = select(WeightRow.id).where(*mine).limit(most).subquery()
    row = session.execute(
        select(
            select(func.count()).select_from(counted).scalar_subquery(),
            select(func.min(WeightRow.date)).where(*mine).scalar_subquery(),
            select(func.max(WeightRow.date)).where(*mine).scalar_subquery(),
        )
    ).one()
    return int(row[0]), row[1], row[2]


def history_of(found: Iterable[tuple[str, int, Entry]]) -> History:
    """A domain History of listed logs ``(kind, row id, entry)``; repeats are kept once."""
    return _merged(found)


def _stamp(logged_at: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    if logged_at is None:
        return now or utcnow()
    if logged_at.tzinfo is not None:
        return logged_at.astimezone(dt.UTC).replace(tzinfo=None)
    return logged_at
