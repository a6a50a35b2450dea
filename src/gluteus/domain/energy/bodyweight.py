"""The dynamic adult body-weight model (Hall et al. 2011) as the NIH Body Weight Planner runs it.

Projects fat, lean, glycogen, extracellular fluid and adaptive thermogenesis day by day for
one person or many at once, beside the static 3,500 kcal rule, and solves for the intake (or
extra activity) that reaches a goal weight on a given day. It does not model ageing during the
projection, diet composition beyond carbohydrate, or training-driven lean gain.

Numerics: classic fourth-order Runge-Kutta with a step of one day, as the planner does. Intake
and activity are held constant within each day, so the right-hand side is smooth inside every
step and the only time scales are the state's own: tissue (fat, lean) relaxes over about a year,
adaptive thermogenesis with tau_AT = 14 d, glycogen and extracellular fluid within a day or two.
RK4's global error scales as (h/tau)^4, which is about 3e-5 of the adaptive-thermogenesis
transient and negligible for tissue; the glycogen and fluid transients (hundreds of grams,
z = h/tau close to 1, inside RK4's stability region) are integrated less exactly in their first
days, but they decay to the same steady state, so their error does not accumulate. The test
suite checks that one step a day and ten steps a day differ by less than 1e-4 kg over 3 years.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gluteus.domain.energy.balance import (
    HEALTHY_BMI_FLOOR,
    SAFE_PACE_MAX_KG_PER_WEEK,
    calorie_floor,
    safe_pace_kg_per_week,
)
from gluteus.domain.profile import (
    AGE_RANGE,
    BODY_FAT_RANGE_PCT,
    HEIGHT_RANGE_CM,
    WEIGHT_RANGE_KG,
    Profile,
    Sex,
)
from gluteus.domain.quantities import Mass, message
from gluteus.domain.units import KCAL_PER_KG_FAT_RULE

FloatArray = NDArray[np.float64]

RHO_F = 9440.0
"""Energy density of fat (BWP code). [kcal/kg]"""
RHO_L = 1807.0
"""Energy density of lean tissue (BWP code). [kcal/kg]"""
RHO_G = 4180.0
"""Energy density of glycogen (BWP code). [kcal/kg]"""
GAMMA_F = 3.2
"""Resting expenditure per kg of fat. [kcal/kg/day]"""
GAMMA_L = 22.0
"""Resting expenditure per kg of lean tissue. [kcal/kg/day]"""
ETA_F = 180.0
"""Biochemical cost of fat synthesis. [kcal/kg]"""
ETA_L = 230.0
"""Biochemical cost of lean-tissue synthesis. [kcal/kg]"""
BETA_TEF = 0.1
"""Thermic effect of feeding, fraction of intake. [-]"""
BETA_AT = 0.14
"""Adaptive thermogenesis, fraction of the intake change. [-]"""
TAU_AT = 14.0
"""Time constant of adaptive thermogenesis. [day]"""
FORBES_C_KG = 10.4
"""Forbes' constant: dL/dF = 10.4 / F. [kg]"""
FORBES_C_PRIME = FORBES_C_KG * RHO_L / RHO_F
"""Forbes' constant in energy terms, p = C' / (C' + F). [kg]"""
GLYCOGEN_0_KG = 0.5
"""Initial glycogen. [kg]"""
GLYCOGEN_WATER = 3.7
"""Mass of glycogen plus its bound water per kg of glycogen. [kg/kg]"""
CARB_FRACTION = 0.5
"""Carbohydrate share of intake (BWP default). [-]"""
SODIUM_0_MG = 4000.0
"""Baseline dietary sodium; it scales with intake in the planner. [mg/day]"""
SODIUM_CONC_MG_PER_KG = 3220.0
"""Sodium concentration of extracellular fluid. [mg/kg]"""
XI_NA = 3000.0
"""Renal sodium excretion per kg of extra fluid. [mg/kg/day]"""
XI_CI = 4000.0
"""Carbohydrate effect on renal sodium excretion. [mg/day]"""
PAL_RANGE = (1.0, 2.5)
"""Physical activity level accepted (BWP: at least 1.0; help text 1.4-2.5). [-]"""
ACTIVITY_CHANGE_RANGE_PCT = (-100.0, 500.0)
"""Activity change accepted (the BWP dialog clamps to this). [%]"""
GOAL_DAYS_RANGE = (1, 3650)
"""Goal period accepted. [day]"""
GOAL_TOLERANCE_KG = 0.001
"""The BWP goal search stops within this distance of the goal weight. [kg]"""

_BALANCE_FACTOR = 1.0 - BETA_TEF - BETA_AT
# With p = C'/(C'+F) the tissue split simplifies (see _derivatives):
# dF/dt = F*X/(A*F + B), dL/dt = 10.4*X/(A*F + B), X = intake - glycogen flux - expenditure
# without the synthesis costs.
_DEN_A = RHO_F + ETA_F
_DEN_B = FORBES_C_KG * (RHO_L + ETA_L)
_ECF_RATE = XI_NA / SODIUM_CONC_MG_PER_KG

REFERENCES = (
    "Hall K.D. et al., Quantification of the effect of energy imbalance on bodyweight, "
    "Lancet 378:826-837, 2011. doi:10.1016/S0140-6736(11)60812-X",
    "NIH Body Weight Planner code (archived 2025), github.com/Zomega/BodyWeightPlanner "
    "38d841b: baseline.js, bodymodel.js, intervention.js",
)


class ProjectionInputError(ValueError):
    """An input to the projection is out of range; the message names the field and range."""


def _check_range(name: str, value: ArrayLike, low: float, high: float, unit: str) -> None:
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if np.any(bad):
        got = arr[bad].flat[0]
        raise ProjectionInputError(
            f"{name}: {got:g} is outside the allowed range {low:g}–{high:g} {unit}".rstrip()
        )


def mifflin_st_jeor_bwp(
    weight_kg: ArrayLike, height_cm: ArrayLike, age_years: ArrayLike, is_male: ArrayLike
) -> FloatArray:
    """Resting expenditure by Mifflin-St Jeor with the coefficients the planner uses.

    The published equation has 9.99 per kg and 4.92 per year (the rounded 10 and 5 are in
    :func:`gluteus.domain.energy.balance.mifflin_st_jeor`).

    Args:
        weight_kg: Body mass. [kg]
        height_cm: Height. [cm]
        age_years: Age. [years]
        is_male: True for men.

    Returns:
        Resting metabolic rate. [kcal/day]

    References:
        [1] Mifflin M.D. et al., Am. J. Clin. Nutr. 51(2):241-247, 1990.
            doi:10.1093/ajcn/51.2.241
        [2] NIH Body Weight Planner, baseline.js getRMR.
    """
    offset = np.where(np.asarray(is_male, dtype=bool), 5.0, -161.0)
    rmr = (
        9.99 * np.asarray(weight_kg, dtype=float)
        + 6.25 * np.asarray(height_cm, dtype=float)
        - 4.92 * np.asarray(age_years, dtype=float)
        + offset
    )
    return np.asarray(rmr, dtype=float)


def jackson_body_fat_pct(
    weight_kg: ArrayLike, height_cm: ArrayLike, age_years: ArrayLike, is_male: ArrayLike
) -> FloatArray:
    """Body fat from BMI, age and sex (Jackson et al. 2002), clamped to 0-60 % as the BWP does.

    Args:
        weight_kg: Body mass. [kg]
        height_cm: Height. [cm]
        age_years: Age. [years]
        is_male: True for men.

    Returns:
        Body fat. [% of body mass]

    References:
        [1] Jackson A.S. et al., "The effect of sex, age and race on estimating percentage
            body fat from body mass index: the Heritage Family Study", Int. J. Obes.
            26:789-796, 2002. doi:10.1038/sj.ijo.0802006
    """
    w = np.asarray(weight_kg, dtype=float)
    h_m = np.asarray(height_cm, dtype=float) / 100.0
    bmi_log = np.log(w / h_m**2)
    male = np.asarray(is_male, dtype=bool)
    pct = np.where(male, 37.31 * bmi_log - 103.94, 39.96 * bmi_log - 102.01)
    pct = pct + 0.14 * np.asarray(age_years, dtype=float)
    return np.asarray(np.clip(pct, 0.0, 60.0), dtype=float)


def _is_male(sex: Sex | str | Sequence[Sex | str]) -> NDArray[np.bool_]:
    items = [sex] if isinstance(sex, str) else list(sex)
    try:
        return np.array([Sex(item) is Sex.MALE for item in items], dtype=bool)
    except ValueError:
        raise ProjectionInputError("sex: must be one of: female, male") from None


@dataclass(frozen=True)
class Baseline:
    """Initial state and person constants of the model, one entry per person (shape (n,)).

    Attributes:
        is_male: True for men.
        age_years: Age. [years]
        height_cm: Height. [cm]
        weight_kg: Initial body mass. [kg]
        pal: Physical activity level. [-]
        rmr_kcal: Initial resting expenditure. [kcal/day]
        intake_kcal: Baseline maintenance intake PAL × RMR. [kcal/day]
        fat_kg: Initial fat mass. [kg]
        lean_kg: Initial fat-free mass (BWP convention). [kg]
        delta: Activity expenditure per kg of body mass. [kcal/kg/day]
        k_kcal: Energy-balance constant K. [kcal/day]
    """

    is_male: NDArray[np.bool_]
    age_years: FloatArray
    height_cm: FloatArray
    weight_kg: FloatArray
    pal: FloatArray
    rmr_kcal: FloatArray
    intake_kcal: FloatArray
    fat_kg: FloatArray
    lean_kg: FloatArray
    delta: FloatArray
    k_kcal: FloatArray

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.weight_kg.shape[0])

    @property
    def body_fat_pct(self) -> FloatArray:
        """Initial body fat as a share of body mass. [%]."""
        return np.asarray(100.0 * self.fat_kg / self.weight_kg, dtype=float)

    def person(self, index: int) -> Baseline:
        """The baseline of one person as a batch of one."""
        sl = slice(index, index + 1)
        return Baseline(**{name: getattr(self, name)[sl] for name in _BASELINE_FIELDS})


_BASELINE_FIELDS = tuple(Baseline.__dataclass_fields__)


def baseline(
    sex: Sex | str | Sequence[Sex | str],
    age_years: ArrayLike,
    height_cm: ArrayLike,
    weight_kg: ArrayLike,
    pal: ArrayLike,
    body_fat_pct: ArrayLike | None = None,
) -> Baseline:
    """Initialise the model for one or many people (arrays broadcast to a common length).

    Args:
        sex: Sex of each person (one value or a sequence).
        age_years: Age, 18-100. [years]
        height_cm: Height, 120-230. [cm]
        weight_kg: Body mass, 35-300. [kg]
        pal: Physical activity level, 1.0-2.5. [-]
        body_fat_pct: Measured body fat, 3-70 %; Jackson et al. 2002 when omitted. [%]

    Returns:
        The initial state in energy balance at intake PAL × RMR.

    Raises:
        ProjectionInputError: A value is outside its range; the message names the field.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 4, 8 and K.
        [2] NIH Body Weight Planner, baseline.js (getK, getDelta, getBodyFat).
    """
    _check_range("age", age_years, *AGE_RANGE, "years")
    _check_range("height", height_cm, *HEIGHT_RANGE_CM, "cm")
    _check_range("weight", weight_kg, *WEIGHT_RANGE_KG, "kg")
    _check_range("pal", pal, *PAL_RANGE, "")
    if body_fat_pct is not None:
        _check_range("body_fat_pct", body_fat_pct, *BODY_FAT_RANGE_PCT, "%")
    male = _is_male(sex)
    parts = np.broadcast_arrays(
        male,
        np.asarray(age_years, dtype=float),
        np.asarray(height_cm, dtype=float),
        np.asarray(weight_kg, dtype=float),
        np.asarray(pal, dtype=float),
        np.asarray(np.nan if body_fat_pct is None else body_fat_pct, dtype=float),
    )
    male_b, age, height, weight, pal_b, fat_pct = (np.atleast_1d(p).copy() for p in parts)
    rmr = mifflin_st_jeor_bwp(weight, height, age, male_b)
    fat_pct = np.where(
        np.isnan(fat_pct), jackson_body_fat_pct(weight, height, age, male_b), fat_pct
    )
    fat = weight * fat_pct / 100.0
    lean = weight - fat
    intake = pal_b * rmr
    delta = ((1.0 - BETA_TEF) * pal_b - 1.0) * rmr / weight
    k = _BALANCE_FACTOR * intake - GAMMA_L * lean - GAMMA_F * fat - delta * weight
    return Baseline(
        is_male=male_b.astype(bool),
        age_years=age,
        height_cm=height,
        weight_kg=weight,
        pal=pal_b,
        rmr_kcal=rmr,
        intake_kcal=intake,
        fat_kg=fat,
        lean_kg=lean,
        delta=delta,
        k_kcal=k,
    )


def baseline_for(profile: Profile, pal: float) -> Baseline:
    """Initialise the model for one saved profile (its measured body fat when it has one).

    Args:
        profile: The person: sex, age, height, weight and, when measured, body fat.
        pal: Physical activity level, 1.0-2.5 (e.g.
            :func:`gluteus.domain.energy.projection.pal_for`). [-]

    Returns:
        The initial state of one person, as :func:`baseline` makes it.

    Raises:
        ProjectionInputError: A value is outside the model's range; the message names it.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 4, 8 and K.
    """
    return baseline(
        profile.sex.value,
        profile.age,
        profile.height_cm,
        profile.weight_kg,
        pal,
        profile.body_fat_pct,
    )


@dataclass(frozen=True)
class Phase:
    """Constant intake and activity from ``start_day`` until the next phase starts.

    Attributes:
        start_day: First day the phase applies to (the step from day d to d + 1). [day]
        intake_change_kcal: Intake relative to the baseline PAL × RMR. [kcal/day]
        activity_change_pct: Change of the activity term δ relative to baseline. [%]
        intake_kcal: Absolute intake; overrides ``intake_change_kcal`` when given. [kcal/day]
    """

    start_day: int = 0
    intake_change_kcal: float | FloatArray = 0.0
    activity_change_pct: float | FloatArray = 0.0
    intake_kcal: float | FloatArray | None = None


@dataclass(frozen=True)
class Trajectory:
    """Model output for n people.

    State arrays are (n, len(day)); ``intake_kcal`` and ``expenditure_kcal`` are per step,
    (n, len(day) - 1), and present only when every day was kept.

    Attributes:
        day: Days recorded (0 … N, or only 0 and N). [day]
        weight_kg: Body mass. [kg]
        fat_kg: Fat mass. [kg]
        lean_kg: Fat-free mass (BWP convention, includes glycogen and fluid changes). [kg]
        glycogen_kg: Glycogen. [kg]
        ecf_change_kg: Extracellular-fluid change from baseline. [kg]
        thermogenesis_kcal: TEF-free thermogenic term (BWP "therm"). [kcal/day]
        intake_kcal: Intake of each day. [kcal/day]
        expenditure_kcal: Total expenditure of each day, RK4-weighted. [kcal/day]
    """

    day: NDArray[np.int64]
    weight_kg: FloatArray
    fat_kg: FloatArray
    lean_kg: FloatArray
    glycogen_kg: FloatArray
    ecf_change_kg: FloatArray
    thermogenesis_kcal: FloatArray
    intake_kcal: FloatArray | None = field(default=None)
    expenditure_kcal: FloatArray | None = field(default=None)


@dataclass(frozen=True)
class _Segment:
    start: int
    stop: int
    intake: Any
    delta: Any
    z0: Any
    k_g: Any
    d37: Any
    gamma_l: Any
    gamma_f: Any
    ci: Any
    ecf_drive: Any
    therm_drive: Any


_SEGMENT_ARRAYS = tuple(
    name for name in _Segment.__dataclass_fields__ if name not in ("start", "stop")
)


def _segment(base: Baseline, start: int, stop: int, intake: Any, pct: Any) -> _Segment:
    ei0 = base.intake_kcal
    _check_range("intake", intake, 0.0, 20000.0, "kcal/day")
    _check_range("activity_change", pct, *ACTIVITY_CHANGE_RANGE_PCT, "%")
    intake = np.broadcast_to(np.asarray(intake, dtype=float), ei0.shape).astype(float)
    delta = base.delta * (1.0 + np.asarray(pct, dtype=float) / 100.0)
    ci = CARB_FRACTION * intake
    ratio = intake / ei0
    return _Segment(
        start=start,
        stop=stop,
        intake=intake,
        delta=delta,
        z0=(1.0 - BETA_TEF) * intake - ci - base.k_kcal + GLYCOGEN_WATER * delta * GLYCOGEN_0_KG,
        k_g=CARB_FRACTION * ei0 / GLYCOGEN_0_KG**2,
        d37=GLYCOGEN_WATER * delta,
        gamma_l=GAMMA_L + delta,
        gamma_f=GAMMA_F + delta,
        ci=ci,
        # sodium proportional to intake (BWP setproportionalsodium) and the carbohydrate
        # effect on excretion: Na - Na0 - xi_CI (1 - CI/CI_b) = 8000 (r - 1) mg/day
        ecf_drive=(SODIUM_0_MG + XI_CI) * (ratio - 1.0) / SODIUM_CONC_MG_PER_KG,
        therm_drive=BETA_AT * intake / TAU_AT,
    )


def _segments(
    base: Baseline,
    days: int,
    phases: Sequence[Phase] | None,
    intake_kcal_per_day: ArrayLike | None,
    activity_change_pct_per_day: ArrayLike | None,
) -> list[_Segment]:
    if intake_kcal_per_day is not None or activity_change_pct_per_day is not None:
        if phases:
            raise ProjectionInputError("schedule: give phases or per-day arrays, not both")
        shape = (base.n, days)
        intake = np.broadcast_to(
            np.asarray(
                base.intake_kcal[:, None] if intake_kcal_per_day is None else intake_kcal_per_day,
                dtype=float,
            ),
            shape,
        )
        pct = np.broadcast_to(
            np.asarray(
                0.0 if activity_change_pct_per_day is None else activity_change_pct_per_day,
                dtype=float,
            ),
            shape,
        )
        return [_segment(base, d, d + 1, intake[:, d], pct[:, d]) for d in range(days)]
    ordered = sorted(phases or [Phase()], key=lambda ph: ph.start_day)
    if ordered[0].start_day != 0:
        ordered.insert(0, Phase())
    out = []
    for i, ph in enumerate(ordered):
        if ph.start_day < 0:
            raise ProjectionInputError(f"start_day: {ph.start_day} must be ≥ 0")
        stop = ordered[i + 1].start_day if i + 1 < len(ordered) else days
        stop = min(stop, days)
        if stop <= ph.start_day:
            continue
        phase_intake: Any = (
            base.intake_kcal + np.asarray(ph.intake_change_kcal, dtype=float)
            if ph.intake_kcal is None
            else ph.intake_kcal
        )
        out.append(_segment(base, ph.start_day, stop, phase_intake, ph.activity_change_pct))
    return out


def _derivatives(y: Sequence[Any], s: _Segment) -> tuple[Any, ...]:
    f, lean, g, e, t = y
    # Equivalent to the BWP getTEE/dfdt/dldt after substituting p = C'/(C'+F):
    # imbalance*(1-p)/rho_F = F*X/(A F + B) and imbalance*p/rho_L = 10.4*X/(A F + B).
    g2 = s.k_g * g * g
    x = s.z0 + g2 - s.d37 * g - s.delta * e - t - s.gamma_l * lean - s.gamma_f * f
    q = x / (_DEN_A * f + _DEN_B)
    return (
        f * q,
        FORBES_C_KG * q,
        (s.ci - g2) / RHO_G,
        s.ecf_drive - _ECF_RATE * e,
        s.therm_drive - t / TAU_AT,
    )


def expenditure_kcal(
    base: Baseline,
    fat_kg: Any,
    lean_kg: Any,
    glycogen_kg: Any,
    ecf_change_kg: Any,
    therm_kcal: Any,
    intake_kcal: Any,
    delta: Any,
) -> Any:
    """Total energy expenditure written as the planner writes it (getTEE), for a given state.

    Args:
        base: The people's baseline.
        fat_kg: Fat mass. [kg]
        lean_kg: Fat-free mass. [kg]
        glycogen_kg: Glycogen. [kg]
        ecf_change_kg: Extracellular-fluid change. [kg]
        therm_kcal: Thermogenic term. [kcal/day]
        intake_kcal: Intake. [kcal/day]
        delta: Activity expenditure per kg. [kcal/kg/day]

    Returns:
        Total energy expenditure. [kcal/day]

    References:
        [1] Hall K.D. et al., Lancet 2011, web appendix eq. 9; BWP bodymodel.js getTEE.
    """
    carbflux = CARB_FRACTION * intake_kcal - (
        CARB_FRACTION * base.intake_kcal / GLYCOGEN_0_KG**2
    ) * (glycogen_kg * glycogen_kg)
    weight = fat_kg + lean_kg + GLYCOGEN_WATER * (glycogen_kg - GLYCOGEN_0_KG) + ecf_change_kg
    expend = (
        base.k_kcal
        + GAMMA_L * lean_kg
        + GAMMA_F * fat_kg
        + delta * weight
        + therm_kcal
        + BETA_TEF * intake_kcal
    )
    p = FORBES_C_PRIME / (FORBES_C_PRIME + fat_kg)
    e = (1.0 - p) * ETA_F / RHO_F + p * ETA_L / RHO_L
    return (expend + (intake_kcal - carbflux) * e) / (1.0 + e)


def _linear_rk4_multipliers(rate: float, h: float) -> tuple[float, float, float, float]:
    # y' = rate * (y_inf - y) is linear with constant drive inside a segment, so classic RK4's
    # stage values are y_inf + (y - y_inf) * m_s exactly; returns (m2, m3, m4, step factor).
    z = rate * h
    m2 = 1.0 - 0.5 * z
    m3 = 1.0 - 0.5 * z * m2
    m4 = 1.0 - z * m3
    return m2, m3, m4, 1.0 - z * (1.0 + 2.0 * (m2 + m3) + m4) / 6.0


def _rk4_scalar(
    base: Baseline, segments: list[_Segment], steps_per_day: int, vector: bool = False
) -> list[Any]:
    # Same scheme as _vector_trajectory written out on plain floats (NumPy's per-call overhead
    # dominates for one person) or, with ``vector``, on arrays without recording every day.
    # Fluid and thermogenesis use their exact RK4 stage multipliers (linear, constant drive).
    # Returns the flat list of states (floats) or the final state (arrays).
    def pick(a: Any) -> Any:
        return a if vector else float(a[0])

    f: Any = base.fat_kg.copy() if vector else float(base.fat_kg[0])
    lean: Any = base.lean_kg.copy() if vector else float(base.lean_kg[0])
    g: Any = np.full(base.n, GLYCOGEN_0_KG) if vector else GLYCOGEN_0_KG
    e: Any = np.zeros(base.n) if vector else 0.0
    t: Any = BETA_AT * pick(base.intake_kcal)
    h = 1.0 / steps_per_day
    hh, h6 = 0.5 * h, h / 6.0
    da, db = _DEN_A, _DEN_B
    cl_half, cl_full, cl_6 = hh * FORBES_C_KG, h * FORBES_C_KG, h6 * FORBES_C_KG
    g_half, g_full, g_6 = hh / RHO_G, h / RHO_G, h6 / RHO_G
    me2, me3, me4, re = _linear_rk4_multipliers(_ECF_RATE, h)
    mt2, mt3, mt4, rt = _linear_rk4_multipliers(1.0 / TAU_AT, h)
    out: list[Any] = [f, lean, g, e, t]
    append = (lambda _: None) if vector else out.extend
    for seg in segments:
        kg, d37, dl = pick(seg.k_g), pick(seg.d37), pick(seg.delta)
        gl, gf, ci = pick(seg.gamma_l), pick(seg.gamma_f), pick(seg.ci)
        e_inf = pick(seg.ecf_drive) / _ECF_RATE
        t_inf = pick(seg.therm_drive) * TAU_AT
        zc = pick(seg.z0) - dl * e_inf - t_inf
        a2, a3, a4 = dl * me2, dl * me3, dl * me4
        for _ in range((seg.stop - seg.start) * steps_per_day):
            ue = e - e_inf
            ut = t - t_inf
            g2 = kg * g * g
            q1 = (zc - dl * ue - ut + g2 - d37 * g - gl * lean - gf * f) / (da * f + db)
            f1 = f * q1
            g1 = ci - g2
            fa = f + hh * f1
            la = lean + cl_half * q1
            ga = g + g_half * g1
            g2 = kg * ga * ga
            q2 = (zc - a2 * ue - mt2 * ut + g2 - d37 * ga - gl * la - gf * fa) / (da * fa + db)
            f2 = fa * q2
            gd2 = ci - g2
            fa = f + hh * f2
            la = lean + cl_half * q2
            ga = g + g_half * gd2
            g2 = kg * ga * ga
            q3 = (zc - a3 * ue - mt3 * ut + g2 - d37 * ga - gl * la - gf * fa) / (da * fa + db)
            f3 = fa * q3
            g3 = ci - g2
            fa = f + h * f3
            la = lean + cl_full * q3
            ga = g + g_full * g3
            g2 = kg * ga * ga
            q4 = (zc - a4 * ue - mt4 * ut + g2 - d37 * ga - gl * la - gf * fa) / (da * fa + db)
            f += h6 * (f1 + 2.0 * (f2 + f3) + fa * q4)
            lean += cl_6 * (q1 + 2.0 * (q2 + q3) + q4)
            g += g_6 * (g1 + 2.0 * (gd2 + g3) + ci - g2)
            e = e_inf + ue * re
            t = t_inf + ut * rt
            append((f, lean, g, e, t))
    return [f, lean, g, e, t] if vector else out


def _weight(f: Any, lean: Any, g: Any, e: Any) -> Any:
    return f + lean + GLYCOGEN_WATER * (g - GLYCOGEN_0_KG) + e


def simulate(
    base: Baseline,
    days: int,
    phases: Sequence[Phase] | None = None,
    *,
    intake_kcal_per_day: ArrayLike | None = None,
    activity_change_pct_per_day: ArrayLike | None = None,
    steps_per_day: int = 1,
    keep_days: bool = True,
) -> Trajectory:
    """Project body composition for ``days`` days under a piecewise-constant schedule.

    Give either ``phases`` (each value a scalar or one per person) or per-day arrays of
    shape (days,) or (n, days); the input of day d drives the step from day d to d + 1.
    With neither, intake stays at the baseline maintenance intake.

    Args:
        base: Initial state of n people (see :func:`baseline`).
        days: Length of the projection, ≥ 0. [day]
        phases: Intake and activity changes by phase.
        intake_kcal_per_day: Absolute intake per day. [kcal/day]
        activity_change_pct_per_day: Activity change per day. [%]
        steps_per_day: RK4 steps per day (1 as in the planner; more for convergence checks).
        keep_days: Keep every day (otherwise only day 0 and the last day, to save memory).

    Returns:
        The trajectory; with ``keep_days`` it includes daily intake and expenditure.

    Raises:
        ProjectionInputError: A negative intake, an activity change outside −100…+500 % or
            a negative number of days.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011, web appendix eqs 1-9.
        [2] NIH Body Weight Planner, bodymodel.js (RungeKatta, getTEE, dfdt, dldt, dgdt,
            dDecwdt, dthermdt).
    """
    if days < 0:
        raise ProjectionInputError(f"days: {days} must be ≥ 0")
    if steps_per_day < 1:
        raise ProjectionInputError(f"steps_per_day: {steps_per_day} must be ≥ 1")
    steps_per_day = max(steps_per_day, stable_steps_per_day(base))
    segments = _segments(base, days, phases, intake_kcal_per_day, activity_change_pct_per_day)
    if base.n > 1 and not keep_days:
        return _batch_final(base, segments, days, steps_per_day)
    if base.n == 1:
        return _scalar_trajectory(base, segments, days, steps_per_day, keep_days)
    return _vector_trajectory(base, segments, days, steps_per_day, keep_days)


STABLE_INTAKE_PER_STEP_KCAL = 5000.0
"""Largest maintenance intake one RK4 step a day integrates stably: the glycogen term's rate
grows with the baseline intake, and one-day steps blow up above about 5,800 kcal/day."""


def stable_steps_per_day(base: Baseline) -> int:
    """Fewest RK4 steps a day that keep the glycogen compartment stable for ``base``."""
    return max(1, math.ceil(float(np.max(base.intake_kcal)) / STABLE_INTAKE_PER_STEP_KCAL))


_CHUNK = 16384
"""People per block in batch runs: 128 kB arrays stay in cache, which beats one huge array."""


def _batch_final(
    base: Baseline, segments: list[_Segment], days: int, steps_per_day: int
) -> Trajectory:
    ends = []
    for i in range(0, base.n, _CHUNK):
        sl = slice(i, i + _CHUNK)
        part = Baseline(**{name: getattr(base, name)[sl] for name in _BASELINE_FIELDS})
        segs = [
            _Segment(
                start=sg.start,
                stop=sg.stop,
                **{name: getattr(sg, name)[sl] for name in _SEGMENT_ARRAYS},
            )
            for sg in segments
        ]
        ends.append(_rk4_scalar(part, segs, steps_per_day, vector=True))
    start = (
        base.fat_kg,
        base.lean_kg,
        np.full(base.n, GLYCOGEN_0_KG),
        np.zeros(base.n),
        BETA_AT * base.intake_kcal,
    )
    rec = np.stack(
        [
            np.stack([y0, np.concatenate([end[k] for end in ends])], axis=1)
            for k, y0 in enumerate(start)
        ]
    )
    return Trajectory(
        day=np.array([0, days], dtype=np.int64),
        weight_kg=_weight(rec[0], rec[1], rec[2], rec[3]),
        fat_kg=rec[0],
        lean_kg=rec[1],
        glycogen_kg=rec[2],
        ecf_change_kg=rec[3],
        thermogenesis_kcal=rec[4],
    )


def _scalar_trajectory(
    base: Baseline, segments: list[_Segment], days: int, steps_per_day: int, keep_days: bool
) -> Trajectory:
    flat = np.asarray(_rk4_scalar(base, segments, steps_per_day), dtype=float)
    states = flat.reshape(-1, 5)[::steps_per_day].T[:, None, :]
    f, lean, g, e, t = states
    intake = np.concatenate(
        [np.repeat(s.intake[:, None], s.stop - s.start, 1) for s in segments], 1
    )
    intake = intake if days else np.zeros((1, 0))
    stored = RHO_F * np.diff(f) + RHO_L * np.diff(lean) + RHO_G * np.diff(g)
    expenditure = intake - stored
    if not keep_days:
        f, lean, g, e, t = (a[:, [0, -1]] for a in (f, lean, g, e, t))
    day = np.arange(days + 1) if keep_days else np.array([0, days])
    return Trajectory(
        day=day.astype(np.int64),
        weight_kg=_weight(f, lean, g, e),
        fat_kg=f,
        lean_kg=lean,
        glycogen_kg=g,
        ecf_change_kg=e,
        thermogenesis_kcal=t,
        intake_kcal=intake if keep_days else None,
        expenditure_kcal=expenditure if keep_days else None,
    )


def _vector_trajectory(
    base: Baseline, segments: list[_Segment], days: int, steps_per_day: int, keep_days: bool
) -> Trajectory:
    n = base.n
    f = base.fat_kg.copy()
    lean = base.lean_kg.copy()
    g = np.full(n, GLYCOGEN_0_KG)
    e = np.zeros(n)
    t = BETA_AT * base.intake_kcal
    h = 1.0 / steps_per_day
    width = days + 1 if keep_days else 2
    rec = np.empty((5, n, width))
    rec[:, :, 0] = (f, lean, g, e, t)
    intake = np.empty((n, days)) if keep_days else None
    spent = np.empty((n, days)) if keep_days else None
    for seg in segments:
        for d in range(seg.start, seg.stop):
            tee = np.zeros(n) if keep_days else None
            for _ in range(steps_per_day):
                k1 = _derivatives((f, lean, g, e, t), seg)
                y2 = [y + (0.5 * h) * k for y, k in zip((f, lean, g, e, t), k1, strict=True)]
                k2 = _derivatives(y2, seg)
                y3 = [y + (0.5 * h) * k for y, k in zip((f, lean, g, e, t), k2, strict=True)]
                k3 = _derivatives(y3, seg)
                y4 = [y + h * k for y, k in zip((f, lean, g, e, t), k3, strict=True)]
                k4 = _derivatives(y4, seg)
                if tee is not None:
                    stages = ((f, lean, g, e, t), y2, y3, y4)
                    for w, y in zip((1.0, 2.0, 2.0, 1.0), stages, strict=True):
                        tee += (w * h / 6.0) * expenditure_kcal(
                            base, y[0], y[1], y[2], y[3], y[4], seg.intake, seg.delta
                        )
                f, lean, g, e, t = (
                    y + (h / 6.0) * (a + 2.0 * (b + c) + z)
                    for y, a, b, c, z in zip((f, lean, g, e, t), k1, k2, k3, k4, strict=True)
                )
            if keep_days:
                rec[:, :, d + 1] = (f, lean, g, e, t)
                assert intake is not None and spent is not None
                intake[:, d] = seg.intake
                spent[:, d] = tee
    if not keep_days:
        rec[:, :, 1] = (f, lean, g, e, t)
    day = np.arange(days + 1) if keep_days else np.array([0, days])
    return Trajectory(
        day=day.astype(np.int64),
        weight_kg=_weight(rec[0], rec[1], rec[2], rec[3]),
        fat_kg=rec[0],
        lean_kg=rec[1],
        glycogen_kg=rec[2],
        ecf_change_kg=rec[3],
        thermogenesis_kcal=rec[4],
        intake_kcal=intake,
        expenditure_kcal=spent,
    )


RULE_STOP_BMI_FLOOR = "bmi_floor"
"""The 3,500 kcal line reached BMI 18.5 at the person's height (see :class:`RuleProjection`)."""
RULE_STOP_FAT_MASS = "fat_mass"
"""The 3,500 kcal line used up all the fat the person has (see :class:`RuleProjection`)."""


@dataclass(frozen=True)
class RuleProjection:
    """The static 3,500 kcal rule for n people, stopped where its assumption breaks down.

    The rule counts every kilogram lost as fat and never lets expenditure adapt, so a deficit
    kept up for long enough drives its line through any body's fat and on to zero weight. The
    line therefore stops at ``limit_kg``: the higher of the BMI 18.5 weight at the person's
    height and the weight at which the rule's fat change would equal the whole fat mass
    (fat-free mass stays fixed under the rule), but never above the starting weight. From
    ``stop_day`` on the weights repeat the limit: a held value that marks the end of the
    rule's answer, not a prediction. Gains are not stopped.

    Attributes:
        weight_kg: Body mass for days 0 … N, shape (n, N + 1). [kg]
        floor_kg: BMI 18.5 weight at each person's height, shape (n,). [kg]
        limit_kg: Lowest weight the line may show, shape (n,). [kg]
        stop_day: First day held at the limit; -1 where the line never stops, shape (n,).
            [day]
        stop_cause: Why each line stops there (:data:`RULE_STOP_BMI_FLOOR` or
            :data:`RULE_STOP_FAT_MASS`), whether or not it reaches it.
    """

    weight_kg: FloatArray
    floor_kg: FloatArray
    limit_kg: FloatArray
    stop_day: NDArray[np.int64]
    stop_cause: tuple[str, ...]

    @property
    def stopped(self) -> NDArray[np.bool_]:
        """True for each person whose line reaches its limit within the projection."""
        return np.asarray(self.stop_day >= 0, dtype=bool)


def rule_3500_projection(
    base: Baseline,
    days: int,
    phases: Sequence[Phase] | None = None,
    *,
    intake_kcal_per_day: ArrayLike | None = None,
    activity_change_pct_per_day: ArrayLike | None = None,
) -> RuleProjection:
    """Weight under the static 3,500 kcal per lb rule for the same schedule, stopped honestly.

    The deficit is measured against the baseline maintenance intake and never adapts; an
    activity change counts as δ0 · pct/100 · initial weight every day. The cumulative
    deficit divided by 3,500 kcal/lb is taken off the starting weight until the line reaches
    the lower of the starting weight and the higher of two limits: BMI 18.5 at the person's
    height (:func:`gluteus.domain.energy.balance.minimum_goal_weight_kg`) and the fat-free mass (the
    rule's fat change cannot exceed the fat there is). From that day the line is held; see
    :class:`RuleProjection`. Its weights are therefore never negative.

    Args:
        base: Initial state of n people.
        days: Length of the projection. [day]
        phases: Intake and activity changes by phase.
        intake_kcal_per_day: Absolute intake per day. [kcal/day]
        activity_change_pct_per_day: Activity change per day. [%]

    Returns:
        The stopped line with its limit and stop day per person.

    References:
        [1] Wishnofsky M., Am. J. Clin. Nutr. 6:542-546, 1958 (3,500 kcal per lb).
        [2] Thomas D.M. et al., Int. J. Obes. 37:1611-1613, 2013 (it overstates long-run
            loss). doi:10.1038/ijo.2013.51
        [3] WHO, "Obesity: preventing and managing the global epidemic", Technical Report
            Series 894, 2000 (BMI below 18.5 is underweight).
    """
    segments = _segments(base, days, phases, intake_kcal_per_day, activity_change_pct_per_day)
    deficit = np.zeros((base.n, days))
    for s in segments:
        daily = base.intake_kcal - s.intake + (s.delta - base.delta) * base.weight_kg
        deficit[:, s.start : s.stop] = daily[:, None]
    cumulative = np.concatenate([np.zeros((base.n, 1)), np.cumsum(deficit, axis=1)], axis=1)
    free = base.weight_kg[:, None] - cumulative / KCAL_PER_KG_FAT_RULE
    # Same number as minimum_goal_weight_kg, for a whole batch at once.
    floor = HEALTHY_BMI_FLOOR * (base.height_cm / 100.0) ** 2
    by_floor = floor >= base.lean_kg
    limit = np.minimum(base.weight_kg, np.where(by_floor, floor, base.lean_kg))
    below = free < limit[:, None]
    reached = np.asarray(below.any(axis=1), dtype=bool)
    stop = np.where(reached, np.argmax(below, axis=1), -1).astype(np.int64)
    held = reached[:, None] & (np.arange(days + 1)[None, :] >= stop[:, None])
    weight = np.where(held, limit[:, None], free)
    return RuleProjection(
        weight_kg=np.asarray(weight, dtype=float),
        floor_kg=np.asarray(floor, dtype=float),
        limit_kg=np.asarray(limit, dtype=float),
        stop_day=stop,
        stop_cause=tuple(RULE_STOP_BMI_FLOOR if f else RULE_STOP_FAT_MASS for f in by_floor),
    )


def maintenance_intake_kcal(
    base: Baseline, fat_kg: Any, lean_kg: Any, weight_kg: Any, activity_change_pct: Any = 0.0
) -> Any:
    """Steady intake that holds fat and lean constant at the given state (BWP cals4balance).

    Args:
        base: The people's baseline (K and δ0).
        fat_kg: Fat mass. [kg]
        lean_kg: Fat-free mass. [kg]
        weight_kg: Body mass. [kg]
        activity_change_pct: Activity change in the maintenance phase. [%]

    Returns:
        Maintenance intake. [kcal/day]

    References:
        [1] NIH Body Weight Planner, intervention.js / appController.js (cals4balance).
    """
    delta = base.delta * (1.0 + np.asarray(activity_change_pct, dtype=float) / 100.0)
    return (
        base.k_kcal + GAMMA_L * lean_kg + GAMMA_F * fat_kg + delta * weight_kg
    ) / _BALANCE_FACTOR


@dataclass(frozen=True)
class GoalResult:
    """The intake that reaches a goal weight on a given day, and what follows.

    Attributes:
        goal_weight_kg: Goal body mass. [kg]
        goal_days: Days to reach it. [day]
        baseline_intake_kcal: Maintenance intake before the change. [kcal/day]
        intake_kcal: Constant intake reaching the goal on the goal day; None when no intake
            can (even eating nothing leaves the person above the goal). [kcal/day]
        maintenance_intake_kcal: Intake that holds the goal weight afterwards. [kcal/day]
        maintenance_drop_kcal: How much lower that is than the baseline intake. [kcal/day]
        achievable: True when the goal is reachable within the floors and the safe pace.
        warnings: Why it is not achievable, or other cautions.
        earliest_safe_day: Smallest goal period whose intake respects the floor and the safe
            pace; None when none within 10 years does. [day]
        activity_change_pct: Extra activity reaching the goal at the baseline intake; None
            when more than +500 % would be needed. [%]
        floor_kcal: Calorie floor for the person's sex. [kcal/day]
        weekly_loss_kg: Average loss per week over the goal period. [kg/week]
        safe_pace_kg_per_week: Fastest pace Gluteus plans for. [kg/week]
    """

    goal_weight_kg: float
    goal_days: int
    baseline_intake_kcal: float
    intake_kcal: float | None
    maintenance_intake_kcal: float | None
    maintenance_drop_kcal: float | None
    achievable: bool
    warnings: tuple[str, ...]
    earliest_safe_day: int | None
    activity_change_pct: float | None
    floor_kcal: float
    weekly_loss_kg: float
    safe_pace_kg_per_week: float


def _final_state(
    base: Baseline, days: int, intake: float, pct: float
) -> tuple[float, float, float, float]:
    segs = [_segment(base, 0, days, intake, pct)]
    f, lean, g, e, _ = _rk4_scalar(base, segs, 1)[-5:]
    return f, lean, g, _weight(f, lean, g, e)


def _root(func: Any, lo: float, hi: float, f_lo: float, f_hi: float, tol: float) -> float:
    # Illinois regula falsi: weight on the goal day is almost linear in intake, so this
    # converges in a handful of simulations while keeping the bracket.
    side = 0
    x = lo
    for _ in range(200):
        x = hi - f_hi * (hi - lo) / (f_hi - f_lo) if f_hi != f_lo else 0.5 * (lo + hi)
        fx = func(x)
        if abs(fx) <= tol or hi - lo <= 1e-9:
            return float(x)
        if (fx > 0) == (f_hi > 0):
            hi, f_hi = x, fx
            if side == 1:
                f_lo *= 0.5
            side = 1
        else:
            lo, f_lo = x, fx
            if side == -1:
                f_hi *= 0.5
            side = -1
    return float(x)


def goal_intake_kcal(
    base: Baseline,
    goal_weight_kg: float,
    goal_days: int,
    activity_change_pct: float = 0.0,
    tolerance_kg: float = 1e-6,
) -> float | None:
    """Constant intake from day 0 that gives the goal weight on day ``goal_days``.

    Args:
        base: One person's baseline.
        goal_weight_kg: Goal body mass. [kg]
        goal_days: Goal period. [day]
        activity_change_pct: Activity change during the goal period. [%]
        tolerance_kg: Distance to the goal accepted (the BWP uses 0.001). [kg]

    Returns:
        The intake, or None when even 0 kcal/day leaves the person above the goal. [kcal/day]

    References:
        [1] NIH Body Weight Planner, intervention.js Intervention.forgoal.
    """

    def miss(intake: float) -> float:
        w = _final_state(base, goal_days, intake, activity_change_pct)[3]
        return w - goal_weight_kg if math.isfinite(w) else -math.inf

    f_lo = miss(0.0)
    if f_lo > 0:
        return None
    if abs(f_lo) <= tolerance_kg:
        return 0.0
    hi = float(base.intake_kcal[0]) + 500.0
    f_hi = miss(hi)
    while f_hi < 0:
        if hi >= 19000.0:
            return None
        hi = min(2.0 * hi, 19000.0)
        f_hi = miss(hi)
    return _root(miss, 0.0, hi, f_lo, f_hi, tolerance_kg)


def goal_activity_change_pct(
    base: Baseline, goal_weight_kg: float, goal_days: int, tolerance_kg: float = 1e-6
) -> float | None:
    """Activity change that reaches the goal at the baseline intake.

    Args:
        base: One person's baseline.
        goal_weight_kg: Goal body mass. [kg]
        goal_days: Goal period. [day]
        tolerance_kg: Distance to the goal accepted. [kg]

    Returns:
        The change of the activity term δ, or None outside −100…+500 %. [%]

    References:
        [1] NIH Body Weight Planner, intervention.js getAct; palChangeDialogController.js.
    """
    intake = float(base.intake_kcal[0])

    def miss(pct: float) -> float:
        return _final_state(base, goal_days, intake, pct)[3] - goal_weight_kg

    lo, hi = ACTIVITY_CHANGE_RANGE_PCT
    f_lo, f_hi = miss(hi), miss(lo)  # more activity, lower weight
    if f_lo > tolerance_kg or f_hi < -tolerance_kg:
        return None
    return _root(lambda x: miss(-x), -hi, -lo, f_lo, f_hi, tolerance_kg) * -1.0


def _is_safe(base: Baseline, goal_weight_kg: float, days: int, floor: float) -> bool:
    w0 = float(base.weight_kg[0])
    if (w0 - goal_weight_kg) * 7.0 / days > safe_pace_kg_per_week(w0) + 1e-12:
        return False
    intake = goal_intake_kcal(base, goal_weight_kg, days, tolerance_kg=1e-4)
    return intake is not None and intake >= floor


def earliest_safe_day(
    base: Baseline, goal_weight_kg: float, floor_kcal: float | None = None
) -> int | None:
    """Shortest goal period whose intake respects the calorie floor and the safe pace.

    Args:
        base: One person's baseline.
        goal_weight_kg: Goal body mass. [kg]
        floor_kcal: Calorie floor; the sex's floor when omitted. [kcal/day]

    Returns:
        The number of days, or None when no period up to 10 years is safe. [day]

    References:
        [1] Harvard Health Publishing, "Calorie counting made easy", 2009 (1,200/1,500 kcal).
        [2] Helms E.R. et al., J. Int. Soc. Sports Nutr. 11:20, 2014 (≤ 1 % of body weight a
            week); NHLBI Clinical Guidelines, NIH Pub. 98-4083, 1998.
    """
    floor = calorie_floor(_sex(base)) if floor_kcal is None else floor_kcal
    w0 = float(base.weight_kg[0])
    lo = max(1, math.ceil((w0 - goal_weight_kg) * 7.0 / safe_pace_kg_per_week(w0) - 1e-9))
    limit = GOAL_DAYS_RANGE[1]
    if lo > limit:
        return None
    if _is_safe(base, goal_weight_kg, lo, floor):
        return lo
    hi = lo
    while True:
        lo, hi = hi, min(2 * hi, limit)
        if _is_safe(base, goal_weight_kg, hi, floor):
            break
        if hi == limit:
            return None
    while hi - lo > 1:  # lo unsafe, hi safe; the needed intake rises with the period
        mid = (lo + hi) // 2
        if _is_safe(base, goal_weight_kg, mid, floor):
            hi = mid
        else:
            lo = mid
    return hi


def _sex(base: Baseline) -> Sex:
    return Sex.MALE if bool(base.is_male[0]) else Sex.FEMALE


def solve_goal(
    base: Baseline,
    goal_weight_kg: float,
    goal_days: int,
    activity_change_pct: float = 0.0,
    maintenance_activity_change_pct: float | None = None,
) -> GoalResult:
    """Goal intake, maintenance intake, safety checks and an activity alternative.

    The goal intake is held from day 0; the weight on day ``goal_days`` matches the goal to
    1e-6 kg (tighter than the planner's 0.001 kg). Maintenance is computed from the state
    after goal_days + 1 days, as the planner does. The goal is not achievable when no intake
    reaches it, when the intake is below the 1,200/1,500 kcal floor, or when the average
    weekly loss is above the safe pace; the warnings say which.

    Args:
        base: One person's baseline (n = 1).
        goal_weight_kg: Goal body mass, 35-300. [kg]
        goal_days: Goal period, 1-3650. [day]
        activity_change_pct: Activity change during the goal period. [%]
        maintenance_activity_change_pct: Activity change afterwards; the goal period's
            when omitted. [%]

    Returns:
        The result with every number and warning.

    Raises:
        ProjectionInputError: The goal weight or period is out of range.

    References:
        [1] NIH Body Weight Planner, intervention.js (forgoal), appController.js
            (goalChange, cals4balance).
        [2] Harvard Health Publishing, "Calorie counting made easy", 2009.
        [3] Helms E.R. et al., J. Int. Soc. Sports Nutr. 11:20, 2014.
    """
    if base.n != 1:
        raise ProjectionInputError("base: the goal solver takes one person")
    _check_range("goal_weight", goal_weight_kg, *WEIGHT_RANGE_KG, "kg")
    _check_range("goal_days", goal_days, *GOAL_DAYS_RANGE, "days")
    _check_range("activity_change", activity_change_pct, *ACTIVITY_CHANGE_RANGE_PCT, "%")
    goal_days = int(goal_days)
    maint_pct = (
        activity_change_pct
        if maintenance_activity_change_pct is None
        else maintenance_activity_change_pct
    )
    ei0 = float(base.intake_kcal[0])
    w0 = float(base.weight_kg[0])
    floor = calorie_floor(_sex(base))
    safe = safe_pace_kg_per_week(w0)
    weekly = (w0 - goal_weight_kg) * 7.0 / goal_days
    warnings: list[str] = []
    intake = goal_intake_kcal(base, goal_weight_kg, goal_days, activity_change_pct)
    maintenance: float | None = None
    if intake is None:
        warnings.append(
            message(
                "Not reachable: even eating nothing for {days} days leaves you above {goal}.",
                days=goal_days,
                goal=Mass(goal_weight_kg, ".1f"),
            )
        )
    else:
        f, lean, _, w = _final_state(base, goal_days + 1, intake, activity_change_pct)
        maintenance = float(maintenance_intake_kcal(base, f, lean, w, maint_pct)[0])
        if intake < floor:
            warnings.append(
                f"The goal needs {intake:.0f} kcal/day, below the {floor:.0f} kcal/day floor "
                f"for {_sex(base).value}s; eating less needs medical supervision."
            )
        if maintenance < floor:
            warnings.append(
                message(
                    "Holding {goal} needs {maintenance:.0f} kcal/day, below the "
                    "{floor:.0f} kcal/day floor; add activity or choose a higher goal.",
                    goal=Mass(goal_weight_kg, ".1f"),
                    maintenance=maintenance,
                    floor=floor,
                )
            )
    if weekly > safe + 1e-12:
        warnings.append(
            message(
                "The goal means losing {weekly}/week on average, faster than the safe "
                "pace of {safe}/week (about 1 % of body weight, at most {cap}).",
                weekly=Mass(weekly, ".2f"),
                safe=Mass(safe, ".2f"),
                cap=Mass(SAFE_PACE_MAX_KG_PER_WEEK, "g"),
            )
        )
    achievable = intake is not None and intake >= floor and weekly <= safe + 1e-12
    earliest: int | None = goal_days if achievable else None
    if not achievable and goal_weight_kg < w0:
        earliest = earliest_safe_day(base, goal_weight_kg, floor)
        if earliest is None:
            warnings.append("No goal period up to 10 years reaches this goal safely.")
        else:
            warnings.append(f"The earliest safe goal day is day {earliest}.")
    return GoalResult(
        goal_weight_kg=float(goal_weight_kg),
        goal_days=goal_days,
        baseline_intake_kcal=ei0,
        intake_kcal=intake,
        maintenance_intake_kcal=maintenance,
        maintenance_drop_kcal=None if maintenance is None else ei0 - maintenance,
        achievable=achievable,
        warnings=tuple(warnings),
        earliest_safe_day=earliest,
        activity_change_pct=goal_activity_change_pct(base, goal_weight_kg, goal_days),
        floor_kcal=floor,
        weekly_loss_kg=weekly,
        safe_pace_kg_per_week=safe,
    )


__all__ = [
    "REFERENCES",
    "RULE_STOP_BMI_FLOOR",
    "RULE_STOP_FAT_MASS",
    "Baseline",
    "GoalResult",
    "Phase",
    "ProjectionInputError",
    "RuleProjection",
    "Trajectory",
    "baseline",
    "baseline_for",
    "earliest_safe_day",
    "expenditure_kcal",
    "goal_activity_change_pct",
    "goal_intake_kcal",
    "jackson_body_fat_pct",
    "maintenance_intake_kcal",
    "mifflin_st_jeor_bwp",
    "rule_3500_projection",
    "simulate",
    "solve_goal",
]
