"""Estimators of energy expenditure from logged intake and weigh-ins, and their fits."""

from . import expenditure as expenditure
from . import intake_balance as intake_balance
from . import model_offset as model_offset
from . import weight_filter as weight_filter
from .expenditure import (
    FloatArray as FloatArray,
    BAND_LEVEL as BAND_LEVEL,
    DEFAULT_ENERGY_DENSITY_KCAL_PER_KG as DEFAULT_ENERGY_DENSITY_KCAL_PER_KG,
    PRIOR_SD_FRACTION as PRIOR_SD_FRACTION,
    TYPICAL_FORBES_RATIO as TYPICAL_FORBES_RATIO,
    UNKNOWN_MAINTENANCE_SD_KCAL as UNKNOWN_MAINTENANCE_SD_KCAL,
    LOOKBACK_DAYS as LOOKBACK_DAYS,
    TREND_SLOPE_DRIFT_KG as TREND_SLOPE_DRIFT_KG,
    TREND_LEVEL_DRIFT_KG as TREND_LEVEL_DRIFT_KG,
    ADHERENCE_SD_FRACTION as ADHERENCE_SD_FRACTION,
    ExpenditureInputError as ExpenditureInputError,
    ExpenditureEstimate as ExpenditureEstimate,
    energy_density_kcal_per_kg as energy_density_kcal_per_kg,
    stored_energy_kcal_per_kg as stored_energy_kcal_per_kg,
    trend_weight as trend_weight,
    TrendBand as TrendBand,
    trend_band as trend_band,
    estimate_expenditure_from_intake as estimate_expenditure_from_intake,
    estimate_expenditure_from_model as estimate_expenditure_from_model,
    prior_expenditure as prior_expenditure,
    Retarget as Retarget,
    retarget_intake as retarget_intake,
)
from .intake_balance import (
    LOG_ERROR_FRACTION as LOG_ERROR_FRACTION,
    EXPENDITURE_DRIFT_SD_KCAL as EXPENDITURE_DRIFT_SD_KCAL,
    START_SD_KCAL as START_SD_KCAL,
    WATER_SCALE_SD as WATER_SCALE_SD,
    ACTIVITY_COST_KCAL_PER_KG as ACTIVITY_COST_KCAL_PER_KG,
    SMOOTHING_DAYS as SMOOTHING_DAYS,
    STEP_DAYS as STEP_DAYS,
    filled_intake as filled_intake,
    todays_intake_sd as todays_intake_sd,
    water_shift as water_shift,
    IntakeBalance as IntakeBalance,
    fit_intake_balance as fit_intake_balance,
)
from .model_offset import (
    more_intake as more_intake,
    fit_model_offset as fit_model_offset,
)
from .weight_filter import (
    PHI_GRID as PHI_GRID,
    NOISE_SD_GRID_KG as NOISE_SD_GRID_KG,
    SWING_SHARE_GRID as SWING_SHARE_GRID,
    SLIP_PROBABILITY as SLIP_PROBABILITY,
    SLIP_RANGE_KG as SLIP_RANGE_KG,
    NoiseGrid as NoiseGrid,
    noise_grid as noise_grid,
    LinearModel as LinearModel,
    Posterior as Posterior,
    run_filter as run_filter,
    mixture_interval as mixture_interval,
    HypothesisFit as HypothesisFit,
)
