"""A person's own data in and out: a lossless JSON export of everything they stored.

The file has the same shape as a whole-database backup (:mod:`gluteus.services.admin`)
holding one user; importing it loads the rows into the signed-in user, whatever the name
in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.db.engine import unit_of_work
from gluteus.domain.catalog import default_catalog
from gluteus.domain.history import PeriodStart
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program
from gluteus.domain.units import UnitSystem
from gluteus.services.checkin import CheckinView
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError, from_validation
from gluteus.services.imports import Progress, check_import_rows
from gluteus.services.users import check_timezone

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


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


def parse_export(raw: bytes, field: str = "file") -> Any:
    """The JSON of an export file or body, parsed without holding up the process's threads.

    json's C parser keeps the interpreter lock for a whole document, and a 10 MB export
    takes it for a good part of a second, so every other request of the server process
    would stop meanwhile. Building each JSON object in a small Python function gives the
    interpreter a point to switch threads at every object (about 1.4 times the parse time,
    and the longest pause of other threads goes from the whole parse to a few milliseconds).

    Raises:
        InputError: On ``field`` when ``raw`` is not UTF-8 JSON.
    """
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_json_object)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(field, "is not a JSON file", allowed="a Gluteus export") from None


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
    _one_period_a_day(entry.get(repo.TABLE_KEYS["period"], []), where)
    _check_import_keys(entry, where)
    _check_exercise_names(entry, where)


_SOURCE_CHARS = 16
_KEY_CHARS = 80
_APP_NAME_CHARS = 200


def _text_field(item: dict[str, Any], name: str, most: int, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not 0 < len(value) <= most:
        raise InputError(
            f"{where}.{name}", "expected text", allowed=f"1 to {most} characters", value=value
        )
    return value


def _check_stamp(item: dict[str, Any], where: str) -> None:
    stamp = item.get("created_at")
    if stamp is None:
        return
    try:
        dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        raise InputError(f"{where}.created_at", "not a timestamp", value=stamp) from None


def _check_import_keys(entry: dict[str, Any], where: str) -> None:
    """Each import key names an exported row of a keyed kind, and no key appears twice."""
    items = entry.get(repo.IMPORT_KEYS) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(f"{where}.{repo.IMPORT_KEYS}", "expected a list of objects")
    seen: set[str] = set()
    kinds = ", ".join(repo.IMPORT_KEY_COLUMNS)
    for i, item in enumerate(items):
        at = f"{where}.{repo.IMPORT_KEYS}[{i}]"
        kind = item.get("kind")
        if kind not in repo.IMPORT_KEY_COLUMNS:
            raise InputError(f"{at}.kind", "not a kind of imported log", allowed=kinds, value=kind)
        rows = len(entry.get(repo.TABLE_KEYS[kind]) or [])
        index = item.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < rows:
            raise InputError(
                f"{at}.index",
                f"names no exported {kind}",
                allowed=f"0 to {rows - 1}" if rows else "no such rows in this export",
                value=index,
            )
        _text_field(item, "source", _SOURCE_CHARS, at)
        key = _text_field(item, "import_key", _KEY_CHARS, at)
        if key in seen:
            raise InputError(f"{at}.import_key", "appears twice", value=key)
        seen.add(key)
        _check_stamp(item, at)


def _check_exercise_names(entry: dict[str, Any], where: str) -> None:
    """Remembered exercise names: each app name once, each mapped to an exercise or skip."""
    items = entry.get(repo.EXERCISE_NAMES) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(f"{where}.{repo.EXERCISE_NAMES}", "expected a list of objects")
    seen: set[str] = set()
    for i, item in enumerate(items):
        at = f"{where}.{repo.EXERCISE_NAMES}[{i}]"
        name = _text_field(item, "app_name", _APP_NAME_CHARS, at)
        if name in seen:
            raise InputError(f"{at}.app_name", "appears twice", value=name)
        seen.add(name)
        target = _text_field(item, "exercise_id", 64, at)
        if target != "skip" and target not in default_catalog():
            raise InputError(
                f"{at}.exercise_id", "not a catalog exercise", allowed="an exercise id or skip"
            )
        _check_stamp(item, at)


def _one_period_a_day(items: list[dict[str, Any]], where: str) -> None:
    """Refuse two period starts on one day (the table keeps one per person and day)."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        day = str(PeriodStart.model_validate({"date": item.get("date")}).date)  # checked before
        if day in seen:
            key = repo.TABLE_KEYS["period"]
            raise InputError(
                f"{where}.{key}[{i}].date",
                "a second period start on the same day",
                allowed="one period start per day",
                value=day,
            )
        seen.add(day)


def _validated(model: type[BaseModel], data: Any, prefix: str) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, model, prefix) from None


IMPORT_CHUNK_ROWS = 2_000
"""Rows a staged import writes per transaction (:func:`import_user_staged`).

On SQLite one chunk holds the write lock for a tenth of a second or so, so other people's
writes wait about that long between two chunks, far under the lock timeout.
"""


def _one_person(data: Any) -> dict[str, Any]:
    """The one user of a personal export, checked in full (size first, then every value)."""
    users = data.get("users") if isinstance(data, dict) else None
    if isinstance(users, list):
        rows = sum(
            len(entry.get(key) or [])
            for entry in users
            if isinstance(entry, dict)
            for key in repo.USER_TABLES
            if isinstance(entry.get(key), list)
        )
        check_import_rows(rows, "users")
    users = validate_export(data)
    if len(users) != 1:
        raise InputError(
            "users",
            "a personal import takes an export of one person",
            allowed="exactly 1 user (restore a whole-database backup as an administrator)",
            value=len(users),
        )
    entry: dict[str, Any] = users[0]
    if entry.get("timezone") is not None:
        if not isinstance(entry["timezone"], str):
            raise InputError("users[0].timezone", "not a known IANA time zone")
        check_timezone(entry["timezone"], "users[0].timezone")
    return entry


def _keep_settings(session: Session, user_id: int, entry: dict[str, Any]) -> None:
    """Take the export's units and time zone (a personal import keeps how numbers read)."""
    user = repo.user_by_id(session, user_id)
    if user is None:
        raise NotFoundError("user", user_id)
    if entry.get("units") is not None:
        repo.set_units(session, user, UnitSystem(entry["units"]).value)
    if entry.get("timezone") is not None:
        repo.set_timezone(session, user, entry["timezone"].strip())


def _make_room(session: Session, actor: Actor, *, replace: bool) -> None:
    if repo.user_has_data(session, actor.user_id):
        if not replace:
            raise InputError(
                "replace",
                "you already have data; import into an empty account or replace it",
            )
        repo.delete_user_data(session, actor.user_id)


def user_rows(entry: dict[str, Any]) -> int:
    """How many rows an exported user's tables hold (what a progress bar counts to)."""
    return sum(len(entry.get(key) or []) for key in repo.USER_TABLES)


def progress_steps(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    """A counter that adds up rows written and tells ``progress`` the sum (None without it)."""
    if progress is None:
        return None
    done = 0
    progress(0, total)

    def wrote(rows: int) -> None:
        nonlocal done
        done += rows
        progress(done, total)

    return wrote


def import_user(
    session: Session,
    actor: Actor,
    data: Any,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Load an export of one person into the actor's account, with its units and time zone.

    The file is checked in full first; the caller's transaction makes the write all or none.
    ``progress`` is told the rows written, a bulk insert at a time. For large files on a
    shared server use :func:`import_user_staged`, which never holds the write lock for long.

    Raises:
        InputError: When the file is not a valid one-person export or is over the row limit
            (:data:`~gluteus.services.imports.IMPORT_MAX_ROWS`), or the actor already has
            data and ``replace`` is false.
    """
    entry = _one_person(data)
    _make_room(session, actor, replace=replace)
    try:
        wrote = progress_steps(progress, user_rows(entry))
        counts = repo.import_user_rows(session, actor.user_id, entry, wrote)
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
        raise InputError("users", f"cannot import ({str(exc).splitlines()[0]})") from None
    _keep_settings(session, actor.user_id, entry)
    return ImportResult(counts=counts, replaced=replace)


def import_user_staged(
    engine: Engine,
    actor: Actor,
    data: Any,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """:func:`import_user` for a server: big files never hold the write lock for long.

    The rows are written :data:`IMPORT_CHUNK_ROWS` at a time, each chunk in its own short
    transaction, to a hidden staging user nobody can see or sign in as; then one short
    transaction checks the account again, makes room (``replace``) and gives every staged
    row to the actor at once (one UPDATE a table). Until then nothing shows; if anything
    fails the staged rows are deleted, and a process that dies half-way leaves only a
    staging user that the next staged import deletes (after an hour).

    Must not run inside another transaction on the same database (it opens its own).
    ``progress`` is told the rows written after each chunk.

    Raises:
        InputError: As :func:`import_user`; nothing is imported then.
    """
    entry = _one_person(data)
    with unit_of_work(engine) as session:
        repo.delete_stale_staging(session)
        if repo.user_has_data(session, actor.user_id) and not replace:
            _make_room(session, actor, replace=False)
        staging = repo.create_staging_user(session, uuid.uuid4().hex)
    try:
        counts = dict.fromkeys(repo.USER_TABLES, 0)
        keyed = bool(entry.get(repo.IMPORT_KEYS))
        ids: dict[str, list[int]] = {key: [] for key in repo.KEYED_TABLES}
        wrote = progress_steps(progress, user_rows(entry))
        for key in repo.USER_TABLES:
            items = entry.get(key) or []
            into = ids.get(key) if keyed else None
            for start in range(0, len(items), IMPORT_CHUNK_ROWS):
                with unit_of_work(engine) as session:
                    chunk = items[start : start + IMPORT_CHUNK_ROWS]
                    counts[key] += repo.insert_rows(session, staging, key, chunk, into)
                if wrote is not None:
                    wrote(len(chunk))
        with unit_of_work(engine) as session:
            repo.insert_import_keys(session, staging, entry, ids)
        with unit_of_work(engine) as session:
            _make_room(session, actor, replace=replace)
            repo.move_rows(session, staging, actor.user_id)
            _keep_settings(session, actor.user_id, entry)
    except BaseException as exc:
        with unit_of_work(engine) as session:
            repo.delete_user(session, staging)
        if isinstance(exc, (KeyError, TypeError, ValueError, SQLAlchemyError)) and not isinstance(
            exc, (OperationalError, InterfaceError)
        ):
            raise InputError("users", f"cannot import ({str(exc).splitlines()[0]})") from None
        raise
    return ImportResult(counts=counts, replaced=replace)
