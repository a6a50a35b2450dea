"""What a coach gives beside the calorie target: a daily protein amount and a step range.

Suggestions for healthy adults, not prescriptions; kidney disease or a doctor's diet comes
first (the notes say so).
"""

from __future__ import annotations

from dataclasses import dataclass

from gluteus.domain.profile import Limitation, Profile
from gluteus.domain.quantities import Mass, message

PROTEIN_G_PER_KG = 1.6
"""Protein a day per kg of reference body weight (Morton et al. 2018; Helms et al. 2014)."""

PROTEIN_REFERENCE_BMI = 25.0
"""Above this BMI the protein is based on the weight at this BMI for the height (WHO
upper limit of the normal range), because fat mass needs almost no protein."""

OLDER_STEPS_AGE = 60
"""From this age the benefit of more steps levels off sooner (Paluch et al. 2022)."""

STEPS_RANGE: dict[bool, tuple[int, int]] = {False: (8000, 10000), True: (6000, 8000)}
"""Daily steps where the fall in mortality levels off, under 60 (False) and from 60 (True)."""


@dataclass(frozen=True, slots=True)
class ProteinTarget:
    """A daily protein suggestion and the body weight it was based on."""

    grams_per_day: float
    reference_kg: float
    note: str


@dataclass(frozen=True, slots=True)
class StepTarget:
    """A daily step range: aim for at least ``low``; more than ``high`` adds little."""

    low: int
    high: int
    note: str


def protein_reference_kg(weight_kg: float, height_cm: float) -> float:
    """The body weight protein is based on: the weight itself, or at BMI 25 when above. [kg]

    Protein needs follow lean mass, and per kg of total weight they overstate the need of
    people with obesity, whose extra weight is mostly fat; clinical guidelines therefore
    base protein on a reference (ideal or adjusted) weight in obesity. Gluteus uses the
    weight at BMI 25 for the person's height, never more than the weight itself.

    Args:
        weight_kg: Body mass. [kg]
        height_cm: Height. [cm]

    Returns:
        Reference body mass. [kg]

    References:
        [1] Weijs P.J.M., Wolfe R.R., "Exploration of the protein requirement during weight
            loss in obese older adults", Clin. Nutr. 35(2):394-398, 2016 (protein need is
            better expressed per kg of fat-free mass). doi:10.1016/j.clnu.2015.02.016
        [2] Mechanick J.I. et al., "Clinical practice guidelines for the perioperative
            nutrition, metabolic, and nonsurgical support of patients undergoing bariatric
            procedures - 2019 update", Surg. Obes. Relat. Dis. 16(2):175-247, 2020 (protein
            per kg of ideal body weight). doi:10.1016/j.soard.2019.10.025
        [3] WHO, "Obesity: preventing and managing the global epidemic", TRS 894, 2000
            (normal BMI range 18.5-24.9).
    """
    at_reference_bmi = PROTEIN_REFERENCE_BMI * (height_cm / 100.0) ** 2
    return min(weight_kg, at_reference_bmi)


def protein_target(profile: Profile) -> ProteinTarget:
    """About 1.6 g of protein a day per kg of reference body weight.

    Returns:
        The suggestion in whole grams with a note naming its basis.

    References:
        [1] Morton R.W. et al., "A systematic review, meta-analysis and meta-regression of
            the effect of protein supplementation on resistance training-induced gains in
            muscle mass and strength in healthy adults", Br. J. Sports Med. 52(6):376-384,
            2018 (gains level off at about 1.6 g/kg/day). doi:10.1136/bjsports-2017-097608
        [2] Helms E.R., Aragon A.A., Fitschen P.J., J. Int. Soc. Sports Nutr. 11:20, 2014
            (higher protein spares lean mass in a deficit). doi:10.1186/1550-2783-11-20
    """
    reference = protein_reference_kg(profile.weight_kg, profile.height_cm)
    grams = round(PROTEIN_G_PER_KG * reference)
    if reference < profile.weight_kg - 0.05:
        basis: str = message(
            "{protein:g} g per kg of {reference}, your weight at BMI 25: "
            "extra body fat adds almost nothing to protein needs",
            protein=PROTEIN_G_PER_KG,
            reference=Mass(reference, ".1f"),
        )
    else:
        basis = f"{PROTEIN_G_PER_KG:g} g per kg of body weight"
    note = message(
        "Protein: about {grams:.0f} g a day ({basis}), spread over your meals, supports the "
        "muscle you train, in a deficit too (Morton et al. 2018; Helms et al. 2014).",
        grams=grams,
        basis=basis,
    )
    if Limitation.PREGNANCY in profile.limitations:
        note += " In pregnancy, agree on protein with your midwife or doctor."
    else:
        note += " With kidney disease, follow your doctor's advice instead."
    return ProteinTarget(grams_per_day=float(grams), reference_kg=reference, note=note)


def step_target(profile: Profile) -> StepTarget:
    """A daily step range by age: where the fall in mortality with more steps levels off.

    Returns:
        8,000-10,000 steps under 60 and 6,000-8,000 from 60, with a note.

    References:
        [1] Paluch A.E. et al., "Daily steps and all-cause mortality: a meta-analysis of 15
            international cohorts", Lancet Public Health 7(3):e219-e228, 2022.
            doi:10.1016/S2468-2667(21)00302-9
    """
    low, high = STEPS_RANGE[profile.age >= OLDER_STEPS_AGE]
    note = (
        f"Steps: aim for {low:,}-{high:,} a day; in a large study of adults "
        f"{'aged 60 and over' if profile.age >= OLDER_STEPS_AGE else 'under 60'}, the risk "
        "of dying early kept falling with more steps up to about there (Paluch et al. 2022). "
        "Steps on your planned walks count toward it; the rest of your steps belong to "
        "your everyday activity level."
    )
    return StepTarget(low=low, high=high, note=note)
