"""The truth for the closed-loop study: our own Hall-style body-weight model, one person a day.

Written for the tests from the published equations (Hall K.D. et al., Lancet 378:826-837, 2011,
appendix; the constants and equations as collected in ../shared/research/hall_model.md §3-4),
independently of :mod:`gluteus.domain.energy.bodyweight`: nothing here imports the code under
test. Fat, lean tissue, glycogen (with its water), extracellular fluid and adaptive
thermogenesis are states; one day is one fourth-order Runge-Kutta step at that day's intake.
The person starts weight-stable at their true maintenance intake, which the study chooses.

Dietary sodium is the one place the two published implementations differ: the NIH Body Weight
Planner makes it proportional to intake (a 500 kcal cut also sheds about 0.2 kg of fluid), the
``bw`` package keeps it constant. Real people sit anywhere between, so each person here has a
``sodium_coupling`` from 0 (constant) to 1 (proportional).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

RHO_F = 9440.0  # fat energy density [kcal/kg]
RHO_L = 1807.0  # lean tissue energy density [kcal/kg]
RHO_G = 4180.0  # glycogen energy density [kcal/kg]
GAMMA_F = 3.2  # resting expenditure per kg fat [kcal/kg/day]
GAMMA_L = 22.0  # resting expenditure per kg lean [kcal/kg/day]
ETA_F = 180.0  # cost of fat synthesis [kcal/kg]
ETA_L = 230.0  # cost of protein synthesis [kcal/kg]
BETA_TEF = 0.10  # thermic effect of feeding [-]
BETA_AT = 0.14  # adaptive thermogenesis [-]
TAU_AT = 14.0  # its time constant [day]
FORBES_C = 10.4 * RHO_L / RHO_F  # Forbes constant in energy terms [kg]
G0 = 0.5  # glycogen at balance [kg]
WATER_PER_GLYCOGEN = 3.7  # glycogen plus its water [kg/kg]
CARB_SHARE = 0.5  # carbohydrate share of intake [-]
NA_CONC = 3220.0  # ECF sodium [mg/L]
XI_NA = 3000.0  # renal sodium response [mg/L/day]
XI_CI = 4000.0  # carbohydrate effect on sodium excretion [mg/day]
NA_0 = 4000.0  # dietary sodium at maintenance [mg/day]


def mifflin_rmr_kcal(female: bool, age: float, height_cm: float, weight_kg: float) -> float:
    """Resting expenditure by Mifflin-St Jeor (Am. J. Clin. Nutr. 51:241-247, 1990). [kcal/day]"""
    return 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age + (-161.0 if female else 5.0)


def jackson_fat_pct(female: bool, age: float, height_cm: float, weight_kg: float) -> float:
    """Body fat from BMI and age (Jackson A.S. et al., Int. J. Obes. 26:789-796, 2002). [%]"""
    bmi = weight_kg / (height_cm / 100.0) ** 2
    if female:
        return 0.14 * age + 39.96 * math.log(bmi) - 102.01
    return 0.14 * age + 37.31 * math.log(bmi) - 103.94


@dataclass
class HallPerson:
    """One person's state; :meth:`day` eats one day's intake and reports that day."""

    weight_kg: float
    fat_kg: float
    maintenance_kcal: float
    rmr_kcal: float
    sodium_coupling: float = 1.0
    lean_kg: float = field(init=False)
    glycogen_kg: float = field(init=False, default=G0)
    ecf_kg: float = field(init=False, default=0.0)
    at_kcal: float = field(init=False, default=0.0)
    delta: float = field(init=False)
    k: float = field(init=False)

    def __post_init__(self) -> None:
        self.lean_kg = self.weight_kg - self.fat_kg
        pal = self.maintenance_kcal / self.rmr_kcal
        self.delta = ((1.0 - BETA_TEF) * pal - 1.0) * self.rmr_kcal / self.weight_kg
        self.k = (
            self.maintenance_kcal
            - GAMMA_F * self.fat_kg
            - GAMMA_L * self.lean_kg
            - self.delta * self.weight_kg
        )

    @property
    def body_weight_kg(self) -> float:
        """Scale weight without the day's swing. [kg]"""
        return (
            self.fat_kg + self.lean_kg + WATER_PER_GLYCOGEN * (self.glycogen_kg - G0) + self.ecf_kg
        )

    def _rates(
        self, state: tuple[float, float, float, float, float], intake: float
    ) -> tuple[tuple[float, float, float, float, float], float]:
        fat, lean, gly, ecf, at = state
        d_intake = intake - self.maintenance_kcal
        carbs, carbs0 = CARB_SHARE * intake, CARB_SHARE * self.maintenance_kcal
        carb_flux = carbs - carbs0 * (gly / G0) ** 2
        bw = fat + lean + WATER_PER_GLYCOGEN * (gly - G0) + ecf
        p = FORBES_C / (FORBES_C + fat)
        expend = (
            self.k + GAMMA_F * fat + GAMMA_L * lean + self.delta * bw + BETA_TEF * d_intake + at
        )
        e = (1.0 - p) * ETA_F / RHO_F + p * ETA_L / RHO_L
        ee = (expend + (intake - carb_flux) * e) / (1.0 + e)
        imbalance = intake - ee - carb_flux
        rates = (
            (1.0 - p) * imbalance / RHO_F,
            p * imbalance / RHO_L,
            carb_flux / RHO_G,
            (
                NA_0 * self.sodium_coupling * d_intake / self.maintenance_kcal
                - XI_NA * ecf
                - XI_CI * (1.0 - carbs / carbs0)
            )
            / NA_CONC,
            (BETA_AT * d_intake - at) / TAU_AT,
        )
        return rates, ee

    def day(self, intake_kcal: float) -> float:
        """Live one day eating ``intake_kcal``; returns that day's expenditure. [kcal/day]"""
        s0 = (self.fat_kg, self.lean_kg, self.glycogen_kg, self.ecf_kg, self.at_kcal)
        k1, ee = self._rates(s0, intake_kcal)
        s1 = tuple(a + 0.5 * b for a, b in zip(s0, k1, strict=True))
        k2, _ = self._rates(s1, intake_kcal)  # type: ignore[arg-type]
        s2 = tuple(a + 0.5 * b for a, b in zip(s0, k2, strict=True))
        k3, _ = self._rates(s2, intake_kcal)  # type: ignore[arg-type]
        s3 = tuple(a + b for a, b in zip(s0, k3, strict=True))
        k4, _ = self._rates(s3, intake_kcal)  # type: ignore[arg-type]
        new = [
            a + (b + 2.0 * c + 2.0 * d + e) / 6.0
            for a, b, c, d, e in zip(s0, k1, k2, k3, k4, strict=True)
        ]
        self.fat_kg, self.lean_kg, self.glycogen_kg, self.ecf_kg, self.at_kcal = new
        return ee
