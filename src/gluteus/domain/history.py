"""What a person logged: sets, cardio, body weight, circumferences, pain, intake, periods.

Frozen value objects, all metric, validated with their field names and ranges. The storage
layer maps rows to these; the progression engine and progress statistics read them. No I/O.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gluteus.domain.ordered import OrderedStrEnum

REPS_RANGE = (0, 200)
LOAD_RANGE_KG = (0.0, 500.0)
CARDIO_MINUTES_RANGE = (1.0, 600.0)
DISTANCE_RANGE_KM = (0.0, 500.0)
SPEED_RANGE_KMH = (0.0, 60.0)
BODY_WEIGHT_RANGE_KG = (35.0, 300.0)
CIRCUMFERENCE_RANGE_CM = (20.0, 250.0)
SEVERITY_RANGE = (1, 10)
INTAKE_RANGE_KCAL = (0.0, 10000.0)
PROTEIN_RANGE_G = (0.0, 1000.0)
"""Protein eaten in one entry [g]: a whole day's protein stays far below 1 kg."""


class BandLevel(OrderedStrEnum):
    """Resistance-band strength, an ordered scale from lightest to heaviest."""

    EXTRA_LIGHT = "extra_light"
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    EXTRA_HEAVY = "extra_heavy"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 for the lightest band."""
        return self.position

    @classmethod
    def from_rank(cls, rank: int) -> BandLevel:
        """The band at ``rank``, clamped to the ends of the scale."""
        levels = list(cls)
        return levels[max(0, min(rank, len(levels) - 1))]

    def stronger(self) -> BandLevel | None:
        """The next heavier band, None at the top of the scale."""
        return None if self.rank == len(BandLevel) - 1 else BandLevel.from_rank(self.rank + 1)

    def easier(self) -> BandLevel | None:
        """The next lighter band, None at the bottom of the scale."""
        return None if self.rank == 0 else BandLevel.from_rank(self.rank - 1)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoggedSet(_Frozen):
    """One set of one exercise as performed.

    ``reps`` counts seconds for timed holds (the catalog's ``unit``). ``last_two_hard`` says
    whether the last two repetitions were hard (close to failure), the signal double
    progression needs before adding load.
    """

    date: dt.date
    exercise_id: str = Field(min_length=1)
    set_number: int = Field(ge=1)
    reps: int = Field(ge=REPS_RANGE[0], le=REPS_RANGE[1])
    load_kg: float | None = Field(default=None, ge=LOAD_RANGE_KG[0], le=LOAD_RANGE_KG[1])
    band: BandLevel | None = None
    last_two_hard: bool
    good_form: bool = True
    logged_at: dt.datetime | None = None


class CardioLog(_Frozen):
    """One cardio bout."""

    date: dt.date
    activity_id: str = Field(min_length=1)
    minutes: float = Field(ge=CARDIO_MINUTES_RANGE[0], le=CARDIO_MINUTES_RANGE[1])
    distance_km: float | None = Field(
        default=None, ge=DISTANCE_RANGE_KM[0], le=DISTANCE_RANGE_KM[1]
    )
    speed_kmh: float | None = Field(default=None, ge=SPEED_RANGE_KMH[0], le=SPEED_RANGE_KMH[1])
    logged_at: dt.datetime | None = None

    @property
    def pace_kmh(self) -> float | None:
        """Average speed [km/h], from ``speed_kmh`` or else distance over time."""
        if self.speed_kmh is not None:
            return self.speed_kmh
        if self.distance_km is not None:
            return self.distance_km / (self.minutes / 60.0)
        return None


class WeightEntry(_Frozen):
    """A body-weight reading."""

    date: dt.date
    weight_kg: float = Field(ge=BODY_WEIGHT_RANGE_KG[0], le=BODY_WEIGHT_RANGE_KG[1])
    logged_at: dt.datetime | None = None


class Measurement(_Frozen):
    """Circumferences taken on one day; any site may be missing (at least one is given)."""

    date: dt.date
    hips_cm: float | None = Field(
        default=None, ge=CIRCUMFERENCE_RANGE_CM[0], le=CIRCUMFERENCE_RANGE_CM[1]
    )
    waist_cm: float | None = Field(
        default=None, ge=CIRCUMFERENCE_RANGE_CM[0], le=CIRCUMFERENCE_RANGE_CM[1]
    )
    thigh_cm: float | None = Field(
        default=None, ge=CIRCUMFERENCE_RANGE_CM[0], le=CIRCUMFERENCE_RANGE_CM[1]
    )
    logged_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _at_least_one_site(self) -> Measurement:
        if self.hips_cm is None and self.waist_cm is None and self.thigh_cm is None:
            raise ValueError("give at least one of hips_cm, waist_cm, thigh_cm")
        return self

    def site(self, name: str) -> float | None:
        """The circumference [cm] at ``name`` (``hips``, ``waist`` or ``thigh``)."""
        value: float | None = getattr(self, f"{name}_cm")
        return value


SITES: tuple[str, ...] = ("hips", "waist", "thigh")
"""Circumference sites, in display order."""


class PainRegion(StrEnum):
    """Where pain was felt: a joint or region the catalog grades load on, or other."""

    KNEE = "knee"
    LOWER_BACK = "lower_back"
    HIP = "hip"
    SHOULDER = "shoulder"
    OTHER = "other"


class PainReport(_Frozen):
    """Pain felt during or after an exercise, 1 (barely) to 10 (worst imaginable), and where."""

    date: dt.date
    exercise_id: str = Field(min_length=1)
    severity: int = Field(ge=SEVERITY_RANGE[0], le=SEVERITY_RANGE[1])
    region: PainRegion = PainRegion.OTHER
    note: str = Field(default="", max_length=500)
    logged_at: dt.datetime | None = None


class IntakeEntry(_Frozen):
    """Energy eaten: a meal, a snack or a whole day; a day's entries are summed."""

    date: dt.date
    kcal: float = Field(ge=INTAKE_RANGE_KCAL[0], le=INTAKE_RANGE_KCAL[1])
    logged_at: dt.datetime | None = None
    meal: str | None = Field(default=None, max_length=40)
    incomplete: bool = False
    protein_g: float | None = Field(default=None, ge=PROTEIN_RANGE_G[0], le=PROTEIN_RANGE_G[1])


class PeriodStart(_Frozen):
    """The first day of a period; at most one per day and person.

    The check-in reads the cycle from these (:mod:`gluteus.domain.energy.cycle`): the
    weigh-ins on the water-swing days around a period are left out of the trend.
    """

    date: dt.date
    logged_at: dt.datetime | None = None


class ExerciseSessions(NamedTuple):
    """One exercise's sessions, oldest first: each date beside that day's sets by number."""

    dates: tuple[dt.date, ...]
    sessions: tuple[tuple[LoggedSet, ...], ...]


_NO_SESSIONS = ExerciseSessions((), ())


class History(_Frozen):
    """Everything logged, each kind as a tuple in any order (helpers sort by date)."""

    sets: tuple[LoggedSet, ...] = ()
    cardio: tuple[CardioLog, ...] = ()
    weights: tuple[WeightEntry, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    pain: tuple[PainReport, ...] = ()
    intake: tuple[IntakeEntry, ...] = ()
    periods: tuple[PeriodStart, ...] = ()

    def sets_for(self, exercise_id: str) -> dict[dt.date, tuple[LoggedSet, ...]]:
        """Sets of one exercise grouped by session date, oldest first, each by set number."""
        found = self._index().get(exercise_id)
        return {} if found is None else dict(zip(found.dates, found.sessions, strict=True))

    def sessions_of(self, exercise_id: str) -> ExerciseSessions:
        """Sessions of one exercise, oldest first: dates and sets side by side (shared, read only).

        The dates are sorted, so a window of sessions is found by bisection.
        """
        return self._index().get(exercise_id, _NO_SESSIONS)

    def _index(self) -> dict[str, ExerciseSessions]:
        # Grouped once per tuple of sets: progressing one day asks for every exercise's
        # sessions many times over, which was quadratic in a long history. The index sits
        # beside the fields (never compared, hashed or dumped); a copy with other sets has
        # another tuple, so it never reuses an index that is not its own.
        cached = self.__dict__.get("_sets_index")
        if cached is not None and cached[0] is self.sets:
            index: dict[str, ExerciseSessions] = cached[1]
            return index
        grouped: dict[str, dict[dt.date, list[LoggedSet]]] = {}
        for logged in self.sets:
            grouped.setdefault(logged.exercise_id, {}).setdefault(logged.date, []).append(logged)
        index = {}
        for exercise_id in sorted(grouped):
            days = grouped[exercise_id]
            dates = tuple(sorted(days))
            index[exercise_id] = ExerciseSessions(
                dates, tuple(tuple(sorted(days[d], key=lambda s: s.set_number)) for d in dates)
            )
        self.__dict__["_sets_index"] = (self.sets, index)
        return index

    def sessions_for(self, exercise_id: str) -> list[tuple[LoggedSet, ...]]:
        """Sets of one exercise per session date, oldest session first."""
        return list(self.sessions_of(exercise_id).sessions)

    def exercise_ids(self) -> list[str]:
        """Ids of every exercise with at least one logged set, sorted."""
        return list(self._index())

    def pain_for(self, exercise_id: str) -> list[PainReport]:
        """Pain reports on one exercise, oldest first."""
        return sorted((p for p in self.pain if p.exercise_id == exercise_id), key=lambda p: p.date)

    def cardio_for(self, activity_id: str | None = None) -> list[CardioLog]:
        """Cardio bouts (of one activity when given), oldest first."""
        return sorted(
            (c for c in self.cardio if activity_id is None or c.activity_id == activity_id),
            key=lambda c: c.date,
        )

    def weights_sorted(self) -> list[WeightEntry]:
        """Body-weight readings, oldest first."""
        return sorted(self.weights, key=lambda w: w.date)

    def measurements_sorted(self) -> list[Measurement]:
        """Circumference readings, oldest first."""
        return sorted(self.measurements, key=lambda m: m.date)

    @property
    def entry_count(self) -> int:
        """How many entries of every kind there are."""
        return sum(len(getattr(self, name)) for name in _KINDS)

    def period_starts(self) -> list[dt.date]:
        """Logged period starts, oldest first, each day once."""
        return sorted({p.date for p in self.periods})

    def training_dates(self) -> frozenset[dt.date]:
        """Dates with at least one logged set."""
        return frozenset(logged.date for logged in self.sets)

    def cardio_dates(self) -> frozenset[dt.date]:
        """Dates with at least one cardio bout."""
        return frozenset(c.date for c in self.cardio)

    def until(self, date: dt.date) -> History:
        """The history as it stood at the end of ``date`` (later entries dropped).

        Kinds with nothing later are kept as they are (the same tuples), so a history with
        nothing later is itself and a copy with the same sets reuses their index.
        """
        kept = {name: _upto(getattr(self, name), date) for name in _KINDS}
        if all(kept[name] is getattr(self, name) for name in _KINDS):
            return self
        return self.model_copy(update=kept)


LogEntry = (
    LoggedSet | CardioLog | WeightEntry | Measurement | PainReport | IntakeEntry | PeriodStart
)
"""An entry of any kind of log."""


class LogKind(NamedTuple):
    """One kind of log: the name entry ids and ``--kind`` use, its model, its History field."""

    name: str
    model: type[LogEntry]
    history_field: str


LOG_KINDS: tuple[LogKind, ...] = (
    LogKind("set", LoggedSet, "sets"),
    LogKind("cardio", CardioLog, "cardio"),
    LogKind("weight", WeightEntry, "weights"),
    LogKind("measure", Measurement, "measurements"),
    LogKind("pain", PainReport, "pain"),
    LogKind("intake", IntakeEntry, "intake"),
    LogKind("period", PeriodStart, "periods"),
)
"""Every kind of log, in the order listings break ties by; the one list of kinds.

Storage binds a table to each (``db.repository.ENTRY_KINDS``), the journal adds how each is
logged, shown and corrected (``services.journal.KINDS``), and the exports write a file per
kind. A new kind starts here.
"""

_KINDS = tuple(kind.history_field for kind in LOG_KINDS)


_Dated = TypeVar(
    "_Dated", LoggedSet, CardioLog, WeightEntry, Measurement, PainReport, IntakeEntry, PeriodStart
)


def _upto(items: tuple[_Dated, ...], date: dt.date) -> tuple[_Dated, ...]:
    kept = tuple(item for item in items if item.date <= date)
    return items if len(kept) == len(items) else kept
