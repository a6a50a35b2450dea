"""The seed articles' named routines (003's butt lift, 004's band routine) and their cost.

Minutes and energy when done at their default prescriptions; not part of a plan.
"""

from __future__ import annotations

from gluteus.domain.catalog import Catalog
from gluteus.domain.energy.balance import met_kcal, net_met_kcal
from gluteus.domain.guidelines import SANDWICH_MINUTES
from gluteus.domain.planning.dosing import PlannedDose, exercise_minutes
from gluteus.domain.profile import Profile

ROUTINES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "butt-lift": (
        "Butt-lift routine with a 15 + 15 min cardio sandwich",
        (
            "downward-dog-leg-raise",
            "squat-kickback",
            "standing-rear-leg-raise",
            "butt-twister",
            "swinging-bridge",
            "step-up-kickback",
            "assisted-single-leg-lunge",
            "plie-squat-upright-row",
        ),
        SANDWICH_MINUTES,
    ),
    "band-routine": (
        "Mini-band routine as a whole session",
        (
            "band-hip-bridge",
            "band-deep-squat",
            "seated-band-abduction",
            "band-side-lying-clamshell",
            "band-standing-kickback",
            "band-feet-elevated-bridge-march",
            "band-lateral-lunge",
            "band-quadruped-fire-hydrant",
        ),
        0,
    ),
}
"""Named seed routines: (title, exercise ids in order, cardio minutes before and after)."""

ROUTINE_CARDIO_ID = "elliptical"
CIRCUIT_MET = 5.0
"""A seed routine done move after move is a moderate circuit (Compendium 2024 code 02035,
5.0 MET); individual exercise METs would miss the pace between moves."""


def routine_estimate(name: str, profile: Profile, catalog: Catalog) -> dict[str, object]:
    """Minutes and energy of a named seed routine done at its default prescription.

    The 003 article estimates its routine at 310-410 kcal, a gross figure (resting energy
    included); this function is what the test of that claim runs. ``kcal`` is gross like
    the article's, ``net_kcal`` the part above rest that a day's budget counts.

    Raises:
        KeyError: for an unknown routine name.
    """
    if name not in ROUTINES:
        raise KeyError(f"unknown routine {name!r}; choose {', '.join(ROUTINES)}")
    title, ids, cardio_each = ROUTINES[name]
    strength_minutes = strength_kcal = strength_net = 0.0
    rows = []
    for exercise_id in ids:
        exercise = catalog.get(exercise_id)
        rx = exercise.prescription
        dose = PlannedDose(rx.sets, rx.reps_min, rx.reps_max, rx.rest_seconds)
        minutes = exercise_minutes(exercise, dose)
        met = max(exercise.met, CIRCUIT_MET)
        kcal = met_kcal(met, profile.weight_kg, minutes)
        net = net_met_kcal(met, profile.weight_kg, minutes)
        strength_minutes += minutes
        strength_kcal += kcal
        strength_net += net
        rows.append(
            {
                "id": exercise_id,
                "minutes": round(minutes, 2),
                "kcal": round(kcal, 1),
                "net_kcal": round(net, 1),
            }
        )
    cardio_minutes = 2.0 * cardio_each
    cardio_kcal = cardio_net = 0.0
    if cardio_minutes:
        cardio_met = catalog.get(ROUTINE_CARDIO_ID).met
        cardio_kcal = met_kcal(cardio_met, profile.weight_kg, cardio_minutes)
        cardio_net = net_met_kcal(cardio_met, profile.weight_kg, cardio_minutes)
    return {
        "name": title,
        "minutes": round(strength_minutes + cardio_minutes, 1),
        "strength_minutes": round(strength_minutes, 1),
        "cardio_minutes": cardio_minutes,
        "kcal": round(strength_kcal + cardio_kcal, 1),
        "net_kcal": round(strength_net + cardio_net, 1),
        "exercises": rows,
    }
