"""Small Garmin FIT files for tests, written byte by byte (header, definitions, data, CRC).

Independent of the SDK that reads them: the layout follows the FIT protocol (a 14-byte
header with ``.FIT`` at bytes 8-11, a definition message before each local message type's
first data message, little-endian values, and a CRC-16 of everything before it).
"""

from __future__ import annotations

import datetime as dt
import struct

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
UINT8, ENUM, UINT16, UINT32 = 0x02, 0x00, 0x84, 0x86
_FORMATS = {ENUM: ("B", 1), UINT8: ("B", 1), UINT16: ("<H", 2), UINT32: ("<I", 4)}
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip

FILE_ID, SESSION, WEIGHT_SCALE = 0, 18, 30
Field = tuple[int, int, int]
"""A field: its number in the message, its base type and its raw value."""


def crc16(data: bytes) -> int:
    """The FIT CRC-16 of ``data``, a nibble at a time."""
    crc = 0
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            tmp = _CRC_TABLE[crc & 0x0F]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def stamp(when: dt.datetime) -> int:
    """A FIT timestamp: seconds since 1989-12-31 00:00 UTC."""
    return int((when - FIT_EPOCH).total_seconds())


def fit_file(messages: list[tuple[int, list[Field]]]) -> bytes:
    """A FIT file holding ``messages`` (global number and fields each), in order.

    Each distinct message layout gets a local type and a definition before its first data.
    """
    body = bytearray()
    local: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
    for number, fields in messages:
        layout = (number, tuple((num, base) for num, base, _ in fields))
        if layout not in local:
            local[layout] = len(local)
            body += bytes([0x40 | local[layout], 0, 0]) + struct.pack("<HB", number, len(fields))
            for num, base, _ in fields:
                body += bytes([num, _FORMATS[base][1], base])
        body += bytes([local[layout]])
        for _, base, value in fields:
            body += struct.pack(_FORMATS[base][0], value)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16(data))


def weight_file(readings: list[tuple[dt.datetime, float]]) -> bytes:
    """A scale's weight file: a file id (type weight) and one weight_scale message each."""
    created = readings[0][0] if readings else FIT_EPOCH
    messages: list[tuple[int, list[Field]]] = [
        (FILE_ID, [(0, ENUM, 9), (1, UINT16, 1), (4, UINT32, stamp(created))])
    ]
    messages += [
        (WEIGHT_SCALE, [(253, UINT32, stamp(when)), (0, UINT16, round(kg * 100))])
        for when, kg in readings
    ]
    return fit_file(messages)


SPORT = {"running": 1, "cycling": 2, "walking": 11, "swimming": 5, "fitness_equipment": 4}
SUB_SPORT = {"generic": 0, "treadmill": 1, "indoor_cycling": 6, "elliptical": 15}


def activity_file(sessions: list[tuple[dt.datetime, str, str, float, float | None]]) -> bytes:
    """An activity file: one session message per ``(start, sport, sub_sport, s, m)``."""
    first = sessions[0][0] if sessions else FIT_EPOCH
    messages: list[tuple[int, list[Field]]] = [
        (FILE_ID, [(0, ENUM, 4), (1, UINT16, 1), (4, UINT32, stamp(first))])
    ]
    for start, sport, sub_sport, seconds, metres in sessions:
        messages.append(
            (
                SESSION,
                [
                    (253, UINT32, stamp(start + dt.timedelta(seconds=seconds))),
                    (2, UINT32, stamp(start)),
                    (5, ENUM, SPORT[sport]),
                    (6, ENUM, SUB_SPORT[sub_sport]),
                    (8, UINT32, round(seconds * 1000)),
                    (9, UINT32, 0xFFFFFFFF if metres is None else round(metres * 100)),
                ],
            )
        )
    return fit_file(messages)
