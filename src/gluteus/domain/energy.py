"""Daily energy: resting expenditure, total expenditure, a safe intake target, MET calories.

Static equations only; how weight actually responds over months is the dynamic model in
:mod:`gluteus.domain.bodyweight`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gluteus.domain.profile import ActivityLevel, Profile, Sex
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE


class RestingMethod(StrEnum):
    """Which resting-energy equation to use."""

    AUTO = "auto"
    MIFFLIN_ST_JEOR = "mifflin_st_jeor"
    KATCH_MCARDLE = "katch_mcardle"


ACTIVITY_FACTORS: dict[ActivityLevel, float] = {
    ActivityLevel.SEDENTARY: 1.2,
    ActivityLevel.LIGHT: 1.375,
    ActivityLevel.MODERATE: 1.55,
    ActivityLevel.ACTIVE: 1.725,
    ActivityLevel.VERY_ACTIVE: 1.9,
}
"""Calculator multipliers of resting energy (Medscape Mifflin-St Jeor calculator; facts.md §2)."""

CALORIE_FLOOR_KCAL: dict[Sex, float] = {Sex.FEMALE: 1200.0, Sex.MALE: 1500.0}
"""Lowest daily intake without medical supervision (002; Harvard Health Publishing 2009)."""

SAFE_PACE_FRACTION_PER_WEEK = 0.01
"""At most about 1 % of body weight a week (Helms, Aragon & Fitschen, JISSN 2014;11:20)."""

SAFE_PACE_MAX_KG_PER_WEEK = 1.0
"""Never more than about 1 kg a week (NHLBI 1998 guidelines: 1-2 lb/week)."""

HEALTHY_BMI_FLOOR = 18.5
"""A goal weight below BMI 18.5 (WHO underweight cut-off) is not accepted as a loss goal."""


def mifflin_st_jeor(weight_kg: float, height_cm: float, age_years: float, sex: Sex) -> float:
    """Resting energy expenditure by the Mifflin-St Jeor equation.

    Args:
        weight_kg: Body mass. [kg]
        height_cm: Height. [cm]
        age_years: Age. [years]
        sex: Sex the equation was fitted for.

    Returns:
        Resting energy expenditure. [kcal/day]

    References:
        [1] Mifflin M.D. et al., "A new predictive equation for resting energy expenditure
            in healthy individuals", Am. J. Clin. Nutr. 51(2):241-247, 1990.
            doi:10.1093/ajcn/51.2.241
    """
    offset = 5.0 if sex is Sex.MALE else -161.0
    return 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age_years + offset


def katch_mcardle(weight_kg: float, body_fat_pct: float) -> float:
    """Resting energy expenditure from lean body mass (Katch-McArdle).

    Args:
        weight_kg: Body mass. [kg]
        body_fat_pct: Body fat. [% of body mass]

    Returns:
        Resting energy expenditure. [kcal/day]

    References:
        [1] Katch F.I., McArdle W.D., "Nutrition, Weight Control, and Exercise",
            Houghton Mifflin, 1977 (BMR = 370 + 21.6 × LBM).
    """
    lean_kg = weight_kg * (1.0 - body_fat_pct / 100.0)
    return 370.0 + 21.6 * lean_kg


def resting_energy(profile: Profile, method: RestingMethod = RestingMethod.AUTO) -> float:
    """Resting energy for a profile; Katch-McArdle when body fat is known and method is AUTO.

    Returns:
        Resting energy expenditure. [kcal/day]
    """
    use_katch = method is RestingMethod.KATCH_MCARDLE or (
        method is RestingMethod.AUTO and profile.body_fat_pct is not None
    )
    if use_katch:
        if profile.body_fat_pct is None:
            raise ValueError("body_fat_pct: needed for the Katch-McArdle equation")
        return katch_mcardle(profile.weight_kg, profile.body_fat_pct)
    return mifflin_st_jeor(profile.weight_kg, profile.height_cm, profile.age, profile.sex)


def resting_method_used(profile: Profile) -> RestingMethod:
    """Which equation :func:`resting_energy` picks in AUTO mode."""
    if profile.body_fat_pct is not None:
        return RestingMethod.KATCH_MCARDLE
    return RestingMethod.MIFFLIN_ST_JEOR


def total_energy_expenditure(resting_kcal: float, activity: ActivityLevel) -> float:
    """Total daily energy expenditure as resting energy times an activity multiplier.

    Args:
        resting_kcal: Resting energy expenditure. [kcal/day]
        activity: Everyday activity level.

    Returns:
        Total daily energy expenditure. [kcal/day]

    References:
        [1] Medscape Mifflin-St Jeor calculator multipliers 1.2-1.9 (facts.md §2).
    """
    return resting_kcal * ACTIVITY_FACTORS[activity]


def calorie_floor(sex: Sex) -> float:
    """The lowest daily intake Gluteus will ever suggest. [kcal/day]

    References:
        [1] Harvard Health Publishing, "Calorie counting made easy", 2009 (1,200 women /
            1,500 men); the seed article 002 cites MedlinePlus for the same figures.
    """
    return CALORIE_FLOOR_KCAL[sex]


def safe_pace_kg_per_week(weight_kg: float) -> float:
    """Fastest weight-loss pace Gluteus plans for. [kg/week]

    References:
        [1] Helms E.R., Aragon A.A., Fitschen P.J., J. Int. Soc. Sports Nutr. 11:20, 2014
            (0.5-1.0 % of body weight per week). doi:10.1186/1550-2783-11-20
        [2] NHLBI Clinical Guidelines, NIH Pub. 98-4083, 1998 (1-2 lb per week).
    """
    return min(SAFE_PACE_FRACTION_PER_WEEK * weight_kg, SAFE_PACE_MAX_KG_PER_WEEK)


def minimum_goal_weight_kg(height_cm: float) -> float:
    """The lowest goal weight accepted for weight loss: BMI 18.5 at this height. [kg]

    References:
        [1] WHO, "Obesity: preventing and managing the global epidemic", TRS 894, 2000
            (underweight below BMI 18.5).
    """
    return HEALTHY_BMI_FLOOR * (height_cm / 100.0) ** 2


def deficit_for_pace(pace_kg_per_week: float) -> float:
    """Daily deficit that the 3,500 kcal/lb rule links to a weekly pace. [kcal/day]

    References:
        [1] Wishnofsky M., Am. J. Clin. Nutr. 6:542-546, 1958 (3,500 kcal per lb of fat);
            the seed article 002. Known to overstate long-run loss (Hall K.D. et al.,
            Lancet 378:826-837, 2011); it is used here only for the first weeks' target.
    """
    return pace_kg_per_week * KCAL_PER_KG_FAT_RULE / 7.0


@dataclass(frozen=True, slots=True)
class IntakeTarget:
    """A daily calorie target and how it was reached."""

    bmr_kcal: float
    bmr_method: RestingMethod
    tdee_kcal: float
    target_kcal: float
    floor_kcal: float
    requested_pace_kg_per_week: float
    pace_kg_per_week: float
    safe_pace_kg_per_week: float
    deficit_kcal: float
    notes: tuple[str, ...]


def intake_target(profile: Profile, *, toning_only: bool = False) -> IntakeTarget:
    """Daily intake for the chosen pace, capped at a safe pace and never below the floor.

    Args:
        profile: The person.
        toning_only: Plan at maintenance (no deficit), e.g. in pregnancy or when the goal
            weight is already reached or would be underweight.

    Returns:
        The target with its parts; ``notes`` explains every cap that applied.
    """
    bmr = resting_energy(profile)
    tdee = total_energy_expenditure(bmr, profile.activity)
    floor = calorie_floor(profile.sex)
    safe = safe_pace_kg_per_week(profile.weight_kg)
    requested = 0.0 if toning_only else profile.pace_kg_per_week
    notes: list[str] = []
    pace = requested
    if pace > safe:
        notes.append(
            f"Pace capped at {safe:.2f} kg/week (about 1 % of body weight, at most 1 kg); "
            f"{requested:.2f} kg/week was asked."
        )
        pace = safe
    target = tdee - deficit_for_pace(pace)
    if target < floor:
        notes.append(
            f"Target raised to the {floor:.0f} kcal/day floor for {profile.sex.value}s; "
            "eating less needs a health professional's supervision."
        )
        target = floor
        pace = max(0.0, (tdee - target) * 7.0 / KCAL_PER_KG_FAT_RULE)
    return IntakeTarget(
        bmr_kcal=bmr,
        bmr_method=resting_method_used(profile),
        tdee_kcal=tdee,
        target_kcal=target,
        floor_kcal=floor,
        requested_pace_kg_per_week=requested,
        pace_kg_per_week=pace,
        safe_pace_kg_per_week=safe,
        deficit_kcal=tdee - target,
        notes=tuple(notes),
    )


def met_kcal(met: float, weight_kg: float, minutes: float) -> float:
    """Gross energy of an activity from its MET value.

    Args:
        met: Metabolic equivalent of the activity. [MET]
        weight_kg: Body mass. [kg]
        minutes: Duration. [min]

    Returns:
        Energy spent during the activity, rest included. [kcal]

    References:
        [1] Ainsworth B.E. et al., "2011 Compendium of Physical Activities", Med. Sci.
            Sports Exerc. 43(8):1575-1581, 2011 (1 MET ≈ 1 kcal/kg/h).
    """
    return met * weight_kg * minutes / 60.0


def rule_3500_weight_kg(start_weight_kg: float, deficit_kcal_per_day: float, days: float) -> float:
    """Weight after ``days`` at a constant daily deficit by the static 3,500 kcal/lb rule.

    Args:
        start_weight_kg: Starting body mass. [kg]
        deficit_kcal_per_day: Intake below expenditure (positive = deficit). [kcal/day]
        days: Elapsed time. [day]

    Returns:
        Projected body mass. [kg]

    References:
        [1] Wishnofsky M., Am. J. Clin. Nutr. 6:542-546, 1958; seed article 002.
        [2] Thomas D.M. et al., Int. J. Obes. 37:1611-1613, 2013 (the rule overstates
            long-run loss). doi:10.1038/ijo.2013.51
    """
    return start_weight_kg - deficit_kcal_per_day * days / KCAL_PER_KG_FAT_RULE
