"""Which exercise fills a slot of the session skeleton, and which slots fit the minutes.

A slot is ranked by how well the move loads its target with the person's kit (catalog
``stimulus``, one step less with a household stand-in or without the weight it is meant to
be done with), then by level as a soft preference, then by owned kit not yet used, a seed
article's move only between equals. Limitations exclude (catalog flags) or push a move down
(balance and knee moderate loads). This module chooses; :mod:`.dosing` doses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gluteus.domain.catalog import Catalog, Exercise, Impact, Kind, Load
from gluteus.domain.guidelines import (
    FLOOR_TRANSFER_IDS,
    GENTLE_CORE_IDS,
    PAD_CUE,
    floor_transfer_guarded,
    free_weight_stand_in,
    is_kneeling,
    is_older_adult,
    kit_stimulus,
    pelvic_signs,
)
from gluteus.domain.memo import memo, memo_by_identity
from gluteus.domain.patterns import (
    ABDUCTION_PATTERNS,
    BRIDGE_PATTERNS,
    CORE_PATTERNS,
    HINGE_PATTERNS,
    HIP_EXTENSION_PATTERNS,
    KNEE_PATTERNS,
    PULL_PATTERNS,
    PUSH_PATTERNS,
    Group,
)
from gluteus.domain.profile import Equipment, Level, Limitation, Profile


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the session skeleton: the patterns that may fill it and why it is there."""

    name: str
    patterns: frozenset[str]
    purpose: str
    group: Group
    unilateral: bool | None = None


GLUTE = Slot("glute", BRIDGE_PATTERNS, "bridge or hip thrust: the main glute lift", Group.GLUTES)
KNEE = Slot("squat/lunge", KNEE_PATTERNS, "knee-dominant leg work (squat or lunge)", Group.QUADS)
HINGE = Slot("hinge", HINGE_PATTERNS, "hip hinge for glutes and hamstrings", Group.HAMSTRINGS)
PUSH = Slot("push", PUSH_PATTERNS, "upper-body push", Group.CHEST_SHOULDERS)
PULL = Slot("pull", PULL_PATTERNS, "upper-body pull (row)", Group.BACK)
CORE = Slot("core", CORE_PATTERNS, "core: resisting arching or twisting", Group.CORE)
ABDUCTION = Slot(
    "glute med/min",
    ABDUCTION_PATTERNS,
    "hip abduction for gluteus medius and minimus",
    Group.GLUTES,
)
GLUTE_EXTRA = Slot(
    "glute accessory", HIP_EXTENSION_PATTERNS, "extra hip extension for the glutes", Group.GLUTES
)
SINGLE_LEG = Slot(
    "single leg", KNEE_PATTERNS, "single-leg work for the glutes", Group.QUADS, unilateral=True
)
PREGNANCY_GLUTE = Slot(
    "glute",
    frozenset({"hip extension"}),
    "hip extension on hands and knees or standing: the glute lift without lying on the back",
    Group.GLUTES,
)

LIGHT_KNEE = Slot(
    KNEE.name,
    KNEE_PATTERNS,
    "single-leg work: lighter, the day after heavy legs",
    Group.QUADS,
    unilateral=True,
)
LIGHT_HINGE = Slot(
    HINGE.name,
    HINGE_PATTERNS,
    "single-leg hinge: lighter, the day after heavy legs",
    Group.HAMSTRINGS,
    unilateral=True,
)
"""The day after a strength day: single-leg squat and hinge work instead of heavy bilateral
lifts (rule split-back-to-back)."""

SKELETON: tuple[Slot, ...] = (GLUTE, KNEE, HINGE, PULL, PUSH, CORE, ABDUCTION)
"""Strong Curves' session: glute lift, squat, hinge, push, pull, core, abduction."""
EXTRAS: tuple[Slot, ...] = (GLUTE_EXTRA, SINGLE_LEG)


def score(exercise: Exercise, owned: frozenset[Equipment]) -> int:
    """How well the move loads its target with this kit (:func:`kit_stimulus`)."""
    return kit_stimulus(exercise, owned)


def kit_used(exercise: Exercise, owned: frozenset[Equipment]) -> frozenset[Equipment]:
    """Owned kit (bodyweight aside) the exercise puts to use."""
    return (frozenset(exercise.equipment) | frozenset(exercise.also_requires)) & (
        owned - {Equipment.NONE}
    )


@memo(maxsize=512)
def suitable(
    catalog: Catalog,
    kind: Kind,
    owned: frozenset[Equipment],
    limitations: tuple[Limitation, ...],
    level: Level,
) -> tuple[Exercise, ...]:
    """Entries a person may do: owned kit or stand-in, no limitation conflict, within reach.

    Beginners get no advanced or plyometric strength moves; anyone may take a move one level
    up at a light load (a beginner's dumbbell row or Romanian deadlift).
    """
    found = []
    for ex in catalog.filter(kind=kind, equipment=owned, limitations=limitations):
        if kind is Kind.STRENGTH and ex.level.rank > level.rank + 1:
            continue
        if kind is Kind.STRENGTH and level is Level.BEGINNER and ex.plyometric:
            continue
        found.append(ex)
    return tuple(found)


def guarded_pool(pool: Sequence[Exercise], profile: Profile) -> tuple[Exercise, ...]:
    """The pool without whole-body floor moves for people who need the supported variant."""
    if not floor_transfer_guarded(profile.weight_kg, profile.age, profile.level):
        return tuple(pool)
    return tuple(ex for ex in pool if ex.id not in FLOOR_TRANSFER_IDS)


def pelvic_pool(pool: Sequence[Exercise], profile: Profile) -> tuple[Exercise, ...]:
    """After birth with a sign answered yes: gentle core only, nothing high-impact."""
    if not pelvic_signs(profile):
        return tuple(pool)
    return tuple(
        ex
        for ex in pool
        if ex.impact is not Impact.HIGH
        and (ex.pattern not in CORE_PATTERNS or ex.id in GENTLE_CORE_IDS)
    )


def owned_kit_pool(pool: Sequence[Exercise], profile: Profile) -> tuple[Exercise, ...]:
    """The pool without free-weight moves that only a household stand-in would load.

    Dropped only where the person's own kit (a band, a ball, body weight) does the same
    pattern (rule owned-kit-first).
    """
    owned = profile.equipment_set
    covered = {ex.pattern for ex in pool if ex.equipment_note(owned) is None}
    return tuple(
        ex for ex in pool if not (free_weight_stand_in(ex, owned) and ex.pattern in covered)
    )


def _soft_penalty(exercise: Exercise, limitations: Iterable[Limitation]) -> int:
    penalty = 0
    for limitation in limitations:
        if limitation is Limitation.BALANCE and exercise.balance_demand is not Load.LOW:
            penalty += 2
        if limitation is Limitation.PREGNANCY and exercise.balance_demand is not Load.LOW:
            penalty += 1
        if limitation is Limitation.KNEES and exercise.knee_load is not Load.LOW:
            penalty += 1
        if limitation is Limitation.LOWER_BACK and exercise.back_load is not Load.LOW:
            penalty += 1
    return penalty


class Need(NamedTuple):
    """What a slot search must avoid or would like (a named tuple: made for every slot)."""

    taken_patterns: frozenset[str]
    taken_ids: frozenset[str]
    week_ids: frozenset[str] = frozenset()
    last_phase: frozenset[str] = frozenset()
    harder_than_last: frozenset[str] = frozenset()
    unused_kit: frozenset[Equipment] = frozenset()


@dataclass(frozen=True, slots=True)
class _Trait:
    """What ranking needs of one exercise for one person, computed once."""

    value: int
    penalty: int
    above: int
    kit: frozenset[Equipment]
    unseeded: int
    stand_in: int


def _trait(
    ex: Exercise, owned: frozenset[Equipment], limits: tuple[Limitation, ...], level: Level
) -> _Trait:
    above = max(0, ex.level.rank - level.rank)
    return _Trait(
        value=score(ex, owned) - above,
        penalty=_soft_penalty(ex, limits),
        above=above,
        kit=kit_used(ex, owned),
        unseeded=0 if ex.seeds else 1,
        stand_in=0 if ex.equipment_note(owned) is None else 1,
    )


@memo(maxsize=256)
def _traits(
    owned: frozenset[Equipment], limits: tuple[Limitation, ...], level: Level
) -> dict[str, _Trait]:
    """Per-person ranking traits, filled lazily (memoised: many people share kit and limits)."""
    return {}


POOLS_KEPT = 64
"""Pools indexed by pattern at once: a plan uses a few, so this covers the last twenty or so
plans; 1,024 held some 17 MB of each web worker (the energy page builds a plan)."""


@memo_by_identity(POOLS_KEPT)
def _by_pattern(pool: Sequence[Exercise]) -> dict[str, list[Exercise]]:
    """The pool grouped by movement pattern (kept per pool object: pools are memoised)."""
    index: dict[str, list[Exercise]] = {}
    for ex in pool:
        index.setdefault(ex.pattern, []).append(ex)
    return index


def ranked(slot: Slot, profile: Profile, pool: Sequence[Exercise], need: Need) -> list[Exercise]:
    """Candidates for a slot, best first (see the module docstring for the order)."""
    owned = profile.equipment_set
    limits = profile.limitations

    older = is_older_adult(profile.age) and slot.name == KNEE.name
    traits = _traits(owned, limits, profile.level)
    # The main glute lift may repeat through the week; other slots prefer a new variation.
    lead = slot.name == GLUTE.name
    repeat = 0.5 if lead else 1.0

    def key(ex: Exercise) -> tuple[int, float, int, int, int, int, int, int, str]:
        trait = traits.get(ex.id)
        if trait is None:
            trait = traits[ex.id] = _trait(ex, owned, limits, profile.level)
        used = ex.id in need.last_phase
        # A new phase never trades the glute lift for a lighter one: for the lead an earlier
        # phase's move only loses ties, elsewhere it ranks one step lower.
        value: float = trait.value - (1 if used and not lead else 0)
        value -= repeat if ex.id in need.week_ids else 0
        return (
            0 if older and ex.pattern == "sit-to-stand" else 1,
            trait.penalty - value,
            1 if used and lead else 0,
            0 if ex.id in need.harder_than_last else 1,
            trait.above,
            0 if trait.kit & need.unused_kit else 1,
            trait.unseeded,
            trait.stand_in,
            ex.id,
        )

    indexed = _by_pattern(pool)
    options = [
        ex
        for pattern in slot.patterns
        for ex in indexed.get(pattern, ())
        if ex.pattern not in need.taken_patterns
        and ex.id not in need.taken_ids
        and (slot.unilateral is None or ex.unilateral is slot.unilateral)
    ]
    return sorted(options, key=key)


def why(exercise: Exercise, slot: Slot, profile: Profile) -> str:
    """The reason shown beside a chosen exercise."""
    parts = [slot.purpose]
    limits = profile.limitations
    legs = slot.group in (Group.GLUTES, Group.QUADS, Group.HAMSTRINGS)
    if Limitation.KNEES in limits and exercise.knee_friendly and legs:
        parts.append("low knee load")
    if Limitation.BALANCE in limits and exercise.balance_demand is not Load.LOW:
        parts.append("hold a support (a chair back, wall or rail) with one hand")
    # Which source article a move comes from stays in the data (catalog ``seeds``), not in
    # the words a person reads.
    note = exercise.equipment_note(profile.equipment_set)
    if note:
        parts.append("household stand-in for missing kit")
    if Limitation.KNEES in limits and is_kneeling(exercise):
        parts.append(PAD_CUE)
    return "; ".join(parts)
