r"""Dates and times as workout apps write them: ISO, 12-hour clocks and month names.

Strong writes ``2024-12-09 07:16:55`` or, on a phone set to a 12-hour clock,
``2024-12-09 7:16:55 AM`` (iOS puts a narrow no-break space, U+202F, before ``AM``). Hevy
writes the start of a workout with the phone's language: ``9 Dec 2024, 07:16``,
``9 Dez. 2024, 07:16``, ``9 déc. 2024, 07:16``, ``9 de dic. de 2024, 7:16`` or, in the
United States, ``Dec 9, 2024, 7:16 AM``. Every Unicode space counts as a space, and messages
show a value with plain spaces (:func:`shown`), never as escapes such as ``\u202f``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from gluteus.domain.memo import memo

MONTHS: dict[str, int] = {
    # English
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    # German (Jänner is Austrian), Dutch
    "jän": 1, "jae": 1, "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12,
    "mrt": 3, "maa": 3, "mei": 5,
    # French (juin and juillet need four letters)
    "fév": 2, "fev": 2, "avr": 4, "juin": 6, "juil": 7, "aoû": 8, "aou": 8, "déc": 12,
    # Spanish, Italian, Portuguese
    "ene": 1, "abr": 4, "ago": 8, "dic": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
    "set": 9, "ott": 10, "out": 10,
}  # fmt: skip
"""Month names by their first three letters (four for French juin/juillet), lower-cased and
without accents: English, German, French, Spanish, Italian, Portuguese and Dutch."""
_FOLDED_MONTHS = {
    "".join(c for c in unicodedata.normalize("NFKD", k) if not unicodedata.combining(c)): v
    for k, v in MONTHS.items()
}
_MERIDIEM = re.compile(r"\b([ap])\.?\s*m\b\.?")
_AT = r"(?:um|at|a\s+las|a|as|om|alle|ore)?"
"""Words some languages put between the date and the time (um, à, a las, às, om, alle)."""
_TIME = r"(?:\s*,?\s*" + _AT + r"\s*(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*(am|pm)?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})\.?\s*(?:de\s+)?([a-z]+)\.?\s*(?:de\s+)?(\d{4})" + _TIME)
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})" + _TIME)
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[t\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?)?"
)


def plain(text: str) -> str:
    """``text`` with every Unicode space (U+202F, U+00A0 …) as one ASCII space, trimmed."""
    if text.isascii():
        return " ".join(text.split())
    return " ".join(
        "".join(" " if unicodedata.category(c) in ("Zs", "Cc", "Cf") else c for c in text).split()
    )


def shown(text: str) -> str:
    """A cell as a message quotes it: plain spaces, no escape sequences, in quotes."""
    clean = "".join(c if c.isprintable() else " " for c in plain(text))
    return f"'{clean}'"


def _fold(text: str) -> str:
    lowered = _MERIDIEM.sub(r"\1m", plain(text).lower())
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def month_number(word: str) -> int | None:
    """The month a (possibly abbreviated, accented, dotted) month name names, else None."""
    folded = _fold(word).rstrip(".")
    return _FOLDED_MONTHS.get(folded[:4]) or _FOLDED_MONTHS.get(folded[:3])


@memo(maxsize=4096)
def workout_time(text: str) -> dt.datetime:
    """A workout's start as the app wrote it, to the second when given (local time).

    Every row of a workout repeats its start, so answers are cached.

    Raises:
        ValueError: Naming the value (with plain spaces) when it is no date this reads.
    """
    folded = _fold(text)
    for pattern, order in ((_ISO, "ymd"), (_DAY_FIRST, "dmy"), (_MONTH_FIRST, "mdy")):
        found = pattern.fullmatch(folded)
        if found is None:
            continue
        parts = found.groups()
        if order == "ymd":
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
        else:
            day_text, month_text = (parts[0], parts[1]) if order == "dmy" else (parts[1], parts[0])
            month_or_none = month_number(month_text)
            if month_or_none is None:
                continue
            year, month, day = int(parts[2]), month_or_none, int(day_text)
        try:
            return dt.datetime(year, month, day, *_clock(parts[3:]))
        except ValueError:
            break
    raise ValueError(f"{shown(text)} is not a date and time this app writes")


def _clock(parts: tuple[str | None, ...]) -> tuple[int, int, int]:
    hour_text, minute_text, second_text, meridiem = parts
    if hour_text is None or minute_text is None:
        return (0, 0, 0)
    hour = int(hour_text)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for a 12-hour clock")
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    return (hour, int(minute_text), int(second_text or 0))
