"""The loads a person can actually put on: owned dumbbells, kettlebells, plates and bands.

The strength engine asks two questions of the kit: which load comes next (the next one the
person owns, or the usual shop steps when they did not say), and whether a load counts per
hand or in total. Pure: the owned loads come from the profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from gluteus.domain.catalog import LOADED_EQUIPMENT, Exercise, Grip
from gluteus.domain.history import BandLevel
from gluteus.domain.profile import Equipment, Profile

DEFAULT_PLATE_KG = 1.25
"""The smallest barbell plate assumed when the profile does not say (a pair adds 2.5 kg)."""
BAR_KG = 20.0
"""An empty standard barbell; loads below it are taken as dumbbells or a light bar. [kg]"""
SMALL_STEP_KG = 1.0
"""Dumbbell and kettlebell step below :data:`STEP_CHANGE_KG` when the owned loads are unknown."""
LARGE_STEP_KG = 2.0
"""Dumbbell and kettlebell step from :data:`STEP_CHANGE_KG` up when the owned loads are unknown."""
STEP_CHANGE_KG = 10.0
"""Where shop dumbbells change from 1 kg to 2 kg steps. [kg]"""


class LoadPer(StrEnum):
    """Whether a prescribed load is held in each hand or is the total moved."""

    HAND = "hand"
    TOTAL = "total"

    @property
    def words(self) -> str:
        """How the load reads after its mass: ``10 kg per hand``, ``20 kg in total``."""
        return "per hand" if self is LoadPer.HAND else "in total"


class Kit(BaseModel):
    """The loads owned: dumbbells and kettlebells (each one's load) and the smallest plate.

    Empty lists and a missing plate mean "not said": the usual shop steps are assumed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    equipment: tuple[Equipment, ...] | None = None
    dumbbells_kg: tuple[float, ...] = ()
    kettlebells_kg: tuple[float, ...] = ()
    plates_kg: float | None = None
    bands: tuple[BandLevel, ...] = ()

    @classmethod
    def of(cls, profile: Profile) -> Kit:
        """The kit a profile describes."""
        return cls(
            equipment=tuple(profile.equipment_set),
            dumbbells_kg=profile.dumbbells_kg,
            kettlebells_kg=profile.kettlebells_kg,
            plates_kg=profile.plates_kg,
            bands=profile.bands,
        )

    @classmethod
    def from_equipment(cls, equipment: Iterable[Equipment] | Kit | None) -> Kit:
        """A kit known only by its equipment (None when unknown); a kit is returned as is."""
        if isinstance(equipment, Kit):
            return equipment
        return cls(equipment=None if equipment is None else tuple(equipment))


def implement(exercise: Exercise, kit: Kit) -> Equipment | None:
    """The loaded kit this person uses for ``exercise``: the first of its listed kit they own.

    When ownership is unknown the exercise's first loaded kit is taken; None when nothing
    owned loads it in kilograms (bodyweight or bands).
    """
    owned = None if kit.equipment is None else frozenset(kit.equipment)
    for item in exercise.equipment:
        if item in LOADED_EQUIPMENT and (owned is None or item in owned):
            return item
    return None


def load_per(exercise: Exercise, kit: Kit, load_kg: float | None) -> LoadPer | None:
    """Whether ``load_kg`` on ``exercise`` is per hand or the total; None without a load.

    Dumbbells follow the catalog's ``dumbbell_grip`` (one per hand, or one held in both
    hands as in a goblet squat), kettlebells its ``kettlebell_grip``; a barbell, body bar,
    machine or medicine ball load is the total.
    """
    if load_kg is None:
        return None
    used = implement(exercise, kit)
    if used is Equipment.DUMBBELLS:
        grip = exercise.dumbbell_grip
    elif used is Equipment.KETTLEBELL:
        grip = exercise.kettlebell_grip
    else:
        return LoadPer.TOTAL
    return LoadPer.HAND if grip is Grip.EACH_HAND else LoadPer.TOTAL


def owned_loads(exercise: Exercise, kit: Kit) -> tuple[float, ...]:
    """The loads the person owns for this exercise's implement; empty when not said."""
    used = implement(exercise, kit)
    if used is Equipment.DUMBBELLS:
        return kit.dumbbells_kg
    if used is Equipment.KETTLEBELL:
        return kit.kettlebells_kg
    return ()


def _on_barbell(exercise: Exercise, kit: Kit, load_kg: float) -> bool:
    takes_bar = Equipment.BARBELL in exercise.equipment
    has_bar = (
        exercise.equipment[0] is Equipment.BARBELL
        if kit.equipment is None
        else Equipment.BARBELL in kit.equipment
    )
    return takes_bar and has_bar and load_kg >= BAR_KG


def increment_kg(load_kg: float, exercise: Exercise, kit: Kit) -> float:
    """The smallest load change [kg] at ``load_kg`` when the owned loads are not listed.

    A barbell gains a pair of the smallest plates (:data:`DEFAULT_PLATE_KG` unless the
    profile says ``plates_kg``); otherwise shop dumbbell steps: 1 kg below 10 kg, 2 kg above.

    References:
        Gluteus convention for commercially available weights; step size per ACSM 2009
        (:data:`gluteus.domain.progression.strength.REFERENCES` [1]).
    """
    if _on_barbell(exercise, kit, load_kg):
        return 2 * (kit.plates_kg or DEFAULT_PLATE_KG)
    return SMALL_STEP_KG if load_kg < STEP_CHANGE_KG else LARGE_STEP_KG


def next_owned(load_kg: float, loads: Sequence[float]) -> float | None:
    """The lightest owned load above ``load_kg``; None when it is already the heaviest."""
    heavier = [load for load in loads if load > load_kg + 1e-9]
    return min(heavier) if heavier else None


def owned_at_most(load_kg: float, loads: Sequence[float]) -> float | None:
    """The heaviest owned load not above ``load_kg``; None when every owned load is heavier."""
    lighter = [load for load in loads if load <= load_kg + 1e-9]
    return max(lighter) if lighter else None


def round_down_to_kit(
    load_kg: float, exercise: Exercise, kit: Kit, *, step_at_kg: float | None = None
) -> float | None:
    """``load_kg`` rounded down to a load the person can put on; None when none is that light.

    With owned dumbbells or kettlebells: the heaviest owned one not above ``load_kg``;
    otherwise a whole number of increments (:func:`increment_kg` at ``step_at_kg``, by
    default at ``load_kg`` itself).
    """
    loads = owned_loads(exercise, kit)
    if loads:
        return owned_at_most(load_kg, loads)
    inc = increment_kg(load_kg if step_at_kg is None else step_at_kg, exercise, kit)
    rounded = round(int(load_kg / inc + 1e-9) * inc, 2)
    return rounded if rounded > 0 else None


def stronger_band(band: BandLevel, kit: Kit) -> BandLevel | None:
    """The next band up that the person owns (the next on the scale when they did not say).

    None when no stronger band is owned: the exercise then progresses by reps and along its
    chain instead, never to a band the person would have to buy first.
    """
    if not kit.bands:
        return band.stronger()
    return min((b for b in kit.bands if b.rank > band.rank), key=lambda b: b.rank, default=None)


def easier_band(band: BandLevel, kit: Kit) -> BandLevel | None:
    """The next band down that the person owns (the next on the scale when they did not say)."""
    if not kit.bands:
        return band.easier()
    return max((b for b in kit.bands if b.rank < band.rank), key=lambda b: b.rank, default=None)
