"""What makes an imported entry the same entry: its meaning, not the text of its row.

The same two years of training come back in many shapes: re-exported with ``;`` instead of
``,``, in pounds instead of kilograms, from Hevy after Strong, from Google Fit after
Withings, or after a Gluteus backup was restored. An entry's identity is what it records:

* a set: the workout's start (to the minute, when the file gives a time; else the day), the
  catalog exercise, the set's place among that exercise's rows in the workout, the reps,
  the load in kilograms rounded to :data:`LOAD_STEP_KG` and the seconds held;
* a cardio bout: the start, the activity, its place, whole minutes and the distance to 10 m;
* a weigh-in: the day and the weight rounded to :data:`WEIGHT_STEP_KG` (with the reading's
  place among that day's equal readings).

:func:`set_key` and friends make import keys of that; :class:`Present` finds entries already
in the journal with the same meaning, for history whose keys were not kept (a backup restore,
entries logged by hand), matching each stored entry at most once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable

from gluteus.domain.history import CardioLog, IntakeEntry, LoggedSet, WeightEntry

LOAD_STEP_KG = 0.5
"""Loads equal to this step are the same load: 60 kg and 132.28 lb (60.0009 kg) are one.

The smallest change a lifter logs on purpose is a 1.25 kg plate pair or a 1 kg dumbbell
step; conversions between kg and lb shift a load by less than 0.01 kg. Half a kilogram
separates real changes and absorbs conversion noise."""
WEIGHT_STEP_KG = 0.1
"""Body weights within this of each other on one day are the same weigh-in.

Scales show 0.1 kg (or 0.2 lb ≈ 0.09 kg); two apps syncing one scale round it differently
by at most that much."""
INTAKE_STEP_KCAL = 1.0
"""Daily energy totals within this of each other are the same total (rounding of sums)."""
_Signature = tuple[object, ...]


def _digest(kind: str, parts: Iterable[object]) -> str:
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def _when(started: dt.datetime | None, date: dt.date) -> str:
    if started is None or started.time() == dt.time(0, 0):
        return date.isoformat()
    return started.strftime("%Y-%m-%dT%H:%M")


def rounded_load(load_kg: float | None) -> float | None:
    """A load rounded to :data:`LOAD_STEP_KG`; None (or 0) when there is no load."""
    if not load_kg:
        return None
    return round(load_kg / LOAD_STEP_KG) * LOAD_STEP_KG


def set_key(started: dt.datetime | None, position: int, entry: LoggedSet) -> str:
    """The import key of a set by what it records (see the module notes)."""
    return _digest(
        "set",
        (
            _when(started, entry.date),
            entry.exercise_id,
            position,
            entry.reps,
            rounded_load(entry.load_kg),
        ),
    )


def cardio_key(started: dt.datetime | None, position: int, entry: CardioLog) -> str:
    """The import key of a cardio bout by what it records."""
    distance = round(entry.distance_km, 2) if entry.distance_km else None
    return _digest(
        "cardio",
        (_when(started, entry.date), entry.activity_id, position, round(entry.minutes), distance),
    )


def weight_key(entry: WeightEntry, occurrence: int) -> str:
    """The import key of a weigh-in: its day, its weight to 0.1 kg and which equal one."""
    step = round(entry.weight_kg / WEIGHT_STEP_KG) * WEIGHT_STEP_KG
    return _digest("weight", (entry.date.isoformat(), f"{step:.1f}", occurrence))


def intake_key(entry: IntakeEntry) -> str:
    """The import key of a day's food total: the day and its energy to the kcal."""
    return _digest("intake", (entry.date.isoformat(), round(entry.kcal)))


def _signature(entry: LoggedSet | CardioLog) -> _Signature:
    if isinstance(entry, LoggedSet):
        return ("set", entry.date, entry.exercise_id, entry.reps, rounded_load(entry.load_kg))
    return ("cardio", entry.date, entry.activity_id, round(entry.minutes))


class Present:
    """Entries already in a journal, to recognise an imported one with the same meaning.

    Each stored entry answers for one imported entry only: three identical sets stored
    and four in the file leave one to import.
    """

    def __init__(self, entries: Iterable[object]) -> None:
        self._signatures: Counter[_Signature] = Counter()
        self._weights: defaultdict[dt.date, list[float]] = defaultdict(list)
        self.intake: dict[dt.date, float] = {}
        for entry in entries:
            if isinstance(entry, LoggedSet | CardioLog):
                self._signatures[_signature(entry)] += 1
            elif isinstance(entry, WeightEntry):
                self._weights[entry.date].append(entry.weight_kg)
            elif isinstance(entry, IntakeEntry):
                self.intake[entry.date] = entry.kcal

    def take(self, entry: LoggedSet | CardioLog | WeightEntry | IntakeEntry) -> bool:
        """Whether ``entry`` is already there; if so, that stored entry is used up."""
        if isinstance(entry, IntakeEntry):
            stored = self.intake.get(entry.date)
            if stored is None or abs(stored - entry.kcal) > INTAKE_STEP_KCAL:
                return False
            del self.intake[entry.date]
            return True
        if isinstance(entry, WeightEntry):
            day = self._weights.get(entry.date, [])
            near = [w for w in day if abs(w - entry.weight_kg) <= WEIGHT_STEP_KG + 1e-9]
            if not near:
                return False
            day.remove(min(near, key=lambda w: abs(w - entry.weight_kg)))
            return True
        signature = _signature(entry)
        if self._signatures[signature] <= 0:
            return False
        self._signatures[signature] -= 1
        return True
