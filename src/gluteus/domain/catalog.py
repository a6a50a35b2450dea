"""The exercise catalog: a typed schema for ``data/exercises.toml`` and queries over it.

The catalog is data; this module validates it (a bad entry fails with its id and field)
and answers questions such as "which glute-medius moves suit bad knees with a mini band".
Reading the packaged file is the only I/O, done once through :func:`default_catalog`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gluteus.domain.memo import memo
from gluteus.domain.profile import Equipment, Level, Limitation


class Muscle(StrEnum):
    """Muscle groups; the three glutes are kept apart (003)."""

    GLUTE_MAX = "glute_max"
    GLUTE_MED = "glute_med"
    GLUTE_MIN = "glute_min"
    QUADS = "quads"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    CALVES = "calves"
    CORE = "core"
    CHEST = "chest"
    BACK = "back"
    SHOULDERS = "shoulders"
    ARMS = "arms"


GLUTES: frozenset[Muscle] = frozenset({Muscle.GLUTE_MAX, Muscle.GLUTE_MED, Muscle.GLUTE_MIN})
LOWER_BODY: frozenset[Muscle] = GLUTES | {
    Muscle.QUADS,
    Muscle.HAMSTRINGS,
    Muscle.ADDUCTORS,
    Muscle.CALVES,
}
MAJOR_GROUPS: tuple[frozenset[Muscle], ...] = (
    frozenset({Muscle.GLUTE_MAX}),
    frozenset({Muscle.QUADS}),
    frozenset({Muscle.HAMSTRINGS}),
    frozenset({Muscle.CORE}),
    frozenset({Muscle.CHEST, Muscle.SHOULDERS}),
    frozenset({Muscle.BACK}),
)
"""The groups "all major muscle groups" (000; PAG 2018) must touch each week."""


class Kind(StrEnum):
    """What an entry is used for in a session."""

    STRENGTH = "strength"
    CARDIO = "cardio"
    WARMUP = "warmup"
    STRETCH = "stretch"


class Load(StrEnum):
    """A coarse joint-load grade (facts.md section 7)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Impact(StrEnum):
    """How hard the feet land: none (seated, lying or gliding), low (one foot always down), high.

    References:
        [1] ACOG Committee Opinion 804, Obstet. Gynecol. 135(4), 2020 (avoid high impact
            in pregnancy for those who did not do it before).
    """

    NONE = "none"
    LOW = "low"
    HIGH = "high"


class BandPlacement(StrEnum):
    """Where a mini band sits (004)."""

    ABOVE_KNEES = "above_knees"
    BELOW_KNEES = "below_knees"
    ANKLES = "ankles"
    FEET = "feet"


class Grip(StrEnum):
    """How a free weight is held: its load counts per hand or in total.

    ``each_hand``: one weight in each hand (or one in one hand, as in a one-arm row), so the
    load is per hand; ``both_hands``: a single weight held in both hands or resting on the hips
    (goblet squat, hip thrust), so the load is the total.
    """

    EACH_HAND = "each_hand"
    BOTH_HANDS = "both_hands"


class RepUnit(StrEnum):
    """Whether a prescription counts repetitions or seconds (holds, cardio)."""

    REPS = "reps"
    SECONDS = "seconds"


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _kit(owned: Iterable[Equipment]) -> frozenset[Equipment] | set[Equipment]:
    """``owned`` as a set, copied only when it is not one (callers pass a profile's set)."""
    return owned if isinstance(owned, frozenset | set) else frozenset(owned)


class Prescription(BaseModel):
    """A default dose for one exercise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sets: int = Field(ge=1, le=6)
    reps_min: int = Field(ge=1, le=120)
    reps_max: int = Field(ge=1, le=120)
    rest_seconds: int = Field(ge=0, le=300)
    unit: RepUnit = RepUnit.REPS
    seconds_per_rep: float = Field(default=3.0, gt=0, le=10)

    @field_validator("reps_max")
    @classmethod
    def _max_not_below_min(cls, value: int, info: Any) -> int:
        low = info.data.get("reps_min")
        if low is not None and value < low:
            raise ValueError(f"must be at least reps_min ({low})")
        return value


LOADED_EQUIPMENT = frozenset(
    {
        Equipment.DUMBBELLS,
        Equipment.BARBELL,
        Equipment.BODY_BAR,
        Equipment.KETTLEBELL,
        Equipment.MEDICINE_BALL,
        Equipment.CABLE_MACHINE,
        Equipment.LEG_PRESS,
    }
)
"""Kit whose resistance is a load in kilograms (bands and bodyweight are not)."""


class Exercise(BaseModel):
    """One catalog entry. Text fields are Gluteus's own words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str = Field(min_length=3)
    kind: Kind
    pattern: str = Field(min_length=3, description="movement family, e.g. bridge, squat")
    summary: str = Field(min_length=10)
    steps: tuple[str, ...] = Field(min_length=2)
    cues: tuple[str, ...] = Field(min_length=1)
    primary_muscles: tuple[Muscle, ...] = Field(min_length=1)
    secondary_muscles: tuple[Muscle, ...] = ()
    equipment: tuple[Equipment, ...] = Field(
        min_length=1, description="any one of these is enough; `none` = bodyweight"
    )
    also_requires: tuple[Equipment, ...] = ()
    household_substitutes: Mapping[Equipment, str] = Field(default_factory=dict)
    band_placement: BandPlacement | None = None
    dumbbell_grip: Grip = Field(
        default=Grip.EACH_HAND, description="how dumbbells are held when they load it"
    )
    kettlebell_grip: Grip = Field(
        default=Grip.BOTH_HANDS, description="how a kettlebell (or two) is held when it loads it"
    )
    knee_load: Load
    back_load: Load = Load.LOW
    balance_demand: Load = Load.LOW
    impact: Impact
    plyometric: bool = False
    pregnancy_ok: bool = True
    stimulus: int = Field(
        default=2,
        ge=1,
        le=5,
        description="how hard the move can load its target muscle, 1 (gentle) to 5 (heavy lift)",
    )
    level: Level
    unilateral: bool = False
    met: float = Field(gt=1.0, le=20.0)
    met_source: str = Field(min_length=4)
    regressions: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    prescription: Prescription
    seeds: tuple[str, ...] = Field(default=(), description="seed articles naming it")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a kebab-case slug such as 'band-hip-bridge'")
        return value

    @field_validator("seeds")
    @classmethod
    def _seed_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for seed in value:
            if seed not in {"000", "001", "002", "003", "004"}:
                raise ValueError(f"unknown seed {seed!r}; use 000 … 004")
        return value

    @property
    def muscles(self) -> frozenset[Muscle]:
        """Primary and secondary muscles together."""
        return frozenset(self.primary_muscles) | frozenset(self.secondary_muscles)

    @property
    def takes_load(self) -> bool:
        """Whether the exercise is loaded in kilograms (free weights, a bar or a machine)."""
        return any(item in LOADED_EQUIPMENT for item in self.equipment)

    @property
    def knee_friendly(self) -> bool:
        """True when the knee load is low (bridges, hinges on the floor, side-lying work)."""
        return self.knee_load is Load.LOW

    def usable_with(self, owned: Iterable[Equipment], *, household: bool = True) -> bool:
        """Whether a person owning ``owned`` can do this (household stand-ins count)."""
        have = frozenset(owned) | {Equipment.NONE}
        if not all(
            item in have or (household and item in self.household_substitutes)
            for item in self.also_requires
        ):
            return False
        if any(item in have for item in self.equipment):
            return True
        return household and any(item in self.household_substitutes for item in self.equipment)

    def equipment_note(self, owned: Iterable[Equipment]) -> str | None:
        """How the person will load it: None if they own the kit, else the household stand-in."""
        equipment = self.equipment
        if Equipment.NONE in equipment or not _kit(owned).isdisjoint(equipment):
            return None
        for item in equipment:
            if item in self.household_substitutes:
                return f"no {item.value.replace('_', ' ')}? {self.household_substitutes[item]}"
        return None

    def unsuitable_for(self, limitations: Iterable[Limitation]) -> list[str]:
        """Reasons this exercise does not suit the declared limitations (empty = suitable)."""
        reasons: list[str] = []
        for limitation in limitations:
            if limitation is Limitation.KNEES and self.knee_load is Load.HIGH:
                reasons.append("loads the knees heavily (deep knee bend or landing)")
            if limitation is Limitation.KNEES and (self.plyometric or self.impact is Impact.HIGH):
                reasons.append("jumping or explosive landing stresses the knees")
            if limitation is Limitation.LOWER_BACK and self.back_load is Load.HIGH:
                reasons.append("puts a high load on the lower back")
            if limitation is Limitation.LOWER_BACK and self.impact is Impact.HIGH:
                reasons.append("repeated hard landings jar the lower back")
            if limitation is Limitation.BALANCE and self.balance_demand is Load.HIGH:
                reasons.append("needs steady single-leg balance")
            if limitation is Limitation.PREGNANCY and (
                not self.pregnancy_ok or self.plyometric or self.impact is Impact.HIGH
            ):
                reasons.append("not advised in pregnancy (lying flat, impact or heavy strain)")
        return reasons


class CatalogError(ValueError):
    """The catalog data is invalid; the message names the entry and the field."""


class Catalog:
    """An immutable, id-indexed collection of exercises with cross-reference checks."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._by_id: dict[str, Exercise] = {}
        for exercise in exercises:
            if exercise.id in self._by_id:
                raise CatalogError(f"exercise {exercise.id!r}: duplicate id")
            self._by_id[exercise.id] = exercise
        for exercise in self._by_id.values():
            for field in ("regressions", "progressions"):
                for target in getattr(exercise, field):
                    if target not in self._by_id:
                        raise CatalogError(
                            f"exercise {exercise.id!r}, field {field!r}: unknown id {target!r}"
                        )
                    if target == exercise.id:
                        raise CatalogError(
                            f"exercise {exercise.id!r}, field {field!r}: points to itself"
                        )

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; :class:`KeyError` naming close matches otherwise."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            hint = did_you_mean(self, exercise_id)
            raise KeyError(f"no exercise with id {exercise_id!r}{hint}") from None

    def suggest(self, text: str, *, kind: Kind | None = None, limit: int = 3) -> list[Exercise]:
        """Exercises whose id or name is close to ``text`` (a typo), closest first.

        Close by :func:`difflib.get_close_matches` (a ratio of at least
        :data:`SUGGEST_CUTOFF`) on ids and on lower-case names with dashes for spaces, so
        ``glute-brige`` and ``glute brige`` both find ``glute-bridge``; then ids holding
        the text whole (``bridge`` finds ``glute-bridge``).
        """
        pool = [ex for ex in self._by_id.values() if kind is None or ex.kind is kind]
        keys: dict[str, Exercise] = {}
        for ex in pool:
            keys.setdefault(ex.id, ex)
            keys.setdefault(_slug(ex.name), ex)
        wanted = _slug(text)
        close = difflib.get_close_matches(wanted, list(keys), n=limit * 2, cutoff=SUGGEST_CUTOFF)
        partial = [key for key in keys if wanted and (wanted in key or key in wanted)]
        found: list[Exercise] = []
        for key in (*close, *partial):
            if keys[key] not in found:
                found.append(keys[key])
        return found[:limit]

    def filter(
        self,
        *,
        kind: Kind | None = None,
        muscle: Muscle | None = None,
        equipment: Iterable[Equipment] | None = None,
        limitations: Iterable[Limitation] = (),
        max_level: Level | None = None,
        level: Level | None = None,
        knee_friendly: bool | None = None,
        text: str | None = None,
    ) -> list[Exercise]:
        """Exercises matching every given criterion, in catalog order."""
        owned = None if equipment is None else frozenset(equipment)
        limits = tuple(limitations)
        needle = text.lower() if text else None
        found = []
        for ex in self._by_id.values():
            if kind is not None and ex.kind is not kind:
                continue
            if muscle is not None and muscle not in ex.muscles:
                continue
            if owned is not None and not ex.usable_with(owned):
                continue
            if limits and ex.unsuitable_for(limits):
                continue
            if max_level is not None and ex.level.rank > max_level.rank:
                continue
            if level is not None and ex.level is not level:
                continue
            if knee_friendly is not None and ex.knee_friendly is not knee_friendly:
                continue
            if needle and not _matches(ex, needle):
                continue
            found.append(ex)
        return found


SUGGEST_CUTOFF = 0.75
"""How alike (``difflib`` ratio, 0-1) a typed id must be to an exercise's to be suggested:
one or two slipped letters in a word-long id pass, an unrelated word does not."""


def corrected_search(catalog: Catalog, text: str) -> str | None:
    """``text`` with each word no exercise contains replaced by the closest catalog word.

    None when every word is found already or a word has no close match: a search for
    ``brige`` becomes ``bridge``, a search for ``zzz`` stays unanswered.
    """
    words = {
        word
        for ex in catalog
        for word in re.findall(r"[a-z0-9]+", " ".join([ex.id, ex.name, ex.summary]).lower())
        if len(word) > 2
    }
    fixed: list[str] = []
    for word in text.lower().split():
        if any(word in known for known in words):
            fixed.append(word)
            continue
        close = difflib.get_close_matches(word, sorted(words), n=1, cutoff=SUGGEST_CUTOFF)
        if not close:
            return None
        fixed.append(close[0])
    corrected = " ".join(fixed)
    return corrected if corrected != text.lower() else None


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def did_you_mean(catalog: Catalog, text: str, *, kind: Kind | None = None) -> str:
    """``"; did you mean a, b?"`` naming close catalog ids, or nothing when none is close."""
    close = [ex.id for ex in catalog.suggest(text, kind=kind)]
    return f"; did you mean {' or '.join(close)}?" if close else ""


def _matches(exercise: Exercise, needle: str) -> bool:
    haystack = " ".join(
        [exercise.id, exercise.name, exercise.summary, exercise.pattern, *exercise.cues]
    ).lower()
    return all(word in haystack for word in needle.split())


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Validate raw catalog data (``{"exercise": [ {...}, ... ]}``) into a :class:`Catalog`.

    Raises:
        CatalogError: naming the entry id (or position) and the field at fault.
    """
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise CatalogError("catalog: expected a non-empty [[exercise]] list")
    exercises = []
    for position, raw in enumerate(entries):
        label = raw.get("id", f"#{position + 1}") if isinstance(raw, dict) else f"#{position + 1}"
        try:
            exercises.append(Exercise.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "entry"
            raise CatalogError(f"exercise {label!r}, field {field!r}: {first['msg']}") from None
    return Catalog(exercises)


def load_catalog(text: str) -> Catalog:
    """Parse catalog TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog: not valid TOML ({exc})") from None
    return parse_catalog(data)


@memo(maxsize=None)
def default_catalog() -> Catalog:
    """The catalog shipped in the package (read once per process)."""
    text = resources.files("gluteus.data").joinpath("exercises.toml").read_text("utf-8")
    return load_catalog(text)
