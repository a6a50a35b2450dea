"""The weekly check-in: expenditure measured from the logs, the trend, and a new intake target.

From the logged weights, and the logged intake when there is some, :func:`assess` measures
daily expenditure with an honest band (by the estimators of
:mod:`gluteus.domain.energy.estimate`), reads the weight trend against the plan, and sets the
intake target again from that measurement for the planned pace, never faster than the safe
pace, never below the floor and never more than one step from the target in force. Pure: the
logs and ``today`` are passed in; storing the check-in is the service's job. NumPy and the
estimators load on first use, so asking only whether a check-in is due stays fast.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from gluteus.domain.energy.balance import calorie_floor, intake_target
from gluteus.domain.energy.goal import goal_reached
from gluteus.domain.energy.projection import pal_for
from gluteus.domain.history import WeightEntry
from gluteus.domain.profile import Limitation, Profile
from gluteus.domain.program import Program

if TYPE_CHECKING:
    from gluteus.domain.energy.bodyweight import Baseline
    from gluteus.domain.energy.estimate import expenditure as ex

CHECKIN_EVERY_DAYS = 7
"""A check-in is due a week after the last one. [days]"""
WINDOW_DAYS = 84
"""Logs older than 12 weeks are left out: expenditure drifts, and old data would pin it.
[days]"""
MIN_WEIGHTS = 3
"""Weigh-ins needed before anything is measured. [-]"""
MIN_SPAN_DAYS = 10
"""Days the weigh-ins must span: a few days of water swings say nothing about expenditure.
[days]"""
MIN_INTAKE_DAYS = 7
"""Logged intake days (in the window) needed to measure by energy balance. [days]"""
MAX_STEP_KCAL = 250.0
"""Largest change of the target at one check-in (our choice): a noisy week cannot whip the
target around, and a real change still arrives within two or three check-ins. [kcal/day]"""
MIN_CHANGE_KCAL = 30.0
"""A measured target closer than this to the one in force keeps it (our choice): the
measurement is not that exact, and a target that stays put is easier to follow. [kcal/day]"""
BAND_LEVEL = 0.8
"""Coverage of the expenditure band a check-in reports, the estimators' own
(:data:`gluteus.domain.energy.estimate.expenditure.BAND_LEVEL`). [-]"""
PREGNANCY_VERDICT = (
    "In pregnancy a steady gain is expected and healthy; your midwife or doctor tracks it "
    "against your own range."
)
"""The trend's verdict in pregnancy, whatever the scale says."""

Method = Literal["intake_and_trend", "model_offset", "prior"]
"""How the expenditure was made, from most to least data (see :data:`METHOD_TEXT`)."""

METHOD_TEXT: dict[str, str] = {
    "intake_and_trend": (
        "measured from your weight trend and the intake you logged (energy balance: what you "
        "ate minus what your body stored or lost)"
    ),
    "model_offset": (
        "measured from your weight trend against what the body-weight model expected on your "
        "plan's target (no intake logs, so this assumes you ate close to the target)"
    ),
    "prior": (
        "estimated from the resting-energy equation, your everyday activity and your plan's "
        "exercise: not measured yet, so the band is wide"
    ),
}
"""Each :data:`Method` in words for people."""


class ExpenditureView(BaseModel):
    """Daily expenditure with its band and how it was made."""

    tdee_kcal: float
    low_kcal: float
    high_kcal: float
    band_level: float
    method: Method
    days_of_data: int
    weigh_ins: int
    intake_days: int
    how: str


class TrendView(BaseModel):
    """The smoothed weight and its weekly change (negative = losing)."""

    weight_kg: float
    rate_kg_per_week: float | None
    expected_rate_kg_per_week: float
    verdict: str


class TargetView(BaseModel):
    """The intake target set at this check-in."""

    intake_kcal: float
    floor_kcal: float
    previous_kcal: float
    change_kcal: float
    pace_kg_per_week: float
    reason: str


class CheckinView(BaseModel):
    """One check-in, as shown and as saved."""

    date: dt.date
    expenditure: ExpenditureView
    trend: TrendView
    target: TargetView
    next_checkin: dt.date
    saved: bool = False


def enough_weigh_ins(dates: Sequence[dt.date]) -> bool:
    """Whether weigh-ins on ``dates`` (oldest first) can measure a trend.

    At least :data:`MIN_WEIGHTS` readings spanning :data:`MIN_SPAN_DAYS` days: fewer, and
    day-to-day water swings of 1–2 kg would be read as fat gained or lost. The first weekly
    check-in is offered only from then on, so nobody is nudged on day one.
    """
    return len(dates) >= MIN_WEIGHTS and (dates[-1] - dates[0]).days >= MIN_SPAN_DAYS


def assess(
    profile: Profile,
    program: Program | None,
    weights: Sequence[WeightEntry],
    intake: Mapping[dt.date, float],
    today: dt.date,
    previous_kcal: float,
) -> CheckinView:
    """The check-in from a profile, the plan and the logs (no storage, no clock).

    Expenditure is measured by energy balance when there are at least :data:`MIN_WEIGHTS`
    weigh-ins spanning :data:`MIN_SPAN_DAYS` and :data:`MIN_INTAKE_DAYS` days of intake
    (``intake_and_trend``); else, on a plan, from the weigh-ins since its start against the
    dynamic model (``model_offset``); else by the equations with a wide band (``prior``),
    when the target stays (as it does in pregnancy, whatever the scale says). A measured
    target aims at the profile's pace (none once the trend reaches the goal or when the plan
    maintains), moves at most :data:`MAX_STEP_KCAL` and stays when the change is under
    :data:`MIN_CHANGE_KCAL`; a new target is in whole tens of kcal, never below the floor.

    Args:
        profile: The person now (latest weight).
        program: The active plan, when there is one.
        weights: Weigh-ins up to ``today``, oldest first.
        intake: Logged intake by day. [kcal/day]
        today: The check-in day.
        previous_kcal: The target in force before this check-in. [kcal/day]

    Returns:
        The check-in, not yet saved; the next one is due :data:`CHECKIN_EVERY_DAYS` later.

    References:
        [1] Hall K.D. et al., Lancet 378:826-837, 2011 (the dynamic model behind the model
            offset and the fat mass). doi:10.1016/S0140-6736(11)60812-X
        [2] The estimators' sources: :mod:`gluteus.domain.energy.estimate.expenditure`;
            the floor's and the safe pace's: :mod:`gluteus.domain.energy.balance`.
    """
    dates = [w.date for w in weights]
    kg = [w.weight_kg for w in weights]
    estimate = _estimate(profile, program, dates, kg, intake, today)
    trend = _trend(profile, program, dates, kg, today, estimate)
    target = _target(profile, program, estimate, trend, previous_kcal)
    return CheckinView(
        date=today,
        expenditure=ExpenditureView(
            tdee_kcal=round(estimate.tdee_kcal),
            low_kcal=round(estimate.low_kcal),
            high_kcal=round(estimate.high_kcal),
            band_level=estimate.band_level,
            method=_method(estimate.method),
            days_of_data=estimate.days_of_data,
            weigh_ins=len(dates),
            intake_days=len(intake),
            how=METHOD_TEXT[estimate.method],
        ),
        trend=trend,
        target=target,
        next_checkin=today + dt.timedelta(days=CHECKIN_EVERY_DAYS),
    )


def _method(name: str) -> Method:
    if name == "intake_and_trend":
        return "intake_and_trend"
    if name == "model_offset":
        return "model_offset"
    return "prior"


def _baseline(profile: Profile, program: Program | None) -> Baseline:
    from gluteus.domain.energy.bodyweight import baseline_for

    return baseline_for(profile, pal_for(profile, program))


def equation_tdee_kcal(profile: Profile, program: Program | None) -> float:
    """Expenditure by the equations: everyday activity plus the plan's own workouts.

    Args:
        profile: The person now; read only without a plan.
        program: The active plan, when there is one.

    Returns:
        The plan's maintenance intake, or the profile's without a plan. [kcal/day]
    """
    if program is not None:
        return program.calories.maintenance_kcal
    return intake_target(profile).maintenance_kcal


def _estimate(
    profile: Profile,
    program: Program | None,
    dates: list[dt.date],
    kg: list[float],
    intake: Mapping[dt.date, float],
    today: dt.date,
) -> ex.ExpenditureEstimate:
    from gluteus.domain.energy.bodyweight import Phase, ProjectionInputError
    from gluteus.domain.energy.estimate import expenditure as ex

    enough = enough_weigh_ins(dates)
    equations = equation_tdee_kcal(profile, program)
    start = program.start_date if program is not None else None
    try:
        fat_kg = float(_baseline(profile, program).fat_kg[0])
        if enough and len(intake) >= MIN_INTAKE_DAYS:
            # A diet that began with the plan, no earlier than a week before the first
            # weigh-in, still shows its first-weeks water drop in these logs.
            new_diet = start is not None and start >= dates[0] - dt.timedelta(days=7)
            return ex.estimate_expenditure_from_intake(
                dates,
                kg,
                intake,
                today,
                fat_kg=fat_kg,
                maintenance_kcal=equations,
                new_diet=new_diet,
            )
        if enough and program is not None and start is not None:
            kept = [(d, w) for d, w in zip(dates, kg, strict=True) if d >= start]
            if len(kept) >= MIN_WEIGHTS and (kept[-1][0] - kept[0][0]).days >= MIN_SPAN_DAYS:
                phases = [Phase(intake_kcal=program.calories.target_kcal)]
                return ex.estimate_expenditure_from_model(
                    _baseline(program.profile, program),
                    start,
                    [d for d, _ in kept],
                    [w for _, w in kept],
                    today,
                    phases,
                )
    except (ex.ExpenditureInputError, ProjectionInputError):
        fat_kg = None
    on_plan = program is not None and start is not None and start <= today
    return ex.prior_expenditure(
        equations,
        profile.weight_kg,
        intake_kcal=program.calories.target_kcal if on_plan and program else None,
        days_on_intake=(today - start).days if on_plan and start else 0,
        fat_kg=fat_kg,
    )


def _expected_rate(profile: Profile, program: Program | None) -> float:
    if goal_reached(profile.goal_weight_kg, profile.weight_kg):
        return 0.0
    pace = (program.calories if program else intake_target(profile)).pace_kg_per_week
    return -round(pace, 3) + 0.0  # no "-0.0" for a plan that holds weight


def _trend(
    profile: Profile,
    program: Program | None,
    dates: list[dt.date],
    kg: list[float],
    today: dt.date,
    estimate: ex.ExpenditureEstimate,
) -> TrendView:
    from gluteus.domain.energy.estimate import expenditure as ex

    expected = _expected_rate(profile, program)
    weight: float = kg[-1] if kg else profile.weight_kg
    rate: float | None = None
    if estimate.method != "prior":
        weight, rate = estimate.trend_weight_kg, estimate.trend_rate_kg_per_week
    elif len(dates) >= 2 and dates[-1] > dates[0]:
        weight, rate = ex.trend_weight(dates, kg, today)
    return TrendView(
        weight_kg=round(weight, 2),
        rate_kg_per_week=None if rate is None else round(rate, 2),
        expected_rate_kg_per_week=expected,
        verdict=(
            PREGNANCY_VERDICT
            if Limitation.PREGNANCY in profile.limitations and rate is not None
            else _verdict(rate, expected, len(dates))
        ),
    )


def _verdict(rate: float | None, expected: float, n_weights: int) -> str:
    if rate is None:
        more = "" if n_weights == 0 else f" ({n_weights} so far)"
        return (
            "Weigh yourself most mornings, after the toilet and before breakfast: a trend "
            f"needs weigh-ins spread over at least {MIN_SPAN_DAYS} days{more}."
        )
    if expected >= -0.01:
        if abs(rate) <= 0.15:
            return f"Holding steady ({rate:+.2f} kg a week), as planned."
        word = "gaining" if rate > 0 else "losing"
        return f"You are {word} {abs(rate):.2f} kg a week while the plan aims to hold steady."
    if rate >= -0.05:
        return (
            f"Your trend is flat ({rate:+.2f} kg a week) against a planned loss of "
            f"{abs(expected):.2f} kg a week."
        )
    share = rate / expected
    if share < 0.75:
        return f"Losing {abs(rate):.2f} kg a week: slower than the planned {abs(expected):.2f} kg."
    if share > 1.35:
        return f"Losing {abs(rate):.2f} kg a week: faster than the planned {abs(expected):.2f} kg."
    return f"Losing {abs(rate):.2f} kg a week, close to the planned {abs(expected):.2f} kg."


def _target(
    profile: Profile,
    program: Program | None,
    estimate: ex.ExpenditureEstimate,
    trend: TrendView,
    previous_kcal: float,
) -> TargetView:
    from gluteus.domain.energy.estimate import expenditure as ex

    floor = calorie_floor(profile.sex)
    rho = estimate.energy_density_kcal_per_kg

    def view(intake: float, reason: str) -> TargetView:
        # Whole tens of kcal, rounded toward the previous target so a held step stays held.
        if intake != previous_kcal:  # a kept target stays exactly as it was
            tens = intake / 10.0
            tens = math.ceil(tens) if intake < previous_kcal else math.floor(tens)
            intake = max(tens * 10.0, floor)
        pace = max(0.0, (estimate.tdee_kcal - intake) * 7.0 / rho)
        return TargetView(
            intake_kcal=intake,
            floor_kcal=floor,
            previous_kcal=round(previous_kcal),
            change_kcal=round(intake - previous_kcal),
            pace_kg_per_week=round(pace, 2),
            reason=reason,
        )

    if Limitation.PREGNANCY in profile.limitations:
        return view(
            previous_kcal,
            "Pregnancy: the target stays where the plan set it. Gaining weight is expected "
            "now, so the scale cannot measure your expenditure; follow your midwife's advice.",
        )
    reached = goal_reached(profile.goal_weight_kg, min(trend.weight_kg, profile.weight_kg))
    if estimate.method == "prior" and reached:
        maintenance = estimate.tdee_kcal
        change = maintenance - previous_kcal
        step = max(-MAX_STEP_KCAL, min(MAX_STEP_KCAL, change))
        return view(
            previous_kcal + step if abs(change) >= MIN_CHANGE_KCAL else previous_kcal,
            f"You have reached your goal of {profile.goal_weight_kg:.1f} kg: the target moves "
            f"toward maintenance (about {maintenance:,.0f} kcal a day by the equations), at "
            f"most {MAX_STEP_KCAL:.0f} kcal a check-in.",
        )
    if estimate.method == "prior":
        return view(
            previous_kcal,
            "Not measured yet, so the target stays. Keep logging your weight (and, if you "
            "can, what you eat); the next check-in uses it.",
        )
    goal = profile.goal_weight_kg
    maintaining = program is not None and program.calories.mode != "fat_loss"
    pace = 0.0 if maintaining else profile.pace_kg_per_week
    reasons: list[str] = []
    if pace > 0 and goal is not None and reached:
        pace = 0.0
        reasons.append(f"Your trend weight has reached the goal of {goal:.1f} kg: eat to maintain.")
    aim = ex.retarget_intake(estimate, pace, profile.sex, trend.weight_kg)
    reasons.extend(aim.notes)
    wanted = aim.intake_kcal
    lead = (
        f"You burn about {estimate.tdee_kcal:,.0f} kcal a day "
        f"({estimate.low_kcal:,.0f}–{estimate.high_kcal:,.0f})"
    )
    aimed = round(wanted / 10.0) * 10.0
    if aim.pace_kg_per_week > 0:
        lead += f"; eating {aimed:,.0f} aims at {aim.pace_kg_per_week:.2f} kg a week."
    else:
        lead += f"; eating {aimed:,.0f} keeps your weight steady."
    change = wanted - previous_kcal
    if abs(change) > MAX_STEP_KCAL:
        stepped = previous_kcal + MAX_STEP_KCAL * (1 if change > 0 else -1)
        reasons.append(
            f"The change is held to {MAX_STEP_KCAL:.0f} kcal this week so one noisy week "
            "cannot swing it; the next check-in moves it further if the trend agrees."
        )
        wanted = stepped
    elif abs(change) < MIN_CHANGE_KCAL:
        reasons.append("That is close to your current target, so it stays.")
        wanted = previous_kcal
    return view(wanted, " ".join([lead, *reasons]))
