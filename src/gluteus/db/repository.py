"""Typed reads and writes over the tables, mapping rows to and from domain objects.

Functions take an open :class:`~sqlalchemy.orm.Session` and never commit: the caller (a
service) owns the transaction, so a use case that writes several rows writes all or none.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    Text,
    bindparam,
    cast,
    delete,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from gluteus.db.tables import (
    AuthAttemptRow,
    Base,
    CardioRow,
    CheckinRow,
    ImportedEntryRow,
    IntakeRow,
    MeasurementRow,
    PainRow,
    PlanRow,
    ProfileRow,
    ScreeningRow,
    SetRow,
    User,
    WeightRow,
    new_stamp,
    utcnow,
)
from gluteus.domain.history import (
    CardioLog,
    History,
    IntakeEntry,
    LoggedSet,
    Measurement,
    PainReport,
    WeightEntry,
)

if TYPE_CHECKING:
    from gluteus.domain.profile import Profile
    from gluteus.domain.program import Program

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
}
"""Export key of each kind of log."""


# --- users -------------------------------------------------------------------------------


def get_user(session: Session, name: str) -> User | None:
    """The user called ``name``, None when absent."""
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with database id ``user_id``, None when absent."""
    return session.get(User, user_id)


def create_user(
    session: Session, name: str, *, units: str | None = None, timezone: str | None = None
) -> User:
    """Add a user called ``name`` (flushed, so its id is known)."""
    user = User(name=name, units=units, timezone=timezone, created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def set_units(session: Session, user: User, units: str | None) -> None:
    """Store the user's preferred unit system (``metric``/``imperial``; None to unset)."""
    user.units = units
    session.flush()


def set_timezone(session: Session, user: User, timezone: str | None) -> None:
    """Store the user's IANA time zone (None to unset)."""
    user.timezone = timezone
    session.flush()


def data_stamp(session: Session, user_id: int) -> str | None:
    """The user's data stamp, None when unknown (see :func:`_data_changed`).

    It changes with every change to their logs, profile, plans or check-ins. Read from
    the session's copy of the user's row when it holds one (no query then).
    """
    user = session.get(User, user_id)
    return None if user is None else user.data_stamp


def lock_user(session: Session, user_id: int) -> None:
    """Hold the user's row until the transaction ends, so their writes take turns.

    On PostgreSQL two transactions logging sets of one exercise could otherwise both read
    the same last set number; the second now waits, then reads the first one's sets.
    SQLite needs nothing: its write transactions take turns from the start.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(User.id).where(User.id == user_id).with_for_update())


def _data_changed(session: Session, user_id: int) -> None:
    """Give the user a new data stamp, in the transaction that changes their data.

    Every function here that adds, changes or deletes a user's logs, profile, plans or
    check-ins calls this, so what a process kept under the old stamp is never taken for
    the current data.
    """
    user = session.get(User, user_id)
    if user is not None:
        user.data_stamp = new_stamp()


# --- profiles, screening, plans ------------------------------------------------------------


def save_profile(session: Session, user_id: int, profile: Profile) -> ProfileRow:
    """Add a new version of the user's profile (older versions are kept)."""
    row = ProfileRow(user_id=user_id, data=profile.model_dump(mode="json"), created_at=utcnow())
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def latest_profile(session: Session, user_id: int) -> Profile | None:
    """The newest saved profile, None when none was saved."""
    row = session.scalars(
        select(ProfileRow)
        .where(ProfileRow.user_id == user_id)
        .order_by(ProfileRow.created_at.desc(), ProfileRow.id.desc())
        .limit(1)
    ).first()
    from gluteus.domain.profile import Profile

    return Profile.model_validate(row.data) if row else None


def profile_versions(session: Session, user_id: int) -> list[tuple[dt.datetime, Profile]]:
    """Every saved version of the user's profile with its time, oldest first."""
    rows = session.scalars(
        select(ProfileRow)
        .where(ProfileRow.user_id == user_id)
        .order_by(ProfileRow.created_at, ProfileRow.id)
    )
    from gluteus.domain.profile import Profile

    return [(row.created_at, Profile.model_validate(row.data)) for row in rows]


def latest_screening(session: Session, user_id: int) -> dict[str, Any] | None:
    """The data of the user's newest readiness check, None when there is none."""
    row = session.scalars(
        select(ScreeningRow)
        .where(ScreeningRow.user_id == user_id)
        .order_by(ScreeningRow.created_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    ).first()
    return dict(row.data) if row else None


def save_screening(
    session: Session, user_id: int, cleared: bool, data: dict[str, Any]
) -> ScreeningRow:
    """Record a readiness check (answers and clearance as JSON)."""
    row = ScreeningRow(user_id=user_id, cleared=cleared, data=data, created_at=utcnow())
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def save_plan(session: Session, user_id: int, program: Program) -> PlanRow:
    """Store ``program`` as the user's active plan, replacing the previous active plan.

    Args:
        session: Open session (the caller commits).
        user_id: Owner of the plan.
        program: A program with a ``start_date``.

    Raises:
        ValueError: When the program has no start date.
    """
    if program.start_date is None:
        raise ValueError("start_date: a saved plan needs a first day")
    # Remove first, in its own statement, so the one-active index never sees two. A plan
    # is rebuilt from the profile on demand, so keeping old full copies only grows backups.
    session.execute(delete(PlanRow).where(PlanRow.user_id == user_id, PlanRow.active))
    row = PlanRow(
        user_id=user_id,
        program=program.model_dump(mode="json"),
        start_date=program.start_date,
        weeks=len(program.weeks),
        active=True,
        created_at=utcnow(),
    )
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def active_plan(session: Session, user_id: int) -> PlanRow | None:
    """The user's active plan row, None when there is none."""
    return session.scalars(
        select(PlanRow).where(PlanRow.user_id == user_id, PlanRow.active)
    ).one_or_none()


def save_checkin(
    session: Session, user_id: int, date: dt.date, intake_kcal: float, data: dict[str, Any]
) -> CheckinRow:
    """Store a check-in for ``date``, replacing one already stored for that day."""
    session.execute(
        delete(CheckinRow).where(CheckinRow.user_id == user_id, CheckinRow.date == date)
    )
    row = CheckinRow(
        user_id=user_id, date=date, intake_kcal=intake_kcal, data=data, created_at=utcnow()
    )
    session.add(row)
    _data_changed(session, user_id)
    session.flush()
    return row


def checkin_rows(
    session: Session, user_id: int, *, until: dt.date | None = None, limit: int | None = None
) -> list[CheckinRow]:
    """The user's check-ins, newest first, on or before ``until`` when given."""
    query = select(CheckinRow).where(CheckinRow.user_id == user_id)
    if until is not None:
        query = query.where(CheckinRow.date <= until)
    query = query.order_by(CheckinRow.date.desc()).limit(limit)
    return list(session.scalars(query))


def last_checkin_target(
    session: Session, user_id: int, until: dt.date
) -> tuple[dt.date, float] | None:
    """The date and intake target of the user's newest check-in on or before ``until``.

    Two columns of one row: pages ask on every view whether a check-in is due.
    """
    row = session.execute(
        select(CheckinRow.date, CheckinRow.intake_kcal)
        .where(CheckinRow.user_id == user_id, CheckinRow.date <= until)
        .order_by(CheckinRow.date.desc())
        .limit(1)
    ).one_or_none()
    return None if row is None else (row[0], float(row[1]))


@dataclass(frozen=True)
class PlanStamp:
    """What tells one stored plan from every other, without reading its (large) program.

    A replaced plan is deleted and a new row added, so the stamp changes whenever the
    plan does: SQLite may hand the new row the old id, never the same creation time too.
    """

    id: int
    user_id: int
    created_at: dt.datetime
    start_date: dt.date
    weeks: int


_STAMP_COLUMNS = (
    PlanRow.id,
    PlanRow.user_id,
    PlanRow.created_at,
    PlanRow.start_date,
    PlanRow.weeks,
)


def active_plan_stamp(session: Session, user_id: int) -> PlanStamp | None:
    """The stamp of the user's active plan (one small row), None when there is none."""
    row = session.execute(
        select(*_STAMP_COLUMNS).where(PlanRow.user_id == user_id, PlanRow.active)
    ).one_or_none()
    return PlanStamp(*row) if row is not None else None


def active_plan_json(session: Session, user_id: int) -> tuple[PlanStamp, str] | None:
    """The user's active plan as stored: its stamp and the program's JSON text, unparsed.

    The text comes straight from the database (no JSON decoding here), for
    ``Program.model_validate_json``.
    """
    row = session.execute(
        select(*_STAMP_COLUMNS, cast(PlanRow.program, Text)).where(
            PlanRow.user_id == user_id, PlanRow.active
        )
    ).one_or_none()
    if row is None:
        return None
    return PlanStamp(*row[:5]), str(row[5])


def plan_rows(session: Session, user_id: int) -> list[PlanRow]:
    """Every plan of the user, newest first."""
    return list(
        session.scalars(
            select(PlanRow)
            .where(PlanRow.user_id == user_id)
            .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        )
    )


# --- logs ------------------------------------------------------------------------------------

Entry = LoggedSet | CardioLog | WeightEntry | Measurement | PainReport | IntakeEntry


@dataclass(frozen=True)
class EntryKind:
    """How one kind of log is stored: its table, its domain model and its History field."""

    name: str
    table: type[Base]
    model: type[Entry]
    history_field: str


ENTRY_KINDS: dict[str, EntryKind] = {
    kind.name: kind
    for kind in (
        EntryKind("set", SetRow, LoggedSet, "sets"),
        EntryKind("cardio", CardioRow, CardioLog, "cardio"),
        EntryKind("weight", WeightRow, WeightEntry, "weights"),
        EntryKind("measure", MeasurementRow, Measurement, "measurements"),
        EntryKind("pain", PainRow, PainReport, "pain"),
        EntryKind("intake", IntakeRow, IntakeEntry, "intake"),
    )
}
"""Kinds of log by the name people use for them (``gluteus history --kind``)."""


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
    values["created_at"] = _stamp(entry.logged_at, now)
    return values


def add_entries(session: Session, user_id: int, entries: Sequence[Entry]) -> list[int]:
    """Add logs of any kind in the caller's transaction; returns their row ids in order.

    Entries without ``logged_at`` share one timestamp, so the call is one logging action
    (what "undo" takes back). Intake is one value per day: a second entry for the same date
    replaces the first.
    """
    now = utcnow()
    rows: list[Base] = []
    for entry in entries:
        if isinstance(entry, IntakeEntry):
            rows.append(_replace_intake(session, user_id, entry, now))
            continue
        kind = kind_of(entry)
        row = kind.table(user_id=user_id, **_row_values(entry, now))
        session.add(row)
        rows.append(row)
    if rows:
        _data_changed(session, user_id)
    session.flush()
    return [int(row.id) for row in rows]  # type: ignore[attr-defined]


def _replace_intake(
    session: Session, user_id: int, entry: IntakeEntry, now: dt.datetime
) -> IntakeRow:
    row = session.scalars(
        select(IntakeRow).where(IntakeRow.user_id == user_id, IntakeRow.date == entry.date)
    ).one_or_none()
    if row is None:
        row = IntakeRow(user_id=user_id, date=entry.date, kcal=entry.kcal)
        session.add(row)
    row.kcal = entry.kcal
    row.created_at = _stamp(entry.logged_at, now)
    return row


def kind_of(entry: Entry) -> EntryKind:
    """The storage kind of a domain log entry."""
    return next(kind for kind in ENTRY_KINDS.values() if isinstance(entry, kind.model))


def last_set_number(session: Session, user_id: int, date: dt.date, exercise_id: str) -> int:
    """The highest set number of ``exercise_id`` logged on ``date`` (0 when none)."""
    query = select(func.max(SetRow.set_number)).where(
        SetRow.user_id == user_id, SetRow.date == date, SetRow.exercise_id == exercise_id
    )
    return int(session.scalar(query) or 0)


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


_LISTINGS: dict[tuple[tuple[str, ...], bool, bool, bool], _Listing] = {}


def _listing(names: tuple[str, ...], since: bool, until: bool, sqlite: bool) -> _Listing:
    """The statements listing the kinds ``names``, built once per shape.

    Pages list logs on every view. Over a network (PostgreSQL) that is one ``UNION ALL``
    of a select per kind, so one round trip reads them all, each field in its own slot
    (NULL for kinds without it). SQLite has no round trips to save and reads narrow rows
    faster than wide ones, so it gets one select per kind. Rows come ordered by kind (as
    given), then date, then insertion; bound parameters ``user_id``, ``since``, ``until``.
    """
    key = (names, since, until, sqlite)
    listing = _LISTINGS.get(key)
    if listing is not None:
        return listing
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
    listing = _Listing(
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
    _LISTINGS[key] = listing
    return listing


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


def _stamp(logged_at: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    if logged_at is None:
        return now or utcnow()
    if logged_at.tzinfo is not None:
        return logged_at.astimezone(dt.UTC).replace(tzinfo=None)
    return logged_at


# --- imported entries ------------------------------------------------------------------------

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
    session.add_all(
        ImportedEntryRow(
            user_id=user_id,
            source=source,
            import_key=key,
            created_at=now,
            **{IMPORT_KEY_COLUMNS[kind]: row_id},
        )
        for kind, row_id, key in items
    )
    session.flush()


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


# --- sign-in and sign-up attempts ----------------------------------------------------------


def record_attempt(
    session: Session, key: str, now: dt.datetime, *, attempts: int, window: dt.timedelta
) -> bool:
    """Count an attempt under ``key`` at ``now`` (naive UTC), unless the key is over its limit.

    Attempts of every key older than ``window`` are deleted on the way.

    Returns:
        True when fewer than ``attempts`` were made in the ``window`` before ``now`` (this
        one is then recorded); False otherwise (nothing is recorded).
    """
    if session.get_bind().dialect.name == "postgresql":
        # Workers counting the same key at once would each see room for one more; SQLite
        # needs nothing, as its write transactions take turns from the start.
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    cutoff = now - window
    session.execute(delete(AuthAttemptRow).where(AuthAttemptRow.at <= cutoff))
    recent = session.scalar(
        select(func.count()).select_from(AuthAttemptRow).where(AuthAttemptRow.key == key)
    )
    if (recent or 0) >= attempts:
        return False
    session.add(AuthAttemptRow(key=key, at=now))
    session.flush()
    return True


# --- export / import --------------------------------------------------------------------------


def is_empty(session: Session) -> bool:
    """True when the database holds no users (and therefore nothing else)."""
    return not session.scalar(select(func.count()).select_from(User))


def delete_everything(session: Session) -> None:
    """Remove every user and, by cascade, everything they stored."""
    for table in reversed(list(USER_TABLES.values())):
        session.execute(delete(table))
    session.execute(delete(User))
    session.flush()


def _columns(table: type[Base]) -> list[Any]:
    skip = {"id", "user_id"}
    return [c for c in table.__table__.columns if c.name not in skip]


def _to_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime | Date):
        return value.isoformat()
    return value


def _from_json(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
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
        "created_at": user.created_at.isoformat(),
    }
    if with_password and user.password_hash:
        # Whole-database backups only: a restored web account must still sign in.
        entry["password_hash"] = user.password_hash
    for key, table in USER_TABLES.items():
        columns = _columns(table)
        owner = table.__table__.c.user_id
        query = select(table).where(owner == user.id).order_by(table.__table__.c.id)
        entry[key] = [
            {c.name: _to_json(getattr(row, c.name), c) for c in columns}
            for row in session.scalars(query)
        ]
    return entry


def export_all(session: Session) -> dict[str, Any]:
    """Every user and every stored row as JSON-able data, in a stable order."""
    users = [
        export_user(session, user, with_password=True)
        for user in session.scalars(select(User).order_by(User.id))
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
    for table in reversed(list(USER_TABLES.values())):
        session.execute(delete(table).where(table.__table__.c.user_id == user_id))
    _data_changed(session, user_id)
    session.flush()


def import_user_rows(session: Session, user_id: int, entry: dict[str, Any]) -> dict[str, int]:
    """Insert one exported user's rows for ``user_id`` (the data must already be validated).

    Returns:
        How many rows of each kind were written, keyed like the export.
    """
    counts = dict.fromkeys(USER_TABLES, 0)
    for key, table in USER_TABLES.items():
        columns = _columns(table)
        rows = [
            table(
                user_id=user_id,
                **{c.name: _from_json(item.get(c.name), c) for c in columns if c.name in item},
            )
            for item in entry.get(key, [])
        ]
        # The unit of work inserts rows of one table in the order they were added, so ids
        # (and a later export's order) follow the file.
        session.add_all(rows)
        session.flush()
        counts[key] += len(rows)
    _data_changed(session, user_id)
    session.flush()
    return counts


def import_all(session: Session, users: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Insert exported users and their rows (the data must already be validated).

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
        for key, n in import_user_rows(session, user.id, entry).items():
            counts[key] += n
    return counts
