"""Garmin FIT files: weigh-ins from a scale's weight files, cardio from activity sessions.

FIT is Garmin's binary format (a 12- or 14-byte header with ``.FIT`` at bytes 8-11, then
definition and data messages, then a CRC). It is decoded with Garmin's own SDK
(``garmin-fit-sdk``), imported only when a FIT file is read so start-up stays fast.

Kept:

* ``weight_scale`` messages (``timestamp``, ``weight`` in kg) as weigh-ins;
* ``session`` messages (``start_time``, ``sport``, ``sub_sport``, ``total_timer_time`` [s],
  ``total_distance`` [m]) as cardio bouts, when the sport is one of the catalog's
  (:data:`SPORTS`); other sports are counted as ``sport_not_in_catalog``.

FIT timestamps are UTC; the day of a reading is taken in the person's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from gluteus.imports.fitbit import Member
from gluteus.imports.records import ParsedFile, SetType, WeightRecord, WorkoutRecord
from gluteus.imports.table import ImportFileError, KeyMaker, RowProblem

MAX_FIT_BYTES = 64 * 1024 * 1024
"""Largest FIT file read (a long activity with one-second records is a few MB)."""
SPORTS: dict[tuple[str, str | None], str] = {
    ("running", None): "jog",
    ("running", "treadmill"): "jog",
    ("walking", None): "brisk-walk",
    ("walking", "indoor_walking"): "brisk-walk",
    ("hiking", None): "hiking",
    ("cycling", "indoor_cycling"): "stationary-bike",
    ("cycling", "spin"): "stationary-bike",
    ("fitness_equipment", "elliptical"): "elliptical",
    ("fitness_equipment", "stair_climbing"): "stair-climbing",
    ("fitness_equipment", "indoor_cycling"): "stationary-bike",
    ("fitness_equipment", "treadmill"): "jog",
}
"""Catalog cardio activity for a FIT ``(sport, sub_sport)``; ``None`` stands for any sub-sport.

Only sports the catalog has an activity for: outdoor cycling, swimming and the like have no
catalog activity (and no energy figure here), so they are left out rather than guessed."""


def activity_for(sport: str | None, sub_sport: str | None) -> str | None:
    """The catalog activity of a FIT session's sport, None when the catalog has none."""
    if sport is None:
        return None
    return SPORTS.get((sport, sub_sport)) or SPORTS.get((sport, None))


def parse_fit(members: Iterable[Member], tz: str | None = None) -> ParsedFile:
    """Read weigh-ins and cardio sessions from FIT files.

    Args:
        members: The FIT files (name and opener each).
        tz: IANA time zone for the day of each reading (UTC when None).

    Raises:
        ImportFileError: When a file is not a FIT file or is damaged (bad CRC, cut short).
    """
    from garmin_fit_sdk import Decoder, Stream  # loaded only when a FIT file comes in

    zone = ZoneInfo(tz) if tz else dt.UTC
    parsed = ParsedFile(format="garmin-fit")
    weight_keys = KeyMaker("garmin-fit")
    session_keys = KeyMaker("garmin-fit-session")
    for name, opener in members:
        with opener() as stream:
            data = stream.read(MAX_FIT_BYTES + 1)
        short = name.rsplit("/", 1)[-1]
        if len(data) > MAX_FIT_BYTES:
            raise ImportFileError("file", f"{short} is larger than a FIT file can be here")
        if not Decoder(Stream.from_byte_array(bytearray(data))).is_fit():
            raise ImportFileError("file", f"{short} is not a FIT file")
        if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
            raise ImportFileError(
                "file", f"{short} is damaged or cut short (its checksum does not match)"
            )
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
        if errors:
            raise ImportFileError("file", f"{short} cannot be decoded ({errors[0]})")
        for weighed in messages.get("weight_scale_mesgs", []):
            parsed.rows += 1
            _read_weight(dict(weighed), parsed, zone, weight_keys)
        for session in messages.get("session_mesgs", []):
            parsed.rows += 1
            _read_session(dict(session), parsed, zone, session_keys)
        parsed.skipped["other_fit_messages"] += sum(
            len(found)
            for key, found in messages.items()
            if key not in ("weight_scale_mesgs", "session_mesgs", "file_id_mesgs")
            and isinstance(found, list)
        )
    if parsed.skipped["other_fit_messages"] == 0:
        del parsed.skipped["other_fit_messages"]
    return parsed


def _local(stamp: Any, zone: dt.tzinfo) -> dt.datetime:
    if not isinstance(stamp, dt.datetime):
        raise ValueError("no timestamp")
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).replace(tzinfo=None)


def _read_weight(
    message: dict[str, Any], parsed: ParsedFile, zone: dt.tzinfo, keys: KeyMaker
) -> None:
    row = parsed.rows
    try:
        when = _local(message.get("timestamp"), zone)
        weight = message.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool):
            raise ValueError("no weight")  # 0xFFFF: the scale stored no reading
        kg = round(float(weight), 2)
    except ValueError as exc:
        parsed.problems.append(RowProblem(row, f"weigh-in {row}: {exc}"))
        return
    parsed.weights.append(WeightRecord(row, when.date(), kg, keys.key(when.isoformat(), f"{kg}")))


def _read_session(
    message: dict[str, Any], parsed: ParsedFile, zone: dt.tzinfo, keys: KeyMaker
) -> None:
    row = parsed.rows
    sport = message.get("sport")
    sub_sport = message.get("sub_sport")
    activity = activity_for(
        sport if isinstance(sport, str) else None,
        sub_sport if isinstance(sub_sport, str) else None,
    )
    if activity is None:
        parsed.skipped["sport_not_in_catalog"] += 1
        return
    try:
        started = _local(message.get("start_time") or message.get("timestamp"), zone)
        seconds = message.get("total_timer_time") or message.get("total_elapsed_time")
        if not isinstance(seconds, int | float) or seconds <= 0:
            raise ValueError("no duration")
    except ValueError as exc:
        parsed.problems.append(RowProblem(row, f"session {row}: {exc}"))
        return
    metres = message.get("total_distance")
    distance = round(float(metres) / 1000.0, 3) if isinstance(metres, int | float) else None
    parsed.workouts.append(
        WorkoutRecord(
            line=row,
            date=started.date(),
            exercise=activity,
            set_type=SetType.NORMAL,
            reps=None,
            weight_kg=None,
            distance_km=distance or None,
            seconds=float(seconds),
            rpe=None,
            key=keys.key(started.isoformat(), activity),
            started=started,
            position=1,
        )
    )
