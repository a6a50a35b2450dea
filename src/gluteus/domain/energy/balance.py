"""Daily energy: resting and everyday expenditure, planned exercise, a safe intake target.

The target is built from three parts that never overlap: resting energy times an everyday
activity factor (life without the plan's workouts), the plan's own workouts counted net of
resting energy, and, in pregnancy, the extra energy of the later trimesters. Static equations
only; how weight actually responds over months is the dynamic model in
:mod:`gluteus.domain.energy.bodyweight`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gluteus.domain.profile import ActivityLevel, Limitation, Profile, Sex
from gluteus.domain.quantities import Mass, message
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
"""Calculator multipliers of resting energy (Medscape Mifflin-St Jeor calculator; facts.md §2).

In Gluteus they describe everyday life only (job, chores, getting about): the plan's workouts
are added separately by :func:`intake_target`, so they must not be counted here too.
"""

PREGNANCY_EXTRA_KCAL: dict[int, float] = {1: 0.0, 2: 340.0, 3: 452.0}
"""Extra energy a day by trimester (IOM Dietary Reference Intakes for energy, 2005)."""

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
    """A daily calorie target and how it was reached (all energies in kcal/day).

    ``maintenance_kcal`` = ``tdee_kcal`` (everyday life) + ``exercise_kcal_per_day`` (the
    plan's workouts, net of rest) + ``pregnancy_kcal``; ``target_kcal`` = maintenance −
    ``deficit_kcal``; ``pace_kg_per_week`` is the loss that deficit gives by the 3,500 kcal
    rule, so it already counts the planned exercise.
    """

    bmr_kcal: float
    bmr_method: RestingMethod
    activity_factor: float
    tdee_kcal: float
    exercise_kcal_per_day: float
    pregnancy_kcal: float
    maintenance_kcal: float
    target_kcal: float
    floor_kcal: float
    requested_pace_kg_per_week: float
    pace_kg_per_week: float
    safe_pace_kg_per_week: float
    deficit_kcal: float
    notes: tuple[str, ...]


def intake_target(
    profile: Profile, *, toning_only: bool = False, exercise_kcal_per_day: float = 0.0
) -> IntakeTarget:
    """Daily intake for the chosen pace, capped at a safe pace and never below the floor.

    The pace cap is checked on everything the person spends: everyday expenditure plus the
    planned workouts. Eating back the planned exercise is what keeps the real loss at the
    pace shown; a target built on everyday expenditure alone would make a plan with a lot of
    cardio lose faster than the safe cap. In pregnancy there is never a deficit and the
    target includes the trimester's extra needs.

    Args:
        profile: The person; ``activity`` must describe everyday life without the workouts.
        toning_only: Plan at maintenance (no deficit), e.g. when the goal weight is already
            reached or would be underweight.
        exercise_kcal_per_day: The plan's workouts, net of resting energy
            (:func:`net_met_kcal`), averaged over every day of the plan. [kcal/day]

    Returns:
        The target with its parts; ``notes`` explains every cap that applied.

    Raises:
        ValueError: ``exercise_kcal_per_day`` below zero.

    References:
        [1] Helms E.R., Aragon A.A., Fitschen P.J., J. Int. Soc. Sports Nutr. 11:20, 2014
            (0.5-1.0 % of body weight per week). doi:10.1186/1550-2783-11-20
        [2] ACOG Committee Opinion 804, Obstet. Gynecol. 135(4):e178-e188, 2020 (no weight
            loss goal in pregnancy).
    """
    if exercise_kcal_per_day < 0:
        raise ValueError(
            f"exercise_kcal_per_day: must not be negative; got {exercise_kcal_per_day!r}"
        )
    bmr = resting_energy(profile)
    factor = ACTIVITY_FACTORS[profile.activity]
    tdee = total_energy_expenditure(bmr, profile.activity)
    notes: list[str] = []
    pregnant = Limitation.PREGNANCY in profile.limitations
    extra = 0.0
    if pregnant:
        extra = pregnancy_extra_kcal(profile.pregnancy_trimester)
        notes.extend(_pregnancy_notes(profile.pregnancy_trimester, extra))
    maintenance = tdee + exercise_kcal_per_day + extra
    floor = calorie_floor(profile.sex)
    safe = safe_pace_kg_per_week(profile.weight_kg)
    requested = 0.0 if toning_only or pregnant else profile.pace_kg_per_week
    pace = requested
    if pace > safe:
        notes.append(
            message(
                "Pace capped at {safe}/week (about 1 % of body weight, at most {cap}), "
                "planned workouts counted; {requested}/week was asked.",
                safe=Mass(safe, ".2f"),
                cap=Mass(SAFE_PACE_MAX_KG_PER_WEEK, "g"),
                requested=Mass(requested, ".2f"),
            )
        )
        pace = safe
    target = maintenance - deficit_for_pace(pace)
    if target < floor:
        notes.append(
            f"Target raised to the {floor:.0f} kcal/day floor for {profile.sex.value}s; "
            "eating less needs a health professional's supervision."
        )
        target = floor
        pace = max(0.0, (maintenance - target) * 7.0 / KCAL_PER_KG_FAT_RULE)
    return IntakeTarget(
        bmr_kcal=bmr,
        bmr_method=resting_method_used(profile),
        activity_factor=factor,
        tdee_kcal=tdee,
        exercise_kcal_per_day=exercise_kcal_per_day,
        pregnancy_kcal=extra,
        maintenance_kcal=maintenance,
        target_kcal=target,
        floor_kcal=floor,
        requested_pace_kg_per_week=requested,
        pace_kg_per_week=pace,
        safe_pace_kg_per_week=safe,
        deficit_kcal=maintenance - target,
        notes=tuple(notes),
    )


def _pregnancy_notes(trimester: int | None, extra: float) -> list[str]:
    notes = ["Pregnancy: no calorie deficit; eat for maintenance as your midwife advises."]
    if trimester is None:
        notes.append(
            "Energy needs rise later in pregnancy: about 340 kcal/day more in the second "
            "trimester and 452 in the third (IOM 2005). Set pregnancy_trimester in your "
            "profile and re-plan so the target follows."
        )
    elif extra > 0:
        notes.append(
            f"Trimester {trimester}: {extra:.0f} kcal/day added for the pregnancy (IOM 2005); "
            "update pregnancy_trimester and re-plan when the next trimester starts."
        )
    else:
        notes.append(
            "First trimester: no extra energy yet; about 340 kcal/day more from the second "
            "trimester (IOM 2005). Update pregnancy_trimester and re-plan then."
        )
    return notes


def _kcal(value: float) -> str:
    """Energy as shown everywhere else: rounded to 0.1 kcal first, then to whole kcal."""
    return f"{round(value, 1):,.0f}"


_METHOD_NAMES = {
    RestingMethod.MIFFLIN_ST_JEOR: "Mifflin-St Jeor",
    RestingMethod.KATCH_MCARDLE: "Katch-McArdle",
}


def explain_target(target: IntakeTarget, activity: ActivityLevel, weeks: int) -> str:
    """How the daily target was made, step by step, in a few sentences of plain text.

    Args:
        target: The target to explain.
        activity: The everyday activity level its factor came from.
        weeks: How many weeks the planned workouts were averaged over.
    """
    label = activity.value.replace("_", " ")
    parts = [
        f"Resting energy {_kcal(target.bmr_kcal)} kcal/day ({_METHOD_NAMES[target.bmr_method]}) "
        f"+ {round((target.activity_factor - 1.0) * 100, 1):g} % for {label} everyday activity "
        f"= {_kcal(target.tdee_kcal)}",
        f"+ {_kcal(target.exercise_kcal_per_day)} for the plan's workouts (energy above rest, "
        f"averaged over all {7 * weeks} days of its {weeks} week{'s' if weeks != 1 else ''})",
    ]
    if target.pregnancy_kcal > 0:
        parts.append(f"+ {_kcal(target.pregnancy_kcal)} for the pregnancy")
    text = ", ".join(parts) + f" = {_kcal(target.maintenance_kcal)} kcal/day to hold your weight"
    if target.deficit_kcal > 0.5:
        text += message(
            "; − {deficit} for {pace} a week (by the 3,500 kcal rule) = {target} kcal/day.",
            deficit=_kcal(target.deficit_kcal),
            pace=Mass(target.pace_kg_per_week),
            target=_kcal(target.target_kcal),
        )
    elif target.deficit_kcal < -0.5:
        text += f"; raised to the {_kcal(target.floor_kcal)} kcal/day floor."
    else:
        text += ", which is your target: no deficit."
    text += (
        " The activity level describes your days without these workouts, so nothing is "
        "counted twice; the pace assumes you do the planned workouts."
    )
    return text


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


def net_met_kcal(met: float, weight_kg: float, minutes: float) -> float:
    """Energy of an activity above resting energy: what it adds to a day's expenditure.

    Resting energy is already in the everyday expenditure (resting energy × activity factor),
    so only the part above 1 MET is added for a workout; the gross figure of
    :func:`met_kcal` would count the resting part twice (by about 35 % for strength work at
    3.5 MET and about 75 % for stretching at 2.3 MET).

    Args:
        met: Metabolic equivalent of the activity. [MET]
        weight_kg: Body mass. [kg]
        minutes: Duration. [min]

    Returns:
        Energy spent above rest during the activity, never negative. [kcal]

    References:
        [1] Ainsworth B.E. et al., "2011 Compendium of Physical Activities", Med. Sci.
            Sports Exerc. 43(8):1575-1581, 2011 (1 MET ≈ 1 kcal/kg/h is resting energy).
        [2] Herrmann S.D. et al., "2024 Adult Compendium of Physical Activities", J. Sport
            Health Sci. 13(1):6-12, 2024. doi:10.1016/j.jshs.2023.10.010
    """
    return max(met - 1.0, 0.0) * weight_kg * minutes / 60.0


def pregnancy_extra_kcal(trimester: int | None) -> float:
    """Extra daily energy needed in pregnancy for a trimester (0 when it is not known). [kcal/day]

    Args:
        trimester: 1, 2 or 3; None when not given.

    References:
        [1] Institute of Medicine, "Dietary Reference Intakes for Energy, Carbohydrate, Fiber,
            Fat, Fatty Acids, Cholesterol, Protein, and Amino Acids", National Academies
            Press, 2005 (+0, +340 and +452 kcal/day in the 1st, 2nd and 3rd trimester).
            doi:10.17226/10490
    """
    if trimester is None:
        return 0.0
    if trimester not in PREGNANCY_EXTRA_KCAL:
        raise ValueError(f"pregnancy_trimester: must be 1, 2 or 3; got {trimester!r}")
    return PREGNANCY_EXTRA_KCAL[trimester]


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


def activity_level_with_exercise(
    everyday_factor: float, tdee_kcal: float, exercise_kcal_per_day: float
) -> float:
    """Physical activity level (TDEE ÷ resting) once the plan's own workouts are counted.

    The dynamic model takes one PAL; the everyday factor leaves the workouts out, so it is
    scaled by (everyday TDEE + net workout energy) ÷ everyday TDEE, and kept to the model's
    1.0–2.5 range.

    Args:
        everyday_factor: Everyday activity multiplier, without the workouts. [-]
        tdee_kcal: Everyday total expenditure. [kcal/day]
        exercise_kcal_per_day: Net workout energy, plan average. [kcal/day]

    Returns:
        The PAL for the dynamic model. [-]
    """
    if tdee_kcal <= 0:
        raise ValueError(f"tdee_kcal: {tdee_kcal:g} must be > 0")
    pal = everyday_factor * (tdee_kcal + max(exercise_kcal_per_day, 0.0)) / tdee_kcal
    return min(max(pal, 1.0), 2.5)
