"""Estimators of energy expenditure from logged intake and weigh-ins, and their fits."""

from .expenditure import (
    ADHERENCE_SD_FRACTION as ADHERENCE_SD_FRACTION,
)
from .expenditure import (
    BAND_LEVEL as BAND_LEVEL,
)
from .expenditure import (
    DEFAULT_ENERGY_DENSITY_KCAL_PER_KG as DEFAULT_ENERGY_DENSITY_KCAL_PER_KG,
)
from .expenditure import (
    LOOKBACK_DAYS as LOOKBACK_DAYS,
)
from .expenditure import (
    PRIOR_SD_FRACTION as PRIOR_SD_FRACTION,
)
from .expenditure import (
    TREND_LEVEL_DRIFT_KG as TREND_LEVEL_DRIFT_KG,
)
from .expenditure import (
    TREND_SLOPE_DRIFT_KG as TREND_SLOPE_DRIFT_KG,
)
from .expenditure import (
    TYPICAL_FORBES_RATIO as TYPICAL_FORBES_RATIO,
)
from .expenditure import (
    UNKNOWN_MAINTENANCE_SD_KCAL as UNKNOWN_MAINTENANCE_SD_KCAL,
)
from .expenditure import (
    ExpenditureEstimate as ExpenditureEstimate,
)
from .expenditure import (
    ExpenditureInputError as ExpenditureInputError,
)
from .expenditure import (
    FloatArray as FloatArray,
)
from .expenditure import (
    Retarget as Retarget,
)
from .expenditure import (
    energy_density_kcal_per_kg as energy_density_kcal_per_kg,
)
from .expenditure import (
    estimate_expenditure_from_intake as estimate_expenditure_from_intake,
)
from .expenditure import (
    estimate_expenditure_from_model as estimate_expenditure_from_model,
)
from .expenditure import (
    prior_expenditure as prior_expenditure,
)
from .expenditure import (
    retarget_intake as retarget_intake,
)
from .expenditure import (
    stored_energy_kcal_per_kg as stored_energy_kcal_per_kg,
)
from .expenditure import (
    trend_weight as trend_weight,
)
from .intake_balance import (
    ACTIVITY_COST_KCAL_PER_KG as ACTIVITY_COST_KCAL_PER_KG,
)
from .intake_balance import (
    EXPENDITURE_DRIFT_SD_KCAL as EXPENDITURE_DRIFT_SD_KCAL,
)
from .intake_balance import (
    LOG_ERROR_FRACTION as LOG_ERROR_FRACTION,
)
from .intake_balance import (
    SMOOTHING_DAYS as SMOOTHING_DAYS,
)
from .intake_balance import (
    START_SD_KCAL as START_SD_KCAL,
)
from .intake_balance import (
    STEP_DAYS as STEP_DAYS,
)
from .intake_balance import (
    WATER_SCALE_SD as WATER_SCALE_SD,
)
from .intake_balance import (
    IntakeBalance as IntakeBalance,
)
from .intake_balance import (
    filled_intake as filled_intake,
)
from .intake_balance import (
    fit_intake_balance as fit_intake_balance,
)
from .intake_balance import (
    water_shift as water_shift,
)
from .model_offset import (
    fit_model_offset as fit_model_offset,
)
from .model_offset import (
    more_intake as more_intake,
)
from .weight_filter import (
    NOISE_SD_GRID_KG as NOISE_SD_GRID_KG,
)
from .weight_filter import (
    PHI_GRID as PHI_GRID,
)
from .weight_filter import (
    SWING_SHARE_GRID as SWING_SHARE_GRID,
)
from .weight_filter import (
    HypothesisFit as HypothesisFit,
)
from .weight_filter import (
    LinearModel as LinearModel,
)
from .weight_filter import (
    NoiseGrid as NoiseGrid,
)
from .weight_filter import (
    Posterior as Posterior,
)
from .weight_filter import (
    mixture_interval as mixture_interval,
)
from .weight_filter import (
    noise_grid as noise_grid,
)
from .weight_filter import (
    run_filter as run_filter,
)
